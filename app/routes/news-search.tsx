import { useTranslation } from '../i18n/use-translation.ts';
import { data, Link } from 'react-router';
import { isAppError } from '../../domain/errors.ts';
import { withoutControls, withoutInvisible } from '../../domain/validation.ts';
import { searchArticles, type SearchResult } from '../../domain/news/search.ts';
import { FilterForm, SearchInput } from '../components/filters.tsx';
import { Highlighted } from '../components/highlighted.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { Pager } from '../components/pager.tsx';
import { listPage, pageData, parseQuery } from '../forms.ts';
import { formatDateTime } from '../i18n/format.ts';
import { SEARCH_MAX_LENGTH, SearchQuery } from '../../protocol/common.ts';
import type { Route } from './+types/news-search';

export async function loader({ context, request }: Route.LoaderArgs) {
  // C1 controls and direction overrides (U+202E would turn the echoed words around) are
  // no search words: dropped before the query is searched and shown back.
  const q = withoutInvisible(parseQuery(SearchQuery, request).q).trim();
  const page = await pageData(request, async () => listPage(request));
  const answer = (
    fields: { q: string; results?: SearchResult; busy?: boolean; invalid?: boolean },
    init?: ResponseInit,
  ) => {
    const body = { results: null, busy: false, invalid: false, ...fields };
    return init ? data(body, init) : body;
  };
  const typed = new URL(request.url).searchParams.get('q') ?? '';
  // Too long, or control characters: said, with what can be kept in the box to mend.
  if (!q && typed.trim())
    return answer({ q: withoutControls(typed).slice(0, 200), invalid: true }, { status: 400 });
  if (!q) return answer({ q });
  try {
    const results = await searchArticles({
      db: context.db,
      limiter: context.searchLimiter,
      q,
      page,
    });
    // A page past the last: said on the page (the pager leads back), not found for robots.
    return answer({ q, results }, results.items.length || page === 1 ? undefined : { status: 404 });
  } catch (err) {
    // Too many searches at once on this instance: say so, and let page readers go first.
    if (isAppError(err) && err.code === 'unavailable')
      return answer({ q, busy: true }, { status: 503, headers: { 'Retry-After': '2' } });
    throw err;
  }
}

/** A document response takes the loader's headers only through here (Retry-After on 503). */
export function headers({ loaderHeaders }: Route.HeadersArgs) {
  const retry = loaderHeaders.get('Retry-After');
  return retry ? { 'Retry-After': retry } : {};
}

export default function NewsSearch({ loaderData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const { q, results, busy, invalid } = loaderData;
  return (
    <section>
      <PageTitle>{q && !invalid ? `${t('news.search')}: ${q}` : t('news.search')}</PageTitle>
      <h1>{t('news.search')}</h1>
      <FilterForm values={{ q }} submit={t('news.searchSubmit')} className="search-form" primary>
        <SearchInput label={t('news.searchLabel')} maxLength={SEARCH_MAX_LENGTH} />
      </FilterForm>
      {invalid && (
        <p className="notice" role="alert">
          {t('news.searchInvalid')}
        </p>
      )}
      {busy && (
        <p className="notice" role="alert">
          {t('news.searchBusy')}
        </p>
      )}
      {results && (
        <>
          <p className="muted">
            {t(results.more ? 'news.resultsMore' : 'news.results', { count: results.total, q })}
          </p>
          {results.mode === 'similar' && <p className="muted">{t('news.similarResults')}</p>}
          {results.total === 0 && <p>{t('news.noResults')}</p>}
          <ol className="search-results" start={(results.page - 1) * results.pageSize + 1}>
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
