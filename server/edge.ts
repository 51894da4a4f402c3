import cluster, { type Worker } from 'node:cluster';
import {
  Agent,
  createServer,
  request,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type ServerResponse,
} from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import {
  CLIENT_HEADER,
  EDGE_MESSAGES as M,
  EDGE_SOCKET_ENV,
  type EdgeMessage,
} from './edge-protocol.ts';
import { errorBody } from '../app/i18n/error-body.ts';
import { getT } from '../app/i18n/i18n.ts';
import { AppError } from '../domain/errors.ts';
import type { Env } from './env.ts';
import { answerClientError } from './http/errors.ts';
import {
  createKeptPages,
  EDGE_HEADER,
  findViewSlot,
  KEEP_HEADER,
  keptPageKey,
  sendKept,
  type PageCache,
  type ViewSlot,
} from './http/page-cache.ts';
import { viewBeaconHandler } from './http/view-beacon.ts';
import { clusterWorkerMetrics } from './metrics/cluster-metrics.ts';
import { createMetrics } from './metrics/metrics.ts';
import { metricsEndpoint } from './metrics/metrics-endpoint.ts';
import { setRoute } from './metrics/route-label.ts';

/**
 * Edge processes (docs/decisions/0016-edge-processes.md): the embedded database opens in
 * one process only, which caps a portal on PGlite at one core. With WEB_CONCURRENCY > 1
 * and no DATABASE_URL, that process (the owner) listens on a private socket and starts
 * edges sharing the public port (node cluster). An edge answers by itself what needs no
 * database: pages the owner said it may keep (until the owner's next change, sent to every
 * edge at once); it passes article view beacons to the owner in batches (one count for the
 * whole site, counted and answered there, so a reader never sees it go back); it
 * forwards everything else, WebSocket upgrades included, to the owner.
 */

/** Headers that belong to one connection, not to the request or answer passed on. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
]);
/** Not part of a kept page's replayed headers (set per answer, or by Node). */
const NOT_REPLAYED = new Set([
  ...HOP_BY_HOP,
  'date',
  'content-length',
  'x-request-id',
  'x-page-cache',
  KEEP_HEADER,
]);
const UNAVAILABLE = JSON.stringify(errorBody(new AppError('unavailable'), getT('vi')).body);

interface KeptPage {
  status: number;
  /** Node's flat header list; its last value is the request id, set per answer. */
  replay: string[];
  body: Buffer;
  expires: number;
  route: string;
  slot?: ViewSlot;
}

/** The edge process's side (a cluster worker started by `startEdges`). */
export async function runEdge(env: Env, logger: Logger, version: string) {
  const socketPath = process.env[EDGE_SOCKET_ENV]!;
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const kept = createKeptPages<KeptPage>();
  /** The owner's generation of pages; -1 until it says (nothing is kept before). */
  let generation = -1;

  // View beacons: the owner counts them and answers the count to show (one count for the
  // whole site, so a reader whose beacons reach different edges never sees it go back).
  // The beacons of one turn of this edge's loop go to the owner in one message.
  type Waiter = { resolve(count: number | null): void; reject(e: Error): void };
  const asked = new Map<
    number,
    { views: [string, boolean][]; waiters: Waiter[]; timer: NodeJS.Timeout }
  >();
  /** The last count the owner answered per article: written into kept pages as served. */
  let lastCounts = new Map<string, number>();
  let nextAsk = 0;
  let gathered: { views: [string, boolean][]; waiters: Waiter[] } | null = null;
  const send = (message: EdgeMessage) =>
    new Promise<void>((resolve, reject) =>
      process.send!(message, undefined, {}, (err) => (err ? reject(err) : resolve())),
    );
  /** Settles a question's beacons with the owner's answers, or the error. */
  function settle(id: number, answers: (number | null)[] | null, err?: Error) {
    const question = asked.get(id);
    if (!question) return;
    asked.delete(id);
    clearTimeout(question.timer);
    if (answers && lastCounts.size >= 100_000) lastCounts = new Map();
    question.waiters.forEach((w, i) => {
      if (!answers) return w.reject(err ?? new Error('no answer'));
      const count = answers[i] ?? null;
      const articleId = question.views[i]![0];
      if (typeof count === 'number' && count > (lastCounts.get(articleId) ?? -1))
        lastCounts.set(articleId, count);
      w.resolve(count);
    });
  }
  function askOwner() {
    const { views, waiters } = gathered!;
    gathered = null;
    const id = nextAsk++;
    const timer = setTimeout(() => settle(id, null, new Error('the owner did not answer')), 5000);
    asked.set(id, { views, waiters, timer });
    send({ type: M.viewsBeacon, id, views }).catch((err: Error) => settle(id, null, err));
  }
  const beacon = {
    view: (articleId: string, counted: boolean) =>
      new Promise<number | null>((resolve, reject) => {
        if (!gathered) {
          gathered = { views: [], waiters: [] };
          setImmediate(askOwner);
        }
        gathered.views.push([articleId, counted]);
        gathered.waiters.push({ resolve, reject });
      }),
  };
  const publicOrigin = env.PUBLIC_URL ? new URL(env.PUBLIC_URL).origin : null;
  const serveBeacon = viewBeaconHandler(beacon, publicOrigin);

  const metrics = createMetrics({
    worker: `edge-${cluster.worker?.id ?? process.pid}`,
    version,
    database: 'pglite',
  });
  metrics.watch({ pageCacheEntries: () => kept.size });
  const group = clusterWorkerMetrics(() => metrics.json());
  const serveMetrics = metricsEndpoint({
    token: env.METRICS_TOKEN,
    scrape: group.scrape,
    onError: (err) => logger.warn({ err }, 'metrics: scrape failed'),
  });

  function serveKept(req: IncomingMessage, res: ServerResponse, key: string | null): boolean {
    const page = key === null ? undefined : kept.get(key);
    if (!page || page.expires <= Date.now()) return false;
    metrics.request(req, res);
    metrics.pageCache(true);
    sendKept(req, res, page, [], (articleId) => lastCounts.get(articleId));
    return true;
  }

  function forward(req: IncomingMessage, res: ServerResponse, key: string | null) {
    const headers: OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(req.headers))
      if (!HOP_BY_HOP.has(name) && name !== CLIENT_HEADER && name !== EDGE_HEADER)
        headers[name] = value;
    headers[CLIENT_HEADER] = req.socket.remoteAddress ?? '';
    if (key !== null) headers[EDGE_HEADER] = '1';
    const out = request({ socketPath, agent, method: req.method, path: req.url, headers });
    out.on('response', (answer) => {
      const keep =
        key !== null && req.method === 'GET' && answer.statusCode === 200
          ? answer.headers[KEEP_HEADER]
          : undefined;
      const raw = answer.rawHeaders;
      const passed: string[] = [];
      for (let i = 0; i < raw.length; i += 2) {
        const name = raw[i]!.toLowerCase();
        if (!HOP_BY_HOP.has(name) && name !== KEEP_HEADER) passed.push(raw[i]!, raw[i + 1]!);
      }
      res.writeHead(answer.statusCode ?? 502, answer.statusMessage, passed);
      if (typeof keep === 'string' && !answer.headers['set-cookie']) {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          const [g, ms, route] = keep.split(';');
          // Kept only if no change reached this edge since the owner answered.
          if (Number(g) !== generation) return;
          const body = Buffer.concat(chunks);
          const replay: string[] = [];
          for (let i = 0; i < passed.length; i += 2)
            if (!NOT_REPLAYED.has(passed[i]!.toLowerCase()))
              replay.push(passed[i]!, passed[i + 1]!);
          replay.push('x-page-cache', 'hit', 'content-length', String(body.length));
          replay.push('x-request-id', '');
          kept.set(key!, {
            status: 200,
            replay,
            body,
            slot: findViewSlot(body),
            expires: Date.now() + Number(ms),
            route: route ?? '',
          });
        });
      }
      answer.pipe(res);
      answer.on('error', () => res.destroy());
    });
    /** The client went away first: the request to the owner was ended here, no fault. */
    let cancelled = false;
    out.on('error', (err) => {
      if (cancelled) return;
      logger.warn({ err }, 'edge: the owner did not answer');
      if (res.headersSent) return void res.destroy();
      res.writeHead(503, {
        'content-type': 'application/json; charset=utf-8',
        'retry-after': '5',
        'cache-control': 'no-store',
      });
      res.end(UNAVAILABLE);
    });
    res.on('close', () => {
      if (res.writableFinished) return;
      cancelled = true;
      out.destroy();
    });
    req.pipe(out);
  }

  const server = createServer((req, res) => {
    const key = keptPageKey(req);
    if (serveKept(req, res, key)) return;
    if ((req.url ?? '').startsWith('/v/')) {
      // Answered here unless refused (a cross-origin report: the owner answers that).
      if (serveBeacon(req, res)) {
        metrics.request(req, res);
        return void setRoute(res, '/v/:articleId');
      }
    } else if (serveMetrics(req, res)) return void metrics.request(req, res);
    forward(req, res, key);
  });
  server.keepAliveTimeout = 65_000;
  server.on('clientError', answerClientError);
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) =>
    forwardUpgrade(socketPath, req, socket, head),
  );

  process.on('message', (message: EdgeMessage) => {
    if (message?.type === M.generation && typeof message.generation === 'number') {
      generation = message.generation;
      kept.clear();
      // An article unpublished or deleted: its count is not shown again from here.
      lastCounts = new Map();
    } else if (message?.type === M.viewsAnswer && typeof message.id === 'number') {
      if (message.error || !Array.isArray(message.answers))
        settle(message.id, null, new Error(message.error ?? 'no answer'));
      else settle(message.id, message.answers);
    } else if (message?.type === M.stop) void stop();
  });

  let stopping: Promise<void> | null = null;
  function stop() {
    stopping ??= (async () => {
      const idle = setInterval(() => server.closeIdleConnections(), 100);
      await new Promise<void>((resolve) => server.close(() => resolve()));
      clearInterval(idle);
      group.stop();
      process.exit(0);
    })();
    return stopping;
  }
  // The owner stops the edges (a terminal's Ctrl-C reaches the whole group); one gone
  // means this edge has no one to forward to.
  process.on('SIGINT', () => {});
  process.on('SIGTERM', () => void stop());
  process.on('disconnect', () => process.exit(0));

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: env.PORT, host: env.HOST, backlog: 2048 }, () => resolve());
  });
}

/** A WebSocket upgrade, passed to the owner and then piped both ways. */
function forwardUpgrade(socketPath: string, req: IncomingMessage, socket: Duplex, head: Buffer) {
  const headers: OutgoingHttpHeaders = { ...req.headers };
  delete headers[EDGE_HEADER];
  headers[CLIENT_HEADER] = req.socket.remoteAddress ?? '';
  const out = request({ socketPath, agent: false, method: req.method, path: req.url, headers });
  const head1 = (status: string, raw: string[], extra = '') => {
    let text = `HTTP/1.1 ${status}\r\n`;
    for (let i = 0; i < raw.length; i += 2) text += `${raw[i]}: ${raw[i + 1]}\r\n`;
    return `${text}${extra}\r\n`;
  };
  out.on('upgrade', (answer, upstream, upstreamHead) => {
    socket.write(
      head1(
        `${answer.statusCode} ${answer.statusMessage ?? 'Switching Protocols'}`,
        answer.rawHeaders,
      ),
    );
    if (upstreamHead.length) socket.write(upstreamHead);
    if (head.length) upstream.write(head);
    upstream.pipe(socket).pipe(upstream);
    const end = () => {
      upstream.destroy();
      socket.destroy();
    };
    upstream.on('error', end).on('close', end);
    socket.on('error', end).on('close', end);
  });
  // Refused (401, 403, 429…): that answer, then the connection closes.
  out.on('response', (answer) => {
    const raw: string[] = [];
    for (let i = 0; i < answer.rawHeaders.length; i += 2)
      if (!HOP_BY_HOP.has(answer.rawHeaders[i]!.toLowerCase()))
        raw.push(answer.rawHeaders[i]!, answer.rawHeaders[i + 1]!);
    const chunks: Buffer[] = [];
    answer.on('data', (c: Buffer) => chunks.push(c));
    answer.on('end', () => {
      const body = Buffer.concat(chunks);
      const cleaned: string[] = [];
      for (let i = 0; i < raw.length; i += 2)
        if (raw[i]!.toLowerCase() !== 'content-length') cleaned.push(raw[i]!, raw[i + 1]!);
      socket.end(
        Buffer.concat([
          Buffer.from(
            head1(
              `${answer.statusCode} ${answer.statusMessage ?? ''}`,
              cleaned,
              `Content-Length: ${body.length}\r\nConnection: close\r\n`,
            ),
          ),
          body,
        ]),
      );
    });
  });
  out.on('error', () => socket.destroy());
  socket.on('error', () => out.destroy());
  out.end();
}

/**
 * When to start a dead edge again. One that dies within `earlyMs` of its start (it could
 * not bind, or fails at once) waits twice as long as the one before it, up to 8 s; after
 * `giveUpAfter` such deaths in a row the owner gives up, since no request can reach it
 * without its edges. An edge that lived longer starts the count again.
 */
export function edgeRestarts(opts: { earlyMs?: number; giveUpAfter?: number } = {}) {
  const earlyMs = opts.earlyMs ?? 10_000;
  const giveUpAfter = opts.giveUpAfter ?? 5;
  let early = 0;
  return {
    died(livedMs: number): { delayMs: number } | 'give up' {
      early = livedMs < earlyMs ? early + 1 : 0;
      if (early >= giveUpAfter) return 'give up';
      return { delayMs: Math.min(500 * 2 ** Math.max(0, early - 1), 8000) };
    },
  };
}

/**
 * The owner's side: starts `count` edges sharing the public port, keeps them running,
 * tells them when pages change, and counts and answers the view beacons they take.
 */
export function startEdges(opts: {
  count: number;
  /** The public port the edges share. */
  port: number;
  socketPath: string;
  logger: Logger;
  pageCache: PageCache | undefined;
  /** The owner's view beacon: it counts the edges' beacons and answers what they show. */
  beacon: { view(articleId: string, counted: boolean): Promise<number | null> };
  /** Restarts of an edge that died (the cluster's metrics). */
  onRestart?: () => void;
  /** Edges keep dying as they start (edgeRestarts): the owner should stop, exit code 1. */
  onGiveUp: () => void;
}) {
  let stopping = false;
  const restarts = edgeRestarts();
  const startedAt = new Map<number, number>();
  const generationNow = () => opts.pageCache?.generation ?? 0;
  const fork = () => {
    if (stopping) return; // a restart that was waiting when the owner began to stop
    const worker = cluster.fork({ [EDGE_SOCKET_ENV]: opts.socketPath, PORT: String(opts.port) });
    startedAt.set(worker.id, Date.now());
  };
  const tell = (worker: Worker, message: EdgeMessage) => {
    if (worker.isConnected()) worker.send(message);
  };
  // Once it listens (its handlers are in place): what pages are kept by now.
  cluster.on('listening', (worker) =>
    tell(worker, { type: M.generation, generation: generationNow() }),
  );
  opts.pageCache?.onInvalidate((generation) => {
    for (const worker of Object.values(cluster.workers ?? {}))
      if (worker) tell(worker, { type: M.generation, generation });
  });
  cluster.on('message', (worker, message: EdgeMessage) => {
    if (message?.type !== M.viewsBeacon || typeof message.id !== 'number') return;
    const { id } = message;
    const views = Array.isArray(message.views) ? message.views : [];
    Promise.all(
      views.map((v) =>
        Array.isArray(v) && typeof v[0] === 'string' ? opts.beacon.view(v[0], v[1] === true) : null,
      ),
    ).then(
      (answers) => tell(worker, { type: M.viewsAnswer, id, answers }),
      (err: unknown) => tell(worker, { type: M.viewsAnswer, id, error: String(err) }),
    );
  });
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    const lived = Date.now() - (startedAt.get(worker.id) ?? 0);
    startedAt.delete(worker.id);
    const next = restarts.died(lived);
    if (next === 'give up') {
      stopping = true;
      opts.logger.fatal(
        { worker: worker.id, code, signal, livedMs: lived },
        'edge processes keep dying as they start (is the port taken?); stopping',
      );
      opts.onGiveUp();
      return;
    }
    opts.logger.error(
      { worker: worker.id, code, signal, restartInMs: next.delayMs },
      'edge process died; starting another',
    );
    opts.onRestart?.();
    setTimeout(fork, next.delayMs).unref();
  });
  for (let i = 0; i < opts.count; i++) fork();

  return {
    /** Once every edge listens. */
    ready: () =>
      new Promise<void>((resolve) => {
        let listening = 0;
        const onListening = () => {
          if (++listening >= opts.count) {
            cluster.off('listening', onListening);
            resolve();
          }
        };
        cluster.on('listening', onListening);
      }),
    /** Stops every edge (their requests answered first); at most `ms`, then kills them. */
    async stop(ms = 10_000) {
      stopping = true;
      const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w);
      await Promise.all(
        workers.map(
          (worker) =>
            new Promise<void>((resolve) => {
              if (worker.isDead()) return resolve();
              const timer = setTimeout(() => worker.process.kill('SIGKILL'), ms);
              // Its channel closed too: every message it sent was read.
              const closed = new Promise<void>((done) =>
                worker.isConnected() ? worker.once('disconnect', () => done()) : done(),
              );
              worker.once('exit', () => {
                clearTimeout(timer);
                void closed.then(resolve);
              });
              try {
                worker.send({ type: M.stop });
              } catch {
                worker.process.kill('SIGKILL');
              }
            }),
        ),
      );
    },
  };
}
