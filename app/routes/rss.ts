import { getCategoryBySlug } from '../../domain/news/articles.ts';
import { listFeedItems } from '../../domain/news/feeds.ts';
import { getSiteSettings } from '../../domain/news/site-settings.ts';
import { localSettings } from '../../protocol/site-settings.ts';
import { resourceData } from '../forms.ts';
import { getI18n } from '../i18n/i18n.ts';
import type { Route } from './+types/rss';

const xml = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');

/**
 * RSS 2.0 of the latest articles, of the whole portal or one category: the channel links
 * to the page it mirrors (the home page or the category's page), names its own address
 * (`atom:link rel="self"`), and each item is described by its sapo or first paragraph.
 * Feeds are in Vietnamese, the portal's language, whatever the reader's choice.
 */
export async function loader({ context, request, params }: Route.LoaderArgs) {
  const origin = context.publicUrl;
  const category = params.slug
    ? await resourceData(request, context, () =>
        getCategoryBySlug({ db: context.db, slug: params.slug! }),
      )
    : null;
  const [items, settings] = await Promise.all([
    listFeedItems({ db: context.db, categoryId: category?.id, limit: 50 }),
    getSiteSettings({ db: context.db }),
  ]);
  const t = getI18n('vi').t;
  const local = localSettings(settings, 'vi');
  const site = local.siteName || t('site.name');
  const title = t('portal.feedTitle', { site, name: category?.name ?? t('portal.feedAll') });
  const page = category ? `${origin}/chuyen-muc/${category.slug}` : `${origin}/`;
  const self = category ? `${page}/rss.xml` : `${origin}/rss.xml`;
  const description = (
    category?.description ||
    local.description ||
    `${title}. ${t('home.intro')}`
  ).trim();
  const body = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>
<title>${xml(title)}</title>
<link>${page}</link>
<atom:link href="${self}" rel="self" type="application/rss+xml"/>
<description>${xml(description)}</description>
<language>vi</language>
${items[0]?.publishedAt ? `<lastBuildDate>${new Date(items[0].publishedAt).toUTCString()}</lastBuildDate>\n` : ''}${items
    .map(
      (a) =>
        `<item><title>${xml(a.title)}</title><link>${origin}/tin-tuc/${a.slug}</link><guid isPermaLink="true">${origin}/tin-tuc/${a.slug}</guid><pubDate>${new Date(a.publishedAt!).toUTCString()}</pubDate><description>${xml(a.description)}</description></item>`,
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
