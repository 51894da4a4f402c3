import cluster from 'node:cluster';
import { randomUUID } from 'node:crypto';
import {
  AggregatorRegistry,
  Counter,
  Gauge,
  type MetricObjectWithValues,
  type MetricValue,
} from 'prom-client';
import { PREFIX, processMetrics } from './metrics.ts';

type MetricsJson = MetricObjectWithValues<MetricValue<string>>[];

/** IPC between a cluster's workers and its primary (server/main.ts, WEB_CONCURRENCY > 1). */
const SCRAPE = 'doithoai:metrics:scrape';
const SCRAPED = 'doithoai:metrics:scraped';
const COLLECT = 'doithoai:metrics:collect';
const COLLECTED = 'doithoai:metrics:collected';

/** How long the primary waits for each worker's series; one that does not answer is left out. */
const WORKER_WAIT_MS = 3000;

interface Message {
  type?: string;
  id?: string;
  text?: string;
  error?: string;
  metrics?: MetricsJson;
}

/**
 * The primary's side: a scrape lands on one worker (they share the port), which asks the
 * primary; the primary asks every worker for its series (each labelled `worker="<id>"`),
 * adds its own (`worker="primary"`: its process, the workers alive, their restarts) and
 * answers with the whole group in one text. Workers that do not answer in time are left
 * out and counted in `doithoai_cluster_scrape_missing_workers`.
 */
export function serveClusterMetrics(opts: {
  onError: (err: unknown) => void;
  /** This process's instance series too (the owner of edge processes, server/edge.ts). */
  own?: () => Promise<MetricsJson>;
}) {
  const own = processMetrics();
  own.setDefaultLabels({ worker: 'primary' });
  let missing = 0;
  new Gauge({
    name: `${PREFIX}cluster_workers`,
    help: 'Worker processes of this instance alive (WEB_CONCURRENCY).',
    registers: [own],
    collect() {
      this.set(Object.values(cluster.workers ?? {}).filter((w) => w?.isConnected()).length);
    },
  });
  new Gauge({
    name: `${PREFIX}cluster_scrape_missing_workers`,
    help: 'Workers that did not answer the last scrape in time (their series are missing from it).',
    registers: [own],
    collect() {
      this.set(missing);
    },
  });
  const restarts = new Counter({
    name: `${PREFIX}cluster_worker_restarts_total`,
    help: 'Workers that died and were started again.',
    registers: [own],
  });

  const waiting = new Map<string, (metrics: MetricsJson) => void>();

  async function gather(): Promise<string> {
    const workers = Object.values(cluster.workers ?? {}).filter((w) => w?.isConnected());
    const answers = await Promise.all(
      workers.map(
        (worker) =>
          new Promise<MetricsJson | null>((resolve) => {
            const id = randomUUID();
            const timer = setTimeout(() => {
              waiting.delete(id);
              resolve(null);
            }, WORKER_WAIT_MS);
            waiting.set(id, (metrics) => {
              clearTimeout(timer);
              waiting.delete(id);
              resolve(metrics);
            });
            try {
              worker!.send({ type: COLLECT, id });
            } catch {
              clearTimeout(timer);
              waiting.delete(id);
              resolve(null);
            }
          }),
      ),
    );
    missing = answers.filter((a) => !a).length;
    const all = [
      ...answers.filter((a): a is MetricsJson => !!a),
      opts.own ? await opts.own() : await own.getMetricsAsJSON(),
    ];
    // Every series carries its worker: no two workers' values meet, so each is kept as it
    // is (prom-client would drop some, such as the process start time, by default).
    for (const list of all)
      for (const metric of list)
        if ((metric as { aggregator?: string }).aggregator === 'omit')
          (metric as { aggregator?: string }).aggregator = 'first';
    return AggregatorRegistry.aggregate(all as never).metrics();
  }

  cluster.on('message', (worker, message: Message) => {
    if (message?.type === COLLECTED && message.id) {
      waiting.get(message.id)?.(message.metrics ?? []);
    } else if (message?.type === SCRAPE && message.id) {
      gather().then(
        (text) => worker.isConnected() && worker.send({ type: SCRAPED, id: message.id, text }),
        (err: unknown) => {
          opts.onError(err);
          if (worker.isConnected())
            worker.send({ type: SCRAPED, id: message.id, error: String(err) });
        },
      );
    }
  });

  return {
    workerRestarted() {
      restarts.inc();
    },
  };
}

/**
 * A worker's side: answers the primary's requests for its series, and turns a scrape that
 * landed here into the whole group's (`scrape`).
 */
export function clusterWorkerMetrics(own: () => Promise<MetricsJson>) {
  const waiting = new Map<string, (m: Message) => void>();
  const onMessage = (message: Message) => {
    if (message?.type === COLLECT && message.id) {
      const id = message.id;
      own().then(
        (metrics) => process.send?.({ type: COLLECTED, id, metrics }),
        () => process.send?.({ type: COLLECTED, id, metrics: [] }),
      );
    } else if (message?.type === SCRAPED && message.id) {
      waiting.get(message.id)?.(message);
    }
  };
  process.on('message', onMessage);
  return {
    scrape(): Promise<string> {
      return new Promise((resolve, reject) => {
        const id = randomUUID();
        const timer = setTimeout(() => {
          waiting.delete(id);
          reject(new Error('the cluster primary did not answer the scrape'));
        }, WORKER_WAIT_MS + 2000);
        waiting.set(id, (m) => {
          clearTimeout(timer);
          waiting.delete(id);
          if (m.error || m.text === undefined) reject(new Error(m.error ?? 'no metrics'));
          else resolve(m.text);
        });
        process.send?.({ type: SCRAPE, id });
      });
    },
    stop() {
      process.off('message', onMessage);
    },
  };
}
