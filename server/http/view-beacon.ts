import type { IncomingMessage, ServerResponse } from 'node:http';
import { isPersonsView } from '../../domain/news/views.ts';
import { isCrossOriginWrite } from './origin-check.ts';

/** A transparent 1×1 GIF. */
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const GIF_HEAD = [
  'content-type',
  'image/gif',
  'content-length',
  String(PIXEL.length),
  'cache-control',
  'no-store',
];
const BEACON = /^\/v\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(\.gif)?$/;
const NOT_FOUND = JSON.stringify({
  error: { code: 'not_found', message: 'Không tìm thấy bài viết.' },
});

/** Whether a request was made by a page of this site, as far as the browser tells. */
function fromOwnPage(req: IncomingMessage, ownOrigins: string[]): boolean {
  const site = req.headers['sec-fetch-site'];
  if (typeof site === 'string') return site === 'same-origin';
  const referer = req.headers.referer;
  if (typeof referer !== 'string') return true;
  try {
    return ownOrigins.includes(new URL(referer).origin.toLowerCase());
  } catch {
    return false;
  }
}

/**
 * The article pages' view reports (docs/decisions/0011-article-views-by-beacon.md),
 * answered on the raw `http` listener before Express, as cached pages are: one arrives
 * with most page views, and needs no session, no render and mostly no query.
 * `POST /v/<id>` answers `{ viewCount }` (404 for no live article); `GET /v/<id>.gif`
 * (the `<noscript>` pixel) a 1×1 GIF. Returns false for any other request.
 */
export function viewBeaconHandler(
  beacon: { view(articleId: string, counted: boolean): Promise<number | null> },
  publicOrigin: string | null,
) {
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const url = req.url ?? '';
    if (!url.startsWith('/v/')) return false;
    const m = BEACON.exec(url);
    if (!m) {
      // Nothing else lives under /v/: a malformed beacon address is an article not found.
      res.writeHead(404, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(NOT_FOUND),
        'cache-control': 'no-store',
      });
      res.end(req.method === 'HEAD' ? undefined : NOT_FOUND);
      return true;
    }
    const gif = !!m[2];
    if (gif ? req.method !== 'GET' && req.method !== 'HEAD' : req.method !== 'POST') return false;
    const host = String(req.headers.host ?? '').toLowerCase();
    const ownOrigins = [`http://${host}`, `https://${host}`];
    if (publicOrigin) ownOrigins.push(publicOrigin.toLowerCase());
    // Another site cannot add views: its POST is refused (Express answers it, 403).
    if (isCrossOriginWrite({ method: req.method!, headers: req.headers, ownOrigins })) return false;
    // The pixel is a GET any site could embed: it counts only when the page that shows it
    // is ours (Sec-Fetch-Site, else Referer, as the browser reports them).
    const counted = isPersonsView(req) && (!gif || fromOwnPage(req, ownOrigins));
    beacon.view(m[1]!, counted).then(
      (count) => {
        if (gif) {
          res.writeHead(200, GIF_HEAD);
          res.end(req.method === 'HEAD' ? undefined : PIXEL);
          return;
        }
        const body = count === null ? NOT_FOUND : `{"viewCount":${count}}`;
        // Node's flat header list: cheaper than an object on this hot path.
        res.writeHead(count === null ? 404 : 200, [
          'content-type',
          'application/json; charset=utf-8',
          'content-length',
          String(Buffer.byteLength(body)),
          'cache-control',
          'no-store',
          'x-content-type-options',
          'nosniff',
        ]);
        res.end(body);
      },
      () => {
        res.writeHead(503, { 'content-type': 'application/json; charset=utf-8' });
        res.end(
          JSON.stringify({
            error: { code: 'unavailable', message: 'Hệ thống tạm thời chưa sẵn sàng.' },
          }),
        );
      },
    );
    return true;
  };
}
