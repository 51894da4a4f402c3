import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';
import { rowsOf } from '../../db/database.ts';
import { AppError } from '../errors.ts';
import type { Segment } from '../highlight.ts';

export const SEARCH_PAGE_SIZE = 12;
/**
 * Matches are counted exactly up to this many; beyond, the page says "more than" (a word
 * found in most articles would otherwise cost a look at thousands of them on every search).
 * Up to this many matches, all are ranked; beyond, the newest this many matches and the
 * newest this many with every word whole (see ranked).
 */
export const SEARCH_COUNT_LIMIT = 100;
const MAX_WORDS = 8;

/** Marks ts_headline puts around a match: control characters, never in stored text. */
const START = '\u0002';
const STOP = '\u0003';

/**
 * The words of a query, as the search configuration reads them: letters and digits only
 * (so nothing in a query is tsquery syntax), NFC, at most eight.
 */
export function queryWords(q: string): string[] {
  return (q.normalize('NFC').match(/[\p{L}\p{N}]+/gu) ?? [])
    .map((w) => w.slice(0, 60))
    .slice(0, MAX_WORDS);
}

export interface SearchHit {
  id: string;
  slug: string;
  publishedAt: Date | null;
  title: Segment[];
  excerpt: Segment[];
}

export interface SearchResult {
  items: SearchHit[];
  /** Matches found, counted up to SEARCH_COUNT_LIMIT (`more`: there are more than that). */
  total: number;
  more: boolean;
  page: number;
  pageSize: number;
  /** `words`: whole words and word beginnings; `similar`: nothing matched, spelling-tolerant. */
  mode: 'words' | 'similar' | 'none';
}

function segments(marked: string): Segment[] {
  const out: Segment[] = [];
  for (const part of marked.split(START)) {
    const stop = part.indexOf(STOP);
    if (stop >= 0) {
      out.push({ text: part.slice(0, stop), match: true });
      if (stop + 1 < part.length) out.push({ text: part.slice(stop + 1), match: false });
    } else if (part) out.push({ text: part, match: false });
  }
  // Matches separated only by spaces read as one phrase.
  out.forEach((s, i) => {
    if (!s.match && /^\s+$/.test(s.text) && out[i - 1]?.match && out[i + 1]?.match) s.match = true;
  });
  const merged: Segment[] = [];
  for (const s of out) {
    const last = merged.at(-1);
    if (last && last.match === s.match) last.text += s.text;
    else merged.push({ ...s });
  }
  return merged.length ? merged : [{ text: '', match: false }];
}

const CONFIG = sql.raw(`'public.dt_search'::regconfig`);
const LIVE = sql`a.status = 'published' and a.published_at <= now()`;

/**
 * Reader search over title, sapo and body, ranked by relevance: PostgreSQL full-text
 * search (the `dt_search` configuration folds diacritics and case) on the stored
 * `search_document` (title weight A, sapo B, body C, GIN index). Articles containing every
 * word whole come first, then those where a word only begins one (`chuyen` finds
 * `chuyển`, `chuyên`, and `chuyen do` finds `chuyển đổi`); when neither finds anything,
 * trigram similarity tolerates typos (`chuyne doi`). Only the page shown is highlighted,
 * and only whole words are marked (ts_headline).
 */
export async function searchArticles(opts: {
  db: Database;
  /** This instance's limiter (createSearchLimiter). */
  limiter: SearchLimiter;
  q: string;
  page?: number;
}): Promise<SearchResult> {
  const page = Math.max(1, opts.page ?? 1);
  const words = queryWords(opts.q);
  const empty = { items: [], total: 0, more: false, page, pageSize: SEARCH_PAGE_SIZE };
  if (!words.length) return { ...empty, mode: 'none' };
  const offset = (page - 1) * SEARCH_PAGE_SIZE;
  const tsquery = (text: string) => sql`to_tsquery(${CONFIG}, ${text})`;

  return opts.limiter.run(async () => {
    // Every word, whole or as the beginning of a word; whole words rank first.
    const found = await ranked(opts.db, {
      match: tsquery(words.map((w) => `${w}:*`).join(' & ')),
      whole: tsquery(words.join(' & ')),
      // Highlighted: the query's words, whole where the article has them all whole, else
      // also as a word's beginning (what made it match).
      marks: tsquery(words.join(' | ')),
      fragmentMarks: tsquery(words.map((w) => `${w}:*`).join(' | ')),
      offset,
    });
    if (found.total) return { ...found, page, pageSize: SEARCH_PAGE_SIZE, mode: 'words' };
    // Nothing has these words: perhaps they are misspelt. Each word is replaced by the
    // words of the articles most like it (trigram similarity over the vocabulary that
    // migration 0013 keeps in search_words), and those are searched as whole words.
    const similar = rowsOf<{ i: number; word: string }>(
      await opts.db.execute(sql`
        select q.i::int as i, w.word
        from unnest(${sql.param(words)}::text[]) with ordinality as q(w, i)
        cross join lateral (
          select word from search_words
          where word % search_normalize(q.w)
          order by similarity(word, search_normalize(q.w)) desc, word
          limit 3
        ) w`),
    );
    const groups = words.map((_, i) =>
      similar.filter((r) => r.i === i + 1).map((r) => `'${r.word.replace(/['\\]/g, '')}'`),
    );
    if (groups.some((g) => !g.length)) return { ...empty, mode: 'none' };
    const alternatives = groups.map((g) => `(${g.join(' | ')})`).join(' & ');
    const again = await ranked(opts.db, {
      match: tsquery(alternatives),
      whole: tsquery(alternatives),
      marks: tsquery(groups.flat().join(' | ')),
      offset,
    });
    return {
      ...again,
      page,
      pageSize: SEARCH_PAGE_SIZE,
      mode: again.total ? 'similar' : 'none',
    };
  });
}

/**
 * One page of the articles matching `match`, those matching `whole` first, then by
 * ts_rank_cd, then newest; highlighted with `marks` (the page shown only; those matching
 * only by a word's beginning with `fragmentMarks`, when given). In one statement:
 * the newest SEARCH_COUNT_LIMIT + 1 matches (the count, and the candidates), each ranked
 * as it is read. Up to SEARCH_COUNT_LIMIT matches all are ranked; beyond, the newest
 * SEARCH_COUNT_LIMIT, and when fewer than a page of them have every word whole, also the
 * newest SEARCH_COUNT_LIMIT with every word whole (so articles with the whole words are not
 * crowded out by newer ones where a word only begins one). The candidates do not depend
 * on the page asked for, so paging shows each once (and beyond them, nothing: the reader
 * is told there are more than SEARCH_COUNT_LIMIT). The planner walks the newest articles
 * for common words and uses the GIN index for rare ones.
 */
async function ranked(
  db: Database,
  q: { match: SQL; whole: SQL; marks: SQL; fragmentMarks?: SQL; offset: number },
): Promise<{ items: SearchHit[]; total: number; more: boolean }> {
  const weights = sql.raw(`'{0.1, 0.2, 0.4, 1.0}'`);
  const rows = rowsOf<{
    n: number;
    id: string | null;
    slug: string;
    published_at: Date | string | null;
    title: string;
    excerpt: string;
  }>(
    await db.execute(sql`
      with found as materialized (
        select f.id, f.published_at, f.document @@ ${q.whole} as whole,
          ts_rank_cd(${weights}, f.document, ${q.match}, 1) as rank
        from (
          select a.id, a.published_at, a.search_document as document from articles a
          where ${LIVE} and a.search_document @@ ${q.match}
          order by a.published_at desc limit ${SEARCH_COUNT_LIMIT + 1}
        ) f
      ), newest as (
        select * from found order by published_at desc limit ${SEARCH_COUNT_LIMIT}
      ), total as (
        select (select count(*)::int from found) as n,
          (select count(*)::int from newest where whole) as whole
      ),
      candidates as (
        (select id, published_at, whole, rank from newest)
        union all
        (select a.id, a.published_at, true,
            ts_rank_cd(${weights}, a.search_document, ${q.match}, 1)
          from articles a
          where (select n from total) > ${SEARCH_COUNT_LIMIT}
            and (select whole from total) < ${SEARCH_PAGE_SIZE} and ${LIVE}
            and a.search_document @@ ${q.whole}
            and a.id not in (select id from newest)
          order by a.published_at desc limit ${SEARCH_COUNT_LIMIT})
      ), ranked as (
        select c.id, c.published_at, c.whole, c.rank from candidates c
        order by c.whole desc, c.rank desc, c.published_at desc
        limit ${SEARCH_PAGE_SIZE} offset ${q.offset}
      )
      select t.n, p.id, p.slug, p.published_at, p.title, p.excerpt
      from total t left join (
        select a.id, a.slug, a.published_at, r.whole, r.rank,
          ts_headline(${CONFIG}, a.title, m.q, ${headlineOptions(true)}) as title,
          ts_headline(${CONFIG}, case when a.summary <> '' then a.summary else left(a.body_text, 2000) end,
            m.q, ${headlineOptions(false)}) as excerpt
        from ranked r join articles a on a.id = r.id
        cross join lateral (
          select case when r.whole then ${q.marks} else ${q.fragmentMarks ?? q.marks} end as q
        ) m
      ) p on true
      order by p.whole desc, p.rank desc, p.published_at desc`),
  );
  const total = rows[0]?.n ?? 0;
  return {
    items: rows.filter((r) => r.id !== null).map(hit),
    total: Math.min(total, SEARCH_COUNT_LIMIT),
    more: total > SEARCH_COUNT_LIMIT,
  };
}

function headlineOptions(whole: boolean) {
  const marks = `StartSel=${START}, StopSel=${STOP}, HighlightAll=${whole ? 'true' : 'false'}`;
  return whole
    ? marks
    : `${marks}, MaxWords=40, MinWords=20, MaxFragments=2, FragmentDelimiter=" … "`;
}

function hit(r: {
  id: string | null;
  slug: string;
  published_at: Date | string | null;
  title: string;
  excerpt: string;
}): SearchHit {
  return {
    id: r.id!,
    slug: r.slug,
    publishedAt: r.published_at ? new Date(r.published_at) : null,
    title: segments(r.title),
    excerpt: segments(r.excerpt),
  };
}

/**
 * Searches cost far more than a page from the cache: at most `concurrency` run at once on
 * an instance, at most `queue` wait; beyond that a search is refused at once
 * (`unavailable`, 503) rather than let searchers take every database connection and the
 * CPU from readers of pages. The slot covers the search's queries only: its page renders
 * while the next search's query runs. One limiter per instance (server/app.ts).
 */
export function createSearchLimiter(opts: { concurrency: number; queue: number }) {
  let running = 0;
  const waiting: (() => void)[] = [];
  return {
    async run<T>(work: () => Promise<T>): Promise<T> {
      if (running >= opts.concurrency) {
        if (waiting.length >= opts.queue)
          throw new AppError('unavailable', { messageKey: 'news.searchBusy' });
        await new Promise<void>((resolve) => waiting.push(resolve));
      } else running++;
      try {
        return await work();
      } finally {
        const next = waiting.shift();
        // The slot passes straight to the next waiter.
        if (next) next();
        else running--;
      }
    },
  };
}

export type SearchLimiter = ReturnType<typeof createSearchLimiter>;

/**
 * The limits, the same on both databases: one search's query at a time and 16 waiting.
 * On PostgreSQL under 8 searchers on two instances p99 was 74–93 ms against 81–103 ms with
 * two at a time (bench/portal.ts, four runs each). On PGlite the queries run in the
 * database's own thread (db/pglite-thread.ts), one at a time anyway; other statements
 * (live sessions, pages, writes) wait behind at most one search's.
 */
export const SEARCH_LIMITS = { concurrency: 1, queue: 16 };
