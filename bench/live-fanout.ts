// Live fan-out benchmark: N screens subscribed to one conference, the chair sends
// 200 commands; each screen's command-to-event latency is measured (p50, p99, max)
// with delivered versus expected, for the app and, in the same run, for a bare `ws`
// broadcast server. Loopback only; bounded in count and time.
//
//   node --import tsx bench/live-fanout.ts [--screens 1000,5000] [--commands 200] [--interval 100]
//       [--database-url postgres://postgres@127.0.0.1:5432/postgres]
//
// Results go to docs/performance.md (section "Live fan-out").
//
// National size (section "Fan-out at national size", printed, not written):
//   node --import tsx bench/live-fanout.ts --instances 4 --nginx --screens 20000
//       [--commands 60] [--interval 1000] [--client-processes 4] [--source-addresses 16]
// N screens spread over `--instances` app instances on PostgreSQL (a fresh database on
// --database-url, default the local server) behind nginx (deploy/nginx.conf), against
// 4 bare `ws` broadcast processes behind the same nginx with the same number of screens,
// one after the other in the same run. The screens live in `--client-processes` child
// processes, spread over 127.0.0.x source addresses (open files are capped at 20,000 per
// process and ephemeral ports at 28,232 per source address here).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { WebSocket } from 'ws';
import {
  childrenOf,
  createDatabase,
  freePort,
  openScreens,
  postgresBackends,
  processWatch,
  procSample,
  sourceAddresses,
  startInstance,
  startNginx,
  type Instance,
  type Nginx,
} from './support/cluster.ts';

const root = new URL('..', import.meta.url).pathname;
const { values } = parseArgs({
  options: {
    screens: { type: 'string', default: '1000,5000' },
    commands: { type: 'string', default: '200' },
    interval: { type: 'string', default: '100' },
    /** A PostgreSQL server to run the app on as well (a fresh database is created in it). */
    'database-url': { type: 'string' },
    instances: { type: 'string' },
    nginx: { type: 'boolean', default: false },
    'client-processes': { type: 'string', default: '4' },
    'source-addresses': { type: 'string', default: '16' },
    'nginx-workers': { type: 'string', default: '4' },
  },
});
/** The chair's timed command: an announcement whose text the screens look for. */
function announce(chair: { send(data: string): void }, conferenceId: string, text: string) {
  chair.send(
    JSON.stringify({
      t: 'command',
      conferenceId,
      commandId: crypto.randomUUID(),
      command: { type: 'announcement.post', text },
    }),
  );
}

const SCREEN_COUNTS = values.screens!.split(',').map(Number);
const COMMANDS = Number(values.commands);
const INTERVAL_MS = Number(values.interval);

function start(
  args: string[],
  env: Record<string, string>,
): Promise<{ child: ChildProcess; out: () => string; port: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: root,
    env: { ...process.env, ...env },
  });
  let out = '';
  child.stdout!.on('data', (c) => (out += c));
  child.stderr!.on('data', (c) => (out += c));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`did not start:\n${out}`)), 60_000);
    const check = () => {
      const m = /"url":"http:\/\/127\.0\.0\.1:(\d+)"|^listening (\d+)/m.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, out: () => out, port: Number(m[1] ?? m[2]) });
      }
    };
    child.stdout!.on('data', check);
  });
}

function percentile(sorted: number[], p: number) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function connect(url: string, headers: Record<string, string>) {
  const ws = new WebSocket(url, { headers });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return ws;
}

/** Opens `screens` subscribers, sends the commands, measures each delivery. */
async function measure(
  port: number,
  conferenceId: string,
  screens: number,
  chairCookie: string | null,
) {
  const url = `ws://127.0.0.1:${port}/ws`;
  const origin = `http://127.0.0.1:${port}`;
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  let delivered = 0;
  const sockets: WebSocket[] = [];
  for (let i = 0; i < screens; i += 100) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(100, screens - i) }, () => connect(url, { origin })),
    );
    for (const ws of batch) {
      let subscribed = false;
      ws.on('message', (data) => {
        const m = JSON.parse(String(data));
        if (m.t === 'snapshot') subscribed = true;
        if (m.t !== 'events' || !subscribed) return;
        const now = performance.now();
        for (const e of m.events) {
          const t0 = sentAt.get(e.text);
          if (t0 !== undefined) {
            latencies.push(now - t0);
            delivered++;
          }
        }
      });
      ws.send(JSON.stringify({ t: 'subscribe', conferenceId }));
      sockets.push(ws);
    }
  }
  await new Promise((r) => setTimeout(r, 1500));
  const chair = await connect(url, { origin, ...(chairCookie ? { cookie: chairCookie } : {}) });
  let acked = 0;
  chair.on('message', (d) => JSON.parse(String(d)).t === 'ack' && acked++);
  for (let i = 0; i < COMMANDS; i++) {
    const text = `bench-${screens}-${i}-${Math.random().toString(36).slice(2, 8)}`;
    sentAt.set(text, performance.now());
    announce(chair, conferenceId, text);
    await new Promise((r) => setTimeout(r, INTERVAL_MS));
  }
  const expected = COMMANDS * screens;
  const deadline = Date.now() + 30_000;
  while (delivered < expected && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 200));
  for (const ws of [...sockets, chair]) ws.terminate();
  latencies.sort((a, b) => a - b);
  return {
    screens,
    expected,
    delivered,
    acked,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies.at(-1) ?? NaN,
  };
}

async function runApp(
  label: string,
  env: Record<string, string>,
  ref: { port: number },
  rows: string[],
) {
  const dataDir = mkdtempSync(join(tmpdir(), 'doithoai-bench-'));
  const args = env.DATABASE_URL ? ['server/main.ts', '--demo'] : ['server/main.ts'];
  const app = await start(args, {
    DATA_DIR: dataDir,
    PORT: '0',
    LOG_LEVEL: 'info',
    DATABASE_URL: '',
    ...env,
  });
  try {
    const out = app.out();
    const email = /e-mail:\s+(\S+)/.exec(out)![1]!;
    const password = /password:\s+(\S+)/.exec(out)![1]!;
    const base = `http://127.0.0.1:${app.port}`;
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
    const list = (await (
      await fetch(`${base}/api/v1/conferences`, { headers: { cookie } })
    ).json()) as { id: string }[];
    const conferenceId = list[0]!.id;
    for (const screens of SCREEN_COUNTS) {
      const reference = await measure(ref.port, conferenceId, screens, null);
      const ours = await measure(app.port, conferenceId, screens, cookie);
      for (const [name, r] of [
        ['bare ws broadcast (reference)', reference],
        [`Đối thoại (${label})`, ours],
      ] as const) {
        const line = `| ${r.screens} | ${name} | ${r.delivered}/${r.expected} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.max.toFixed(1)} |`;
        console.log(line);
        rows.push(line);
      }
      rows.push(
        `| ${screens} | **p99 ratio, ${label} / reference** | | | **${(ours.p99 / reference.p99).toFixed(2)}×** | |`,
      );
    }
  } finally {
    app.child.kill('SIGTERM');
    await new Promise((r) => app.child.once('exit', r));
  }
}

async function main() {
  if (values.instances) return national();
  const rows: string[] = [];
  const ref = await start(['bench/reference/ws-broadcast.ts'], { PORT: '0' });
  try {
    await runApp('embedded PGlite', {}, ref, rows);
    const serverUrl = values['database-url'];
    if (serverUrl) {
      const name = `dt_bench_${Date.now()}`;
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      await admin.query(`create database ${name}`);
      const url = new URL(serverUrl);
      url.pathname = `/${name}`;
      try {
        await runApp('PostgreSQL server', { DATABASE_URL: url.toString() }, ref, rows);
      } finally {
        await admin.query(`drop database if exists ${name} with (force)`);
        await admin.end();
      }
    }
  } finally {
    ref.child.kill('SIGTERM');
  }

  const section = [
    '## Live fan-out',
    '',
    `Command-to-screen latency in milliseconds for ${COMMANDS} chair commands (one every ${INTERVAL_MS} ms) to N subscribed screens on one instance, loopback, measured ${new Date().toISOString().slice(0, 16)}Z on ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}). Reproduce: \`node --import tsx bench/live-fanout.ts\`.`,
    '',
    '| screens | server | delivered | p50 | p99 | max |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
  const path = join(root, 'docs/performance.md');
  let doc = '';
  try {
    doc = readFileSync(path, 'utf8');
  } catch {
    doc =
      '# Performance\n\nNumbers measured by the scripts in `bench/`, each against a reference in the same run.\n\n';
  }
  doc = /## Live fan-out[\s\S]*?(?=\n## |$)/.test(doc)
    ? doc.replace(/## Live fan-out[\s\S]*?(?=\n## |$)/, section)
    : `${doc.trimEnd()}\n\n${section}`;
  writeFileSync(path, doc);
  console.log(`written to ${path}`);
}

// ---------------------------------------------------------------- national size

const nowMs = () => performance.timeOrigin + performance.now();
const fmt = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '–');

interface FanRow {
  screens: number;
  phase: 'reference' | 'app';
  open: number;
  failed: number;
  connectS: number;
  delivered: number;
  expected: number;
  acked: string;
  closed: number;
  gaps: number;
  repeats: number;
  p50: number;
  p99: number;
  max: number;
  serverKbPerSocket: number;
  nginxKbPerSocket: number;
  rssOpen: number;
  proc: ReturnType<ReturnType<typeof processWatch>['report']>['rows'];
}

async function national() {
  if (!values.nginx) throw new Error('--instances needs --nginx (the national shape)');
  const instances = Number(values.instances);
  const clientProcesses = Number(values['client-processes']);
  const addresses = sourceAddresses(Number(values['source-addresses']));
  const serverUrl = values['database-url'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const dir = mkdtempSync(join(tmpdir(), 'doithoai-fanout-'));
  const db = await createDatabase(serverUrl, 'bench_fanout');
  const nginxPort = await freePort();
  const publicUrl = `http://127.0.0.1:${nginxPort}`;
  const env = {
    DATABASE_URL: db.url,
    SESSION_SECRET: randomBytes(24).toString('hex'),
    PUBLIC_URL: publicUrl,
    LOG_LEVEL: 'warn',
  };
  const apps: Instance[] = [];
  const refs: Awaited<ReturnType<typeof start>>[] = [];
  let nginx: Nginx | undefined;
  const lines: string[] = [];
  const log = (l: string) => {
    console.log(l);
    lines.push(l);
  };
  try {
    // The first instance migrates and writes the demo data; the others join it.
    const first = await startInstance({ ...env, LOG_LEVEL: 'info', DATA_DIR: join(dir, 'a0') }, [
      '--demo',
    ]);
    apps.push(first);
    const email = /e-mail:\s+(\S+)/.exec(first.output())![1]!;
    const password = /password:\s+(\S+)/.exec(first.output())![1]!;
    for (let i = 1; i < instances; i++)
      apps.push(await startInstance({ ...env, DATA_DIR: join(dir, `a${i}`) }));
    for (let i = 0; i < 4; i++)
      refs.push(await start(['bench/reference/ws-broadcast.ts'], { PORT: '0' }));
    const workers = Number(values['nginx-workers']);
    nginx = await startNginx({
      dir: join(dir, 'nginx'),
      port: nginxPort,
      upstreams: apps.map((a) => a.port),
      extraUpstreams: refs.map((r) => r.port),
      workers,
      workerConnections: 19_000,
    });
    const login = await fetch(`${publicUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: publicUrl },
      body: JSON.stringify({ email, password }),
    });
    const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
    const list = (await (
      await fetch(`${publicUrl}/api/v1/conferences`, { headers: { cookie } })
    ).json()) as { id: string }[];
    const conferenceId = list[0]!.id;
    const nginxPids = () => [nginx!.child.pid!, ...childrenOf(nginx!.child.pid!)];
    let pgPids: number[] = [];
    const results: FanRow[] = [];

    for (const screens of SCREEN_COUNTS) {
      for (const phase of ['reference', 'app'] as const) {
        const groups = () => ({
          ...(phase === 'app'
            ? {
                [`app instances (${instances})`]: apps.map((a) => a.child.pid!),
                'PostgreSQL backends': pgPids,
              }
            : { 'bare ws processes (4)': refs.map((r) => r.child.pid!) }),
          [`nginx (master + ${workers} workers)`]: nginxPids(),
          [`screens (${clientProcesses} client processes)`]: pool.workers.map((w) => w.pid!),
        });
        const serverPids = () =>
          phase === 'app' ? apps.map((a) => a.child.pid!) : refs.map((r) => r.child.pid!);
        const rssBefore = serverPids().reduce((a, p) => a + (procSample(p)?.rssMb ?? 0), 0);
        const nginxBefore = nginxPids().reduce((a, p) => a + (procSample(p)?.rssMb ?? 0), 0);
        const t0 = performance.now();
        const pool = await openScreens({
          url: `ws://127.0.0.1:${phase === 'app' ? nginx.port : nginx.extraPort}/ws`,
          origin: publicUrl,
          conferenceId,
          screens,
          processes: clientProcesses,
          addresses,
        });
        const connectS = (performance.now() - t0) / 1000;
        await new Promise((r) => setTimeout(r, 3000));
        const rssOpen = serverPids().reduce((a, p) => a + (procSample(p)?.rssMb ?? 0), 0);
        const nginxOpen = nginxPids().reduce((a, p) => a + (procSample(p)?.rssMb ?? 0), 0);
        if (phase === 'app') pgPids = await postgresBackends(serverUrl, db.name);
        const watch = processWatch(groups, 10_000);
        watch.start();
        // The chair: through nginx to one instance (the app), or straight to each bare
        // process (each broadcasts only to its own sockets).
        const chairs =
          phase === 'app'
            ? [
                await connect(`ws://127.0.0.1:${nginx.port}/ws`, {
                  origin: publicUrl,
                  cookie,
                }),
              ]
            : await Promise.all(
                refs.map((r) => connect(`ws://127.0.0.1:${r.port}/ws`, { origin: publicUrl })),
              );
        let acked = 0;
        for (const c of chairs)
          c.on('message', (d) => JSON.parse(String(d)).t === 'ack' && acked++);
        for (let i = 0; i < COMMANDS; i++) {
          const text = `fanout-${screens}-${i} @T${nowMs().toFixed(3)}`;
          for (const c of chairs) announce(c, conferenceId, text);
          await new Promise((r) => setTimeout(r, INTERVAL_MS));
        }
        await new Promise((r) => setTimeout(r, 1000));
        const proc = watch.report();
        const rep = await pool.report({ expectMarkers: COMMANDS, waitMs: 60_000 });
        for (const c of chairs) c.terminate();
        const expected = COMMANDS * screens;
        const row: FanRow = {
          screens,
          phase,
          open: pool.open,
          failed: pool.failed,
          connectS,
          delivered: rep.markers,
          expected,
          acked: `${acked}/${COMMANDS * chairs.length}`,
          closed: rep.closed,
          gaps: rep.gaps,
          repeats: rep.repeats,
          p50: rep.marker.percentile(50),
          p99: rep.marker.percentile(99),
          max: rep.marker.max,
          serverKbPerSocket: ((rssOpen - rssBefore) * 1024) / screens,
          nginxKbPerSocket: ((nginxOpen - nginxBefore) * 1024) / screens,
          rssOpen,
          proc: proc.rows,
        };
        results.push(row);
        log(JSON.stringify(row));
        // Let the closed sockets settle (nginx, TIME_WAIT) before the next phase.
        await new Promise((r) => setTimeout(r, 5000));
      }
    }
    log('');
    log(
      '| screens | server | connected | delivered | p50 | p99 | max | server memory per socket | nginx memory per socket |',
    );
    log('|---|---|---|---|---|---|---|---|---|');
    for (const r of results) {
      log(
        `| ${r.screens} | ${r.phase === 'app' ? `Đối thoại, ${instances} instances, PostgreSQL, via nginx` : 'bare ws broadcast, 4 processes, via the same nginx'} | ${r.open}/${r.screens} in ${fmt(r.connectS)} s | ${r.delivered}/${r.expected}${r.gaps || r.repeats ? ` (gaps ${r.gaps}, repeats ${r.repeats})` : ''} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${fmt(r.max)} | ${fmt(r.serverKbPerSocket)} KB | ${fmt(r.nginxKbPerSocket)} KB |`,
      );
    }
    log('');
    log(
      '| screens | server | process group | CPU (% of one core) | memory (PSS) start → peak → end (MB) |',
    );
    log('|---|---|---|---|---|');
    for (const r of results)
      for (const p of r.proc)
        log(
          `| ${r.screens} | ${r.phase} | ${p.name} | ${fmt(p.cpuPct)} | ${fmt(p.rssStart)} → ${fmt(p.rssPeak)} → ${fmt(p.rssEnd)} |`,
        );
    const byScreens = new Map<number, Record<string, number>>();
    for (const r of results)
      byScreens.set(r.screens, { ...byScreens.get(r.screens), [r.phase]: r.p99 });
    for (const [n, r] of byScreens)
      log(`p99 ratio at ${n} screens, app / reference: ${(r.app! / r.reference!).toFixed(2)}×`);
    const file = join(tmpdir(), `bench-fanout-${Date.now()}.log`);
    writeFileSync(file, lines.join('\n'));
    console.log(`kept in ${file}`);
  } finally {
    await nginx?.stop();
    for (const a of apps) await a.stop();
    for (const r of refs) r.child.kill('SIGTERM');
    await db.drop().catch((e) => console.error('drop', e));
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
