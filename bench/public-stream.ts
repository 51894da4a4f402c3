// The public live stream (HLS, server/media/program-stream.ts and media-files.ts): how many
// viewers one app instance serves, and how far behind the room they are.
//
//   node --import tsx bench/public-stream.ts [--part viewers|delay|all] [--viewers 100,250,500,1000,2000]
//       [--seconds 30] [--delay-seconds 60] [--quiet-limit 25] [--log-levels info] [--no-docs]
//
// (a) Viewers per instance (`--part viewers`, loopback): the app in a child process
// (bench/support/public-stream-server.ts: PGlite in memory, demo data, no media server,
// MEDIA_DIR in a temporary folder) with one public conference, and a real live HLS stream
// written into that conference's live folder by an ffmpeg of the benchmark's own with the
// encoder settings of program-stream.ts (testsrc2 1280x720 25 fps and a tone; H.264
// veryfast 2500k, AAC 128k, 2 s segments, the same HLS flags). N viewers in this process
// behave like hls.js: each its own keep-alive connection, the playlist again 2 s after the
// last load that brought a segment (1 s after one that did not), every new segment once,
// one at a time. Measured per N: the server process's CPU and RSS (/proc), egress, the
// share of segments each viewer had in time, segment fetch time p50/p95. Reference in the
// same run: the same files from a minimal static server (bench/reference/static-files.ts),
// and from nginx when /usr/sbin/nginx exists.
//
// (b) Glass-to-glass delay (`--part delay`, as root or with user namespaces: in a private
// network namespace like the media tests): the app with its own Janus, a public conference
// in session, one site console in Chromium whose camera draws the time as 32 black/white
// blocks (24 bits of ms and a CRC-8), the public live page decoding the blocks from the
// frames it shows (requestVideoFrameCallback): delay = the time it is shown − the time
// drawn (page clocks aligned to the benchmark's). Reference in the same run: the same
// camera through WebRTC on the chair console's program, measured the same way.
//
// Results go to docs/performance.md (sections "Public stream: viewers per instance" and
// "Public stream: glass-to-glass delay").
import { fork, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { Agent, get, type IncomingMessage } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import type { Page } from 'playwright-core';
import { writePerformanceSection } from './support/perf-doc.ts';
import { relayTestRuns, waitForQuiet, waitForTests, watchTests } from './support/test-runs.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const self = fileURLToPath(import.meta.url);
const { values } = parseArgs({
  options: {
    part: { type: 'string', default: 'all' },
    viewers: { type: 'string', default: '100,250,500,1000,2000' },
    seconds: { type: 'string', default: '30' },
    'delay-seconds': { type: 'string', default: '60' },
    'no-docs': { type: 'boolean', default: false },
    /** Wait before each window until other work uses less than this (% of one core). */
    'quiet-limit': { type: 'string', default: '25' },
    /** The app's LOG_LEVEL (several: one app each, e.g. info,silent). */
    'log-levels': { type: 'string', default: 'info' },
  },
});
const QUIET = { limit: Number(values['quiet-limit']), maxMs: 5 * 60_000 };
const LOG_LEVELS = values['log-levels']!.split(',');
const PART = values.part!;
const SEGMENT_MS = 2000;
const WARMUP_MS = 8000;
const TICK_HZ = 100; // USER_HZ
const NGINX = '/usr/sbin/nginx';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const now = () => performance.timeOrigin + performance.now();

// ---------------------------------------------------------------------------------
// /proc

function procTicks(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(f[11]) + Number(f[12]);
  } catch {
    return 0;
  }
}
function rssMb(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return Number(kb ?? 0) / 1024;
  } catch {
    return 0;
  }
}
function machineTicks(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.split(/\s+/).slice(1).map(Number);
  const idle = line[3]! + line[4]!;
  const total = line.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}
/** Processes whose command line matches. */
function pidsWhere(test: (cmdline: string) => boolean): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (test(readFileSync(`/proc/${name}/cmdline`, 'utf8').replace(/\0/g, ' ')))
        pids.push(Number(name));
    } catch {
      // gone
    }
  }
  return pids;
}
const ticksOf = (pids: number[]) => pids.reduce((a, p) => a + procTicks(p), 0);

function percentile(sorted: number[], p: number) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

// ---------------------------------------------------------------------------------
// (a) Viewers per instance

interface LoopStats {
  p50: number;
  p99: number;
  max: number;
  heapMb: number;
}

interface Target {
  name: string;
  port: number;
  pid: number;
  /** The event loop's delay since the last call (Node servers; null for nginx). */
  loop(): Promise<LoopStats | null>;
  stop(): Promise<void>;
}

async function forkServer(
  name: string,
  script: string,
  env: Record<string, string>,
): Promise<Target & { ready: Record<string, unknown> }> {
  const profile = process.env.BENCH_CPU_PROF;
  const child = fork(join(root, script), [], {
    // BENCH_CPU_PROF=<folder>: a V8 CPU profile of each server, written when it stops.
    execArgv: ['--import', 'tsx', ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : [])],
    cwd: root,
    env: { ...process.env, ...env },
    // The app's log (one line per request at `info`) goes to /dev/null.
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const ready = await new Promise<Record<string, unknown>>((resolve, reject) => {
    child.once('message', (m) => resolve(m as Record<string, unknown>));
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
  const waiting: ((l: LoopStats) => void)[] = [];
  child.on('message', (m: { loop?: LoopStats }) => {
    if (m.loop) waiting.shift()?.(m.loop);
  });
  return {
    name,
    port: ready.port as number,
    pid: child.pid!,
    ready,
    loop: () =>
      new Promise<LoopStats>((resolve) => {
        waiting.push(resolve);
        child.send('loop');
      }),
    stop() {
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.disconnect();
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      return exited;
    },
  };
}

async function startNginx(mediaDir: string): Promise<Target | null> {
  if (!existsSync(NGINX)) return null;
  const dir = mkdtempSync(join(tmpdir(), 'doithoai-public-stream-nginx-'));
  const port = await new Promise<number>((resolve) => {
    const s = createNetServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
  writeFileSync(
    join(dir, 'nginx.conf'),
    `worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 8192; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_timeout 65;
  keepalive_requests 100000;
  types { application/vnd.apple.mpegurl m3u8; video/mp2t ts; }
  client_body_temp_path ${dir}; proxy_temp_path ${dir}; fastcgi_temp_path ${dir}; uwsgi_temp_path ${dir}; scgi_temp_path ${dir};
  server {
    listen 127.0.0.1:${port};
    location /media/ { alias ${mediaDir}/; }
  }
}
`,
  );
  const child = spawn(NGINX, ['-c', join(dir, 'nginx.conf'), '-p', dir], { stdio: 'ignore' });
  children.add(child);
  await sleep(500);
  // The worker serves; the master only waits.
  const worker = pidsWhere((c) => c.startsWith('nginx: worker'))[0] ?? child.pid!;
  return {
    name: 'nginx (reference)',
    port,
    pid: worker,
    loop: async () => null,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The encoder: program-stream.ts's settings, on a test picture and a tone. */
/** Killed when this process exits, however it exits. */
const children = new Set<ChildProcess>();
const tempDirs = new Set<string>();
process.on('exit', () => {
  for (const c of children) c.kill('SIGKILL');
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
});

function startEncoder(liveDir: string): ChildProcess {
  const id = (Date.now() % 1e9).toString(36);
  const args = [
    ...['-hide_banner', '-loglevel', 'warning', '-nostdin'],
    ...['-re', '-f', 'lavfi', '-i', 'testsrc2=s=1280x720:r=25'],
    ...['-re', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000'],
    ...['-map', '0:v', '-map', '1:a'],
    ...['-c:v', 'libx264', '-preset', 'veryfast', '-tune', 'zerolatency', '-r', '25'],
    ...['-g', '50', '-keyint_min', '50', '-sc_threshold', '0'],
    ...['-b:v', '2500k', '-maxrate', '2500k', '-bufsize', '5000k', '-pix_fmt', 'yuv420p'],
    ...['-c:a', 'aac', '-b:a', '128k', '-ar', '48000', '-ac', '2'],
    ...['-f', 'hls', '-hls_time', '2', '-hls_list_size', '8'],
    ...[
      '-hls_flags',
      'delete_segments+append_list+discont_start+omit_endlist+program_date_time+temp_file+independent_segments',
    ],
    ...['-hls_segment_filename', join(liveDir, `seg-${id}-%05d.ts`), join(liveDir, 'index.m3u8')],
  ];
  const child = spawn('ffmpeg', args, { stdio: ['ignore', 'ignore', 'inherit'] });
  children.add(child);
  return child;
}

/**
 * When each segment appeared in the playlist (and its size), noted by a worker thread
 * polling the playlist every 10 ms, so that a busy event loop here does not delay it.
 */
function watchPlaylist(playlist: string) {
  const published = new Map<string, { at: number; bytes: number; duration: number }>();
  const worker = new Worker(
    `
    const { parentPort, workerData } = require('node:worker_threads');
    const { readFileSync, statSync } = require('node:fs');
    const { dirname, join } = require('node:path');
    const seen = new Set();
    setInterval(() => {
      let text = '';
      try { text = readFileSync(workerData, 'utf8'); } catch { return; }
      const at = performance.timeOrigin + performance.now();
      const lines = text.split('\\n');
      for (let i = 0; i < lines.length; i++) {
        const name = lines[i].trim();
        if (!name || name.startsWith('#') || seen.has(name)) continue;
        seen.add(name);
        let inf = null;
        for (let j = i - 1; j >= 0 && !inf; j--) inf = /^#EXTINF:([\\d.]+)/.exec(lines[j]);
        let bytes = 0;
        try { bytes = statSync(join(dirname(workerData), name)).size; } catch {}
        parentPort.postMessage({ name, at, bytes, duration: inf ? Number(inf[1]) : 0 });
      }
    }, 10);
    `,
    { eval: true, workerData: playlist },
  );
  worker.on('message', (m: { name: string; at: number; bytes: number; duration: number }) =>
    published.set(m.name, m),
  );
  return { published, stop: () => worker.terminate() };
}

interface Fetch {
  start: number;
  end: number;
  ok: boolean;
}

/** One viewer, as hls.js loads a live stream. */
class Viewer {
  readonly agent = new Agent({ keepAlive: true, maxSockets: 2 });
  readonly got = new Map<string, Fetch>();
  /** When this viewer first saw the playlist minus when its newest segment appeared. */
  offset: number | null = null;
  startedAt = 0;
  stopped = false;
  errors = 0;
  private seen = new Set<string>();
  private queue: string[] = [];
  private loading = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private port: number,
    private base: string,
    private published: Map<string, { at: number }>,
    private onBytes: (n: number) => void,
  ) {}

  start() {
    this.startedAt = now();
    void this.poll();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private request(path: string, keep: boolean): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const req = get({ host: '127.0.0.1', port: this.port, path, agent: this.agent });
      req.on('response', (res: IncomingMessage) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => {
          this.onBytes(c.length);
          if (keep) parts.push(c);
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: keep ? Buffer.concat(parts).toString() : '',
          }),
        );
        res.on('error', reject);
      });
      req.on('error', reject);
      req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
    });
  }

  private async poll() {
    if (this.stopped) return;
    const t0 = now();
    let fresh = false;
    try {
      const { status, body } = await this.request(`${this.base}index.m3u8`, true);
      if (status !== 200) throw new Error(`playlist ${status}`);
      const names = body.split('\n').filter((l) => l && !l.startsWith('#'));
      if (this.offset === null && names.length) {
        const newest = names.at(-1)!;
        this.offset = now() - (this.published.get(newest)?.at ?? now());
        // hls.js starts near the live edge: the newest segment first.
        for (const n of names.slice(0, -1)) this.seen.add(n);
      }
      for (const n of names) {
        if (this.seen.has(n)) continue;
        this.seen.add(n);
        this.queue.push(n);
        fresh = true;
      }
      void this.load();
    } catch {
      this.errors++;
    }
    if (this.stopped) return;
    // hls.js: the target duration after a load that brought something, half of it if not.
    const wait = fresh ? Math.max(0, t0 + SEGMENT_MS - now()) : SEGMENT_MS / 2;
    this.timer = setTimeout(() => void this.poll(), wait);
  }

  private async load() {
    if (this.loading) return;
    this.loading = true;
    for (let name = this.queue.shift(); name; name = this.queue.shift()) {
      const start = now();
      let ok = false;
      try {
        ok = (await this.request(`${this.base}${name}`, false)).status === 200;
      } catch {
        this.errors++;
      }
      this.got.set(name, { start, end: now(), ok });
    }
    this.loading = false;
  }

  idle() {
    return !this.loading && this.queue.length === 0;
  }
}

interface PhaseResult {
  target: string;
  loop: LoopStats | null;
  /** A test run was going on during the window. */
  tests: boolean;
  viewers: number;
  expected: number;
  inTime: number;
  late: number;
  missing: number;
  fetchP50: number;
  fetchP95: number;
  fetchMax: number;
  serverCpu: number;
  serverRss: number;
  serverRssStart: number;
  egressMbit: number;
  benchCpu: number;
  encoderCpu: number;
  machineCpu: number;
  errors: number;
}

async function phase(
  target: Target,
  n: number,
  seconds: number,
  conferenceId: string,
  published: Map<string, { at: number; bytes: number; duration: number }>,
  encoderPid: number,
  tests: ReturnType<typeof watchTests>,
): Promise<PhaseResult> {
  let bytes = 0;
  let counting = false;
  const onBytes = (k: number) => {
    if (counting) bytes += k;
  };
  const base = `/media/live/${conferenceId}/`;
  const viewers = Array.from(
    { length: n },
    () => new Viewer(target.port, base, published, onBytes),
  );
  // They arrive over one segment's time, so that they do not poll in step.
  const starts = viewers.map((v) => setTimeout(() => v.start(), Math.random() * SEGMENT_MS));
  await sleep(WARMUP_MS);
  const rssStart = rssMb(target.pid);
  let rssMax = rssStart;
  const rssTimer = setInterval(() => (rssMax = Math.max(rssMax, rssMb(target.pid))), 1000);
  const before = {
    at: now(),
    server: procTicks(target.pid),
    encoder: procTicks(encoderPid),
    bench: process.cpuUsage(),
    machine: machineTicks(),
  };
  await target.loop();
  counting = true;
  await sleep(seconds * 1000);
  counting = false;
  const loop = await target.loop();
  const after = {
    at: now(),
    server: procTicks(target.pid),
    encoder: procTicks(encoderPid),
    bench: process.cpuUsage(before.bench),
    machine: machineTicks(),
  };
  clearInterval(rssTimer);
  // Every viewer learns of the window's last segments; then no new playlist loads, and
  // what is queued is fetched.
  await sleep(2 * SEGMENT_MS);
  for (const v of viewers) v.stop();
  const drainUntil = Date.now() + 15_000;
  while (Date.now() < drainUntil && !viewers.every((v) => v.idle())) await sleep(100);
  for (const t of starts) clearTimeout(t);

  const dt = (after.at - before.at) / 1000;
  const pct = (ticks: number) => (100 * ticks) / TICK_HZ / dt;
  // Segments that appeared in the window, with a whole segment's time after them inside it.
  const segments = [...published.entries()].filter(
    ([, p]) => p.at >= before.at && p.at + SEGMENT_MS <= after.at,
  );
  let expected = 0;
  let inTime = 0;
  let late = 0;
  let missing = 0;
  const fetchTimes: number[] = [];
  for (const v of viewers) {
    if (v.offset === null) {
      missing += segments.length;
      expected += segments.length;
      continue;
    }
    for (const [name, p] of segments) {
      expected++;
      const f = v.got.get(name);
      if (!f || !f.ok) {
        missing++;
        continue;
      }
      fetchTimes.push(f.end - f.start);
      // Playing two segments behind the live edge it first saw (liveSyncDurationCount 2),
      // a player needs segment k when segment k + 1 appears, plus its own lag at the start.
      if (f.end <= p.at + SEGMENT_MS + v.offset) inTime++;
      else late++;
    }
  }
  fetchTimes.sort((a, b) => a - b);
  for (const v of viewers) v.agent.destroy();
  await sleep(1000);
  return {
    target: target.name,
    tests: tests.seenBetween(before.at, after.at),
    loop,
    viewers: n,
    expected,
    inTime,
    late,
    missing,
    fetchP50: percentile(fetchTimes, 50),
    fetchP95: percentile(fetchTimes, 95),
    fetchMax: fetchTimes.at(-1) ?? NaN,
    serverCpu: pct(after.server - before.server),
    serverRss: rssMax,
    serverRssStart: rssStart,
    egressMbit: (bytes * 8) / dt / 1e6,
    benchCpu: (after.bench.user + after.bench.system) / 1e4 / dt,
    encoderCpu: pct(after.encoder - before.encoder),
    machineCpu:
      (100 * cpus().length * (after.machine.busy - before.machine.busy)) /
      Math.max(1, after.machine.total - before.machine.total),
    errors: viewers.reduce((a, v) => a + v.errors, 0),
  };
}

async function viewersBench(counts: number[], seconds: number) {
  const mediaDir = mkdtempSync(join(tmpdir(), 'doithoai-public-stream-'));
  tempDirs.add(mediaDir);
  const cleanups: (() => Promise<unknown> | unknown)[] = [
    () => rmSync(mediaDir, { recursive: true, force: true }),
  ];
  try {
    const app = await forkServer(
      LOG_LEVELS[0] === 'info' ? 'Đối thoại' : `Đối thoại, LOG_LEVEL=${LOG_LEVELS[0]}`,
      'bench/support/public-stream-server.ts',
      { MEDIA_DIR: mediaDir, LOG_LEVEL: LOG_LEVELS[0]! },
    );
    cleanups.push(() => app.stop());
    const conferenceId = app.ready.conferenceId as string;
    const liveDir = app.ready.liveDir as string;
    // More apps with other log levels (--log-levels), each with a conference of its own
    // whose live folder is a link to the first one's.
    const others: Awaited<ReturnType<typeof forkServer>>[] = [];
    for (const level of LOG_LEVELS.slice(1)) {
      const other = await forkServer(
        `Đối thoại, LOG_LEVEL=${level}`,
        'bench/support/public-stream-server.ts',
        { MEDIA_DIR: mediaDir, LOG_LEVEL: level },
      );
      cleanups.push(() => other.stop());
      others.push(other);
    }
    const staticRef = await forkServer(
      'static node:http (reference)',
      'bench/reference/static-files.ts',
      { MEDIA_DIR: mediaDir },
    );
    cleanups.push(() => staticRef.stop());
    const nginx = await startNginx(mediaDir);
    if (nginx) cleanups.push(() => nginx.stop());

    mkdirSync(liveDir, { recursive: true });
    for (const other of others) {
      const dir = other.ready.liveDir as string;
      mkdirSync(join(dir, '..'), { recursive: true });
      symlinkSync(liveDir, dir);
    }
    const encoder = startEncoder(liveDir);
    cleanups.push(() => encoder.kill('SIGKILL'));
    const watcher = watchPlaylist(join(liveDir, 'index.m3u8'));
    cleanups.push(() => watcher.stop());
    const until = Date.now() + 30_000;
    while (watcher.published.size < 4 && Date.now() < until) await sleep(200);
    if (watcher.published.size < 4) throw new Error('the encoder wrote no stream');
    console.log(`stream ready in ${liveDir}`);

    const results: PhaseResult[] = [];
    const targets: [Target, string][] = [
      [staticRef, conferenceId],
      ...(nginx ? [[nginx, conferenceId] as [Target, string]] : []),
      [app, conferenceId],
      ...others.map((o) => [o, o.ready.conferenceId as string] as [Target, string]),
    ];
    // What each server costs with the stream running and nobody watching.
    await waitForQuiet(() => [...targets.map(([t]) => t.pid), encoder.pid!], QUIET);
    const idle0 = targets.map(([t]) => procTicks(t.pid));
    const idleAt = now();
    await sleep(10_000);
    const idle = targets.map(
      ([t], i) =>
        [t.name, (100 * (procTicks(t.pid) - idle0[i]!)) / TICK_HZ / ((now() - idleAt) / 1000)] as [
          string,
          number,
        ],
    );
    const load0 = loadavg()[0]!;
    const tests = watchTests();
    cleanups.push(() => tests.stop());
    const own = () => [...targets.map(([t]) => t.pid), encoder.pid!];
    for (const n of counts) {
      for (const [target, id] of targets) {
        // No test run, and the rest of the machine nearly idle (two cores, shared).
        await waitForQuiet(own, QUIET);
        const r = await phase(target, n, seconds, id, watcher.published, encoder.pid!, tests);
        results.push(r);
        console.log(
          `  ${n} viewers, ${r.target}: ${((100 * r.inTime) / r.expected).toFixed(2)} % in time (${r.late} late, ${r.missing} missing), fetch p50/p95 ${r.fetchP50.toFixed(0)}/${r.fetchP95.toFixed(0)} ms, server ${r.serverCpu.toFixed(0)} % CPU ${r.serverRss.toFixed(0)} MB, ${r.egressMbit.toFixed(0)} Mbit/s, bench ${r.benchCpu.toFixed(0)} %, machine ${r.machineCpu.toFixed(0)} %`,
        );
      }
    }
    const segs = [...watcher.published.values()].filter((p) => p.bytes && p.duration);
    const streamMbit =
      (segs.reduce((a, p) => a + p.bytes, 0) * 8) / segs.reduce((a, p) => a + p.duration, 0) / 1e6;
    return {
      results,
      streamMbit,
      segments: segs.length,
      nginx: !!nginx,
      load: `${load0.toFixed(1)} → ${loadavg()[0]!.toFixed(1)}`,
      testsSeen: results.some((x) => x.tests),
      idle,
      seconds,
    };
  } finally {
    for (const c of cleanups.reverse()) {
      try {
        await c();
      } catch {
        // going anyway
      }
    }
  }
}

function viewersSection(r: Awaited<ReturnType<typeof viewersBench>>) {
  const logNote =
    LOG_LEVELS.length > 1
      ? `The app runs once per log level (${LOG_LEVELS.join(', ')}); at \`info\`, the default, pino-http writes a line per request, here to /dev/null.`
      : `The app logs at \`LOG_LEVEL=${LOG_LEVELS[0]}\`${LOG_LEVELS[0] === 'info' ? ' (the default: pino-http writes a line per request, here to /dev/null)' : ''}.`;
  const f0 = (v: number) => (Number.isFinite(v) ? v.toFixed(0) : '–');
  const share = (x: PhaseResult) => (100 * x.inTime) / Math.max(1, x.expected);
  const rows = r.results.map(
    (x) =>
      `| ${x.viewers} | ${x.target}${x.tests ? ' †' : ''} | ${share(x).toFixed(2)} % (${x.late} late, ${x.missing} missing) | ${f0(x.fetchP50)} / ${f0(x.fetchP95)} / ${f0(x.fetchMax)} | ${f0(x.serverCpu)} % | ${x.loop ? `${f0(x.loop.p99)} / ${f0(x.loop.max)}` : '–'} | ${f0(x.serverRssStart)} → ${f0(x.serverRss)} MB | ${f0(x.egressMbit)} (${(x.egressMbit / x.viewers).toFixed(2)}) | ${f0(x.benchCpu)} % | ${f0(x.encoderCpu)} % | ${f0(Math.max(0, x.machineCpu - x.serverCpu - x.benchCpu - x.encoderCpu))} % | ${f0(x.machineCpu)} % |`,
  );
  const best = (target: string) => {
    const ok = r.results.filter((x) => x.target === target && share(x) >= 99);
    return ok.length ? Math.max(...ok.map((x) => x.viewers)) : 0;
  };
  const names = [...new Set(r.results.map((x) => x.target))];
  const verdict = names
    .map((name) => `${name}: ${best(name) || `none of ${r.results[0]?.viewers ?? '?'}+`}`)
    .join('; ');
  const app = r.results.filter((x) => x.target === 'Đối thoại');
  const ref = r.results.filter((x) => x.target.startsWith('static'));
  const perCore = (list: PhaseResult[]) => {
    const ok = list.filter((x) => share(x) >= 99 && x.serverCpu > 0);
    if (!ok.length) return NaN;
    const last = ok.at(-1)!;
    return last.egressMbit / (last.serverCpu / 100);
  };
  return [
    '## Public stream: viewers per instance',
    '',
    `Measured ${new Date().toISOString().slice(0, 16)}Z on ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), ffmpeg ${ffmpegVersion()}, loopback; load average ${r.load} over the run${r.testsSeen ? '; rows marked † had a test run of another session going on during their window (see the whole-machine column); the others had the machine to themselves' : '; no test run during any window'}. Each window began once no test run was going on and other work used under ${QUIET.limit} % of a core (or after 5 minutes of waiting). Reproduce: \`node --import tsx bench/public-stream.ts --part viewers\` (\`--viewers ${[...new Set(r.results.map((x) => x.viewers))].join(',')} --seconds ${r.seconds}\`; about ${Math.ceil((r.results.length * (r.seconds + WARMUP_MS / 1000 + 4)) / 60)} minutes).`,
    '',
    `**Setup.** The app in a process of its own (\`bench/support/public-stream-server.ts\`: embedded PGlite in memory, demo data, no media server, \`MEDIA_DIR\` in a temporary folder) with one public conference made through the domain's use cases (\`createConference\`, \`changeConferenceStatus\` → scheduled); the viewers are anonymous, so every request goes through the app's whole middleware chain and the access check (\`server/media/media-files.ts\`, the decision cached 5 s). An ffmpeg of the benchmark's own writes a live HLS stream into that conference's live folder with \`program-stream.ts\`'s settings (testsrc2 1280x720 25 fps and a tone; H.264 veryfast 2500k, AAC 128k, 2 s segments, the same \`hls_flags\`): ${r.streamMbit.toFixed(2)} Mbit/s measured over ${r.segments} segments. N viewers in the benchmark's process behave like hls.js: each its own keep-alive connection (node:http Agent), the playlist again 2 s after a load that brought a new segment (1 s after one that did not), every new segment once, one at a time; they start spread over 2 s, are measured for ${r.seconds} s after ${WARMUP_MS / 1000} s. "In time": the segment had fully arrived when a player playing two segments behind the live edge it first saw (hls.js with the page's \`liveSyncDurationCount: 2\`) needs it — when the next segment appears, plus that viewer's own lag at its first load; "missing" also counts a viewer that never got the segment. ${logNote} Reference in the same run, the same files and viewers: a minimal static server (\`bench/reference/static-files.ts\`: node:http and \`fs.createReadStream\`, nothing else)${r.nginx ? ' and nginx (one worker, sendfile)' : '; nginx is not installed on this machine (`/usr/sbin/nginx`), so no nginx row'}.`,
    '',
    'Columns: segment fetch time p50 / p95 / max in ms (request to last byte); CPU in % of one core over the window; the server\'s event-loop delay in ms (how long a ready request could wait for the loop; Node servers only); RSS at the window\'s start → highest; egress in Mbit/s received by all viewers (per viewer); "bench" is this process (the viewers); the encoder is the ffmpeg; "other processes" is what the machine spent beyond these (the kernel\'s loopback work, the idle servers, other work on the machine); "machine" is everything, of 200 %.',
    '',
    '| viewers | server | segments in time | fetch p50 / p95 / max | server CPU | server loop delay p99 / max | server RSS | egress Mbit/s (per viewer) | bench CPU | encoder CPU | other processes | machine |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    `With the stream running and no viewer, the servers used ${r.idle.map(([name, pct]) => `${pct.toFixed(1)} % (${name})`).join(', ')} of a core.`,
    '',
    `Largest N with at least 99 % of segments in time — ${verdict}.`,
    '',
    `**Reading.** ${readingViewers(app, ref, perCore(app), perCore(ref), r.streamMbit)}`,
    '',
  ].join('\n');
}

function readingViewers(
  app: PhaseResult[],
  ref: PhaseResult[],
  appPerCore: number,
  refPerCore: number,
  streamMbit: number,
) {
  const share = (x: PhaseResult) => (100 * x.inTime) / Math.max(1, x.expected);
  const lastOk = (list: PhaseResult[]) => list.filter((x) => share(x) >= 99).at(-1);
  const firstFail = (list: PhaseResult[]) => list.find((x) => share(x) < 99);
  const a = lastOk(app);
  const s = lastOk(ref);
  const af = firstFail(app);
  const f0 = (v: number) => v.toFixed(0);
  const parts: string[] = [];
  if (a)
    parts.push(
      `On this machine one app instance served ${a.viewers} viewers with ${share(a).toFixed(1)} % of segments in time, ${f0(a.egressMbit)} Mbit/s (${(a.egressMbit / a.viewers).toFixed(2)} per viewer: the stream's ${streamMbit.toFixed(2)} and the playlists), using ${f0(a.serverCpu)} % of a core${Number.isFinite(appPerCore) ? ` — about ${f0(appPerCore)} Mbit/s, or ${f0(appPerCore / streamMbit)} viewers, per core of the app` : ''}.`,
    );
  else parts.push('The app did not serve even the smallest N with 99 % of segments in time.');
  if (af)
    parts.push(
      `At ${af.viewers} it fell behind (${share(af).toFixed(0)} % in time, fetch p50 ${f0(af.fetchP50)} ms) with the machine at ${f0(af.machineCpu)} % of 200 — the viewers themselves (${f0(af.benchCpu)} %) and the encoder (${f0(af.encoderCpu)} %) share the two cores with it, so this is where the machine ran out, not only the app${af.loop ? `; its event loop was held up to ${f0(af.loop.max)} ms (p99 ${f0(af.loop.p99)} ms)` : ''}.`,
    );
  if (s)
    parts.push(
      `The bare static server, on the same machine with the same viewers, kept ${s.viewers} in time at ${f0(s.serverCpu)} % of a core${Number.isFinite(refPerCore) ? ` (about ${f0(refPerCore)} Mbit/s per core)` : ''}`,
    );
  const both = app.filter((x) =>
    ref.some((y) => y.viewers === x.viewers && share(y) >= 99 && share(x) >= 99),
  );
  if (both.length && s) {
    const x = both.at(-1)!;
    const y = ref.find((z) => z.viewers === x.viewers)!;
    parts[parts.length - 1] +=
      `: for the same ${x.viewers} viewers the app used ${(x.serverCpu / Math.max(1, y.serverCpu)).toFixed(1)}× its CPU (Express's middleware, a request log line, security headers, the access check, \`send\`), with a fetch p95 of ${f0(x.fetchP95)} against ${f0(y.fetchP95)} ms.`;
  } else if (s) parts[parts.length - 1] += '.';
  parts.push(
    `Serving segments from Node is fine for hundreds of viewers per instance; a public audience of thousands needs the segments from a cache in front (nginx, a CDN), which needs nothing of the app but its \`Cache-Control\` — see "Public audience at scale" in docs/architecture.md.`,
  );
  return parts.join(' ');
}

// ---------------------------------------------------------------------------------
// (b) Glass-to-glass delay

/** The site's camera: the time (ms, the bench's clock) as 32 blocks; a tone as microphone. */
const TIME_CAMERA = String.raw`
(() => {
  const crc8 = (v) => {
    let c = 0;
    for (const byte of [v & 255, (v >>> 8) & 255, (v >>> 16) & 255]) {
      c ^= byte;
      for (let i = 0; i < 8; i++) c = c & 0x80 ? ((c << 1) ^ 0x07) & 255 : (c << 1) & 255;
    }
    return c;
  };
  navigator.mediaDevices.getUserMedia = async () => {
    const W = 640, H = 360, COLS = 8, ROWS = 4;
    const canvas = document.createElement('canvas');
    canvas.width = W; canvas.height = H;
    const g = canvas.getContext('2d');
    const draw = () => {
      const t = Math.round(performance.timeOrigin + performance.now() - (window.__benchOffset || 0));
      const v = t % 16777216;
      const bits = [];
      for (let i = 0; i < 24; i++) bits.push((v >>> i) & 1);
      const c = crc8(v);
      for (let i = 0; i < 8; i++) bits.push((c >>> i) & 1);
      bits.forEach((b, i) => {
        g.fillStyle = b ? '#fff' : '#000';
        g.fillRect((i % COLS) * (W / COLS), Math.floor(i / COLS) * (H / ROWS), W / COLS, H / ROWS);
      });
    };
    draw();
    setInterval(draw, 5);
    const audio = new AudioContext();
    const osc = audio.createOscillator();
    osc.frequency.value = 440;
    const dest = audio.createMediaStreamDestination();
    osc.connect(dest);
    osc.start();
    return new MediaStream([...canvas.captureStream(25).getVideoTracks(), ...dest.stream.getAudioTracks()]);
  };
})();
`;

/** Reads the blocks of every frame a video shows: delay = shown − drawn (the bench's clock). */
const TIME_READER = String.raw`
window.__g2g = (() => {
  const crc8 = (v) => {
    let c = 0;
    for (const byte of [v & 255, (v >>> 8) & 255, (v >>> 16) & 255]) {
      c ^= byte;
      for (let i = 0; i < 8; i++) c = c & 0x80 ? ((c << 1) ^ 0x07) & 255 : (c << 1) & 255;
    }
    return c;
  };
  const state = { samples: [], bad: 0, frames: 0, selector: null };
  let canvas = null, g = null, hooked = null;
  const read = (video, displayAt, presentedAt) => {
    if (!canvas) {
      canvas = document.createElement('canvas');
      canvas.width = 64; canvas.height = 32;
      g = canvas.getContext('2d', { willReadFrequently: true });
    }
    g.drawImage(video, 0, 0, 64, 32);
    const d = g.getImageData(0, 0, 64, 32).data;
    let v = 0, c = 0;
    for (let i = 0; i < 32; i++) {
      const x0 = (i % 8) * 8 + 2, y0 = Math.floor(i / 8) * 8 + 2;
      let sum = 0;
      for (let y = y0; y < y0 + 4; y++)
        for (let x = x0; x < x0 + 4; x++) {
          const k = (y * 64 + x) * 4;
          sum += d[k] + d[k + 1] + d[k + 2];
        }
      const bit = sum / 48 > 128 ? 1 : 0;
      if (i < 24) v |= bit << i; else c |= bit << (i - 24);
    }
    state.frames++;
    if (crc8(v) !== c) { state.bad++; return; }
    const off = window.__benchOffset || 0;
    const shown = performance.timeOrigin + displayAt - off;
    const M = 16777216;
    // The drawn time's missing high bits from the shown time; a frame shown (by the clocks'
    // alignment) a hair before it was drawn gives a small negative delay, not 4.6 hours.
    let ago = (((Math.round(shown) - v) % M) + M) % M;
    if (ago > M / 2) ago -= M;
    const drawn = shown - ago;
    state.samples.push([shown, shown - drawn, performance.timeOrigin + presentedAt - off - drawn]);
  };
  const hook = () => {
    const v = state.selector && document.querySelector(state.selector);
    if (!v || v === hooked || !v.requestVideoFrameCallback) return;
    hooked = v;
    const cb = (t, meta) => {
      if (hooked !== v) return;
      if (v.videoWidth) read(v, meta.expectedDisplayTime || t, meta.presentationTime || t);
      v.requestVideoFrameCallback(cb);
    };
    v.requestVideoFrameCallback(cb);
  };
  setInterval(hook, 200);
  return {
    watch(selector) { state.selector = selector; hook(); },
    reset() { state.samples = []; state.bad = 0; state.frames = 0; },
    take() { return { samples: state.samples, bad: state.bad, frames: state.frames }; },
    now() { return performance.timeOrigin + performance.now(); },
  };
})();
`;

interface Reader {
  watch(selector: string): void;
  reset(): void;
  /** [shown, delay to the expected display time, delay to the presentation time] */
  take(): { samples: [number, number, number][]; bad: number; frames: number };
  now(): number;
}
type ReaderWindow = { __g2g: Reader; __benchOffset: number };

async function delayBench(seconds: number) {
  spawnSync(process.execPath, [join(root, 'scripts/build-if-needed.mjs')], { stdio: 'inherit' });
  const { startServer } = await import('../tests/support/server-process.ts');
  const { launchMediaBrowser } = await import('../tests/support/media.ts');
  const { signInPage } = await import('../tests/support/browser.ts');
  const cleanups: (() => Promise<unknown> | unknown)[] = [];
  try {
    const server = await startServer({
      args: ['--demo'],
      env: { JANUS_URL: '', JANUS_ICE_ENFORCE: 'vmedia0' },
    });
    cleanups.push(() => server.stop());
    cleanups.push(() => rmSync(server.dataDir, { recursive: true, force: true }));
    if (!server.output().includes('Video: started Janus'))
      throw new Error(`no Janus:\n${server.output().slice(-2000)}`);
    const login = async (email: string, password: string) => {
      const res = await fetch(`${server.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
      });
      return res.headers.getSetCookie()[0]!.split(';')[0]!;
    };
    const admin = await login(server.demo!.email, server.demo!.password);
    const call = async (path: string, body?: unknown) => {
      const res = await fetch(`${server.url}/api/v1${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { 'content-type': 'application/json', cookie: admin },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const json = res.status === 204 ? null : await res.json();
      if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
      return json;
    };
    const conf = await call('/conferences', {
      title: 'Hội nghị đo độ trễ truyền hình trực tiếp',
      theme: 'Từ camera đến người xem',
      organiser: 'Ban Tổ chức',
      startsAt: '2026-12-18T01:00:00Z',
      endsAt: '2026-12-18T04:00:00Z',
      siteChairApproval: false,
      defaultTurnMinutes: 5,
      themes: ['Chuyển đổi số'],
    });
    const conferenceId = conf.id as string;
    await call(`/conferences/${conferenceId}/status`, { status: 'scheduled' });
    const site = await call(`/conferences/${conferenceId}/sites`, {
      name: 'Điểm cầu chính Hà Nội',
      unitName: 'Điểm cầu chính Hà Nội',
      isHost: true,
    });
    const operator = { email: 'do-tre@doithoai.example', password: 'mat-khau-do-tre-2026' };
    await call('/users', { ...operator, name: 'Kỹ thuật Hà Nội' });
    await call(`/conferences/${conferenceId}/members`, {
      email: operator.email,
      role: 'site_operator',
      siteId: site.id,
    });
    let commandNo = 0;
    const command = (c: unknown) =>
      call(`/conferences/${conferenceId}/live/commands`, {
        commandId: `bench-delay-${++commandNo}-${Date.now()}`,
        command: c,
      });
    const snapshot = async () => (await call(`/conferences/${conferenceId}/live`)).snapshot;

    const browser = await launchMediaBrowser();
    cleanups.push(() => browser.close());
    const context = async (init: string) => {
      const c = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      await c.addInitScript(init);
      return c.newPage();
    };
    // The session is open for the technical check: consoles may publish.
    await command({ type: 'session.open_check' });
    const camera = await context(TIME_CAMERA);
    await signInPage(camera, server.url, operator.email, operator.password);
    await camera.goto(
      `${server.url}/quan-ly/hoi-nghi/${conferenceId}/diem-cau/${site.id}/truc-tiep`,
    );
    await camera.getByRole('button', { name: 'Bật camera và micrô' }).click();
    for (let i = 0; ; i++) {
      const s = await snapshot();
      if ((s.sites[site.id] as { media?: string } | undefined)?.media === 'live') break;
      if (i > 80) throw new Error('the camera never went live');
      await sleep(500);
    }
    await command({ type: 'session.start' });

    const chair = await context(TIME_READER);
    await signInPage(chair, server.url, server.demo!.email, server.demo!.password);
    await chair.goto(`${server.url}/quan-ly/hoi-nghi/${conferenceId}/dieu-hanh`);
    const viewer = await context(TIME_READER);
    await viewer.goto(`${server.url}/hoi-nghi/${conf.slug}/truc-tiep`);
    const programSel = '[data-testid=program] video';
    const playerSel = '[data-testid=live-player] video';
    const pages: [Page, string][] = [
      [chair, programSel],
      [viewer, playerSel],
    ];
    for (const [page, selector] of pages)
      await page.evaluate((s) => (window as unknown as ReaderWindow).__g2g.watch(s), selector);

    // Each page's clock against ours (epoch ms): the camera draws, the readers read, in ours.
    const offsetOf = async (page: Page) => {
      let best = { rtt: Infinity, offset: 0 };
      for (let i = 0; i < 15; i++) {
        const a = now();
        const p = await page.evaluate(() => performance.timeOrigin + performance.now());
        const b = now();
        if (b - a < best.rtt) best = { rtt: b - a, offset: p - (a + b) / 2 };
      }
      return best.offset;
    };
    const offsets: number[] = [];
    for (const page of [camera, chair, viewer]) {
      const offset = await offsetOf(page);
      offsets.push(offset);
      await page.evaluate((o) => ((window as unknown as ReaderWindow).__benchOffset = o), offset);
    }
    const take = (page: Page) =>
      page.evaluate(() => (window as unknown as ReaderWindow).__g2g.take());
    const until = Date.now() + 120_000;
    for (;;) {
      const [c, v] = await Promise.all([take(chair), take(viewer)]);
      if (c.samples.length > 10 && v.samples.length > 10) break;
      if (Date.now() > until) {
        await viewer.screenshot({ path: join(tmpdir(), 'public-stream-viewer.png') });
        throw new Error(
          `no time code read: chair ${c.samples.length} (${c.frames} frames, ${c.bad} bad), public ${v.samples.length} (${v.frames} frames, ${v.bad} bad)\n${server.output().slice(-2000)}`,
        );
      }
      await sleep(1000);
    }
    // Settle (the player catches up with its live position), then measure once the rest
    // of the machine is quiet (every process this namespace shows is ours).
    await sleep(10_000);
    await waitForQuiet(() => pidsWhere(() => true), QUIET);
    for (const [page] of pages)
      await page.evaluate(() => (window as unknown as ReaderWindow).__g2g.reset());
    const janus = pidsWhere((c) => /(^|\/)janus /.test(c) && !c.includes('node'));
    const encoder = pidsWhere((c) => c.startsWith('ffmpeg') && c.includes(' -f hls '));
    const chromium = pidsWhere((c) => c.includes('chromium'));
    const tests = watchTests();
    cleanups.push(() => tests.stop());
    const before = {
      at: now(),
      machine: machineTicks(),
      app: procTicks(server.child.pid!),
      janus: ticksOf(janus),
      encoder: ticksOf(encoder),
      chromium: ticksOf(chromium),
    };
    await sleep(seconds * 1000);
    const dt = (now() - before.at) / 1000;
    const m = machineTicks();
    const pct = (t: number) => (100 * t) / TICK_HZ / dt;
    const load = {
      machine:
        (100 * cpus().length * (m.busy - before.machine.busy)) /
        Math.max(1, m.total - before.machine.total),
      app: pct(procTicks(server.child.pid!) - before.app),
      janus: pct(ticksOf(janus) - before.janus),
      encoder: pct(ticksOf(encoder) - before.encoder),
      chromium: pct(ticksOf(chromium) - before.chromium),
    };
    const [c, v] = await Promise.all([take(chair), take(viewer)]);
    const stats = (r: { samples: [number, number, number][]; bad: number; frames: number }) => {
      const d = r.samples.map((s) => s[1]).sort((a, b) => a - b);
      const presented = r.samples.map((s) => s[2]).sort((a, b) => a - b);
      return {
        presentedP50: percentile(presented, 50),
        n: d.length,
        frames: r.frames,
        bad: r.bad,
        p50: percentile(d, 50),
        p95: percentile(d, 95),
        min: d[0] ?? NaN,
        max: d.at(-1) ?? NaN,
      };
    };
    const chromiumVersion = spawnSync('chromium', ['--version'], {
      encoding: 'utf8',
    }).stdout?.trim();
    const janusVersion = /\(([\d.]+)\)/.exec(
      spawnSync('janus', ['--version'], { encoding: 'utf8' }).stdout ?? '',
    )?.[1];
    return {
      tests: tests.seenBetween(before.at, now()),
      webrtc: stats(c),
      hls: stats(v),
      load,
      seconds,
      offsets,
      chromiumVersion,
      janusVersion: janusVersion ?? '?',
    };
  } finally {
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch {
        // going anyway
      }
    }
  }
}

function delaySection(r: Awaited<ReturnType<typeof delayBench>>) {
  const f0 = (v: number) => (Number.isFinite(v) ? v.toFixed(0) : '–');
  const row = (name: string, s: typeof r.hls) =>
    `| ${name} | ${f0(s.p50)} | ${f0(s.p95)} | ${f0(s.min)} – ${f0(s.max)} | ${s.n} of ${s.frames} frames (${s.bad} unreadable) |`;
  return [
    '## Public stream: glass-to-glass delay',
    '',
    `Measured ${new Date().toISOString().slice(0, 16)}Z on ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Janus ${r.janusVersion} (Debian), ${r.chromiumVersion}, ffmpeg ${ffmpegVersion()}, everything on this one machine in a private network namespace${r.tests ? '; a test run of another session was going on during the measurement (see the load below)' : ', no test run during the measurement'}. Reproduce: \`node --import tsx bench/public-stream.ts --part delay\` as root (\`--delay-seconds ${r.seconds}\`; about two minutes).`,
    '',
    `**Method.** The app as \`npm start\` runs it (\`server/main.ts --demo\`, its own Janus), one public conference in session with one site, the host. That site's console in Chromium publishes a synthetic camera (a 640x360 canvas at 25 fps) that draws, every 5 ms, the current time on the benchmark's clock (ms modulo 2²⁴ and a CRC-8) as 8×4 black and white blocks; no floor is granted, so the program is the host's camera. Two other pages read the blocks of every frame they show (requestVideoFrameCallback, the frame's expected display time): the public live page (\`/hoi-nghi/<slug>/truc-tiep\`, hls.js, as an anonymous phone would) — camera → VP8 simulcast → Janus → \`rtp_forward\` → ffmpeg (compose, H.264, 2 s HLS segments) → the app's \`/media/live/\` → hls.js (\`liveSyncDurationCount: 2\`); and, the reference, the chair console's program (\`/quan-ly/hoi-nghi/<id>/dieu-hanh\`): the same camera through WebRTC from Janus. Page clocks aligned to the benchmark's (the fastest of 15 round trips; offsets ${r.offsets.map((o) => o.toFixed(1)).join(', ')} ms). Delay = shown − drawn, in ms, over ${r.seconds} s after the player had settled; a frame whose CRC does not match is not counted. The canvas is redrawn every 5 ms and captured at 25 fps, so a captured frame shows a time at most about 5 ms old; the clocks' alignment is good to a few ms (a WebRTC frame can come out at −1 ms).`,
    '',
    '| path | p50 | p95 | min – max | frames read |',
    '|---|---|---|---|---|',
    row('public live page (HLS)', r.hls),
    row('chair console, WebRTC (reference)', r.webrtc),
    '',
    `Timed to the frame's presentation time instead of its expected display time, the p50s are ${f0(r.hls.presentedP50)} (HLS) and ${f0(r.webrtc.presentedP50)} ms (WebRTC).`,
    '',
    `Load while measuring (CPU in % of one core): the app ${f0(r.load.app)} %, Janus ${f0(r.load.janus)} %, the stream's ffmpeg ${f0(r.load.encoder)} %, Chromium (three pages: the camera and its console, the chair console, the public page) ${f0(r.load.chromium)} %; the whole machine ${f0(r.load.machine)} % of ${100 * cpus().length}.`,
    '',
    `**Reading.** ${readingDelay(r)}`,
    '',
  ].join('\n');
}

function readingDelay(r: Awaited<ReturnType<typeof delayBench>>) {
  const s = (ms: number) => (ms / 1000).toFixed(1);
  return [
    `A viewer of the public page sees the room ${s(r.hls.p50)} s late (p95 ${s(r.hls.p95)} s); a screen on WebRTC ${Math.round(r.webrtc.p50)} ms (p95 ${Math.round(r.webrtc.p95)} ms).`,
    `The HLS delay is what its design costs: a segment is published only when its 2 s are complete, hls.js starts two segments behind the newest it sees (\`liveSyncDurationCount: 2\`), and it learns of a segment only at its next playlist load (every 2 s); the rest is ffmpeg's composing and encoding and hls.js's buffering.`,
    `It is fine for a public audience that watches and does not speak; anyone who takes part (the sites, the chair, the secretary) is on WebRTC. Shorter segments (1 s) or low-latency HLS would cut it by a few seconds at the price of more requests per viewer.`,
  ].join(' ');
}

function ffmpegVersion(): string {
  const text = spawnSync('ffmpeg', ['-version'], { encoding: 'utf8' }).stdout ?? '';
  return /ffmpeg version (\S+)/.exec(text)?.[1] ?? '?';
}

const writeSection = writePerformanceSection;

async function main() {
  const wantDelay = PART === 'delay' || PART === 'all';
  const wantViewers = PART === 'viewers' || PART === 'all';
  if (wantDelay && !readFileSync('/proc/net/dev', 'utf8').includes('vmedia0:')) {
    // Not yet in the namespace: run this script again inside one.
    const userns = process.getuid?.() === 0 ? [] : ['--user', '--map-root-user'];
    // Inside, pgrep sees only the namespace: tell it about test runs from out here.
    const testsFile = join(mkdtempSync(join(tmpdir(), 'doithoai-bench-')), 'tests');
    const stopRelay = relayTestRuns(testsFile);
    const child = spawn(
      'unshare',
      [
        ...userns,
        ...['--net', '--pid', '--fork', '--mount-proc'],
        join(root, 'scripts/media-namespace.sh'),
        ...[process.execPath, '--import', 'tsx', self, ...process.argv.slice(2)],
      ],
      { cwd: root, stdio: 'inherit', env: { ...process.env, BENCH_TESTS_FILE: testsFile } },
    );
    const code = await new Promise<number>((resolve) =>
      child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0))),
    );
    stopRelay();
    rmSync(join(testsFile, '..'), { recursive: true, force: true });
    process.exit(code);
  }
  // PID 1 of the namespace: signals have no default action unless handled.
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => process.exit(130));
  const limit = setTimeout(() => {
    console.error('public-stream: over 30 minutes, giving up');
    process.exit(2);
  }, 30 * 60_000);
  limit.unref();

  if (wantViewers) {
    await waitForTests();
    const counts = values.viewers!.split(',').map(Number);
    const r = await viewersBench(counts, Number(values.seconds));
    const text = viewersSection(r);
    console.log(`\n${text}`);
    if (!values['no-docs']) writeSection('Public stream: viewers per instance', text);
  }
  if (wantDelay) {
    await waitForTests();
    const r = await delayBench(Number(values['delay-seconds']));
    const text = delaySection(r);
    console.log(`\n${text}`);
    if (!values['no-docs']) writeSection('Public stream: glass-to-glass delay', text);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
