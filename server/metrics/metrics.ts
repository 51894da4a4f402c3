import type { IncomingMessage, ServerResponse } from 'node:http';
import { getHeapStatistics } from 'node:v8';
import {
  collectDefaultMetrics,
  Counter,
  Gauge,
  Histogram,
  Registry,
  type MetricObjectWithValues,
  type MetricValue,
} from 'prom-client';
import { toAppError } from '../../domain/errors.ts';
import { methodLabel, routeOf, statusClass } from './route-label.ts';

/** Every series this app exports starts with it (process and Node series keep their usual names). */
export const PREFIX = 'doithoai_';

/** The Prometheus text format's content type (prom-client's). */
export const CONTENT_TYPE = Registry.PROMETHEUS_CONTENT_TYPE;

let processRegistry: Registry | null = null;

/**
 * The process's own series (CPU, memory, event-loop lag, GC, handles, V8 heap and its
 * limit): one registry per process, shared by the instances a test runs in one process.
 */
export function processMetrics(): Registry {
  if (processRegistry) return processRegistry;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });
  new Gauge({
    name: `${PREFIX}heap_limit_bytes`,
    help: 'The V8 heap size limit of this process (what the heap may grow to before it fails).',
    registers: [registry],
    collect() {
      this.set(getHeapStatistics().heap_size_limit);
    },
  });
  processRegistry = registry;
  return registry;
}

/** Where the instance-wide gauges read their values at each scrape (all optional). */
export interface MetricSources {
  /** Screens subscribed on this instance, per conference. */
  liveScreens?: () => Map<string, number>;
  /** WebSocket connections open on this instance: the live gateway's and the media proxy's. */
  wsConnections?: () => { live: number; media: number };
  /** The database connection pool (pg), or the embedded database's single connection. */
  dbPool?: () => {
    total: number;
    idle: number;
    waiting: number;
    max: number;
    waitedSeconds: number;
  };
  /** LISTEN connections: connected, and waiting to reconnect. */
  dbListeners?: () => { connected: number; reconnecting: number };
  /** The same answer as /readyz (database answers, migrations applied). */
  ready?: () => Promise<boolean>;
  /** Pages held by the page cache. */
  pageCacheEntries?: () => number;
  /** The outbox as the database holds it (shared by every instance). */
  outbox?: () => Promise<{ backlog: number; oldestDueSeconds: number; failed: number } | null>;
  /** The media server: 'off' (none configured), 'connecting' (unreachable), 'ready'. */
  janus?: () => 'off' | 'connecting' | 'ready';
  /** Which media server (its host:port), the label of `janus_up`. */
  janusHost?: string;
}

const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const LAG_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** Runs an async read for a scrape, giving up (no sample) after `ms`. */
async function within<T>(ms: number, read: () => Promise<T>): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      read(),
      new Promise<null>((resolve) => {
        timer = setTimeout(() => resolve(null), ms);
      }),
    ]);
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * One app instance's metrics (server/server.ts makes one per instance). `worker` labels
 * every series of a cluster worker (server/main.ts, WEB_CONCURRENCY > 1), so that the
 * whole process group can answer one scrape and each worker stays apart.
 */
export function createMetrics(opts: { worker?: string; version?: string; database?: string }) {
  // The process's series measure from now (event-loop lag, GC), not from the first scrape.
  processMetrics();
  const registry = new Registry();
  const registers = [registry];
  const sources: MetricSources = {};

  new Gauge({
    name: `${PREFIX}instance_info`,
    help: 'Always 1: the version and the kind of database of this instance.',
    labelNames: ['version', 'database'],
    registers,
  }).set({ version: opts.version ?? '', database: opts.database ?? '' }, 1);

  const http = new Histogram({
    name: `${PREFIX}http_request_duration_seconds`,
    help: 'HTTP requests answered, by route pattern, method and status class, and how long they took.',
    labelNames: ['route', 'method', 'status_class'],
    buckets: HTTP_BUCKETS,
    registers,
  });
  const commandsAccepted = new Counter({
    name: `${PREFIX}live_commands_accepted_total`,
    help: 'Live-session commands accepted (a repeated commandId counts once more, as duplicate="true").',
    labelNames: ['command', 'duplicate'],
    registers,
  });
  const commandsRefused = new Counter({
    name: `${PREFIX}live_commands_refused_total`,
    help: 'Live-session commands refused, by command type and error code.',
    labelNames: ['command', 'code'],
    registers,
  });
  const eventLag = new Histogram({
    name: `${PREFIX}live_event_lag_seconds`,
    help: 'From a live event being appended (its timestamp, just before its commit) to its being handed to the sockets of this instance: commit, NOTIFY, the read and the sends.',
    buckets: LAG_BUCKETS,
    registers,
  });
  const eventsSent = new Counter({
    name: `${PREFIX}live_events_fanned_out_total`,
    help: 'Live events fanned out by this instance (each counted once, whatever the number of screens).',
    registers,
  });
  const wsDropped = new Counter({
    name: `${PREFIX}ws_dropped_total`,
    help: 'Live sockets closed by the server for misuse: slow_reader (unsent bytes over the cap), flood (too many messages), silent (no answer to pings).',
    labelNames: ['reason'],
    registers,
  });
  const pageCache = new Counter({
    name: `${PREFIX}page_cache_requests_total`,
    help: 'Cacheable page requests of anonymous readers: served from the page cache (hit) or rendered (miss).',
    labelNames: ['result'],
    registers,
  });
  const emailSends = new Counter({
    name: `${PREFIX}email_sends_total`,
    help: 'Outbox messages handled by this instance: sent, retry (refused, tried again later), failed (given up), held (e-mail off).',
    labelNames: ['result'],
    registers,
  });

  new Gauge({
    name: `${PREFIX}live_screens`,
    help: 'Screens subscribed to a conference’s live session on this instance (conferences with screens only).',
    labelNames: ['conference'],
    registers,
    collect() {
      this.reset();
      for (const [conference, n] of sources.liveScreens?.() ?? []) this.set({ conference }, n);
    },
  });
  new Gauge({
    name: `${PREFIX}ws_connections`,
    help: 'WebSocket connections open on this instance: the live session (/ws) and the media proxy.',
    labelNames: ['endpoint'],
    registers,
    collect() {
      const open = sources.wsConnections?.();
      if (!open) return;
      this.set({ endpoint: 'live' }, open.live);
      this.set({ endpoint: 'media' }, open.media);
    },
  });
  new Gauge({
    name: `${PREFIX}db_pool_connections`,
    help: 'Database connections of the pool: total open, idle, and max (the embedded database has one).',
    labelNames: ['state'],
    registers,
    collect() {
      const pool = sources.dbPool?.();
      if (!pool) return;
      this.set({ state: 'total' }, pool.total);
      this.set({ state: 'idle' }, pool.idle);
      this.set({ state: 'max' }, pool.max);
    },
  });
  new Gauge({
    name: `${PREFIX}db_pool_waiting`,
    help: 'Queries waiting for a database connection (the embedded database: waiting for its single connection).',
    registers,
    collect() {
      const pool = sources.dbPool?.();
      if (pool) this.set(pool.waiting);
    },
  });
  let waitedSeconds = 0;
  new Counter({
    name: `${PREFIX}db_pool_wait_seconds_total`,
    help: 'Time queries spent waiting for a database connection, in all: its rate is the average number of queries waiting (the embedded database runs one at a time, and a scrape cannot see its queue while it runs).',
    registers,
    collect() {
      const pool = sources.dbPool?.();
      if (!pool) return;
      if (pool.waitedSeconds > waitedSeconds) this.inc(pool.waitedSeconds - waitedSeconds);
      waitedSeconds = pool.waitedSeconds;
    },
  });
  new Gauge({
    name: `${PREFIX}db_listeners`,
    help: 'LISTEN connections (live events, portal changes, access changes, outbox): connected, or reconnecting (notifications may be missed meanwhile).',
    labelNames: ['state'],
    registers,
    collect() {
      const l = sources.dbListeners?.();
      if (!l) return;
      this.set({ state: 'connected' }, l.connected);
      this.set({ state: 'reconnecting' }, l.reconnecting);
    },
  });
  new Gauge({
    name: `${PREFIX}ready`,
    help: 'What /readyz says: 1 when the database answers and every migration is applied.',
    registers,
    async collect() {
      if (!sources.ready) return;
      this.set((await within(2000, sources.ready)) ? 1 : 0);
    },
  });
  new Gauge({
    name: `${PREFIX}page_cache_entries`,
    help: 'Pages held by this instance’s page cache.',
    registers,
    collect() {
      if (sources.pageCacheEntries) this.set(sources.pageCacheEntries());
    },
  });

  // The outbox is the database's: read at most every 30 s whoever scrapes.
  let outboxRead: {
    at: number;
    value: Promise<{ backlog: number; oldestDueSeconds: number; failed: number } | null>;
  } | null = null;
  const outbox = () => {
    if (!sources.outbox) return Promise.resolve(null);
    if (!outboxRead || Date.now() - outboxRead.at > 30_000)
      outboxRead = { at: Date.now(), value: within(2000, sources.outbox) };
    return outboxRead.value;
  };
  new Gauge({
    name: `${PREFIX}email_outbox_backlog`,
    help: 'Messages in the outbox waiting to be sent (queued or being sent), on the whole database.',
    registers,
    async collect() {
      const o = await outbox();
      if (o) this.set(o.backlog);
    },
  });
  new Gauge({
    name: `${PREFIX}email_outbox_oldest_due_seconds`,
    help: 'How long the oldest message due for sending has waited (0: none waiting).',
    registers,
    async collect() {
      const o = await outbox();
      if (o) this.set(o.oldestDueSeconds);
    },
  });
  new Gauge({
    name: `${PREFIX}email_outbox_failed`,
    help: 'Messages in the outbox given up on (failed), on the whole database.',
    registers,
    async collect() {
      const o = await outbox();
      if (o) this.set(o.failed);
    },
  });
  new Gauge({
    name: `${PREFIX}janus_configured`,
    help: '1 when this instance has a media server (Janus) configured or of its own; 0: video is off.',
    registers,
    collect() {
      if (sources.janus) this.set(sources.janus() === 'off' ? 0 : 1);
    },
  });
  new Gauge({
    name: `${PREFIX}janus_up`,
    help: '1 when this instance is connected to its media server (Janus, label janus = host:port), 0 when it is not; absent when video is off.',
    labelNames: ['janus'],
    registers,
    collect() {
      this.reset();
      const status = sources.janus?.();
      if (status && status !== 'off')
        this.set({ janus: sources.janusHost ?? '' }, status === 'ready' ? 1 : 0);
    },
  });

  if (opts.worker) registry.setDefaultLabels({ worker: opts.worker });

  return {
    registry,
    /** Tells the gauges where to read (the instance's parts, once they exist). */
    watch(more: MetricSources) {
      Object.assign(sources, more);
    },
    /** Times one HTTP request; its route label is read when it ends. */
    request(req: IncomingMessage, res: ServerResponse) {
      const end = http.startTimer();
      res.once('close', () =>
        end({
          route: routeOf(res),
          method: methodLabel(req.method),
          status_class: statusClass(res.statusCode, res.writableFinished),
        }),
      );
    },
    command(type: string, outcome: { duplicate: boolean } | { code: string }) {
      if ('code' in outcome) commandsRefused.inc({ command: type, code: outcome.code });
      else commandsAccepted.inc({ command: type, duplicate: String(outcome.duplicate) });
    },
    /** One live event handed to this instance's sockets, `seconds` after it was appended. */
    eventSent(seconds: number) {
      eventsSent.inc();
      eventLag.observe(Math.max(0, seconds));
    },
    wsDropped(reason: 'slow_reader' | 'flood' | 'silent') {
      wsDropped.inc({ reason });
    },
    pageCache(hit: boolean) {
      pageCache.inc({ result: hit ? 'hit' : 'miss' });
    },
    emailSent(result: 'sent' | 'retry' | 'failed' | 'held') {
      emailSends.inc({ result });
    },
    /** This instance's series and its process's, as prom-client's JSON (for a cluster's aggregation). */
    async json(): Promise<MetricObjectWithValues<MetricValue<string>>[]> {
      const proc = processMetrics();
      if (opts.worker) proc.setDefaultLabels({ worker: opts.worker });
      const all = [...(await proc.getMetricsAsJSON()), ...(await registry.getMetricsAsJSON())];
      return all as MetricObjectWithValues<MetricValue<string>>[];
    },
    /** This instance's series and its process's, in the Prometheus text format. */
    async text(): Promise<string> {
      const proc = processMetrics();
      if (opts.worker) proc.setDefaultLabels({ worker: opts.worker });
      return `${await proc.metrics()}\n${await registry.metrics()}`;
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

/**
 * Counts a live command's outcome (accepted, or refused with its error code: `internal`
 * for a failure that is no refusal) and passes its result or error through.
 */
export async function countCommand<T extends { duplicate: boolean }>(
  metrics: Pick<Metrics, 'command'> | null | undefined,
  type: string,
  run: Promise<T>,
): Promise<T> {
  try {
    const result = await run;
    metrics?.command(type, { duplicate: result.duplicate });
    return result;
  } catch (err) {
    metrics?.command(type, { code: toAppError(err)?.code ?? 'internal' });
    throw err;
  }
}
