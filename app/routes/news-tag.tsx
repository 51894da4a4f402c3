import { SearchQuery } from '../../protocol/common.ts';
import { useTranslation } from 'react-i18next';
import { getTag, listPublished } from '../../domain/news/articles.ts';
import { pageData, parseQuery } from '../forms.ts';
import { PageTitle } from '../components/page-title.tsx';
import type { Route } from './+types/news-tag';
import { ArticleList } from '../components/news/article-list.tsx';

export async function loader({ context, request, params }: Route.LoaderArgs) {
  return pageData(request, async () => {
    const { page } = parseQuery(SearchQuery, request);
    const tag = await getTag({ db: context.db, slug: params.slug });
    const list = await listPublished({ db: context.db, tagSlug: tag.slug, page });
    return { list, tag: tag.name };
  });
}

export default function NewsTag({ loaderData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const { list, tag } = loaderData;
  const title = t('news.tag', { tag });
  return (
    <section>
      <PageTitle>{title}</PageTitle>
      <h1>{title}</h1>
      <ArticleList list={list} />
    </section>
  );
}
