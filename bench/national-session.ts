// A whole national session as load, on PostgreSQL with several app instances behind nginx
// (deploy/nginx.conf): 38 site consoles (requests to speak), a chair granting and ending
// turns and posting announcements, secretaries writing minutes, 5,000 public live-page
// screens, 200 public contributions a minute (each from an address of its own, as
// citizens), the portal under 64 readers (wrk, keep-alive), for --duration. Halfway an
// extra instance is started and its time to listening measured. Reports p50/p99 per path,
// CPU and memory per process group, and "nothing lost" (every acknowledged contribution
// stored once; every screen has every event, in order, once). Loopback only; bounded.
//
//   node --import tsx bench/national-session.ts [--duration 10m] [--soak] [--sites 38]
//       [--public-screens 5000] [--contributions-per-minute 200] [--readers 64]
//       [--reader-pause-ms 100] [--instances 2] [--database-url postgres://…/postgres]
//
// --soak samples memory every 30 s (else every 60 s) and reports the slope per group.
// Results: printed, and kept in <tmpdir>/bench-national-<time>.log; docs/performance.md
// ("National session") is written by hand from them.
import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type Agent } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import pg from 'pg';
import { openDatabase } from '../db/client.ts';
import { conferenceMembers } from '../db/schema/conferences.ts';
import { insertUser } from '../domain/auth/users.ts';
import { openTurns } from '../domain/live/reducer.ts';
import type { LiveCommand } from '../protocol/live.ts';
import { LiveClient } from '../tests/support/live-client.ts';
import {
  childrenOf,
  createDatabase,
  freePort,
  Histogram,
  openScreens,
  postgresBackends,
  processWatch,
  sourceAddresses,
  startInstance,
  startNginx,
  stopChild,
  type Instance,
  type Nginx,
} from './support/cluster.ts';
import { seedArticles } from './support/portal-data.ts';
import { readWrk } from './support/wrk.ts';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10m' },
    soak: { type: 'boolean', default: false },
    sites: { type: 'string', default: '38' },
    'public-screens': { type: 'string', default: '5000' },
    'contributions-per-minute': { type: 'string', default: '200' },
    readers: { type: 'string', default: '64' },
    'reader-pause-ms': { type: 'string', default: '100' },
    instances: { type: 'string', default: '2' },
    articles: { type: 'string', default: '300' },
    'database-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
  },
});

function seconds(v: string): number {
  const m = /^(\d+(?:\.\d+)?)(s|m|h)?$/.exec(v.trim());
  if (!m) throw new Error(`--duration: expected e.g. 10m, 90s, got ${v}`);
  return Number(m[1]) * ({ s: 1, m: 60, h: 3600 }[m[2] ?? 'm'] ?? 60);
}
const DURATION_S = seconds(values.duration!);
const SITES = Number(values.sites);
const PUBLIC_SCREENS = Number(values['public-screens']);
const CPM = Number(values['contributions-per-minute']);
const READERS = Number(values.readers);
const PAUSE_MS = Number(values['reader-pause-ms']);
const INSTANCES = Number(values.instances);
const SERVER_URL = values['database-url']!;
const PASSWORD = 'mat-khau-dai-du-10';

const nowMs = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const fmt = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '–');

/** One HTTP request from a chosen loopback source address (nginx sees it as the client). */
function http(
  base: string,
  method: string,
  path: string,
  opts: { body?: unknown; headers?: Record<string, string>; localAddress?: string; agent?: Agent },
) {
  const url = new URL(path, base);
  const body = opts.body === undefined ? undefined : JSON.stringify(opts.body);
  return new Promise<{ status: number; headers: Record<string, unknown>; text: string }>(
    (resolve, reject) => {
      const req = httpRequest(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname + url.search,
          method,
          localAddress: opts.localAddress,
          agent: opts.agent ?? false,
          headers: {
            origin: base,
            ...(body ? { 'content-type': 'application/json' } : {}),
            ...opts.headers,
          },
          timeout: 30_000,
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, text }));
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', reject);
      req.end(body);
    },
  );
}

async function main() {
  const started = new Date();
  const lines: string[] = [];
  const log = (l: string) => {
    console.log(l);
    lines.push(l);
  };
  const dir = mkdtempSync(join(tmpdir(), 'doithoai-national-'));
  const db = await createDatabase(SERVER_URL, 'bench_national');
  const handle = await openDatabase({ url: db.url });
  const apps: Instance[] = [];
  let nginx: Nginx | undefined;
  let extra: Instance | undefined;
  let pool: Awaited<ReturnType<typeof openScreens>> | undefined;
  const clients: LiveClient[] = [];
  let wrk: ReturnType<typeof execFile> | undefined;
  try {
    // ---------------------------------------------------------- data
    let t = performance.now();
    await handle.migrate();
    const admin = await insertUser(handle.db, {
      email: 'chu-tri@bench.example',
      name: 'Chủ trì',
      password: PASSWORD,
      roles: ['admin'],
    });
    const operatorUsers = [];
    for (let i = 0; i < SITES; i++)
      operatorUsers.push(
        await insertUser(handle.db, {
          email: `diem-cau-${i + 1}@bench.example`,
          name: `Kỹ thuật điểm cầu ${i + 1}`,
          password: PASSWORD,
        }),
      );
    const secretaryUsers = [];
    for (let i = 0; i < 2; i++)
      secretaryUsers.push(
        await insertUser(handle.db, {
          email: `thu-ky-${i + 1}@bench.example`,
          name: `Thư ký ${i + 1}`,
          password: PASSWORD,
        }),
      );
    await seedArticles(handle, Number(values.articles));
    log(`seeded in ${((performance.now() - t) / 1000).toFixed(1)} s`);

    // ---------------------------------------------------------- servers
    const nginxPort = await freePort();
    const base = `http://127.0.0.1:${nginxPort}`;
    const env = {
      DATABASE_URL: db.url,
      SESSION_SECRET: randomBytes(24).toString('hex'),
      PUBLIC_URL: base,
      LOG_LEVEL: 'warn',
    };
    for (let i = 0; i < INSTANCES; i++) {
      apps.push(await startInstance({ ...env, DATA_DIR: join(dir, `a${i}`) }));
      log(`instance ${i + 1} listening after ${fmt(apps[i]!.listeningMs)} ms (before the load)`);
    }
    nginx = await startNginx({
      dir: join(dir, 'nginx'),
      port: nginxPort,
      upstreams: apps.map((a) => a.port),
      workers: cpus().length,
      workerConnections: 16_000,
    });

    // ---------------------------------------------------------- conference
    // Each person signs in from an address of their own (the sign-in limits are per address).
    const signIn = async (email: string, n: number) => {
      const r = await http(base, 'POST', '/api/v1/auth/login', {
        body: { email, password: PASSWORD },
        localAddress: `127.3.0.${n + 1}`,
      });
      if (r.status !== 200) throw new Error(`sign-in ${email}: ${r.status} ${r.text}`);
      return String(
        (r.headers['set-cookie'] as string[]).find((c) => c.startsWith('dt_session=')),
      ).split(';')[0]!;
    };
    const chairCookie = await signIn(admin.email, 0);
    const api = async (method: string, path: string, body?: unknown) => {
      const r = await http(base, method, `/api/v1${path}`, {
        body,
        headers: { cookie: chairCookie },
        localAddress: '127.3.0.1',
      });
      if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${r.text}`);
      return r.text ? JSON.parse(r.text) : null;
    };
    const conf = await api('POST', '/conferences', {
      title: 'Hội nghị trực tuyến toàn quốc (tải thử)',
      theme: 'Đối thoại với người dân và doanh nghiệp',
      organiser: 'Văn phòng Chính phủ',
      startsAt: new Date(Date.now() + 3_600_000).toISOString(),
      endsAt: new Date(Date.now() + 6 * 3_600_000).toISOString(),
      themes: ['Chuyển đổi số', 'Tăng trưởng xanh', 'Cải cách hành chính'],
    });
    const conferenceId: string = conf.id;
    await api('POST', `/conferences/${conferenceId}/status`, { status: 'scheduled' });
    const sites: string[] = [];
    for (let i = 0; i < SITES; i++)
      sites.push(
        (
          await api('POST', `/conferences/${conferenceId}/sites`, {
            name: `Điểm cầu ${i + 1}`,
            unitName: `UBND tỉnh số ${i + 1}`,
          })
        ).id,
      );
    for (let i = 0; i < SITES; i++)
      await handle.db.insert(conferenceMembers).values({
        conferenceId,
        userId: operatorUsers[i]!.id,
        role: 'site_operator',
        siteId: sites[i]!,
      });
    for (const s of secretaryUsers)
      await handle.db
        .insert(conferenceMembers)
        .values({ conferenceId, userId: s.id, role: 'secretary' });
    const overview = await api('GET', `/conferences/${conferenceId}`);
    const themeIds: string[] = overview.themes.map((x: { id: string }) => x.id);
    const slug: string = overview.conference.slug;
    const operatorCookies: string[] = [];
    for (let i = 0; i < SITES; i++)
      operatorCookies.push(await signIn(operatorUsers[i]!.email, i + 1));
    const secretaryCookies = [
      await signIn(secretaryUsers[0]!.email, 100),
      await signIn(secretaryUsers[1]!.email, 101),
    ];

    // ---------------------------------------------------------- screens
    const consoleLatency = new Histogram();
    const watchMarkers = (c: LiveClient) =>
      c.socket.on('message', (data) => {
        const s = String(data);
        if (!s.includes('@T')) return;
        const tm = nowMs();
        for (const mk of s.matchAll(/@T(\d+(?:\.\d+)?)/g)) consoleLatency.add(tm - Number(mk[1]));
      });
    const screen = async (cookie: string, siteId?: string) => {
      const c = await LiveClient.connect(base, cookie);
      c.subscribe(conferenceId, siteId ? { siteId } : {});
      await c.until(() => true, 30_000);
      watchMarkers(c);
      clients.push(c);
      return c;
    };
    const chair = await screen(chairCookie);
    const siteScreens: LiveClient[] = [];
    for (let i = 0; i < SITES; i++) siteScreens.push(await screen(operatorCookies[i]!, sites[i]));
    const secretaries = [await screen(secretaryCookies[0]!), await screen(secretaryCookies[1]!)];
    t = performance.now();
    pool = await openScreens({
      url: `ws://127.0.0.1:${nginxPort}/ws`,
      origin: base,
      conferenceId,
      screens: PUBLIC_SCREENS,
      processes: 2,
      addresses: sourceAddresses(8),
    });
    log(
      `${pool.open}/${PUBLIC_SCREENS} public screens subscribed in ${((performance.now() - t) / 1000).toFixed(1)} s (${pool.failed} failed)`,
    );

    // ---------------------------------------------------------- commands, timed
    const ackLatency = new Map<string, Histogram>();
    const refusals = new Map<string, number>();
    let inFlightCommands = 0;
    const send = async (who: LiveClient, label: string, command: LiveCommand) => {
      const t0 = performance.now();
      inFlightCommands++;
      const reply = await who.command(conferenceId, command);
      inFlightCommands--;
      const h = ackLatency.get(label) ?? new Histogram();
      ackLatency.set(label, h);
      h.add(performance.now() - t0);
      if (reply.t !== 'ack') {
        const code = (reply.error as { code?: string } | undefined)?.code ?? 'error';
        refusals.set(`${label}: ${code}`, (refusals.get(`${label}: ${code}`) ?? 0) + 1);
      }
      return reply;
    };
    await send(chair, 'chair', { type: 'session.open_check' });
    for (const [i, s] of siteScreens.entries())
      await send(s, 'site', { type: 'site.check_in', siteId: sites[i]!, attendees: 50 + i });
    await send(chair, 'chair', { type: 'session.start' });

    // ---------------------------------------------------------- the load
    const groups = () => ({
      ...Object.fromEntries(apps.map((a, i) => [`app instance ${i + 1}`, [a.child.pid!]])),
      ...(extra ? { 'extra instance (started under load)': [extra.child.pid!] } : {}),
      [`nginx (master + ${cpus().length} workers)`]: [
        nginx!.child.pid!,
        ...childrenOf(nginx!.child.pid!),
      ],
      'PostgreSQL backends (this database)': pgPids,
      'load generator: bench process': [process.pid],
      'load generator: public screens (2 processes)': pool!.workers.map((w) => w.pid!),
      'load generator: wrk': wrk?.pid ? [wrk.pid] : [],
    });
    let pgPids = await postgresBackends(SERVER_URL, db.name);
    const pgTimer = setInterval(() => {
      postgresBackends(SERVER_URL, db.name).then(
        (p) => (pgPids = p),
        () => {},
      );
    }, 5000);
    const watch = processWatch(groups, values.soak ? 30_000 : 60_000);
    const endAt = Date.now() + DURATION_S * 1000;
    const running = () => Date.now() < endAt;
    const loadStart = new Date();
    const load0 = loadavg()[0]!;
    watch.start();

    // Portal readers: wrk, keep-alive, each reader pausing between pages.
    const lua = join(dir, 'readers.lua');
    const paths = [
      '/',
      '/chuyen-muc/muc-1',
      '/chuyen-muc/muc-2',
      `/hoi-nghi/${slug}/truc-tiep`,
      `/hoi-nghi/${slug}`,
      ...Array.from({ length: 40 }, (_, i) => `/tin-tuc/bai-viet-${1 + ((i * 7) % 300)}`),
    ];
    writeFileSync(
      lua,
      `local paths = {${paths.map((p) => `"${p}"`).join(',')}}
local i = 0
function init(args) i = math.random(#paths) end
function request() i = (i % #paths) + 1; return wrk.format("GET", paths[i], {["User-Agent"]="Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0"}) end
function delay() return ${PAUSE_MS} end
`,
    );
    const statuses = await Promise.all(
      paths.map(async (p) => `${p} ${(await fetch(`${base}${p}`)).status}`),
    );
    const bad = statuses.filter((x) => !/ 200$/.test(x));
    log(`portal paths: ${paths.length}, not 200: ${bad.join(', ') || 'none'}`);
    const wrkOut = promisify(execFile)(
      'wrk',
      ['-t1', `-c${READERS}`, `-d${DURATION_S}s`, '--latency', '-s', lua, `${base}/`],
      { maxBuffer: 1 << 24 },
    );
    wrk = (wrkOut as unknown as { child: ReturnType<typeof execFile> }).child;

    // Sites ask for the floor (each about once every 60 s while it has no request).
    const siteLoops = siteScreens.map(async (s, i) => {
      await sleep(Math.random() * 30_000);
      while (running()) {
        const st = s.state!;
        const waiting = st.queue.some((id) => st.requests[id]?.siteId === sites[i]);
        if (!waiting)
          await send(s, 'site', {
            type: 'floor.request',
            siteId: sites[i]!,
            delegateName: `Đại biểu tỉnh ${i + 1}`,
            note: `Ý kiến về chuyển đổi số @T${nowMs().toFixed(3)}`,
          });
        await sleep(30_000 + Math.random() * 60_000);
      }
    });
    // The chair: a turn of about 12–20 s, then the next request in the queue; an
    // announcement every 15 s.
    const chairLoop = (async () => {
      let lastAnnouncement = 0;
      let n = 0;
      while (running()) {
        const st = chair.state!;
        const open = openTurns(st);
        if (open.length && Date.now() - open[0]!.startedAt > 12_000 + Math.random() * 8000)
          await send(chair, 'chair', { type: 'floor.end', turnId: open[0]!.id });
        else if (!open.length && st.queue.length)
          await send(chair, 'chair', {
            type: 'floor.grant',
            requestId: st.queue[0]!,
            delegateName: `Đại biểu phát biểu @T${nowMs().toFixed(3)}`,
          });
        if (Date.now() - lastAnnouncement > 15_000) {
          lastAnnouncement = Date.now();
          await send(chair, 'chair', {
            type: 'announcement.post',
            text: `Thông báo số ${++n} của Ban Tổ chức @T${nowMs().toFixed(3)}`,
          });
        }
        await sleep(2000);
      }
    })();
    const secretaryLoops = secretaries.map(async (s, i) => {
      await sleep(i * 5000);
      let n = 0;
      while (running()) {
        await send(s, 'secretary', {
          type: 'minutes.add',
          text: `Biên bản ${i + 1}.${++n}: đại biểu nêu ý kiến về thủ tục hành chính @T${nowMs().toFixed(3)}`,
        });
        await sleep(10_000);
      }
    });

    // Public contributions: one every 60/CPM s, each from an address of its own.
    const contribLatency = new Histogram();
    const contribStatus = new Map<string, number>();
    const acked: string[] = [];
    let inFlight = 0;
    let skipped = 0;
    let sent = 0;
    const contribLoop = (async () => {
      const every = 60_000 / CPM;
      const t0 = Date.now();
      while (running()) {
        const due = t0 + sent * every;
        if (due > Date.now()) await sleep(due - Date.now());
        const n = sent++;
        if (inFlight >= 100) {
          skipped++;
          continue;
        }
        inFlight++;
        const key = randomUUID();
        const started = performance.now();
        void http(base, 'POST', `/api/v1/conferences/${conferenceId}/contributions`, {
          localAddress: `127.4.${Math.floor(n / 254) % 256}.${(n % 254) + 1}`,
          body: {
            themeId: themeIds[n % themeIds.length],
            kind: (['proposal', 'practice', 'question'] as const)[n % 3],
            title: `Kiến nghị số ${n + 1} về dịch vụ công trực tuyến`,
            body: 'Đề nghị đơn giản hóa hồ sơ và cho phép nộp toàn bộ trực tuyến ở cấp xã.',
            authorName: `Người dân ${n + 1}`,
            authorKind: 'citizen',
            email: `nguoi-dan-${n + 1}@bench.example`,
            consent: true,
            idempotencyKey: key,
          },
        })
          .then(
            (r) => {
              contribLatency.add(performance.now() - started);
              const k = String(r.status);
              contribStatus.set(k, (contribStatus.get(k) ?? 0) + 1);
              if (r.status === 201) acked.push(key);
            },
            (e: Error) => {
              const k = `failed: ${e.message}`;
              contribStatus.set(k, (contribStatus.get(k) ?? 0) + 1);
            },
          )
          .finally(() => inFlight--);
      }
    })();

    // Halfway: an extra instance joins under the load; its time to listening, to ready.
    const extraLoop = (async () => {
      await sleep((DURATION_S * 1000) / 2);
      const t0 = performance.now();
      extra = await startInstance({ ...env, DATA_DIR: join(dir, 'extra') });
      let readyMs = NaN;
      while (performance.now() - t0 < 120_000) {
        const ok = await fetch(`http://127.0.0.1:${extra.port}/readyz`).then(
          (r) => r.ok,
          () => false,
        );
        if (ok) {
          readyMs = performance.now() - t0;
          break;
        }
        await sleep(50);
      }
      log(
        `extra instance under load (${new Date().toISOString().slice(11, 19)}Z, load average ${loadavg()[0]!.toFixed(1)}): listening after ${fmt(extra.listeningMs)} ms, /readyz 200 after ${fmt(readyMs)} ms`,
      );
      await sleep(10_000);
      const e = extra;
      extra = undefined;
      await e.stop();
      return { listeningMs: e.listeningMs, readyMs };
    })();

    await Promise.all([...siteLoops, chairLoop, ...secretaryLoops, contribLoop]);
    const extraResult = await extraLoop;
    const wrkResult = await wrkOut.catch((e: { stdout?: string }) => ({ stdout: e.stdout ?? '' }));
    while (inFlight > 0 || inFlightCommands > 0) await sleep(100);
    const proc = watch.report();
    clearInterval(pgTimer);
    const load1 = loadavg()[0]!;

    // ---------------------------------------------------------- nothing lost
    const pgc = new pg.Client({ connectionString: db.url });
    await pgc.connect();
    const maxSeq = Number(
      (
        await pgc.query('select max(seq) as m from conference_events where conference_id = $1', [
          conferenceId,
        ])
      ).rows[0].m,
    );
    const stored = await pgc.query(
      `select count(*)::int as n, count(distinct idempotency_key)::int as d
         from contributions where conference_id = $1 and idempotency_key = any($2)`,
      [conferenceId, acked],
    );
    const allRows = await pgc.query(
      'select count(*)::int as n from contributions where conference_id = $1',
      [conferenceId],
    );
    await pgc.end();
    await sleep(2000);
    const consolesAtSeq = clients.filter((c) => c.state?.seq === maxSeq).length;
    const rep = await pool.report({ expectSeq: maxSeq, waitMs: 30_000 });
    pool = undefined;

    // ---------------------------------------------------------- report
    const stdout = wrkResult.stdout;
    const wrkRead = readWrk(stdout);
    const wp = wrkRead.percentileMs;
    const { total: wrkTotal, rps: wrkRps, non2xx: wrkNon2xx, socketErrors: wrkErrors } = wrkRead;

    log('');
    log(
      `National session: ${DURATION_S} s from ${loadStart.toISOString().slice(0, 16)}Z (started ${started.toISOString().slice(11, 16)}Z), ${INSTANCES} instances + nginx on PostgreSQL, ${cpus().length} cores (${cpus()[0]?.model ?? ''}), load average ${load0.toFixed(1)} → ${load1.toFixed(1)}; shared machine`,
    );
    log('');
    log('| path | count | p50 ms | p99 ms | max ms | notes |');
    log('|---|---|---|---|---|---|');
    log(
      `| HTTP portal pages (home, categories, articles, the conference and its live page), ${READERS} readers, ${PAUSE_MS} ms pause, wrk | ${wrkTotal} (${fmt(wrkRps)}/s) | ${fmt(wp('50'))} | ${fmt(wp('99'))} | – | non-2xx/3xx ${wrkNon2xx}; socket errors ${wrkErrors} |`,
    );
    log(
      `| HTTP POST public contribution (${CPM}/min, one address each) | ${contribLatency.n} | ${fmt(contribLatency.percentile(50))} | ${fmt(contribLatency.percentile(99))} | ${fmt(contribLatency.max)} | ${[...contribStatus].map(([k, v]) => `${k}: ${v}`).join(', ')}; skipped (100 in flight) ${skipped} |`,
    );
    for (const [label, h] of ackLatency)
      log(
        `| WebSocket command → ack (${label}) | ${h.n} | ${fmt(h.percentile(50))} | ${fmt(h.percentile(99))} | ${fmt(h.max)} | refused: ${
          [...refusals]
            .filter(([k]) => k.startsWith(label))
            .map(([k, v]) => `${k.split(': ')[1]} ${v}`)
            .join(', ') || 'none'
        } |`,
      );
    log(
      `| WebSocket command → public screen (announcements and floor grants: the markers the public view carries) | ${rep.marker.n} | ${fmt(rep.marker.percentile(50))} | ${fmt(rep.marker.percentile(99))} | ${fmt(rep.marker.max)} | ${rep.screens} screens |`,
    );
    log(
      `| WebSocket event (server time) → public screen, every event | ${rep.at.n} | ${fmt(rep.at.percentile(50))} | ${fmt(rep.at.percentile(99))} | ${fmt(rep.at.max)} | |`,
    );
    log(
      `| WebSocket command → console (chair, ${SITES} sites, 2 secretaries: requests, grants, announcements, minutes) | ${consoleLatency.n} | ${fmt(consoleLatency.percentile(50))} | ${fmt(consoleLatency.percentile(99))} | ${fmt(consoleLatency.max)} | |`,
    );
    log('');
    log(
      `Nothing lost: contributions acknowledged (201) ${acked.length}, stored ${stored.rows[0].n} (distinct ${stored.rows[0].d}); rows in the conference ${allRows.rows[0].n}. Live log ends at seq ${maxSeq}: public screens at it ${rep.atExpectedSeq}/${rep.screens} (closed ${rep.closed}, gaps ${rep.gaps}, repeats ${rep.repeats}, failed to connect ${rep.failed}); consoles at it ${consolesAtSeq}/${clients.length}.`,
    );
    log(
      `Start-up: instances before the load ${apps.map((a) => fmt(a.listeningMs)).join(', ')} ms to listening; the extra instance under load ${fmt(extraResult.listeningMs)} ms to listening, ${fmt(extraResult.readyMs)} ms to /readyz 200.`,
    );
    log('');
    log(
      `| process group | processes seen | CPU (% of one core) | memory (PSS, MB) start → peak → end | slope (MB/min) |`,
    );
    log('|---|---|---|---|---|');
    for (const r of proc.rows)
      log(
        `| ${r.name} | ${r.processes} | ${fmt(r.cpuPct)} | ${fmt(r.rssStart)} → ${fmt(r.rssPeak)} → ${fmt(r.rssEnd)} | ${r.slopeMbPerMin.toFixed(2)} |`,
      );
    if (values.soak) {
      log('');
      log(`Memory samples (every 30 s), MB: t(s) ${proc.rows.map((r) => r.name).join(' / ')}`);
      for (const s of proc.series)
        log(`${s.t.toFixed(0)}\t${proc.rows.map((r) => fmt(s.rss[r.name] ?? 0)).join('\t')}`);
    }
  } finally {
    pool?.kill();
    for (const c of clients) c.socket.terminate();
    if (wrk && wrk.exitCode === null) wrk.kill('SIGTERM');
    await nginx?.stop();
    if (extra) await stopChild(extra.child);
    for (const a of apps) await a.stop();
    await handle.close();
    await db.drop().catch((e) => console.error('drop', e));
    rmSync(dir, { recursive: true, force: true });
    const file = join(tmpdir(), `bench-national-${Date.now()}.log`);
    writeFileSync(file, lines.join('\n'));
    console.log(`kept in ${file}`);
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
