import { SearchQuery } from '../../protocol/common.ts';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { getCategoryBySlug, listPublished } from '../../domain/news/articles.ts';
import { PageTitle } from '../components/page-title.tsx';
import { pageData, parseQuery } from '../forms.ts';
import type { Route } from './+types/news-category';
import { ArticleList } from '../components/news/article-list.tsx';
import { getSiteSettings } from '../../domain/news/site-settings.ts';
import { localSettings } from '../../protocol/site-settings.ts';
import { getI18n } from '../i18n/i18n.ts';
import { canonicalUrl, describe, feedLink, shareMeta } from '../seo.ts';

export const handle = { description: 'own' };

export async function loader({ context, request, params }: Route.LoaderArgs) {
  return pageData(request, async () => {
    const category = await getCategoryBySlug({ db: context.db, slug: params.slug });
    const { page } = parseQuery(SearchQuery, request);
    const [list, settings] = await Promise.all([
      listPublished({ db: context.db, categoryId: category.id, page }),
      getSiteSettings({ db: context.db }),
    ]);
    const t = getI18n(context.lang).t;
    const siteName = localSettings(settings, context.lang).siteName || t('site.name');
    const path = `/chuyen-muc/${category.slug}`;
    return {
      category,
      list,
      seo: {
        url: canonicalUrl(context.publicUrl, path, page > 1 ? `?page=${page}` : ''),
        description: describe(
          category.description ||
            `${category.name} – ${siteName}: ${list.items
              .slice(0, 3)
              .map((a) => a.title)
              .join('; ')}`,
        ),
        feed: `${context.publicUrl}${path}/rss.xml`,
        feedTitle: t('portal.feedTitle', { site: siteName, name: category.name }),
      },
    };
  });
}

export function meta({ data }: Route.MetaArgs) {
  if (!data) return [];
  const { category, seo } = data;
  return [
    ...shareMeta({
      title: category.name,
      description: seo.description,
      url: seo.url,
      type: 'website',
    }),
    feedLink(seo.feed, seo.feedTitle),
  ];
}

export default function NewsCategory({ loaderData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const { category, list } = loaderData;
  return (
    <section>
      <PageTitle>{category.name}</PageTitle>
      <h1>{category.name}</h1>
      {category.description && <p className="lead">{category.description}</p>}
      <p>
        <Link to={`/chuyen-muc/${category.slug}/rss.xml`} reloadDocument>
          {t('news.rss')}
        </Link>
      </p>
      <ArticleList list={list} />
    </section>
  );
}
