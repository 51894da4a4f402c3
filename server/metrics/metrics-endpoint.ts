import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorBody } from '../../app/i18n/error-body.ts';
import { getT } from '../../app/i18n/i18n.ts';
import { AppError } from '../../domain/errors.ts';
import { CONTENT_TYPE } from './metrics.ts';
import { setRoute } from './route-label.ts';

export const METRICS_PATH = '/metrics';

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** Whether the request carries `Authorization: Bearer <token>`, compared in constant time. */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? '');
  // Compared as digests: the same length whatever was sent, so no early exit gives it away.
  return timingSafeEqual(digest(m?.[1] ?? ''), digest(token)) && !!m;
}

/**
 * `GET /metrics` for Prometheus, before the page cache and Express (no log line per
 * scrape). Not public: without METRICS_TOKEN the path does not exist (the site's 404 page
 * answers it); with it, only `Authorization: Bearer <token>` reads it, else 401. Loopback
 * is not trusted: behind nginx every request comes from loopback. Returns false for any
 * other request.
 */
export function metricsEndpoint(opts: {
  token: string | undefined;
  scrape: () => Promise<string>;
  onError: (err: unknown) => void;
}) {
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    if (!opts.token) return false;
    const path = (req.url ?? '').split('?', 1)[0];
    if (path !== METRICS_PATH) return false;
    setRoute(res, METRICS_PATH);
    const json = (status: number, code: 'unauthenticated' | 'internal', extra = {}) => {
      const body = JSON.stringify(errorBody(new AppError(code), getT('vi')).body);
      res.writeHead(status, {
        'Content-Type': 'application/json; charset=utf-8',
        'Cache-Control': 'no-store',
        ...extra,
      });
      res.end(body);
    };
    if (!bearerMatches(req.headers.authorization, opts.token)) {
      json(401, 'unauthenticated', { 'WWW-Authenticate': 'Bearer realm="metrics"' });
      return true;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return true;
    }
    opts.scrape().then(
      (text) => {
        res.writeHead(200, { 'Content-Type': CONTENT_TYPE, 'Cache-Control': 'no-store' });
        res.end(req.method === 'HEAD' ? undefined : text);
      },
      (err: unknown) => {
        opts.onError(err);
        if (!res.headersSent) json(500, 'internal');
      },
    );
    return true;
  };
}
