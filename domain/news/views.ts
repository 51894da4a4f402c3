import { and, eq, sql } from 'drizzle-orm';
import { isbot } from 'isbot';
import { rowsOf, type Database } from '../../db/database.ts';
import { articles } from '../../db/schema/news.ts';
import { isLive, viewCountOf } from './articles.ts';

/**
 * Counts article views without making a reader wait: views add up in memory and a
 * flush (every second, and on shutdown) adds them to article_views with one atomic
 * upsert, so
 * concurrent views on any number of instances are never lost to each other. A
 * crash can lose at most the last second's views.
 */
export function createViewCounter(
  /** The database, or where a batch goes instead (an edge process sends it to its owner). */
  target: Database | ((batch: Map<string, number>) => Promise<void>),
  intervalMs = 1000,
) {
  let pending = new Map<string, number>();
  let timer: NodeJS.Timeout | undefined;
  let flushing: Promise<void> = Promise.resolve();
  /** Every view this instance has counted, per article (what the beacon shows grows with it). */
  const recorded = new Map<string, number>();
  /** The batch being written now: still not in the database. */
  let writing = new Map<string, number>();

  async function write(batch: Map<string, number>) {
    if (!batch.size) return;
    const values = sql.join(
      [...batch].map(([id, n]) => sql`(${id}::uuid, ${n}::bigint)`),
      sql`, `,
    );
    writing = batch;
    try {
      if (typeof target === 'function') return await target(batch);
      const db = target;
      // Into the narrow article_views table (an update of the wide articles row would
      // rewrite its search indexes); an article deleted since its views is skipped.
      await db.execute(sql`
        insert into article_views (article_id, view_count)
        select a.id, v.n from (values ${values}) as v(id, n) join articles a on a.id = v.id
        on conflict (article_id) do update
          set view_count = article_views.view_count + excluded.view_count`);
    } catch (err) {
      // Keep the counts for the next flush rather than lose them.
      for (const [id, n] of batch) pending.set(id, (pending.get(id) ?? 0) + n);
      throw err;
    } finally {
      writing = new Map();
    }
  }

  const counter = {
    record(articleId: string) {
      recorded.set(articleId, (recorded.get(articleId) ?? 0) + 1);
      pending.set(articleId, (pending.get(articleId) ?? 0) + 1);
    },
    /** Views of one article this instance has counted since it started. */
    recorded(articleId: string): number {
      return recorded.get(articleId) ?? 0;
    },
    /** Views of one article this instance holds and has not written yet. */
    unwritten(articleId: string): number {
      return (pending.get(articleId) ?? 0) + (writing.get(articleId) ?? 0);
    },
    /** Views counted elsewhere (an edge process), written with this instance's. */
    add(articleId: string, n: number) {
      pending.set(articleId, (pending.get(articleId) ?? 0) + n);
    },
    flush(): Promise<void> {
      const batch = pending;
      pending = new Map();
      // One flush at a time; a failed one tells its caller and leaves the chain usable
      // (a rejected chain would stop counting for good).
      const run = flushing.then(() => write(batch));
      flushing = run.catch(() => {});
      return run;
    },
    start(onError: (err: unknown) => void) {
      timer = setInterval(() => void counter.flush().catch(onError), intervalMs);
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      await counter.flush();
    },
  };
  return counter;
}

/** isbot's answers for the agents seen lately: its one large regex runs once per agent. */
const botAnswers = new Map<string, boolean>();

function isBotAgent(agent: string): boolean {
  let answer = botAnswers.get(agent);
  if (answer === undefined) {
    answer = isbot(agent);
    if (botAnswers.size >= 1000) botAnswers.clear();
    botAnswers.set(agent, answer);
  }
  return answer;
}

/**
 * Whether a request that reports a page view is a person reading: not a crawler (isbot),
 * not a prefetch or prerender (`Sec-Purpose`/`Purpose: prefetch`), not a HEAD.
 */
export function isPersonsView(req: {
  method?: string;
  headers: Record<string, string | string[] | undefined>;
}): boolean {
  if (req.method === 'HEAD') return false;
  const agent = req.headers['user-agent'];
  if (typeof agent !== 'string' || !agent || isBotAgent(agent)) return false;
  for (const name of ['sec-purpose', 'purpose', 'x-purpose', 'x-moz']) {
    const v = req.headers[name];
    if (typeof v === 'string' && /prefetch|preview|prerender/i.test(v)) return false;
  }
  return true;
}

/** How long the beacon trusts what it read of an article: any portal change forgets it. */
const KNOWN_LIVE_MS = 60_000;
const KNOWN_GONE_MS = 2000;

/**
 * The view beacon (docs/decisions/0011-article-views-by-beacon.md): a page view reported
 * by the article page itself counts once, if the article is live, and answers the count
 * to show. Which articles are live is remembered for a minute (one that is not, 2 s) and forgotten at once when the
 * portal changes (`forget`), so an unpublished article stops counting at once.
 */
export function createViewBeacon(deps: {
  /**
   * An article's view count as its source knows it (null: no live article with this id).
   * Default: the database's.
   */
  read?: (articleId: string) => Promise<number | null>;
  db?: Database;
  counter: {
    record(articleId: string): void;
    recorded(articleId: string): number;
    unwritten(articleId: string): number;
  };
}) {
  /** Per article: its count in the database when read, what this instance held then, when. */
  let known = new Map<string, Promise<{ live: boolean; base: number; at: number }>>();

  function read(articleId: string) {
    const at = Date.now();
    const cached = known.get(articleId);
    if (cached) return cached;
    const fresh = (async () => {
      const count = deps.read
        ? await deps.read(articleId)
        : await liveViewCount(deps.db!, articleId);
      // Shown: the source's count, what this instance held unwritten then, and what it
      // has counted since.
      return {
        live: count !== null,
        base:
          count === null
            ? 0
            : count + deps.counter.unwritten(articleId) - deps.counter.recorded(articleId),
        at,
      };
    })();
    known.set(articleId, fresh);
    fresh.then(
      (v) => {
        const timer = setTimeout(
          () => known.get(articleId) === fresh && known.delete(articleId),
          v.live ? KNOWN_LIVE_MS : KNOWN_GONE_MS,
        );
        timer.unref();
        return v;
      },
      () => known.get(articleId) === fresh && known.delete(articleId),
    );
    return fresh;
  }

  return {
    /**
     * Counts one view of the article (when `counted`) and returns its count to show, or
     * null when no live article has this id.
     */
    async view(articleId: string, counted: boolean): Promise<number | null> {
      if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(articleId))
        return null;
      const state = await read(articleId);
      if (!state.live) return null;
      if (counted) deps.counter.record(articleId);
      return state.base + deps.counter.recorded(articleId);
    },
    /** The portal changed (an article unpublished, deleted…): ask the database again. */
    forget() {
      known = new Map();
    },
  };
}

/** A live article's stored view count; null when no live article has this id. */
export async function liveViewCount(db: Database, articleId: string): Promise<number | null> {
  const [row] = await db
    .select({ viewCount: viewCountOf })
    .from(articles)
    .where(and(eq(articles.id, articleId), isLive()));
  return row ? row.viewCount : null;
}

/** When the next scheduled article goes live (it then appears on pages by itself). */
export async function nextScheduled(db: Database): Promise<Date | null> {
  const [row] = rowsOf<{ at: Date | string | null }>(
    await db.execute(sql`
      select min(published_at) as at from articles
      where status = 'published' and published_at > now()`),
  );
  return row?.at ? new Date(row.at) : null;
}
