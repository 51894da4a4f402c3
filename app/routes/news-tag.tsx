import { useTranslation } from '../i18n/use-translation.ts';
import { getTag, listPublished } from '../../domain/news/articles.ts';
import { listPage, pageData } from '../forms.ts';
import { PageTitle } from '../components/page-title.tsx';
import type { Route } from './+types/news-tag';
import { ArticleList } from '../components/news/article-list.tsx';
import { getI18n } from '../i18n/i18n.ts';
import { canonicalUrl, describe, shareMeta } from '../seo.ts';

export const handle = { description: 'own' };

export async function loader({ context, request, params }: Route.LoaderArgs) {
  return pageData(request, async () => {
    const page = listPage(request);
    const tag = await getTag({ db: context.db, slug: params.slug });
    const list = await listPublished({ db: context.db, tagSlug: tag.slug, page });
    const title = getI18n(context.lang).t('news.tag', { tag: tag.name });
    return {
      list,
      tag: tag.name,
      seo: {
        title,
        url: canonicalUrl(context.publicUrl, `/the/${tag.slug}`, page > 1 ? `?page=${page}` : ''),
        description: describe(
          `${title}: ${list.items
            .slice(0, 3)
            .map((a) => a.title)
            .join('; ')}`,
        ),
      },
    };
  });
}

export function meta({ data }: Route.MetaArgs) {
  if (!data) return [];
  return shareMeta({ ...data.seo, type: 'website' });
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
