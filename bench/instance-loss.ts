// Instance loss at scale: two instances on one PostgreSQL database behind the shipped
// nginx (deploy/nginx.conf); `--victims` public screens on instance 0 and `--stayers` on
// instance 1, all connected through nginx; the chair posts an announcement every
// `--interval` ms from instance 1 and a second chair socket does the same from instance 0.
// Mid-turn, instance 0 is killed with SIGKILL. Its screens reconnect through nginx to
// instance 1 with the browser's own backoff (app/live/reconnect.ts, via
// tests/support/live-screen.ts). Measured: time until every screen is back, command →
// screen latency of the screens that stayed (before, during and after the reconnection),
// events missed or applied twice on any screen, confirmed commands missing from the log.
//
//   node --import tsx bench/instance-loss.ts [--victims 2000] [--stayers 500]
//       [--interval 100] [--before 15] [--after 15]
//       [--database-url postgres://postgres@127.0.0.1:5432/postgres]
//
// Needs about 3 open files per screen in this process and nginx's (2,500 screens: fine
// under this machine's 20,000; beyond ~6,000 screens raise `ulimit -n` first). Results
// go to docs/performance.md (section "Instance loss").
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import pg from 'pg';
import {
  demoConference,
  signInCookie,
  startCluster,
  type Cluster,
} from '../tests/support/cluster.ts';
import { LiveScreen } from '../tests/support/live-screen.ts';
import { RECONNECT_BASE_MS, RECONNECT_CAP_MS } from '../app/live/reconnect.ts';
import { writePerformanceSection } from './support/perf-doc.ts';
import { watchTests } from './support/test-runs.ts';

const { values } = parseArgs({
  options: {
    victims: { type: 'string', default: '2000' },
    stayers: { type: 'string', default: '500' },
    interval: { type: 'string', default: '500' },
    before: { type: 'string', default: '15' },
    after: { type: 'string', default: '15' },
    'database-url': { type: 'string' },
    /** A folder for the instances' CPU profiles (node --cpu-prof), written as they stop. */
    profile: { type: 'string' },
    /** Print the section instead of writing it into docs/performance.md. */
    'dry-run': { type: 'boolean', default: false },
  },
});
const VICTIMS = Number(values.victims);
const STAYERS = Number(values.stayers);
const INTERVAL_MS = Number(values.interval);
const BEFORE_MS = Number(values.before) * 1000;
const AFTER_MS = Number(values.after) * 1000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
function percentile(sorted: number[], p: number) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
const f = (n: number) => (Number.isFinite(n) ? n.toFixed(0) : '–');
function rssMb(pid: number | undefined) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** Opens screens through nginx until instance 0 has `victims` and instance 1 `stayers`. */
async function placeScreens(
  cluster: Cluster,
  conferenceId: string,
  onEvents: LiveScreen['opts']['onEvents'],
) {
  const on: LiveScreen[][] = [[], []];
  let extra = 0;
  for (let round = 0; on[0]!.length < VICTIMS || on[1]!.length < STAYERS; round++) {
    if (round > 200) throw new Error('could not place the screens');
    const batch = Array.from(
      { length: 100 },
      () => new LiveScreen(cluster.url, conferenceId, { onEvents }),
    );
    await Promise.all(batch.map((s) => s.start()));
    for (const s of batch) {
      const i = cluster.instanceOf(s.upstream);
      const want = i === 0 ? VICTIMS : STAYERS;
      if (i >= 0 && on[i]!.length < want) on[i]!.push(s);
      else {
        s.close();
        extra++;
      }
    }
  }
  return { victims: on[0]!, stayers: on[1]!, extra };
}

async function chairOn(cluster: Cluster, conferenceId: string, cookie: string, instance: number) {
  for (let i = 0; i < 20; i++) {
    const c = new LiveScreen(cluster.url, conferenceId, { cookie, subscribe: false });
    await c.start();
    if (cluster.instanceOf(c.upstream) === instance) return c;
    c.close();
  }
  throw new Error(`nginx never sent a chair to instance ${instance}`);
}

async function main() {
  const started = new Date();
  const loadStart = loadavg()[0]!;
  // This process's own delay: its screens' latencies include it.
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const tests = watchTests();
  // Instance 0 gets four screens in five: the victims fill up first.
  const cluster = await startCluster({
    instances: 2,
    nginx: { weights: [4, 1], workerConnections: 4 * (VICTIMS + STAYERS) + 1000 },
    databaseUrl: values['database-url'],
    nodeArgs: values.profile ? ['--cpu-prof', '--cpu-prof-dir', values.profile] : undefined,
  });
  const screens: LiveScreen[] = [];
  try {
    const cookie = await signInCookie(cluster.url, cluster.demo);
    const conference = await demoConference(cluster.url, cookie);

    // Latency of the main chair's commands (from the survivor) per screen group and phase.
    const sentAt = new Map<string, number>();
    let phase: 'before' | 'during' | 'after' = 'before';
    const latency = {
      stayers: { before: [] as number[], during: [] as number[], after: [] as number[] },
      victims: { before: [] as number[], during: [] as number[], after: [] as number[] },
    };
    const victimSet = new Set<LiveScreen>();
    const onEvents: LiveScreen['opts']['onEvents'] = (events, screen) => {
      const now = performance.now();
      for (const e of events) {
        if (e.type !== 'announcement.posted') continue;
        const t0 = sentAt.get(e.text);
        if (t0 === undefined) continue;
        latency[victimSet.has(screen) ? 'victims' : 'stayers'][phase].push(now - t0);
      }
    };
    const placed = await placeScreens(cluster, conference.id, onEvents);
    for (const s of placed.victims) victimSet.add(s);
    screens.push(...placed.victims, ...placed.stayers);
    console.log(
      `screens: ${placed.victims.length} on instance 0, ${placed.stayers.length} on instance 1 (${placed.extra} extra closed)`,
    );

    const chair = await chairOn(cluster, conference.id, cookie, 1);
    const desk = await chairOn(cluster, conference.id, cookie, 0);
    screens.push(chair, desk);
    await chair.command({ type: 'session.start' });
    const grant = await chair.command({
      type: 'floor.grant',
      siteId: conference.sites[1]!.id,
      minutes: 30,
    });
    if (grant.t !== 'ack') throw new Error(`floor.grant refused: ${JSON.stringify(grant)}`);

    const confirmed: string[] = [];
    const refused: unknown[] = [];
    let sending = true;
    const inFlight: Promise<void>[] = [];
    const post = (who: LiveScreen, text: string) =>
      inFlight.push(
        who.command({ type: 'announcement.post', text }).then((m) => {
          if (m.t === 'ack') confirmed.push(text);
          else refused.push(m);
        }),
      );
    const sender = (async () => {
      for (let i = 0; sending; i++) {
        const text = `L-${i}`;
        sentAt.set(text, performance.now());
        post(chair, text);
        post(desk, `D-${i}`);
        await sleep(INTERVAL_MS);
      }
    })();

    await sleep(BEFORE_MS);
    const rssBefore = rssMb(cluster.instances[1]!.server?.child.pid);
    const confirmedBeforeKill = confirmed.length;
    const killAt = Date.now();
    phase = 'during';
    await cluster.kill(0, 'SIGKILL');
    console.log(`instance 0 killed; ${confirmedBeforeKill} commands confirmed before`);
    const back = () => placed.victims.every((s) => s.resumedAt !== null && s.resumedAt >= killAt);
    const deadline = Date.now() + 120_000;
    while (!back() && Date.now() < deadline) await sleep(50);
    const allBackAt = Date.now();
    phase = 'after';
    console.log(`all ${placed.victims.length} back in ${allBackAt - killAt} ms`);
    await sleep(AFTER_MS);
    sending = false;
    await sender;
    // Every command answered before the log is read (a confirmed one must be in it).
    await Promise.race([Promise.all(inFlight), sleep(60_000)]);
    const confirmedAtRead = [...confirmed];
    const unanswered = chair.unanswered + desk.unanswered;
    const rssAfter = rssMb(cluster.instances[1]!.server?.child.pid);

    // The log, read from the database.
    const client = new pg.Client({ connectionString: cluster.databaseUrl });
    await client.connect();
    const { rows } = await client.query<{ seq: number; type: string; text: string | null }>(
      `select seq, type, payload->>'text' as text from conference_events
        where conference_id = $1 order by seq`,
      [conference.id],
    );
    await client.end();
    const last = rows.at(-1)!.seq;
    const all = [...placed.victims, ...placed.stayers];
    const catchUpDeadline = Date.now() + 30_000;
    while (all.some((s) => s.seq !== last) && Date.now() < catchUpDeadline) await sleep(100);

    const posted = new Map<string, number>();
    for (const r of rows)
      if (r.type === 'announcement.posted' && r.text)
        posted.set(r.text, (posted.get(r.text) ?? 0) + 1);
    const lost = confirmedAtRead.filter((t) => !posted.has(t)).length;
    const twice = [...posted.values()].filter((n) => n > 1).length;
    const behind = all.filter((s) => s.seq !== last).length;
    // A screen at the last seq after one snapshot has applied every seq since exactly once.
    const inexact = all.filter(
      (s) => s.seq === last && s.snapshots === 1 && last - s.firstSeq! !== s.appliedCount,
    ).length;
    const gaps = all.reduce((n, s) => n + s.gaps, 0);
    const duplicates = all.reduce((n, s) => n + s.duplicates, 0);
    const resyncs = all.filter((s) => s.snapshots > 1).length;
    const notMoved = placed.victims.filter((s) => cluster.instanceOf(s.upstream) !== 1).length;
    const stayersLost = placed.stayers.filter((s) => s.lostAt !== null).length;
    const reconnect = placed.victims
      .map((s) => (s.resumedAt ?? NaN) - killAt)
      .sort((a, b) => a - b);
    const reopened = placed.victims
      .map((s) => (s.reopenedAt ?? NaN) - killAt)
      .sort((a, b) => a - b);
    const attempts = placed.victims.map((s) => s.attempts - 1).sort((a, b) => a - b);

    const nginxLog = cluster.nginx?.output() ?? '';
    const nginxCount = (re: RegExp) => nginxLog.split('\n').filter((l) => re.test(l)).length;
    const ended = new Date();
    const overlap = tests.seenBetween(started.getTime(), ended.getTime());
    tests.stop();
    const row = (label: string, l: number[]) => {
      const sorted = [...l].sort((a, b) => a - b);
      return `| ${label} | ${sorted.length} | ${f(percentile(sorted, 50))} | ${f(percentile(sorted, 99))} | ${f(sorted.at(-1) ?? NaN)} |`;
    };
    const section = [
      '## Instance loss',
      '',
      `Two instances on one PostgreSQL server behind nginx (the shipped \`deploy/nginx.conf\`, addresses changed), ${placed.victims.length} public live screens on instance 0 and ${placed.stayers.length} on instance 1, all through nginx; the chair posts an announcement every ${INTERVAL_MS} ms from a socket on instance 1 and, from a second socket on instance 0, another every ${INTERVAL_MS} ms, with a turn open. After ${BEFORE_MS / 1000} s, instance 0 gets SIGKILL; its screens reconnect through nginx with the browser's backoff (\`reconnectDelay\`: full jitter, ${RECONNECT_BASE_MS} ms doubling to ${RECONNECT_CAP_MS} ms) and resume after their last seq. Measured ${started.toISOString().slice(0, 16)}Z on ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), everything on this machine (load average ${loadStart.toFixed(1)} at the start, ${loadavg()[0]!.toFixed(1)} at the end${overlap ? '; **the machine was shared with other test runs**' : ''}). Reproduce: \`node --import tsx bench/instance-loss.ts\` (about two minutes).`,
      '',
      '| what | result |',
      '|---|---|',
      `| screens moved to instance 1 | ${placed.victims.length - notMoved}/${placed.victims.length} |`,
      `| time from the kill until every screen was back (subscribed, events flowing) | ${allBackAt - killAt} ms |`,
      `| per screen, socket open again: p50 / p99 / max | ${f(percentile(reopened, 50))} / ${f(percentile(reopened, 99))} / ${f(reopened.at(-1) ?? NaN)} ms |`,
      `| per screen, subscribed with events flowing: p50 / p99 / max | ${f(percentile(reconnect, 50))} / ${f(percentile(reconnect, 99))} / ${f(reconnect.at(-1) ?? NaN)} ms |`,
      `| connection attempts per moved screen: p50 / max | ${percentile(attempts, 50)} / ${attempts.at(-1)} |`,
      `| screens that stayed and lost their socket | ${stayersLost} |`,
      `| gaps seen / events applied twice / screens whose count of events is off / screens not at the last seq at the end | ${gaps} / ${duplicates} / ${inexact} / ${behind} |`,
      `| screens resynchronised by a snapshot | ${resyncs} |`,
      `| commands confirmed / before the kill / missing from the log / in the log twice / refused / unanswered | ${confirmedAtRead.length} / ${confirmedBeforeKill} / ${lost} / ${twice} / ${refused.length} / ${unanswered} |`,
      `| nginx: connects refused / timed out / "no live upstreams" | ${nginxCount(/Connection refused/)} / ${nginxCount(/timed out/)} / ${nginxCount(/no live upstreams/)} |`,
      `| this process's event-loop delay (it runs every screen): p99 / max | ${f(loop.percentile(99) / 1e6)} / ${f(loop.max / 1e6)} ms |`,
      `| instance 1 resident memory before → after | ${f(rssBefore)} → ${f(rssAfter)} MB |`,
      '',
      'Command → screen latency in ms (from the chair sending on instance 1 to a screen receiving the event), per phase: before the kill, from the kill until every screen was back, after.',
      '',
      '| screens, phase | deliveries | p50 | p99 | max |',
      '|---|---|---|---|---|',
      row('stayed on instance 1, before', latency.stayers.before),
      row('stayed on instance 1, during', latency.stayers.during),
      row('stayed on instance 1, after', latency.stayers.after),
      row('moved from instance 0, before', latency.victims.before),
      row('moved from instance 0, after', latency.victims.after),
      '',
    ].join('\n');
    console.log(section);
    if (!values['dry-run']) {
      writePerformanceSection('Instance loss', section);
    }
  } finally {
    for (const s of screens) s.close();
    await cluster.stop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
