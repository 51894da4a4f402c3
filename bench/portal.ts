// Portal benchmark: one demo article page under wrk (64 connections, 10 s, loopback)
// against, in the same run, nginx serving that page's HTML as a static file. Checks
// that view counts stay exact under the load.
//
//   node --import tsx bench/portal.ts [--duration 10] [--connections 64]
//
// Needs wrk and nginx (apt-get install -y wrk nginx-light). Results go to
// docs/performance.md (section "Portal").
import { execFile, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseArgs } from 'node:util';

const root = new URL('..', import.meta.url).pathname;
const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '64' },
  },
});
const UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36';

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
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer`);
}

async function wrk(url: string) {
  const { stdout } = await promisify(execFile)('wrk', [
    '-t2',
    `-c${values.connections}`,
    `-d${values.duration}s`,
    '--latency',
    '-H',
    `User-Agent: ${UA}`,
    url,
  ]);
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)![1]);
  const total = Number(/(\d+) requests in/.exec(stdout)![1]);
  const toMs = (v: string) =>
    v.endsWith('us')
      ? parseFloat(v) / 1000
      : v.endsWith('ms')
        ? parseFloat(v)
        : parseFloat(v) * 1000;
  const p = (q: string) => toMs(new RegExp(`${q}%\\s+([\\d.]+\\w+)`).exec(stdout)![1]!);
  const errors = /Non-2xx or 3xx responses: (\d+)/.exec(stdout)?.[1] ?? '0';
  return { rps, total, p50: p('50'), p99: p('99'), errors: Number(errors) };
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'doithoai-portal-'));
  chmodSync(dir, 0o755); // nginx's workers read the page as another user
  const appPort = await freePort();
  const app = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      DATA_DIR: join(dir, 'data'),
      PORT: String(appPort),
      LOG_LEVEL: 'warn',
      DATABASE_URL: '',
    },
    stdio: 'ignore',
  });
  const nginxPort = await freePort();
  let nginx: ReturnType<typeof spawn> | null = null;
  try {
    const base = `http://127.0.0.1:${appPort}`;
    await waitFor(`${base}/healthz`);
    const list = (await (await fetch(`${base}/api/v1/news`)).json()) as {
      items: { slug: string }[];
    };
    const slug = list.items[0]!.slug;
    const pageUrl = `${base}/tin-tuc/${slug}`;
    const html = await (await fetch(pageUrl, { headers: { 'user-agent': UA } })).text();
    writeFileSync(join(dir, 'index.html'), html);
    writeFileSync(
      join(dir, 'nginx.conf'),
      `worker_processes 2; pid ${dir}/nginx.pid; error_log ${dir}/error.log; events { worker_connections 1024; }
       http { access_log off; default_type text/html; server { listen 127.0.0.1:${nginxPort}; root ${dir};
       location / { try_files /index.html =404; } } }`,
    );
    nginx = spawn('nginx', ['-c', join(dir, 'nginx.conf'), '-g', 'daemon off;'], {
      stdio: 'ignore',
    });
    await waitFor(`http://127.0.0.1:${nginxPort}/`);

    const views = async () =>
      (
        (await (await fetch(`${base}/api/v1/news/by-slug/${slug}`)).json()) as {
          article: { viewCount: number };
        }
      ).article.viewCount;
    const reference = await wrk(`http://127.0.0.1:${nginxPort}/tin-tuc/${slug}`);
    await new Promise((r) => setTimeout(r, 1500));
    const before = await views();
    const ours = await wrk(pageUrl);
    await new Promise((r) => setTimeout(r, 2500));
    const counted = (await views()) - before;

    const rows = [
      `| nginx, static copy of the page (reference) | ${reference.rps.toFixed(0)} | ${reference.p50.toFixed(2)} | ${reference.p99.toFixed(2)} | ${reference.total} | |`,
      `| Đối thoại, embedded PGlite | ${ours.rps.toFixed(0)} | ${ours.p50.toFixed(2)} | ${ours.p99.toFixed(2)} | ${ours.total} | ${counted} |`,
    ];
    for (const r of rows) console.log(r);
    const section = [
      '## Portal',
      '',
      `One demo article page (${Math.round(html.length / 1024)} KB of HTML) under \`wrk -t2 -c${values.connections} -d${values.duration}s\` on loopback, measured ${new Date().toISOString().slice(0, 16)}Z on ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), with a browser user agent so that every request is a counted view. Reproduce: \`node --import tsx bench/portal.ts\` (needs \`wrk\` and \`nginx\`).`,
      '',
      'Anonymous readers are served from the page cache (`server/http/page-cache.ts`: a page rendered at most 3 s ago, one render per page at a time); each hit still records a view, added to the database every second in one UPDATE.',
      '',
      '| server | requests/s | p50 ms | p99 ms | requests (wrk) | views counted |',
      '|---|---|---|---|---|---|',
      ...rows,
      '',
      `Ratio: ${(ours.rps / reference.rps).toFixed(2)} of nginx's requests per second (goal ≥ 0.33), p99 ${ours.p99.toFixed(1)} ms (goal < 50 ms). Views counted minus requests wrk completed: ${counted - ours.total} (requests still in flight when wrk stops are served and counted but not reported by wrk; at most the ${values.connections} connections). Non-2xx answers: ${ours.errors}.`,
      '',
    ].join('\n');
    const path = join(root, 'docs/performance.md');
    let doc = readFileSync(path, 'utf8');
    doc = /## Portal[\s\S]*?(?=\n## |$)/.test(doc)
      ? doc.replace(/## Portal[\s\S]*?(?=\n## |$)/, section)
      : `${doc.trimEnd()}\n\n${section}`;
    writeFileSync(path, doc);
    console.log(`written to ${path}`);
  } finally {
    nginx?.kill('SIGTERM');
    app.kill('SIGTERM');
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
