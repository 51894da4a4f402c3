import { useTranslation } from '../i18n/use-translation.ts';
import { Link } from 'react-router';
import { getCategoryBySlug, listPublished } from '../../domain/news/articles.ts';
import { PageTitle } from '../components/page-title.tsx';
import { listPage, pageData } from '../forms.ts';
import type { Route } from './+types/news-category';
import { ArticleList } from '../components/news/article-list.tsx';
import { getI18n } from '../i18n/i18n.ts';
import { canonicalUrl, describe, feedLink, rootData, shareMeta } from '../seo.ts';

export const handle = { description: 'own' };

export async function loader({ context, request, params }: Route.LoaderArgs) {
  return pageData(request, async () => {
    const category = await getCategoryBySlug({ db: context.db, slug: params.slug });
    const page = listPage(request);
    const list = await listPublished({ db: context.db, categoryId: category.id, page });
    const path = `/chuyen-muc/${category.slug}`;
    return {
      category,
      list,
      seo: {
        url: canonicalUrl(context.publicUrl, path, page > 1 ? `?page=${page}` : ''),
        // Its description, else what it holds: its newest titles.
        summary: describe(
          category.description ||
            list.items
              .slice(0, 3)
              .map((a) => a.title)
              .join('; '),
        ),
        feed: `${context.publicUrl}${path}/rss.xml`,
      },
    };
  });
}

export function meta({ data, matches }: Route.MetaArgs) {
  const root = rootData(matches);
  if (!data || !root) return [];
  const { category } = data;
  const t = getI18n(root.lang).t;
  const siteName = root.frame.settings.siteName || t('site.name');
  const seo = {
    ...data.seo,
    description: describe(
      category.description
        ? data.seo.summary
        : `${category.name} – ${siteName}: ${data.seo.summary}`,
    ),
    feedTitle: t('portal.feedTitle', { site: siteName, name: category.name }),
  };
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
