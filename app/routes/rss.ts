import { getCategoryBySlug, listLiveForFeeds } from '../../domain/news/articles.ts';
import { resourceData } from '../forms.ts';
import type { Route } from './+types/rss';

const xml = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');

/** RSS 2.0 of the latest articles, of the whole portal or one category. */
export async function loader({ context, request, params }: Route.LoaderArgs) {
  const origin = context.publicUrl;
  const category = params.slug
    ? await resourceData(request, context, () =>
        getCategoryBySlug({ db: context.db, slug: params.slug! }),
      )
    : null;
  const items = await listLiveForFeeds({ db: context.db, categoryId: category?.id, limit: 50 });
  const title = category ? `Đối thoại – ${category.name}` : 'Đối thoại – Tin tức';
  const body = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
<title>${xml(title)}</title>
<link>${origin}/</link>
<description>${xml('Tin tức về các hội nghị đối thoại trực tuyến toàn quốc')}</description>
<language>vi</language>
${items
  .map(
    (a) =>
      `<item><title>${xml(a.title)}</title><link>${origin}/tin-tuc/${a.slug}</link><guid isPermaLink="true">${origin}/tin-tuc/${a.slug}</guid><pubDate>${new Date(a.publishedAt!).toUTCString()}</pubDate><description>${xml(a.summary)}</description></item>`,
  )
  .join('\n')}
</channel></rss>
`;
  return new Response(body, {
    headers: {
      'Content-Type': 'application/rss+xml; charset=utf-8',
      'Cache-Control': 'public, max-age=300',
    },
  });
}
