import type { ServerResponse } from 'node:http';
import type { ServerBuild } from 'react-router';

/**
 * The `route` label of the request metrics: the pattern that answered (`/tin-tuc/:slug`,
 * `/api/v1/conferences/:conferenceId`), never the address itself, so that the number of
 * series stays bounded whatever clients ask for. Set by whichever handler answers; a
 * request no route claims keeps `UNMATCHED`.
 */
export const UNMATCHED = 'unmatched';

const ROUTE = Symbol('doithoai.metricsRoute');
type Labelled = ServerResponse & { [ROUTE]?: string };

export function setRoute(res: ServerResponse, route: string): void {
  (res as Labelled)[ROUTE] = route;
}

export function routeOf(res: ServerResponse): string {
  return (res as Labelled)[ROUTE] ?? UNMATCHED;
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** Any other method (a scanner's `PROPFIND`) is one label value. */
export function methodLabel(method: string | undefined): string {
  return method && METHODS.has(method) ? method : 'other';
}

/** `2xx` … `5xx`; `aborted` when the client left before the answer was sent. */
export function statusClass(status: number, finished: boolean): string {
  if (!finished) return 'aborted';
  return status >= 100 && status < 600 ? `${Math.floor(status / 100)}xx` : 'other';
}

/**
 * React Router's ranking of a pattern (its `computeScore`): static segments before
 * dynamic ones before a splat, so that the first pattern matching a path is the one React
 * Router would choose.
 */
function score(segments: string[], index: boolean): number {
  let n = segments.length + (index ? 2 : 0);
  if (segments.includes('*')) n -= 2;
  for (const s of segments) if (s !== '*') n += s.startsWith(':') ? 3 : s === '' ? 1 : 10;
  return n;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The React Router page pattern for a path (`/quan-ly/hoi-nghi/:conferenceId/dieu-hanh`),
 * from the build's routes: each leaf route's full pattern, compiled once and ranked as
 * React Router ranks them (its `matchRoutes` ranks every route on each call, ~1 ms here:
 * too much per request). The catch-all route (the site's 404 page) and no match give
 * `UNMATCHED`. A client navigation's data request (`/tin-tuc/x.data`) gets its page's
 * pattern with `.data`.
 */
export function pageRouteMatcher(build: Pick<ServerBuild, 'routes'>): (path: string) => string {
  const routes = Object.values(build.routes).filter((r) => !!r);
  const byId = new Map(routes.map((r) => [r.id, r]));
  const parents = new Set(routes.map((r) => r.parentId).filter(Boolean));
  const patterns: { label: string; re: RegExp; score: number; order: number }[] = [];
  for (const [order, route] of routes.entries()) {
    if (parents.has(route.id)) continue;
    const segments: string[] = [];
    for (
      let r: typeof route | undefined = route;
      r;
      r = r.parentId ? byId.get(r.parentId) : undefined
    )
      if (r.path) segments.unshift(...r.path.split('/').filter(Boolean));
    if (segments.at(-1) === '*') continue;
    const body = segments.map((s) => (s.startsWith(':') ? '/[^/]+' : `/${escape(s)}`)).join('');
    patterns.push({
      label: `/${segments.join('/')}`,
      re: new RegExp(`^${body}/?$`, 'i'),
      score: score(segments, !!route.index),
      order,
    });
  }
  patterns.sort((a, b) => b.score - a.score || a.order - b.order);

  return (path) => {
    let data = '';
    if (path.endsWith('.data')) {
      data = '.data';
      path = path === '/_root.data' ? '/' : path.slice(0, -'.data'.length);
    }
    for (const p of patterns) if (p.re.test(path)) return p.label + data;
    return UNMATCHED;
  };
}
