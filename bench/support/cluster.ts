// Several app instances on one PostgreSQL database behind nginx (deploy/nginx.conf with
// the upstream, the listen address and the limits rewritten for loopback), and what each
// process costs (/proc). For the benchmarks that need the national shape; loopback only.
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';

const root = new URL('../..', import.meta.url).pathname;

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export async function createDatabase(serverUrl: string, prefix = 'bench') {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export interface Instance {
  port: number;
  child: ChildProcess;
  /** ms from spawn to the 'listening' line. */
  listeningMs: number;
  output(): string;
  stop(): Promise<void>;
}

/**
 * One server process as `npm start` runs it (its bundle, build/app/main.mjs: run
 * `node scripts/build-if-needed.mjs` first) on a fixed loopback port; resolves once it
 * logs 'listening'.
 */
export async function startInstance(
  env: Record<string, string>,
  args: string[] = [],
): Promise<Instance> {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(process.execPath, ['--enable-source-maps', 'build/app/main.mjs', ...args], {
    cwd: root,
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'info',
      JANUS_URL: 'off',
      TRUST_PROXY: '1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const keep = (c: Buffer) => {
    out += c.toString();
    if (out.length > 200_000) out = out.slice(-100_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  // 'listening' is logged at info; with a quieter LOG_LEVEL the first answer of /healthz.
  let exited = false;
  child.once('exit', () => (exited = true));
  let listeningMs = NaN;
  while (Number.isNaN(listeningMs)) {
    if (exited) throw new Error(`instance exited:\n${out}`);
    if (performance.now() - t0 > 180_000) {
      child.kill('SIGKILL');
      throw new Error(`no 'listening' in 180 s:\n${out}`);
    }
    if (/"msg":"listening"/.test(out)) listeningMs = performance.now() - t0;
    else {
      const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) listeningMs = performance.now() - t0;
      else await new Promise((r) => setTimeout(r, 50));
    }
  }
  child.removeAllListeners('exit');
  return { port, child, listeningMs, output: () => out, stop: () => stopChild(child) };
}

export function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM') {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill(signal);
  });
}

export interface Nginx {
  port: number;
  /** A second server block proxying to `extraUpstreams`, when given. */
  extraPort?: number;
  child: ChildProcess;
  dir: string;
  stop(): Promise<void>;
}

/**
 * nginx with the project's config (deploy/nginx.conf): the upstream servers replaced by
 * `upstreams`, `listen` by a loopback port (reuseport, so each worker takes its share),
 * inside an http block of our own with `workers` processes and enough connections.
 */
export async function startNginx(opts: {
  dir: string;
  upstreams: number[];
  workers: number;
  workerConnections: number;
  /** A second upstream (a reference server) behind the same nginx, on a port of its own. */
  extraUpstreams?: number[];
  port?: number;
}): Promise<Nginx> {
  mkdirSync(opts.dir, { recursive: true });
  const port = opts.port ?? (await freePort());
  const extraPort = opts.extraUpstreams ? await freePort() : undefined;
  let site = readFileSync(join(root, 'deploy/nginx.conf'), 'utf8');
  site = site.replace(
    /(upstream\s+doithoai\s*\{)([^}]*)\}/,
    (_m, head: string, body: string) =>
      `${head}\n${opts.upstreams.map((p) => `    server 127.0.0.1:${p};`).join('\n')}\n${body
        .split('\n')
        .filter((l) => !/^\s*server\s/.test(l))
        .join('\n')}}`,
  );
  let listened = false;
  site = site.replace(/^(\s*)listen\s+[^;]+;/gm, (_m, indent: string) => {
    if (listened) return '';
    listened = true;
    return `${indent}listen 127.0.0.1:${port} reuseport backlog=4096;`;
  });
  const extra = extraPort
    ? `upstream reference {\n${opts.extraUpstreams!.map((p) => `  server 127.0.0.1:${p};`).join('\n')}\n}
server {
  listen 127.0.0.1:${extraPort} reuseport backlog=4096;
  location / {
    proxy_pass http://reference;
    proxy_http_version 1.1;
    proxy_set_header Upgrade $http_upgrade;
    proxy_set_header Connection $connection_upgrade;
    proxy_read_timeout 1h;
  }
}`
    : '';
  const conf = `worker_processes ${opts.workers};
worker_rlimit_nofile ${Math.min(19_900, opts.workerConnections + 100)};
pid ${opts.dir}/nginx.pid;
error_log ${opts.dir}/error.log warn;
events { worker_connections ${opts.workerConnections}; }
http {
  access_log off;
  client_body_temp_path ${opts.dir}/body;
  proxy_temp_path ${opts.dir}/proxy;
  fastcgi_temp_path ${opts.dir}/fastcgi;
  uwsgi_temp_path ${opts.dir}/uwsgi;
  scgi_temp_path ${opts.dir}/scgi;
${site}
${extra}
}
`;
  const file = join(opts.dir, 'nginx.conf');
  writeFileSync(file, conf);
  const child = spawn('/usr/sbin/nginx', ['-p', opts.dir, '-c', file, '-g', 'daemon off;'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (c) => (err += c));
  for (let i = 0; ; i++) {
    try {
      await fetch(`http://127.0.0.1:${port}/healthz`);
      break;
    } catch {
      if (i > 100 || child.exitCode !== null) throw new Error(`nginx did not start: ${err}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return { port, extraPort, child, dir: opts.dir, stop: () => stopChild(child, 'SIGQUIT') };
}

// ---------------------------------------------------------------- /proc

const CLK_TCK = 100;

/** The PIDs whose parent is `pid` (nginx's workers). */
export function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(name));
    } catch {
      // gone
    }
  }
  return out;
}

/** CPU seconds (user + system) and memory (PSS) in MB of one process, or null when gone. */
export function procSample(pid: number): { cpu: number; rssMb: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cpu = (Number(f[11]) + Number(f[12])) / CLK_TCK;
    // Pss: shared pages (PostgreSQL's shared buffers, nginx's) divided among their users.
    const pss = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    return { cpu, rssMb: pss ? Number(pss[1]) / 1024 : 0 };
  } catch {
    return null;
  }
}

/**
 * Watches groups of processes: CPU used between `start()` and `report()` (as % of one
 * core) and RSS (at the start, the peak, the end, and every `everyMs` for a slope).
 */
export function processWatch(groups: () => Record<string, number[]>, everyMs = 30_000) {
  const first = new Map<number, number>();
  const last = new Map<number, { cpu: number; rssMb: number }>();
  const peak = new Map<string, number>();
  const rssStart = new Map<string, number>();
  const series: { t: number; rss: Record<string, number> }[] = [];
  const groupOf = new Map<number, string>();
  let t0 = 0;
  const sample = () => {
    const rss: Record<string, number> = {};
    for (const [name, pids] of Object.entries(groups())) {
      let sum = 0;
      for (const pid of pids) {
        const s = procSample(pid);
        if (!s) continue;
        if (!first.has(pid)) first.set(pid, s.cpu);
        groupOf.set(pid, name);
        last.set(pid, s);
        sum += s.rssMb;
      }
      rss[name] = sum;
      if (!rssStart.has(name)) rssStart.set(name, sum);
      peak.set(name, Math.max(peak.get(name) ?? 0, sum));
    }
    return rss;
  };
  let timer: NodeJS.Timeout | undefined;
  let fast: NodeJS.Timeout | undefined;
  return {
    start() {
      t0 = performance.now();
      series.push({ t: 0, rss: sample() });
      timer = setInterval(
        () => series.push({ t: (performance.now() - t0) / 1000, rss: sample() }),
        everyMs,
      );
      // CPU of short-lived pids (PostgreSQL backends) and the peak need denser samples.
      fast = setInterval(sample, 2000);
    },
    report() {
      clearInterval(timer);
      clearInterval(fast);
      const end = sample();
      const seconds = (performance.now() - t0) / 1000;
      series.push({ t: seconds, rss: end });
      const rows: {
        name: string;
        processes: number;
        cpuPct: number;
        rssStart: number;
        rssPeak: number;
        rssEnd: number;
        slopeMbPerMin: number;
      }[] = [];
      for (const name of Object.keys(end)) {
        const all = [...last.keys()].filter((pid) => groupOf.get(pid) === name);
        let cpu = 0;
        for (const pid of all) cpu += last.get(pid)!.cpu - first.get(pid)!;
        rows.push({
          name,
          processes: all.length,
          cpuPct: (100 * cpu) / seconds,
          rssStart: rssStart.get(name) ?? 0,
          rssPeak: peak.get(name) ?? 0,
          rssEnd: end[name] ?? 0,
          slopeMbPerMin: slope(series.map((s) => [s.t / 60, s.rss[name] ?? 0])),
        });
      }
      return { seconds, rows, series };
    },
  };
}

/** Least-squares slope of y over x. */
export function slope(points: [number, number][]): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((a, p) => a + p[0], 0) / n;
  const my = points.reduce((a, p) => a + p[1], 0) / n;
  let num = 0;
  let den = 0;
  for (const [x, y] of points) {
    num += (x - mx) * (y - my);
    den += (x - mx) ** 2;
  }
  return den ? num / den : 0;
}

/** The backends of one database on the local PostgreSQL server (visible in /proc here). */
export async function postgresBackends(serverUrl: string, database: string): Promise<number[]> {
  const c = new pg.Client({ connectionString: serverUrl });
  await c.connect();
  try {
    const r = await c.query<{ pid: number }>(
      'select pid from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
      [database],
    );
    return r.rows.map((x) => x.pid);
  } finally {
    await c.end();
  }
}

/** Histogram of latencies in 0.1 ms buckets up to 30 s (mergeable across processes). */
export class Histogram {
  static readonly BUCKETS = 300_000;
  counts = new Uint32Array(Histogram.BUCKETS + 1);
  n = 0;
  max = 0;
  add(ms: number) {
    const b = Math.max(0, Math.min(Histogram.BUCKETS, Math.floor(ms * 10)));
    this.counts[b]!++;
    this.n++;
    if (ms > this.max) this.max = ms;
  }
  merge(other: { counts: ArrayLike<number>; n: number; max: number }) {
    for (let i = 0; i < other.counts.length; i++) this.counts[i]! += other.counts[i]!;
    this.n += other.n;
    this.max = Math.max(this.max, other.max);
  }
  percentile(p: number) {
    if (!this.n) return NaN;
    const target = Math.ceil((p / 100) * this.n);
    let acc = 0;
    for (let i = 0; i < this.counts.length; i++) {
      acc += this.counts[i]!;
      if (acc >= target) return i / 10;
    }
    return this.max;
  }
  /** Sparse form for IPC: [bucket, count] pairs. */
  toJSON() {
    const pairs: number[] = [];
    for (let i = 0; i < this.counts.length; i++) if (this.counts[i]) pairs.push(i, this.counts[i]!);
    return { pairs, n: this.n, max: this.max };
  }
  static fromJSON(j: { pairs: number[]; n: number; max: number }) {
    const h = new Histogram();
    for (let i = 0; i < j.pairs.length; i += 2) h.counts[j.pairs[i]!] = j.pairs[i + 1]!;
    h.n = j.n;
    h.max = j.max;
    return h;
  }
}

/** Source addresses 127.0.0.2, … for clients (each has its own ephemeral ports). */
export function sourceAddresses(count: number, prefix = '127.0.0.'): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}${i + 2}`);
}

export interface ScreensReport {
  screens: number;
  failed: number;
  closed: number;
  markers: number;
  atExpectedSeq: number | null;
  minSeq: number;
  maxSeq: number;
  gaps: number;
  repeats: number;
  messages: number;
  marker: Histogram;
  at: Histogram;
}

/**
 * `screens` live screens in `processes` child processes (bench/support/screen-worker.ts),
 * each screen from one of `addresses` in turn; resolves once all have their snapshot.
 */
export async function openScreens(opts: {
  url: string;
  origin: string;
  conferenceId: string;
  screens: number;
  processes: number;
  addresses: string[];
}) {
  const workers: ChildProcess[] = [];
  const per = Math.ceil(opts.screens / opts.processes);
  const opened = await Promise.all(
    Array.from({ length: opts.processes }, (_, i) => {
      const count = Math.min(per, opts.screens - i * per);
      const child = fork(join(root, 'bench/support/screen-worker.ts'), [], {
        execArgv: ['--import', 'tsx'],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      workers.push(child);
      return new Promise<{ open: number; failed: number }>((resolve) => {
        child.on('message', (m: { type: string; open: number; failed: number }) => {
          if (m.type === 'ready')
            child.send({
              type: 'open',
              url: opts.url,
              origin: opts.origin,
              conferenceId: opts.conferenceId,
              screens: count,
              // Each worker its own share of the addresses (ports are per address).
              addresses: opts.addresses.filter((_, k) => k % opts.processes === i),
            });
          if (m.type === 'opened') resolve(m);
        });
      });
    }),
  );
  return {
    workers,
    open: opened.reduce((a, o) => a + o.open, 0),
    failed: opened.reduce((a, o) => a + o.failed, 0),
    /** Waits until every screen has `expectMarkers` markers / `expectSeq`, then closes them. */
    async report(r: { expectMarkers?: number; expectSeq?: number; waitMs?: number }) {
      const parts = await Promise.all(
        workers.map(
          (w) =>
            new Promise<Record<string, unknown>>((resolve) => {
              w.on('message', (m: Record<string, unknown>) => m.type === 'report' && resolve(m));
              w.send({ type: 'report', ...r });
            }),
        ),
      );
      const marker = new Histogram();
      const at = new Histogram();
      const sum = (k: string) => parts.reduce((a, p) => a + Number(p[k] ?? 0), 0);
      for (const p of parts) {
        marker.merge(Histogram.fromJSON(p.marker as never));
        at.merge(Histogram.fromJSON(p.at as never));
      }
      const result: ScreensReport = {
        screens: sum('screens'),
        failed: opened.reduce((a, o) => a + o.failed, 0),
        closed: sum('closed'),
        markers: sum('markers'),
        atExpectedSeq: r.expectSeq === undefined ? null : sum('atExpectedSeq'),
        minSeq: Math.min(...parts.map((p) => Number(p.minSeq))),
        maxSeq: Math.max(...parts.map((p) => Number(p.maxSeq))),
        gaps: sum('gaps'),
        repeats: sum('repeats'),
        messages: sum('messages'),
        marker,
        at,
      };
      await Promise.all(
        workers.map((w) =>
          w.exitCode === null ? new Promise((res) => w.once('exit', res)) : null,
        ),
      );
      return result;
    },
    kill() {
      for (const w of workers) if (w.exitCode === null) w.kill('SIGKILL');
    },
  };
}
