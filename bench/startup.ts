// Start-up time: how long from `node` to 'listening', as `npm start` runs the server (its
// bundle, build/app/main.mjs), on a fresh DATA_DIR (first start: the database, the demo
// data) and again on the same one (restart), and where the time goes (the phases the
// server logs with 'listening'). References in the same run: a bare Node HTTP server
// (the floor: Node's own start), the server run from its sources through tsx (as before
// the bundle), and the embedded database opened from scratch (initdb and every migration,
// as before the template) in this process.
//
//   node --import tsx bench/startup.ts [--runs 5] [--database-url postgres://…] [--dry]
//
// Results go to docs/performance.md (section "Start-up") unless --dry. Waits for a quiet
// machine first (no test run, other work under a quarter of a core), as the other
// benchmarks do; `--no-wait` measures now and says so.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../db/client.ts';
import { projectRoot as root } from '../db/project-root.ts';
import { createServerDatabase, dropServerDatabase } from '../tests/support/test-database.ts';
import { writePerformanceSection } from './support/perf-doc.ts';
import { waitForQuiet, watchTests } from './support/test-runs.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    'database-url': { type: 'string' },
    dry: { type: 'boolean', default: false },
    'no-wait': { type: 'boolean', default: false },
  },
});
const RUNS = Number(values.runs);

interface Start {
  ms: number;
  phases?: Record<string, number>;
}

/** Runs `args` with node until it logs 'listening' (or, for the bare server, prints a port). */
function start(args: string[], env: Record<string, string>): Promise<Start> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, args, {
      cwd: root,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', JANUS_URL: 'off', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const line = /^.*"msg":"listening".*$/m.exec(out)?.[0] ?? /^port \d+$/m.exec(out)?.[0];
      if (!line || child.killed) return;
      const ms = performance.now() - t0;
      const phases = line.startsWith('{')
        ? (JSON.parse(line) as { startup?: Record<string, number> }).startup
        : undefined;
      child.kill('SIGTERM');
      child.once('exit', () => {
        clearTimeout(timer);
        resolve({ ms, phases });
      });
    });
    child.once('exit', (code) => {
      if (!child.killed) reject(new Error(`exited with ${code} before listening:\n${out}`));
    });
  });
}

const bare = [
  '-e',
  "require('http').createServer().listen(0,'127.0.0.1',function(){console.log('port '+this.address().port)})",
];
const bundle = ['--enable-source-maps', 'build/app/main.mjs'];
const sources = ['--import', 'tsx', 'server/main.ts'];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
const fmt = (xs: number[]) =>
  `${(median(xs) / 1000).toFixed(2)} s (${(Math.min(...xs) / 1000).toFixed(2)}–${(Math.max(...xs) / 1000).toFixed(2)})`;

type Row = { what: string; runs: Start[] };
const rows: Row[] = [];
const tests = watchTests();
const others = values['no-wait'] ? null : await waitForQuiet(() => [process.pid]);
const load = loadavg()[0]!.toFixed(2);
const began = new Date();

async function series(what: string, run: () => Promise<Start>) {
  const runs: Start[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await run());
  rows.push({ what, runs });
  console.log(`${what}: ${fmt(runs.map((r) => r.ms))}`);
}

await series('bare Node HTTP server (reference)', () => start(bare, {}));

// Embedded database: first start (a fresh DATA_DIR, demo data) and restart.
const dirs: string[] = [];
const fresh = () => {
  const d = mkdtempSync(join(tmpdir(), 'doithoai-startup-'));
  dirs.push(d);
  return d;
};
let last = '';
await series('embedded: first start (new DATA_DIR, demo data)', () =>
  start(bundle, { DATA_DIR: (last = fresh()) }),
);
await series('embedded: restart', () => start(bundle, { DATA_DIR: last }));
await series('embedded: restart from the sources through tsx (reference)', () =>
  start(sources, { DATA_DIR: last }),
);
await series('embedded database made from scratch, in process (reference)', async () => {
  const t0 = performance.now();
  const db = await openDatabase({ dataDir: fresh(), template: false });
  await db.migrate();
  const ms = performance.now() - t0;
  await db.close();
  return { ms };
});
await series('embedded database from the template, in process', async () => {
  const t0 = performance.now();
  const db = await openDatabase({ dataDir: fresh() });
  await db.migrate();
  const ms = performance.now() - t0;
  await db.close();
  return { ms };
});
for (const d of dirs) rmSync(d, { recursive: true, force: true });

const serverUrl = values['database-url'] ?? process.env.DATABASE_URL;
if (serverUrl) {
  const made: string[] = [];
  let url = '';
  await series('PostgreSQL: first start (new database, demo data)', async () => {
    url = await createServerDatabase(serverUrl);
    made.push(url);
    return start([...bundle, '--demo'], { DATA_DIR: fresh(), DATABASE_URL: url });
  });
  await series('PostgreSQL: restart', () =>
    start(bundle, { DATA_DIR: fresh(), DATABASE_URL: url }),
  );
  for (const u of made) await dropServerDatabase(u);
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
}

const overlapped = tests.seenBetween(began.getTime(), Date.now());
const phaseNames = ['modules', 'database', 'migrations', 'demo', 'pages', 'media', 'listening'];
const phaseRow = (r: Row) => {
  const withPhases = r.runs.filter((s) => s.phases);
  if (!withPhases.length) return '';
  // Each phase's own duration (the log gives times since the process started).
  return phaseNames
    .map((p, i) => {
      const xs = withPhases.map((s) => s.phases![p]! - (i ? s.phases![phaseNames[i - 1]!]! : 0));
      return `${p} ${(median(xs) / 1000).toFixed(2)}`;
    })
    .join(', ');
};
/** The issue's goals against this run's medians. */
function goals() {
  const med = (what: string) => {
    const row = rows.find((r) => r.what === what);
    return row ? median(row.runs.map((r) => r.ms)) / 1000 : null;
  };
  const check = (label: string, value: number | null, limit: number) =>
    value === null
      ? null
      : `${label} under ${limit} s — ${value < limit ? 'met' : 'not met'} (${value.toFixed(2)} s)`;
  return [
    check('first start', med('embedded: first start (new DATA_DIR, demo data)'), 10),
    check('restart on the embedded database', med('embedded: restart'), 3),
    check('restart on PostgreSQL', med('PostgreSQL: restart'), 3),
  ]
    .filter(Boolean)
    .join('; ');
}

const table = [
  '| what | time to listening, median (min–max) | where it went, median s |',
  '|---|---|---|',
  ...rows.map((r) => `| ${r.what} | ${fmt(r.runs.map((s) => s.ms))} | ${phaseRow(r)} |`),
].join('\n');
console.log(`\n${table}`);

if (!values.dry) {
  const section = `## Start-up

Measured ${began.toISOString().slice(0, 16)}Z on ${cpus().length} cores (${cpus()[0]!.model.split(' ').slice(0, 2).join(' ')}), Node ${process.versions.node}, load average ${load} at the start${others === null ? ', measured without waiting for a quiet machine' : `, other work ${others.toFixed(0)} % of a core`}${overlapped ? ', a test run overlapped' : ''}. ${RUNS} runs of each. Reproduce: \`node --import tsx bench/startup.ts\` (\`--database-url URL\` adds PostgreSQL, \`--dry\` writes nothing here). Time to listening is from spawning \`node\` to the 'listening' line; the phases are those the server logs with it (\`startup\`: loading its code, opening the database, migrations, demo data, the pages' bundle, media, listening).

${table}

**Reading.** Two things moved out of every start into the build (scripts/build-if-needed.mjs, ADR 0015): the server's code is one esbuild bundle instead of some 400 modules resolved and loaded one by one through tsx's loader hooks (compare the restart with the one from the sources), and a new embedded database is unpacked from a migrated template instead of running initdb and every migration (compare the two in-process rows). What remains on a restart is Node's own start (the bare server), loading the packages, opening PGlite's WebAssembly Postgres (compiling it and starting Postgres), and the pages' bundle (now loaded while the database opens).

**Goals** (issue 17, a quiet machine): ${goals()}.
`;
  writePerformanceSection('Start-up', section);
}
tests.stop();
