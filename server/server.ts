import { join, resolve } from 'node:path';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PortalFrameCache } from '../domain/news/portal-frame.ts';
import { createViewBeacon, createViewCounter, VIEW_TRUST_MS } from '../domain/news/views.ts';
import { PORTAL_CHANNEL, type PageCache } from './http/page-cache.ts';
import { answerClientError } from './http/errors.ts';
import { createApp, type AppDeps } from './app.ts';
import { publicUrlFor } from './env.ts';
import { createLiveHub } from './live-hub.ts';
import { attachMediaProxy } from './media/media-proxy.ts';
import { createMediaService } from './media/media-service.ts';
import { createProgramStream } from './media/program-stream.ts';
import { createRecordingJobs } from './media/recording-jobs.ts';
import { queueAssembly } from '../domain/media/recordings.ts';
import { attachGateway } from './ws-gateway.ts';
import { createEmailWorker, type EmailWorkerOptions } from '../domain/email/email-worker.ts';
import { createSmtpSender, senderDomain } from '../domain/email/smtp-transport.ts';
import type { WsLimits } from './ws-limits.ts';
import cluster from 'node:cluster';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../db/database.ts';
import { createMetrics } from './metrics/metrics.ts';
import { metricsEndpoint } from './metrics/metrics-endpoint.ts';
import { clusterWorkerMetrics } from './metrics/cluster-metrics.ts';
import { setRoute } from './metrics/route-label.ts';
import { clientFromEdge } from './edge-protocol.ts';

/**
 * One app instance: HTTP (pages, API), the WebSocket gateway and the live hub on
 * one server. `main.ts` runs it; tests run several on one database.
 */
export async function startInstance(
  deps: Omit<AppDeps, 'publicUrl' | 'mediaStatus'> & {
    /** The media server (Janus WebSocket API and room admin key); null: no media. */
    janus?: { url: string; roomAdminKey: string } | null;
    /** ffmpeg and janus-pp-rec are installed: the public stream and recordings run. */
    mediaTools?: boolean;
    /** The live WebSocket's limits and timings, when not the defaults (tests, benchmarks). */
    wsLimits?: Partial<WsLimits>;
    /** The e-mail worker's retry timings, when not the defaults (tests). */
    emailTimings?: Pick<
      EmailWorkerOptions,
      'maxAttempts' | 'backoffMs' | 'maxBackoffMs' | 'leaseMs' | 'pollMs'
    >;
    /** The `worker` label of this instance's series (the owner of edge processes). */
    metricsWorker?: string;
  },
  /**
   * Where to listen. With `path`, a private socket that edge processes (server/edge.ts)
   * forward to, the public port being theirs (`port`, for the site's own address).
   */
  listen: { port: number; host: string; path?: string },
) {
  // The site's own address; when PUBLIC_URL is unset, known once the port is bound.
  let publicUrl = deps.env.PUBLIC_URL ?? '';
  // A cluster worker's series carry its id; a scrape it receives answers for all workers.
  const worker = deps.metricsWorker ?? (cluster.isWorker ? String(cluster.worker!.id) : undefined);
  const metrics = createMetrics({ worker, version: deps.version, database: deps.database.kind });
  const group = worker ? clusterWorkerMetrics(() => metrics.json()) : null;
  const serveMetrics = metricsEndpoint({
    token: deps.env.METRICS_TOKEN,
    scrape: group ? group.scrape : metrics.text,
    onError: (err) => deps.logger.warn({ err }, 'metrics: scrape failed'),
  });
  const views = createViewCounter(deps.database.db, deps.env.VIEW_FLUSH_MS);
  views.start((err) => deps.logger.warn({ err }, 'view count flush failed'));
  const viewBeacon = createViewBeacon({
    db: deps.database.db,
    counter: views,
    trustMs: VIEW_TRUST_MS[deps.database.kind],
  });
  const hub = createLiveHub({ database: deps.database, logger: deps.logger, metrics });
  const mediaDir = resolve(deps.env.MEDIA_DIR ?? join(deps.env.DATA_DIR, 'media'));
  const media = createMediaService({
    database: deps.database,
    hub,
    logger: deps.logger,
    secret: deps.secret,
    janus: deps.janus ?? null,
    recordingsDir: join(mediaDir, 'raw'),
  });
  const app = createApp({
    ...deps,
    metrics,
    views,
    viewBeacon,
    publicUrl: () => publicUrl,
    mediaStatus: () => media.status,
    mediaDir,
  });
  // Fresh cached pages for anonymous readers skip Express entirely.
  const serveCached = app.locals.serveCached as
    ((req: IncomingMessage, res: ServerResponse) => boolean) | undefined;
  // Article pages' view reports too (server/http/view-beacon.ts).
  const serveBeacon = app.locals.serveBeacon as
    ((req: IncomingMessage, res: ServerResponse) => boolean) | undefined;
  const server: Server = createServer((req, res) => {
    if (deps.edges) clientFromEdge(req);
    metrics.request(req, res);
    if (serveMetrics(req, res) || serveCached?.(req, res)) return;
    if (serveBeacon?.(req, res)) setRoute(res, '/v/:articleId');
    else app(req, res);
  });
  server.keepAliveTimeout = 65_000;
  // Behind edges, the client's address is the one the edge saw (the upgrade handlers too).
  if (deps.edges) server.prependListener('upgrade', (req: IncomingMessage) => clientFromEdge(req));
  // A request Node refuses before any handler (an address or headers too long, bytes that
  // are not HTTP): still answered with the product's JSON error, in Vietnamese.
  server.on('clientError', answerClientError);
  // Any committed change to what the portal shows, on any instance: drop every cached
  // page and what the beacon knows of live articles (migration 0013's triggers NOTIFY).
  const pageCache = app.locals.pageCache as PageCache | undefined;
  const portalChanged = () => {
    pageCache?.invalidate();
    viewBeacon.forget();
    (app.locals.portalFrame as PortalFrameCache | undefined)?.forget();
  };
  // Also called by this instance's own portal edits before they answer (server/app.ts).
  app.locals.portalChanged = portalChanged;
  const stopPortalListen = await deps.database.listen(
    PORTAL_CHANNEL,
    portalChanged,
    // Notifications may have been missed while the connection was down.
    portalChanged,
  );
  pageCache?.start();
  await hub.start();
  media.start();
  const janusHost = deps.janus ? new URL(deps.janus.url).hostname : '127.0.0.1';
  const program = createProgramStream({
    db: deps.database.db,
    media,
    logger: deps.logger,
    mediaDir,
    forwardHost: deps.env.MEDIA_FORWARD_HOST ?? '127.0.0.1',
    janusHost,
  });
  const recordingJobs = createRecordingJobs({
    db: deps.database.db,
    logger: deps.logger,
    mediaDir,
  });
  if (deps.janus && deps.mediaTools !== false) {
    program.start();
    recordingJobs.start();
  }
  // A session ended: its recording (if the room was recorded) is assembled.
  media.onRoomClosed((conferenceId) => {
    void queueAssembly({ db: deps.database.db, conferenceId })
      .then((job) => job && recordingJobs.poke())
      .catch((err: unknown) =>
        deps.logger.warn({ err, conferenceId }, 'could not queue recording'),
      );
  });
  const publicOrigin = deps.env.PUBLIC_URL ? new URL(deps.env.PUBLIC_URL).origin : null;
  const proxy = attachMediaProxy(server, {
    db: deps.database.db,
    secret: deps.secret,
    logger: deps.logger,
    publicOrigin,
    media,
  });
  const gateway = await attachGateway(server, {
    db: deps.database.db,
    listen: deps.database.listen,
    availability: deps.database,
    limits: deps.wsLimits,
    secret: deps.secret,
    logger: deps.logger,
    publicOrigin,
    hub,
    media,
    metrics,
    otherUpgrade: (req, socket, head) => proxy.handleUpgrade(req, socket, head),
    // Express's own `req.ip` (the `trust proxy` setting) for the upgrade request.
    clientAddress: (req) =>
      (
        Object.create(app.request as object, {
          socket: { value: req.socket },
          headers: { value: req.headers },
        }) as { ip?: string }
      ).ip,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // When another instance dies, its screens reconnect here within a second or two: a
    // queue of 2,048 pending connections (Node's default is 511) holds such a burst
    // instead of dropping connects that the proxy would then count as failures.
    const where = listen.path
      ? { path: listen.path, backlog: 2048 }
      : { port: listen.port, host: listen.host, backlog: 2048 };
    server.listen(where, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = listen.path ? listen.port : (server.address() as AddressInfo).port;
  publicUrl = publicUrlFor(deps.env, port);
  // The outbox's sender: SMTP when configured; otherwise messages are rendered and held.
  const smtp =
    deps.env.SMTP_URL && deps.env.MAIL_FROM
      ? createSmtpSender({ url: deps.env.SMTP_URL, from: deps.env.MAIL_FROM })
      : null;
  const email = createEmailWorker({
    db: deps.database.db,
    listen: (channel, onNotify, onReconnect) =>
      deps.database.listen(channel, () => onNotify(), onReconnect),
    send: smtp ? (message) => smtp.send(message) : null,
    publicUrl: () => publicUrl,
    messageIdDomain: senderDomain(deps.env.MAIL_FROM ?? `x@${new URL(publicUrl).hostname}`),
    onError: (err) => deps.logger.warn({ err }, 'e-mail worker failed'),
    onResult: (result) => metrics.emailSent(result),
    ...deps.emailTimings,
  });
  await email.start();
  metrics.watch({
    liveScreens: () => hub.screensByConference(),
    wsConnections: () => ({ live: gateway.size, media: proxy.size }),
    dbPool: () => deps.database.stats().pool,
    dbListeners: () => deps.database.stats().listeners,
    ready: () => deps.database.ready(),
    pageCacheEntries: pageCache ? () => pageCache.size : undefined,
    janus: () => media.status,
    janusHost: deps.janus ? new URL(deps.janus.url).host : undefined,
    outbox: async () => {
      const [row] = rowsOf<{ backlog: number; oldest: number | null; failed: number }>(
        await deps.database.db.execute(sql`
          select count(*) filter (where status in ('queued', 'sending'))::int as backlog,
            extract(epoch from now() - min(next_attempt_at)
              filter (where status = 'queued' and next_attempt_at <= now()))::float8 as oldest,
            count(*) filter (where status = 'failed')::int as failed
          from email_outbox`),
      );
      return row
        ? {
            backlog: row.backlog,
            oldestDueSeconds: Math.max(0, row.oldest ?? 0),
            failed: row.failed,
          }
        : null;
    },
  });
  let stopping: Promise<void> | null = null;
  return {
    server,
    hub,
    /** This instance's metrics (`text()`: what /metrics shows of it). */
    metrics,
    /** The live WebSocket endpoint (`size`: sockets open on this instance). */
    gateway,
    media,
    /** The public stream's encoder. */
    program,
    port,
    /** The outbox's sender on this instance. */
    email,
    /** The article view counter: `flush()` writes what it holds now. */
    views,
    /** The article view beacon (counts a view, answers the count to show). */
    viewBeacon,
    /** The anonymous page cache, when pages are served: `clear()` forgets every page. */
    pageCache,
    url: `http://${listen.host}:${port}`,
    /** Stops accepting, closes sockets with 1012, lets in-flight requests finish. */
    stop() {
      stopping ??= (async () => {
        await gateway.close(1012, 'Service restart');
        proxy.close();
        const idle = setInterval(() => server.closeIdleConnections(), 100);
        await new Promise<void>((resolve) => server.close(() => resolve()));
        clearInterval(idle);
        await email.stop();
        smtp?.close();
        await recordingJobs.stop();
        await program.stop();
        await media.stop();
        await hub.close();
        pageCache?.stop();
        group?.stop();
        await stopPortalListen().catch(() => {});
        await views.stop().catch(() => {});
      })();
      return stopping;
    },
    /** Like a crash: drop every connection at once (tests). */
    async kill() {
      await gateway.terminate();
      proxy.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await email.stop();
      smtp?.close();
      await media.stop();
      await hub.close();
      pageCache?.stop();
      group?.stop();
      await stopPortalListen().catch(() => {});
      await views.stop().catch(() => {});
    },
  };
}
