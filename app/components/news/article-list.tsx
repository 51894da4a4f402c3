import { useTranslation } from '../../i18n/use-translation.ts';
import { ArticleCard } from '../article-card.tsx';
import { Pager } from '../pager.tsx';

/** One page of a list of articles (a category, a tag) as cards, with the pager. */
export function ArticleList({
  list,
}: {
  list: {
    items: readonly Parameters<typeof ArticleCard>[0]['article'][];
    page: number;
    total: number;
    pageSize: number;
  };
}) {
  const { t } = useTranslation();
  return (
    <>
      {list.items.length === 0 && <p>{t('news.none')}</p>}
      <div className="article-grid">
        {list.items.map((a) => (
          <ArticleCard key={a.id} article={a} big />
        ))}
      </div>
      <Pager page={list.page} total={list.total} pageSize={list.pageSize} />
    </>
  );
}
