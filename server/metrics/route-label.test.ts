import { matchRoutes, type RouteObject } from 'react-router';
import { describe, expect, it } from 'vitest';
import { bearerMatches } from './metrics-endpoint.ts';
import { methodLabel, pageRouteMatcher, statusClass, UNMATCHED } from './route-label.ts';

// The shape of a build's route manifest (app/routes.ts in small).
const manifest = {
  root: { id: 'root', path: '' },
  home: { id: 'home', parentId: 'root', index: true },
  article: { id: 'article', parentId: 'root', path: 'tin-tuc/:slug' },
  newArticle: { id: 'newArticle', parentId: 'root', path: 'quan-tri/tin-tuc/moi' },
  editArticle: { id: 'editArticle', parentId: 'root', path: 'quan-tri/tin-tuc/:articleId' },
  conference: { id: 'conference', parentId: 'root', path: 'quan-ly/hoi-nghi/:conferenceId' },
  overview: { id: 'overview', parentId: 'conference', index: true },
  chair: { id: 'chair', parentId: 'conference', path: 'dieu-hanh' },
  site: { id: 'site', parentId: 'conference', path: 'diem-cau/:siteId' },
  siteLive: { id: 'siteLive', parentId: 'conference', path: 'diem-cau/:siteId/truc-tiep' },
  rss: { id: 'rss', parentId: 'root', path: 'chuyen-muc/:slug/rss.xml' },
  notFound: { id: 'notFound', parentId: 'root', path: '*' },
};
const match = pageRouteMatcher({ routes: manifest as never });

/** React Router's own answer: the matched routes' patterns joined. */
function reactRouter(path: string): string {
  const nodes = new Map<string, RouteObject & { children?: RouteObject[] }>();
  for (const r of Object.values(manifest))
    nodes.set(r.id, { id: r.id, path: 'path' in r ? r.path : undefined, index: 'index' in r });
  const roots: RouteObject[] = [];
  for (const r of Object.values(manifest)) {
    const node = nodes.get(r.id)!;
    const parent = 'parentId' in r ? nodes.get(r.parentId) : undefined;
    if (parent) (parent.children ??= []).push(node);
    else roots.push(node);
  }
  const found = matchRoutes(roots, path) ?? [];
  const segments = found.map((m) => m.route.path).filter(Boolean);
  return segments.at(-1) === '*' ? UNMATCHED : `/${segments.join('/')}`;
}

describe('route labels', () => {
  it('label a page with its pattern, as React Router matches it', () => {
    const paths = [
      '/',
      '/tin-tuc/mot-bai-viet',
      '/tin-tuc/mot-bai-viet/',
      '/quan-tri/tin-tuc/moi',
      '/quan-tri/tin-tuc/4f1c',
      '/quan-ly/hoi-nghi/7a',
      '/quan-ly/hoi-nghi/7a/dieu-hanh',
      '/quan-ly/hoi-nghi/7a/diem-cau/3',
      '/quan-ly/hoi-nghi/7a/diem-cau/3/truc-tiep',
      '/chuyen-muc/thoi-su/rss.xml',
      '/khong-co',
      '/tin-tuc/a/b',
      '/QUAN-TRI/TIN-TUC/MOI',
    ];
    for (const p of paths) expect(match(p), p).toBe(reactRouter(p));
    expect(match('/quan-ly/hoi-nghi/7a/dieu-hanh')).toBe(
      '/quan-ly/hoi-nghi/:conferenceId/dieu-hanh',
    );
    expect(match('/tin-tuc/x.data')).toBe('/tin-tuc/:slug.data');
    expect(match('/_root.data')).toBe('/.data');
  });

  it('collapse whatever no route knows into one label', () => {
    const labels = new Set<string>();
    for (let i = 0; i < 500; i++) labels.add(match(`/${Math.random().toString(36).slice(2)}/${i}`));
    expect([...labels]).toEqual([UNMATCHED]);
    expect(methodLabel('PROPFIND')).toBe('other');
    expect(methodLabel('GET')).toBe('GET');
    expect(statusClass(204, true)).toBe('2xx');
    expect(statusClass(503, true)).toBe('5xx');
    expect(statusClass(200, false)).toBe('aborted');
  });
});

describe('the bearer token', () => {
  const token = 'a'.repeat(40);
  it('matches only `Bearer <token>` exactly', () => {
    expect(bearerMatches(`Bearer ${token}`, token)).toBe(true);
    expect(bearerMatches(`bearer  ${token}`, token)).toBe(true);
    for (const h of [
      undefined,
      '',
      token,
      `Basic ${token}`,
      `Bearer ${token}a`,
      'Bearer ',
      `Bearer a`,
    ])
      expect(bearerMatches(h, token), String(h)).toBe(false);
  });
});
