import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { searchPublished } from '../../domain/news/articles.ts';
import { highlight } from '../../domain/highlight.ts';
import { FilterForm, SearchInput } from '../components/filters.tsx';
import { Highlighted } from '../components/highlighted.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { Pager } from '../components/pager.tsx';
import { parseQuery } from '../forms.ts';
import { formatDateTime } from '../i18n/format.ts';
import { SearchQuery } from '../../protocol/common.ts';
import type { Route } from './+types/news-search';

export async function loader({ context, request }: Route.LoaderArgs) {
  const { q, page } = parseQuery(SearchQuery, request);
  if (!q) return { q, results: null };
  const list = await searchPublished({ db: context.db, q, page });
  return {
    q,
    results: {
      ...list,
      items: list.items.map((a) => {
        const excerpt = (a.summary || a.bodyText).slice(0, 240);
        return {
          id: a.id,
          slug: a.slug,
          publishedAt: a.publishedAt,
          title: highlight(a.title, q),
          excerpt: highlight(excerpt, q),
        };
      }),
    },
  };
}

export default function NewsSearch({ loaderData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const { q, results } = loaderData;
  return (
    <section>
      <PageTitle>{q ? `${t('news.search')}: ${q}` : t('news.search')}</PageTitle>
      <h1>{t('news.search')}</h1>
      <FilterForm values={{ q }} submit={t('news.searchSubmit')} className="search-form" primary>
        <SearchInput label={t('news.searchLabel')} />
      </FilterForm>
      {results && (
        <>
          <p className="muted">{t('news.results', { count: results.total, q })}</p>
          {results.items.length === 0 && <p>{t('news.noResults')}</p>}
          <ol className="search-results">
            {results.items.map((r) => (
              <li key={r.id}>
                <h2>
                  <Link to={`/tin-tuc/${r.slug}`}>
                    <Highlighted segments={r.title} />
                  </Link>
                </h2>
                {r.publishedAt && <p className="muted">{formatDateTime(r.publishedAt)}</p>}
                <p>
                  <Highlighted segments={r.excerpt} />
                </p>
              </li>
            ))}
          </ol>
          <Pager page={results.page} total={results.total} pageSize={results.pageSize} />
        </>
      )}
    </section>
  );
}
