// Live fan-out benchmark: N screens subscribed to one conference, the chair sends
// 200 commands; each screen's command-to-event latency is measured (p50, p99, max)
// with delivered versus expected, for the app and, in the same run, for a bare `ws`
// broadcast server. Loopback only; bounded in count and time.
//
//   node --import tsx bench/live-fanout.ts [--screens 1000,5000] [--commands 200] [--interval 100]
//       [--database-url postgres://postgres@127.0.0.1:5432/postgres]
//
// Results go to docs/performance.md (section "Live fan-out").
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { WebSocket } from 'ws';

const root = new URL('..', import.meta.url).pathname;
const { values } = parseArgs({
  options: {
    screens: { type: 'string', default: '1000,5000' },
    commands: { type: 'string', default: '200' },
    interval: { type: 'string', default: '100' },
    /** A PostgreSQL server to run the app on as well (a fresh database is created in it). */
    'database-url': { type: 'string' },
  },
});
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
    chair.send(
      JSON.stringify({
        t: 'command',
        conferenceId,
        commandId: crypto.randomUUID(),
        command: { type: 'announcement.post', text },
      }),
    );
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

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
