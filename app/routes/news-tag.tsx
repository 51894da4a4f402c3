import { useTranslation } from 'react-i18next';
import { listPublished } from '../../domain/news/articles.ts';
import { ArticleCard } from '../components/article-card.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { Pager } from '../components/pager.tsx';
import type { Route } from './+types/news-tag';

export async function loader({ context, request, params }: Route.LoaderArgs) {
  const page = Math.max(1, Number(new URL(request.url).searchParams.get('page')) || 1);
  const list = await listPublished({ db: context.db, tagSlug: params.slug, page });
  return { list, tag: params.slug };
}

export default function NewsTag({ loaderData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const { list, tag } = loaderData;
  const title = t('news.tag', { tag });
  return (
    <section>
      <PageTitle>{title}</PageTitle>
      <h1>{title}</h1>
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
