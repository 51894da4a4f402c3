import { mediaFiles } from './media/media-files.ts';
import { randomUUID } from 'node:crypto';
import { createRequestHandler } from '@react-router/express';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import {
  createRequestHandler as createRouterHandler,
  type AppLoadContext,
  type ServerBuild,
} from 'react-router';
import { POOL_LIMITS, type DatabaseHandle } from '../db/client.ts';
import { AppError, isAppError } from '../domain/errors.ts';
import { readPhotoVariant } from '../domain/news/photos.ts';
import { apiRouter } from './api/api-router.ts';
import { authRoutes } from './api/auth-routes.ts';
import { secondFactorRoutes } from './api/second-factor-routes.ts';
import { conferenceRoutes } from './api/conference-routes.ts';
import { contributionRoutes } from './api/contribution-routes.ts';
import { liveRoutes } from './api/live-routes.ts';
import { newsRoutes } from './api/news-routes.ts';
import { portalRoutes } from './api/portal-routes.ts';
import { userRoutes } from './api/user-routes.ts';
import { auditRoutes } from './api/audit-routes.ts';
import type { Env } from './env.ts';
import { redactError, redactUrl } from './logger.ts';
import { cookieWriter } from '../app/cookies.ts';
import { fromHttpError, RETRY_AFTER_S, sendError } from './http/errors.ts';
import { getT } from '../app/i18n/i18n.ts';
import { errorStatus } from '../protocol/errors.ts';
import { isCrossOriginWrite } from './http/origin-check.ts';
import { createPortalFrameCache } from '../domain/news/portal-frame.ts';
import { createSearchLimiter, SEARCH_LIMITS } from '../domain/news/search.ts';
import type { RecordServices } from '../domain/reports/record-services.ts';
import { grabFrames } from './media/frames.ts';
import { createDocumentRenderer } from './reports/document-renderer.ts';
import { recordRoutes } from './api/record-routes.ts';
import { createPageCache } from './http/page-cache.ts';
import { nextScheduled } from '../domain/news/views.ts';
import { viewBeaconHandler } from './http/view-beacon.ts';
import { nonceMiddleware, securityHeaders } from './http/security-headers.ts';
import { sessionMiddleware } from './http/session.ts';
import { secondFactorGate } from './http/second-factor-gate.ts';
import { runWithAuditContext } from '../domain/audit/audit-context.ts';
import type { Metrics } from './metrics/metrics.ts';
import { pageRouteMatcher, setRoute } from './metrics/route-label.ts';

export const apiRoutes = [
  ...authRoutes,
  ...secondFactorRoutes,
  ...userRoutes,
  ...conferenceRoutes,
  ...contributionRoutes,
  ...liveRoutes,
  ...newsRoutes,
  ...portalRoutes,
  ...recordRoutes,
  ...auditRoutes,
];

export interface AppDeps {
  env: Env;
  database: DatabaseHandle;
  secret: string;
  logger: Logger;
  version: string;
  /** The React Router server build; without it only the API and health checks are served. */
  build?: ServerBuild;
  /** Directory of the built browser assets. */
  clientDir?: string;
  /** The site's own origin (PUBLIC_URL, or this server): every absolute URL starts with it. */
  publicUrl: () => string;
  /** Whether the media server is configured and connected. */
  mediaStatus?: () => 'off' | 'connecting' | 'ready';
  /** Article view counter; one per instance. */
  views?: { record(articleId: string): void };
  /** Counts the views article pages report (`POST /v/:id`, `/v/:id.gif`); one per instance. */
  viewBeacon?: {
    view(articleId: string, counted: boolean): Promise<number | null>;
    /** The count last shown for an article, if any (no query). */
    peek(articleId: string): number | undefined;
  };
  /** Recordings and the public stream's files (`server/media/media-files.ts`). */
  mediaDir?: string;
  /** This instance's metrics (server/metrics/): commands and page-cache hits are counted. */
  metrics?: Pick<Metrics, 'command' | 'pageCache'>;
  /** Requests arrive through edge processes (server/edge.ts): tell them which pages to keep. */
  edges?: boolean;
}

/** Sets the metrics' route label of what follows (the last one set before the answer wins). */
const label = (route: string) => (_req: Request, res: Response, next: NextFunction) => {
  setRoute(res, route);
  next();
};

const REQUEST_ID = /^[\w.:-]{1,100}$/;

/** Runs `fn` with the status just before the answer's headers are written. */
function beforeHeaders(res: Response, fn: (status: number) => void) {
  const writeHead = res.writeHead;
  res.writeHead = function (this: Response, ...args: Parameters<Response['writeHead']>) {
    fn(typeof args[0] === 'number' ? args[0] : this.statusCode);
    return writeHead.apply(this, args);
  } as Response['writeHead'];
}
/**
 * Requests that may change what the portal's readers see (articles, categories, links,
 * photos, videos, the site's particulars, conferences; through the API or the pages'
 * forms, React Router's `.data` posts included). Live commands and contributions are not.
 */
const PORTAL_EDITS =
  /^\/(?:api\/v1\/(?:articles|news|photos|site-settings)\b|api\/v1\/conferences(?:\/[^/]+(?:\/status)?)?$|quan-tri\/(?:tin-tuc|chuyen-muc|thong-tin-cong)\b|quan-ly\/hoi-nghi(?:\/[^/.]+)?(?:\.data)?$|media\/videos$)/;

export function createApp(deps: AppDeps): express.Express {
  const { env, database, logger } = deps;
  const db = database.db;
  const portalFrame = createPortalFrameCache(db);
  const searchLimiter = createSearchLimiter(SEARCH_LIMITS);
  const records: RecordServices = {
    publicUrl: deps.publicUrl,
    fontDir: env.DOCUMENT_FONT_DIR,
    render: createDocumentRenderer(),
    media: deps.mediaDir ? { dir: deps.mediaDir, frames: grabFrames } : undefined,
  };
  const https = env.PUBLIC_URL?.startsWith('https:') ?? false;
  const cookies = cookieWriter(https);
  const publicOrigin = env.PUBLIC_URL ? new URL(env.PUBLIC_URL).origin : null;

  const app = express();
  app.locals.portalFrame = portalFrame;
  app.disable('x-powered-by');
  app.set('trust proxy', env.TRUST_PROXY);

  app.use(
    pinoHttp({
      logger,
      genReqId(req, res) {
        const incoming = req.headers['x-request-id'];
        const id =
          typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      // Probes (every few seconds from the proxy or the orchestrator) and assets: no line each.
      autoLogging: {
        ignore: (req) =>
          req.url === '/healthz' || req.url === '/readyz' || !!req.url?.startsWith('/assets/'),
      },
      // A 503 is a refusal (busy, or the database away: that one is logged as an error
      // where it is caught); other 5xx are faults.
      customLogLevel: (_req, res, err) => {
        if (err) return 'error';
        if (res.statusCode === 503) return 'warn';
        return res.statusCode >= 500 ? 'error' : 'info';
      },
      serializers: {
        req: (req: { id: unknown; method: string; url: string; remoteAddress?: string }) => ({
          id: req.id,
          method: req.method,
          url: redactUrl(req.url),
          ip: req.remoteAddress,
        }),
        res: (res: { statusCode: number }) => ({ status: res.statusCode }),
        err: redactError,
      },
    }),
  );

  app.get('/healthz', label('/healthz'), (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', label('/readyz'), async (_req, res) => {
    const ready = await database.ready();
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready' });
  });

  app.use(nonceMiddleware, securityHeaders({ https }));

  if (deps.clientDir) {
    app.use(
      '/assets',
      express.static(`${deps.clientDir}/assets`, {
        immutable: true,
        maxAge: '1y',
        index: false,
        setHeaders: (res) => setRoute(res, '/assets/*'),
      }),
    );
    const files = express.static(deps.clientDir, {
      maxAge: '1h',
      index: false,
      setHeaders: (res) => setRoute(res, 'static'),
    });
    // Only a name with an extension can be a file there (favicon.svg): pages are not looked
    // for on the disk first (a failed stat for every page rendered).
    app.use((req: Request, res: Response, next: NextFunction) =>
      /\.[^/]*$/.test(req.path) ? files(req, res, next) : next(),
    );
  }

  // A slow or stalled database: requests already waiting for a connection are bounded
  // (each waits at most POOL_LIMITS.connectMs); beyond the cap, 503 at once, so that
  // neither memory nor the wait grows without bound. Cached pages never get here.
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (database.waiting() < POOL_LIMITS.maxWaiting) return next();
    sendError(req, res, new AppError('unavailable', { messageKey: 'faults.busy' }));
  });

  // Photos of articles: public, immutable (a photo never changes under its id); no session needed.
  app.get('/anh/:photoId/:file', async (req, res, next) => {
    setRoute(res, '/anh/:photoId/:file');
    const m = /^(\d{2,4})\.(webp|jpg)$/.exec(req.params.file);
    const photoId = req.params.photoId;
    if (!m || !/^[0-9a-f-]{36}$/.test(photoId)) return next();
    try {
      const file = await readPhotoVariant({
        db,
        photoId,
        width: Number(m[1]),
        format: m[2] === 'jpg' ? 'jpeg' : 'webp',
      });
      res.setHeader('Content-Type', file.mime);
      res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
      res.end(file.data);
    } catch (err) {
      if (isAppError(err) && err.code === 'not_found') return next();
      next(err);
    }
  });

  app.use((req: Request, res: Response, next: NextFunction) => {
    const ownOrigins = [`${req.protocol}://${req.get('host')}`.toLowerCase()];
    if (publicOrigin) ownOrigins.push(publicOrigin.toLowerCase());
    if (isCrossOriginWrite({ method: req.method, headers: req.headers, ownOrigins })) {
      sendError(req, res, new AppError('cross_origin'));
      return;
    }
    next();
  });
  app.use(sessionMiddleware({ db, secret: deps.secret }));
  // Everything from here answers per reader. What a signed-in reader sees never lands in a
  // shared cache (a proxy or CDN in front); an anonymous page is asked for again each time,
  // since the app's own page cache drops it the moment it changes, on every instance.
  // Routes with a policy of their own (feeds, media files, the API) set theirs over it.
  app.use((_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Cache-Control', res.locals.actor ? 'private, no-store' : 'no-cache');
    // A route's own policy is appended to this default (React Router's adapter appends
    // its headers): the route's, the last one, wins.
    beforeHeaders(res, () => {
      const policy = res.getHeader('Cache-Control');
      if (Array.isArray(policy)) res.setHeader('Cache-Control', policy.at(-1)!);
    });
    next();
  });
  // Whoever changes what the portal shows sees it changed on their next page: this
  // instance drops its kept pages before answering, not only when the database's
  // NOTIFY comes back (on a PostgreSQL server it arrives a moment after the commit).
  // Signed-in only: an anonymous post is refused or sent to sign in, and must not be a
  // way to make every reader's page render again.
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (
      req.method === 'GET' ||
      req.method === 'HEAD' ||
      !res.locals.actor ||
      !PORTAL_EDITS.test(req.path)
    )
      return next();
    beforeHeaders(res, (status) => {
      if (status < 400) (app.locals.portalChanged as (() => void) | undefined)?.();
    });
    next();
  });
  app.use(secondFactorGate);
  // Every use case below learns the client's address for the audit trail.
  app.use((req: Request, _res: Response, next: NextFunction) =>
    runWithAuditContext({ ip: req.ip ?? null }, next),
  );
  if (deps.mediaDir)
    app.use('/media', label('/media/*'), mediaFiles({ db, mediaDir: deps.mediaDir }));

  app.use(
    '/api/v1',
    apiRouter(apiRoutes, {
      db,
      secret: deps.secret,
      cookies,
      version: deps.version,
      searchLimiter,
      records,
      metrics: deps.metrics,
      turn:
        env.TURN_URLS && env.TURN_SECRET ? { urls: env.TURN_URLS, secret: env.TURN_SECRET } : null,
    }),
  );

  let renderErrorPage: ((req: Request, res: Response, status: number) => Promise<void>) | null =
    null;
  if (deps.viewBeacon) app.locals.serveBeacon = viewBeaconHandler(deps.viewBeacon, publicOrigin);

  if (deps.build) {
    const views = deps.views ?? { record: () => {} };
    const renderPage = createRouterHandler(deps.build, 'production');
    // The site's 404 page, for resource routes (feeds, calendars) that find nothing.
    const notFoundPage = async (request: globalThis.Request, context: AppLoadContext) => {
      const url = new URL('/khong-tim-thay', request.url);
      const page = await renderPage(
        new globalThis.Request(url, { headers: request.headers }),
        context,
      );
      return new globalThis.Response(page.body, { status: 404, headers: page.headers });
    };
    renderErrorPage = async (req, res, status) => {
      const url = `${deps.publicUrl()}/khong-tim-thay`;
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers))
        if (typeof v === 'string') headers.set(k, v);
      const page = await renderPage(
        new globalThis.Request(url, { headers }),
        loadContext(req, res),
      );
      res.status(status);
      page.headers.forEach((value, key) => res.setHeader(key, value));
      res.end(Buffer.from(await page.arrayBuffer()));
    };
    const loadContext = (req: Request, res: Response): AppLoadContext => ({
      db,
      actor: res.locals.actor,
      sessionId: res.locals.sessionId,
      challengeToken: res.locals.challengeToken,
      mustEnrolSecondFactor: res.locals.mustEnrolSecondFactor,
      lang: res.locals.lang,
      nonce: res.locals.nonce,
      requestId: String(req.id),
      ip: req.ip ?? '',
      userAgent: req.headers['user-agent'],
      secret: deps.secret,
      cookies,
      views,
      portalFrame: portalFrame.get,
      searchLimiter,
      records,
      publicUrl: deps.publicUrl(),
      emailEnabled: !!env.SMTP_URL,
      mediaStatus: deps.mediaStatus?.() ?? 'off',
      turn:
        env.TURN_URLS && env.TURN_SECRET ? { urls: env.TURN_URLS, secret: env.TURN_SECRET } : null,
      notFound: (request) => notFoundPage(request, loadContext(req, res)),
    });
    const cache = createPageCache({
      build: deps.build,
      loadContext,
      ttlMs: env.PAGE_CACHE_MS,
      nextScheduled: () => nextScheduled(db),
      onError: (err) => logger.warn({ err }, 'page cache: could not read the schedule'),
      onLookup: deps.metrics ? (hit) => deps.metrics!.pageCache(hit) : undefined,
      edges: deps.edges,
      viewCount: deps.viewBeacon?.peek,
    });
    app.locals.serveCached = cache.serveRaw;
    app.locals.pageCache = cache;
    // Pages are labelled with their React Router pattern; an address no route knows
    // stays `unmatched` (the site's 404 page).
    const pageRoute = pageRouteMatcher(deps.build);
    app.use((req: Request, res: Response, next: NextFunction) => {
      setRoute(res, pageRoute(req.path));
      next();
    });
    // The database out of reach (its LISTEN connections lost, /readyz not ready): a page
    // that is not cached cannot be made. Say so plainly, in the reader's language, with a
    // 503 that retries by itself, rather than fail with a 500. Fresh cached pages were
    // served before Express.
    app.use((req: Request, res: Response, next: NextFunction) => {
      if (database.available() || (req.method !== 'GET' && req.method !== 'HEAD')) return next();
      const t = getT(res.locals.lang ?? 'vi');
      const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
      res
        .status(503)
        .setHeader('Retry-After', String(RETRY_AFTER_S))
        .type('html')
        .send(
          `<!doctype html><html lang="${res.locals.lang ?? 'vi'}"><head><meta charset="utf-8">` +
            `<meta name="viewport" content="width=device-width, initial-scale=1">` +
            `<meta http-equiv="refresh" content="${RETRY_AFTER_S * 2}">` +
            `<title>${esc(t('faults.title'))}</title></head><body>` +
            `<h1>${esc(t('faults.title'))}</h1><p>${esc(t('faults.unavailable'))}</p></body></html>`,
        );
    });
    app.use(cache.middleware);
    app.all(
      '/{*splat}',
      createRequestHandler({ build: deps.build, mode: 'production', getLoadContext: loadContext }),
    );
  }

  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    // A page address Express could not even read (`/hoi-nghi/%E0%A4%A`): a page, not JSON.
    const mapped = fromHttpError(err);
    const page = !req.originalUrl.startsWith('/api/') && req.method === 'GET';
    if (page && renderErrorPage && mapped && errorStatus[mapped.code] < 500 && !res.headersSent) {
      renderErrorPage(req, res, errorStatus[mapped.code]).catch(() => sendError(req, res, err));
      return;
    }
    sendError(req, res, err);
  });
  return app;
}
