import { SearchQuery } from '../../protocol/common.ts';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { getCategoryBySlug, listPublished } from '../../domain/news/articles.ts';
import { ArticleCard } from '../components/article-card.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { Pager } from '../components/pager.tsx';
import { pageData, parseQuery } from '../forms.ts';
import type { Route } from './+types/news-category';

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
      {list.items.length === 0 && <p>{t('news.none')}</p>}
      <div className="article-grid">
        {list.items.map((a) => (
          <ArticleCard key={a.id} article={a} big />
        ))}
      </div>
      <Pager page={list.page} total={list.total} pageSize={list.pageSize} />
    </section>
  );
}
