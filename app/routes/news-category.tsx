import { SearchQuery } from '../../protocol/common.ts';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { getCategoryBySlug, listPublished } from '../../domain/news/articles.ts';
import { PageTitle } from '../components/page-title.tsx';
import { pageData, parseQuery } from '../forms.ts';
import type { Route } from './+types/news-category';
import { ArticleList } from '../components/news/article-list.tsx';

export async function loader({ context, request, params }: Route.LoaderArgs) {
  return pageData(request, async () => {
    const category = await getCategoryBySlug({ db: context.db, slug: params.slug });
    const { page } = parseQuery(SearchQuery, request);
    return {
      category,
      list: await listPublished({ db: context.db, categoryId: category.id, page }),
    };
  });
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
