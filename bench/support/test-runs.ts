import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

// Whether a test run (vitest) is going on on this machine: on two cores it would skew
// every measurement, so benchmarks wait for it to end and say when one overlapped.
// Inside a PID namespace `pgrep` sees only the namespace's processes; the benchmark's
// process outside it writes the answer into the file named by BENCH_TESTS_FILE.

const FILE = process.env.BENCH_TESTS_FILE;

function pgrepTests(): boolean {
  return !!spawnSync('pgrep', ['-f', 'vitest run'], { encoding: 'utf8' }).stdout.trim();
}

export function testsRunningNow(): boolean {
  if (FILE) {
    try {
      return readFileSync(FILE, 'utf8').trim() === '1';
    } catch {
      return false;
    }
  }
  return pgrepTests();
}

/** Resolves once no test run is going on (asking every 30 s). */
export async function waitForTests(): Promise<void> {
  while (testsRunningNow()) {
    console.log('a test run is going on; waiting 30 s…');
    await new Promise((r) => setTimeout(r, 30_000));
  }
}

/** Notes every 2 s whether a test run is going on; asks whether one was seen in a span. */
export function watchTests() {
  const seen: number[] = [];
  const check = () => {
    if (testsRunningNow()) seen.push(Date.now());
  };
  check();
  const timer = setInterval(check, 2000);
  timer.unref();
  return {
    /** Whether a test run was seen between `from` and `to` (ms since epoch). */
    seenBetween: (from: number, to: number) => seen.some((t) => t >= from - 2000 && t <= to),
    stop: () => clearInterval(timer),
  };
}

/** Outside a namespace: keeps `path` saying whether a test run is going on. */
export function relayTestRuns(path: string): () => void {
  const write = () => writeFileSync(path, pgrepTests() ? '1' : '0');
  write();
  const timer = setInterval(write, 2000);
  return () => clearInterval(timer);
}

function machineTicks(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.split(/\s+/).slice(1).map(Number);
  const idle = line[3]! + line[4]!;
  const total = line.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

function ticksOf(pids: number[]): number {
  let sum = 0;
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      sum += Number(f[11]) + Number(f[12]);
    } catch {
      // gone
    }
  }
  return sum;
}

/**
 * CPU (% of one core) the machine spent over `ms` on anything but `own` processes (this
 * one included): other sessions' tests, browsers, builds.
 */
export async function othersCpu(own: number[], ms = 3000): Promise<number> {
  const pids = [process.pid, ...own];
  const m0 = machineTicks();
  const o0 = ticksOf(pids);
  await new Promise((r) => setTimeout(r, ms));
  const m1 = machineTicks();
  const o1 = ticksOf(pids);
  const cores = (m1.total - m0.total) / (ms / 10); // USER_HZ ticks per core over the span
  const busyPct = (100 * (m1.busy - m0.busy)) / Math.max(1, (m1.total - m0.total) / cores);
  return Math.max(0, busyPct - (100 * (o1 - o0)) / (ms / 10));
}

/**
 * Waits until no test run is going on and the rest of the machine is nearly idle (other
 * work under `limit` % of one core over 3 s), asking every 15 s, for at most `maxMs`.
 * Resolves with what the others used at the last look.
 */
export async function waitForQuiet(
  own: () => number[],
  opts: { limit?: number; maxMs?: number } = {},
): Promise<number> {
  const limit = opts.limit ?? 25;
  const until = Date.now() + (opts.maxMs ?? 20 * 60_000);
  for (;;) {
    await waitForTests();
    const others = await othersCpu(own());
    if (others < limit || Date.now() > until) return others;
    console.log(`other work on the machine uses ${others.toFixed(0)} % of a core; waiting 15 s…`);
    await new Promise((r) => setTimeout(r, 15_000));
  }
}
