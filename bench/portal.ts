// Portal benchmarks, each against a reference in the same run (loopback only, wrk 10 s):
//
//   hot       one article page, wrk -t2 -c64, against nginx serving its HTML as a static file;
//   longtail  2,000 published articles, a Zipf-distributed mix (80 % article pages, each
//             followed by its view beacon, 10 % home, 10 % category pages), wrk -t2 -c64,
//             against nginx serving static copies of the same pages (and answering the
//             beacons) with the same request sequence; checks that every view is counted;
//   search    8 concurrent searchers (wrk -t2 -c8): 16 popular queries repeated (common and
//             rare words, phrases, typos), then a new two-word query each time (twice:
//             the first seconds after the start, then as many more once warm);
//             on 2,000 and on 100,000 articles; then 32 readers of the home page beside
//             8 searchers sending new queries, against the same readers alone.
//   (hot also runs bench/support/bare-server.mjs: one bare Node process sending the same
//   bytes, the ceiling of one process; longtail also runs paced at a quarter of nginx's
//   requests/s, for latency at a fixed load.)
//
//   node --import tsx bench/portal.ts [--part hot,longtail,search] [--db pglite,postgres]
//        [--duration 10] [--search-sizes 2000,100000] [--workers 2]
//
// The PostgreSQL runs create (and drop) a database of their own on BENCH_DATABASE_URL
// (default postgres://postgres@127.0.0.1:5432/postgres); the app runs there with
// WEB_CONCURRENCY=--workers processes, on PGlite in one process. Needs wrk and nginx.
// Results go to docs/performance.md (section "Portal").
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { get as httpGet, request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import pg from 'pg';
import { openDatabase } from '../db/client.ts';
import { rng, seedArticles, SYLLABLES } from './support/portal-data.ts';
import { testsRunningNow, waitForTests } from './support/test-runs.ts';
import { readWrk } from './support/wrk.ts';

const root = new URL('..', import.meta.url).pathname;
const { values } = parseArgs({
  options: {
    part: { type: 'string', default: 'hot,longtail,search' },
    db: { type: 'string', default: 'pglite,postgres' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '64' },
    articles: { type: 'string', default: '2000' },
    'search-sizes': { type: 'string', default: '2000,100000' },
    workers: { type: 'string', default: String(cpus().length) },
    dry: { type: 'boolean', default: false },
    /** Measure even while test runs of other sessions go on (each row says whether one did). */
    'no-wait': { type: 'boolean', default: false },
  },
});
const parts = values.part.split(',');
const dbs = values.db.split(',') as ('pglite' | 'postgres')[];
const UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36';
const PG_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function waitFor(url: string) {
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer`);
}

interface WrkResult {
  rps: number;
  total: number;
  p50: number;
  p99: number;
  errors: number;
  beacons: number;
}

async function wrk(
  url: string,
  opts: { connections?: number; threads?: number; script?: string } = {},
): Promise<WrkResult> {
  const args = [
    `-t${opts.threads ?? 2}`,
    `-c${opts.connections ?? values.connections}`,
    `-d${values.duration}s`,
    '--latency',
    '-H',
    `User-Agent: ${UA}`,
    ...(opts.script ? ['-s', opts.script] : []),
    url,
  ];
  const { stdout } = await promisify(execFile)('wrk', args, { maxBuffer: 1 << 24 });
  const wrk = readWrk(stdout);
  const { rps, total, non2xx: errors } = wrk;
  const p = wrk.percentileMs;
  const beacons = Number(/beacons answered: (\d+)/.exec(stdout)?.[1] ?? '0');
  return { rps, total, p50: p('50'), p99: p('99'), errors, beacons };
}

// ---------------------------------------------------------------- servers

interface Target {
  kind: 'pglite' | 'postgres';
  label: string;
  env: Record<string, string>;
  cleanup: () => Promise<void>;
}

async function prepareDatabase(
  kind: 'pglite' | 'postgres',
  articles: number,
  dir: string,
): Promise<Target & { seedMs: number }> {
  if (kind === 'pglite') {
    const dataDir = join(dir, `data-${articles}`);
    mkdirSync(dataDir, { recursive: true });
    const handle = await openDatabase({ dataDir: join(dataDir, 'pglite') });
    await handle.migrate();
    const t0 = Date.now();
    await seedArticles(handle, articles);
    const seedMs = Date.now() - t0;
    await handle.close();
    return {
      kind,
      label:
        values.workers === '1'
          ? 'Đối thoại, embedded PGlite (1 process)'
          : `Đối thoại, embedded PGlite (its process + ${values.workers} edge processes)`,
      env: { DATA_DIR: dataDir, DATABASE_URL: '', WEB_CONCURRENCY: values.workers },
      seedMs,
      cleanup: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const name = `bench_portal_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ url: url.toString() });
  await handle.migrate();
  const t0 = Date.now();
  await seedArticles(handle, articles);
  const seedMs = Date.now() - t0;
  await handle.close();
  return {
    kind,
    label: `Đối thoại, PostgreSQL ${await pgVersion()} (${values.workers} processes)`,
    env: {
      DATA_DIR: join(dir, `data-pg-${articles}`),
      DATABASE_URL: url.toString(),
      WEB_CONCURRENCY: values.workers,
    },
    seedMs,
    cleanup: async () => {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

async function pgVersion() {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  const r = await c.query<{ server_version: string }>('show server_version');
  await c.end();
  return r.rows[0]!.server_version.split(' ')[0];
}

async function startApp(target: Omit<Target, 'cleanup'>) {
  const port = await freePort();
  // BENCH_APP_NODE_ARGS: extra node flags for the app (e.g. `--cpu-prof --cpu-prof-dir=…`).
  const nodeArgs = (process.env.BENCH_APP_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'server/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      LOG_LEVEL: 'warn',
      JANUS_URL: 'off',
      ...target.env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  await waitFor(`${base}/healthz`);
  // Every worker up (each migrates and listens before answering).
  await new Promise((r) => setTimeout(r, 1500));
  return { base, child, stop: () => stopChild(child) };
}

function stopChild(child: ChildProcess) {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

async function startNginx(dir: string, extra = '') {
  const port = await freePort();
  writeFileSync(
    join(dir, 'nginx.conf'),
    `worker_processes ${cpus().length}; pid ${dir}/nginx.pid; error_log ${dir}/error.log; events { worker_connections 1024; }
     http { access_log off; default_type text/html; server { listen 127.0.0.1:${port}; root ${dir}/www;
     location = / { try_files /index.html =404; }
     location /v/ { default_type application/json; return 200 '{"viewCount":1}'; }
     location / { try_files $uri.html =404; } ${extra} } }`,
  );
  const child = spawn('nginx', ['-c', join(dir, 'nginx.conf'), '-g', 'daemon off;'], {
    stdio: 'ignore',
  });
  await waitFor(`http://127.0.0.1:${port}/`);
  return { base: `http://127.0.0.1:${port}`, stop: () => stopChild(child) };
}

/** bench/support/bare-server.mjs answering with what the app sent for `url`. */
async function startBare(dir: string, url: string) {
  const res = await fetch(url, { headers: { 'user-agent': UA } });
  const headers: string[] = [];
  res.headers.forEach((v, k) => {
    if (
      ![
        'date',
        'connection',
        'keep-alive',
        'content-length',
        'transfer-encoding',
        'x-request-id',
      ].includes(k)
    )
      headers.push(k, v);
  });
  const file = join(dir, 'bare-answer.json');
  const body = Buffer.from(await res.arrayBuffer()).toString('base64');
  writeFileSync(file, JSON.stringify({ headers, body }));
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [join(root, 'bench/support/bare-server.mjs'), String(port), file],
    {
      stdio: 'ignore',
    },
  );
  await waitFor(`http://127.0.0.1:${port}/`);
  return { base: `http://127.0.0.1:${port}/`, stop: () => stopChild(child) };
}

// ---------------------------------------------------------------- the mixes

/** The site's pages: home, 3 categories, every article (with its id for the beacon). */
async function sitePages(base: string) {
  const pages: { path: string; id: string }[] = [{ path: '/', id: '' }];
  for (const c of ['muc-1', 'muc-2', 'muc-3']) pages.push({ path: `/chuyen-muc/${c}`, id: '' });
  for (let page = 1; ; page++) {
    const list = (await (await fetch(`${base}/api/v1/news?page=${page}`)).json()) as {
      items: { id: string; slug: string }[];
    };
    if (!list.items.length) break;
    for (const a of list.items) pages.push({ path: `/tin-tuc/${a.slug}`, id: a.id });
  }
  return pages;
}

/**
 * A wrk script replaying a Zipf-distributed sequence of page views: 80 % articles (the
 * k-th most read with weight 1/k), each followed by its beacon, 10 % home, 10 % categories.
 */
/** Between two requests of one connection in the paced runs. */
const PACE_MS = 20;

function longTailScript(dir: string, pages: { path: string; id: string }[], origin: string) {
  const articles = pages.filter((p) => p.id);
  const rand = rng(7);
  const order = articles.map((a) => ({ a, r: rand() })).sort((x, y) => x.r - y.r);
  const weights = order.map((_, k) => 1 / (k + 1));
  const sum = weights.reduce((a, b) => a + b, 0);
  const cumulative: number[] = [];
  let acc = 0;
  for (const w of weights) cumulative.push((acc += w / sum));
  const pick = () => {
    const x = rand();
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return order[lo]!.a;
  };
  const seq: { path: string; id: string }[] = [];
  for (let i = 0; i < 50_000; i++) {
    const x = rand();
    if (x < 0.8) seq.push(pick());
    else if (x < 0.9) seq.push(pages[0]!);
    else seq.push(pages[1 + Math.floor(rand() * 3)]!);
  }
  const distinct = new Set(seq.map((s) => s.path)).size;
  const path = join(dir, 'longtail.lua');
  const lua = `local paths = {${seq.map((s) => `"${s.path}"`).join(',')}}
local ids = {${seq.map((s) => `"${s.id}"`).join(',')}}
local threads = {}
local counter = 0
function setup(thread) counter = counter + 1; thread:set("n", counter); table.insert(threads, thread) end
local i = 0
local beacon = nil
beacons = 0
function init(args) i = (n or 1) * 9973 end
function request()
  if beacon then
    local b = beacon
    beacon = nil
    local h = {}
    for k, v in pairs(wrk.headers) do h[k] = v end
    h["Origin"] = "${origin}"
    h["Content-Length"] = "0"
    return wrk.format("POST", "/v/" .. b, h)
  end
  i = i % #paths + 1
  if ids[i] ~= "" then beacon = ids[i] end
  return wrk.format("GET", paths[i])
end
function response(status, headers, body)
  local t = headers["Content-Type"] or headers["content-type"] or ""
  if status == 200 and string.find(t, "json") then beacons = beacons + 1 end
end
function done(summary, latency, requests)
  local total = 0
  for _, t in ipairs(threads) do total = total + t:get("beacons") end
  io.write("beacons answered: " .. total .. "\\n")
end
`;
  writeFileSync(path, lua);
  // The same sequence, each connection waiting PACE_MS between its requests: a fixed
  // offered load (wrk measures latency from each request's sending).
  const paced = join(dir, 'longtail-paced.lua');
  writeFileSync(paced, `${lua}\nfunction delay() return ${PACE_MS} end\n`);
  return { path, paced, distinct, articleViews: seq.filter((s) => s.id).length / seq.length };
}

const QUERIES = [
  'chuyển đổi số',
  'doi thoai',
  'hội nghị',
  'nông thôn mới',
  'ocop',
  'hồ tiêu',
  'xâm nhập mặn',
  'giao duc',
  'chuyne doi so',
  'bien doi khi hau',
  'thủ tục hành chính',
  'dich vu cong truc tuyen',
  'cà phê',
  'bảo hiểm',
  'hop tac xa',
  'thien tai bao lu',
];

function searchScript(dir: string) {
  const path = join(dir, 'search.lua');
  writeFileSync(
    path,
    `local qs = {${QUERIES.map((q) => `"/tim-kiem?q=${encodeURIComponent(q)}"`).join(',')}}
local i = 0
local threads = {}
local counter = 0
function setup(thread) counter = counter + 1; thread:set("n", counter); table.insert(threads, thread) end
function init(args) i = (n or 1) * 5 end
function request()
  i = i % #qs + 1
  return wrk.format("GET", qs[i])
end
`,
  );
  return path;
}

/**
 * Every request a new two-word query from the seeded vocabulary (seldom twice in a run);
 * another `seed`, other queries.
 */
function distinctSearchScript(dir: string, seed = 1000) {
  const path = join(dir, `search-distinct-${seed}.lua`);
  writeFileSync(
    path,
    `local w = {${SYLLABLES.map((x) => `"${encodeURIComponent(x)}"`).join(',')}}
local threads = {}
local counter = 0
function setup(thread) counter = counter + 1; thread:set("n", counter); table.insert(threads, thread) end
function init(args) math.randomseed(${seed} + (n or 1)) end
function request()
  return wrk.format("GET", "/tim-kiem?q=" .. w[math.random(#w)] .. "+" .. w[math.random(#w)])
end
`,
  );
  return path;
}

async function viewTotal(base: string, _ids: string[]) {
  // The stored counts (the beacon's own answer may trust a worker's reading for a minute).
  let sum = 0;
  for (let page = 1; ; page++) {
    const list = (await (await fetch(`${base}/api/v1/news?page=${page}`)).json()) as {
      items: { viewCount?: number }[];
    };
    if (!list.items.length) return sum;
    for (const a of list.items) sum += a.viewCount ?? 0;
  }
}

// ---------------------------------------------------------------- runs

/** Waits for test runs to end (unless --no-wait); returns a mark for rows measured during one. */
async function quiet() {
  if (!values['no-wait']) await waitForTests();
  return testsRunningNow() ? ' †' : '';
}

const fmt = (r: WrkResult) => `${r.rps.toFixed(0)} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)}`;
const lines: string[] = [];
const say = (s: string) => {
  console.log(s);
  lines.push(s);
};

/** One GET on a connection of its own (cluster workers take new connections in turn). */
function getFresh(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = httpGet(url, { agent: false, headers: { 'user-agent': UA } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

/** One view beacon on a connection of its own. */
function beaconFresh(base: string, id: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${base}/v/${id}`,
      {
        method: 'POST',
        agent: false,
        headers: { 'user-agent': UA, origin: base, 'content-length': '0' },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve());
      },
    );
    req.on('error', reject);
    req.end();
  });
}

async function copyPages(
  base: string,
  pages: { path: string; id: string }[],
  www: string,
  workers: number,
) {
  // Fetching every page also renders it into the app's page cache: the warm-up, once
  // per worker process (each keeps its own cache), as pages are kept until they change;
  // and one view beacon per article and worker (each knows then which articles are
  // live, as it would on a portal read for more than a minute). One request at a time,
  // each on a new connection: the cluster hands consecutive ones to every worker in turn.
  const t0 = Date.now();
  const times = workers > 1 ? workers + 1 : 1;
  for (const p of pages) {
    let html = '';
    for (let k = 0; k < times; k++) html = await getFresh(`${base}${p.path}`);
    if (p.id) for (let k = 0; k < times; k++) await beaconFresh(base, p.id);
    const file = p.path === '/' ? join(www, 'index.html') : join(www, `${p.path}.html`);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, html);
  }
  return Date.now() - t0;
}

async function runHotAndLongTail(kind: 'pglite' | 'postgres', dir: string) {
  const db = await prepareDatabase(kind, Number(values.articles), dir);
  const app = await startApp(db);
  const www = join(dir, 'www');
  rmSync(www, { recursive: true, force: true });
  mkdirSync(www, { recursive: true });
  chmodSync(dir, 0o755);
  try {
    const pages = await sitePages(app.base);
    const warmMs = await copyPages(
      app.base,
      pages,
      www,
      kind === 'postgres' ? Number(values.workers) : 1,
    );
    const nginx = await startNginx(dir);
    try {
      if (parts.includes('hot')) {
        const hot = pages.find((p) => p.id)!.path;
        const mark = await quiet();
        const ref = await wrk(`${nginx.base}${hot}`);
        const ours = await wrk(`${app.base}${hot}`);
        say(
          `| hot page${mark} | ${db.label} | ${fmt(ours)} | nginx ${fmt(ref)} | **${(ours.rps / ref.rps).toFixed(2)}×** | ${ours.errors} | |`,
        );
        // What one bare Node process does with the same bytes (the ceiling of one process).
        const bare = await startBare(dir, `${app.base}${hot}`);
        try {
          const one = await wrk(bare.base);
          say(
            `| hot page, reference${mark} | one bare Node process sending the same bytes and headers | ${fmt(one)} | nginx ${fmt(ref)} | ${(one.rps / ref.rps).toFixed(2)}× | ${one.errors} | |`,
          );
        } finally {
          await bare.stop();
        }
      }
      if (parts.includes('longtail')) {
        const script = longTailScript(dir, pages, app.base);
        const ids = pages.filter((p) => p.id).map((p) => p.id);
        const mark = await quiet();
        const ref = await wrk(`${nginx.base}/`, { script: script.path });
        const before = await viewTotal(app.base, ids);
        const ours = await wrk(`${app.base}/`, { script: script.path });
        await new Promise((r) => setTimeout(r, 2500));
        const counted = (await viewTotal(app.base, ids)) - before;
        say(
          `| long tail${mark} (${pages.length} pages, ${script.distinct} in the sequence) | ${db.label} | ${fmt(ours)} | nginx ${fmt(ref)} | **${(ours.rps / ref.rps).toFixed(2)}×** | ${ours.errors} | ${counted} counted / ${ours.beacons} beacons answered |`,
        );
        // Latency at a fixed load: a quarter of nginx's requests/s offered to both (each
        // connection pacing its requests), where the runs above saturate the machine.
        // Each connection waits PACE_MS after each answer, so what it achieves also depends
        // on the latency: when a first run falls short of the quarter, it runs once more with
        // as many more connections as it fell short.
        const offered = Math.round(ref.rps * 0.25);
        let connections = Math.ceil((offered * (PACE_MS + 1)) / 1000);
        let oursPaced = await wrk(`${app.base}/`, { script: script.paced, connections });
        if (oursPaced.rps < offered) {
          connections = Math.ceil((connections * offered * 1.02) / oursPaced.rps);
          oursPaced = await wrk(`${app.base}/`, { script: script.paced, connections });
        }
        const refPaced = await wrk(`${nginx.base}/`, { script: script.paced, connections });
        say(
          `| long tail${mark}, paced: a quarter of nginx's requests/s asked for (${offered}/s, ${connections} connections) | ${db.label} | ${fmt(oursPaced)} | nginx ${fmt(refPaced)} | **${(oursPaced.rps / ref.rps).toFixed(2)}×** | ${oursPaced.errors} | |`,
        );
        say(
          `<!-- ${kind}: seeding ${db.seedMs} ms; warm-up of ${pages.length} pages (each page and beacon once per worker, one at a time): ${warmMs} ms -->`,
        );
      }
    } finally {
      await nginx.stop();
    }
  } finally {
    await app.stop();
    await db.cleanup();
  }
}

async function runSearch(kind: 'pglite' | 'postgres', dir: string, size: number) {
  const db = await prepareDatabase(kind, size, dir);
  const app = await startApp(db);
  const www = join(dir, 'www');
  rmSync(www, { recursive: true, force: true });
  mkdirSync(www, { recursive: true });
  try {
    const script = searchScript(dir);
    const distinct = distinctSearchScript(dir);
    const mark = await quiet();
    // The hot page as the reference, then 8 searchers asking popular queries again and
    // again (result pages kept until the portal changes), then 8 asking a new query each
    // time (two words drawn from the articles' vocabulary: the search itself, every time).
    const hot = await wrk(`${app.base}/`, { connections: 8 });
    const search = await wrk(`${app.base}/`, { connections: 8, script });
    const fresh = await wrk(`${app.base}/`, { connections: 8, script: distinct });
    // Then as many again with other new queries: the same searchers once the app has run
    // searches for a while (the first seconds after a start pay for compiling the search
    // page's code and reading the articles' search documents from the disk).
    const steady = await wrk(`${app.base}/`, {
      connections: 8,
      script: distinctSearchScript(dir, 5000),
    });
    const label = `${size.toLocaleString('en')} articles, 8 searchers`;
    say(
      `| search${mark}, ${label}, 16 popular queries repeated | ${db.label} | ${fmt(search)} | home page, 8 readers: ${fmt(hot)} | | ${search.errors} (503: queue full) | |`,
    );
    say(
      `| search${mark}, ${label}, a new query each time, the first ${values.duration} s of them | ${db.label} | ${fmt(fresh)} | home page, 8 readers: ${fmt(hot)} | | ${fresh.errors} (503: queue full) | |`,
    );
    say(
      `| search${mark}, ${label}, a new query each time, the next ${values.duration} s | ${db.label} | ${fmt(steady)} | home page, 8 readers: ${fmt(hot)} | | ${steady.errors} (503: queue full) | |`,
    );
    // Readers beside searchers: 32 readers of the home page alone, then while 8 searchers
    // send new queries (one search's query at a time per process; the rest wait or get 503).
    const alone = await wrk(`${app.base}/`, { connections: 32 });
    const [beside] = await Promise.all([
      wrk(`${app.base}/`, { connections: 32 }),
      wrk(`${app.base}/`, { connections: 8, script: distinct }),
    ]);
    say(
      `| readers beside searchers${mark}, ${size.toLocaleString('en')} articles | ${db.label}: 32 home-page readers while 8 searchers send new queries | ${fmt(beside)} | the same 32 readers alone: ${fmt(alone)} | ${(beside.rps / alone.rps).toFixed(2)}× | ${beside.errors} | |`,
    );
  } finally {
    await app.stop();
    await db.cleanup();
  }
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'doithoai-portal-'));
  chmodSync(dir, 0o755);
  const started = new Date();
  const loadBefore = loadavg()
    .map((l) => l.toFixed(1))
    .join(', ');
  try {
    for (const kind of dbs) {
      if (parts.includes('hot') || parts.includes('longtail')) await runHotAndLongTail(kind, dir);
      if (parts.includes('search'))
        for (const size of values['search-sizes'].split(',').map(Number))
          await runSearch(kind, dir, size);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const section = [
    '## Portal',
    '',
    `Measured ${started.toISOString().slice(0, 16)}Z on ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), loopback, \`wrk -t2 -c${values.connections} -d${values.duration}s\` (searches: \`-c8\`), a browser user agent. Reproduce: \`node --import tsx bench/portal.ts\` (needs \`wrk\` and \`nginx\`; \`--part hot,longtail,search --db pglite,postgres\`).`,
    '',
    `Load average when the runs began: ${loadBefore}; rows marked † overlapped a test run of another session on this machine (2 cores shared): their numbers are lower than the machine can do, and so is nginx's in the same row.`,
    '',
    '| run | server | requests/s | p50 ms | p99 ms | reference in the same run: requests/s | its p50 ms | its p99 ms | ratio | non-2xx | views |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...lines,
    '',
  ].join('\n');
  if (!values.dry) {
    const path = join(root, 'docs/performance.md');
    let doc = readFileSync(path, 'utf8');
    doc = /## Portal[\s\S]*?(?=\n## |$)/.test(doc)
      ? doc.replace(/## Portal[\s\S]*?(?=\n## |$)/, section)
      : `${doc.trimEnd()}\n\n${section}`;
    writeFileSync(path, doc);
    console.log(`written to ${path}`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
