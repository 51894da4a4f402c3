import { listPublicConferences } from '../../domain/conferences/conferences.ts';
import { listLiveForFeeds } from '../../domain/news/articles.ts';
import { listVisibleCategories } from '../../domain/news/categories.ts';
import type { Route } from './+types/sitemap';

export async function loader({ context }: Route.LoaderArgs) {
  const origin = context.publicUrl;
  const [articles, categories, conferences] = await Promise.all([
    listLiveForFeeds({ db: context.db }),
    // A hidden category's page still answers, but is not offered to crawlers.
    listVisibleCategories({ db: context.db }),
    listPublicConferences({ db: context.db }),
  ]);
  const url = (path: string, lastmod?: Date | string | null) =>
    `<url><loc>${origin}${path}</loc>${lastmod ? `<lastmod>${new Date(lastmod).toISOString()}</lastmod>` : ''}</url>`;
  const body = `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${[
  url('/'),
  ...categories.map((c) => url(`/chuyen-muc/${c.slug}`)),
  ...conferences.map((c) => url(`/hoi-nghi/${c.slug}`)),
  ...articles.map((a) => url(`/tin-tuc/${a.slug}`, a.updatedAt)),
].join('\n')}
</urlset>
`;
  return new Response(body, {
    headers: {
      'Content-Type': 'application/xml; charset=utf-8',
      'Cache-Control': 'public, max-age=300',
    },
  });
}
