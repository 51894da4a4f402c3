import { and, inArray, sql } from 'drizzle-orm';
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
export function createViewCounter(db: Database, intervalMs = 1000) {
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

/**
 * How long the beacon trusts what it read of a live article (any portal change forgets
 * it). On the embedded database one process counts every view (its edges pass their
 * beacons to it), so what it read only ages by changes; on a database server other
 * instances count too, and what they stored shows here within this time (plus their
 * flush): re-reads are gathered, one query per half second at most.
 */
export const VIEW_TRUST_MS = { pglite: 60_000, postgres: 5000 } as const;
const KNOWN_GONE_MS = 2000;
/** Articles asked about in one query at most. */
const READ_BATCH = 500;
/** Re-reads are gathered this long (at most a tenth of the trust) and asked together. */
const REREAD_GATHER_MS = 1000;

interface Known {
  state: Promise<{ live: boolean; base: number }>;
  /** When it was read (set once the answer came). */
  at?: number;
  live?: boolean;
  refreshing?: boolean;
}

/**
 * The view beacon (docs/decisions/0011-article-views-by-beacon.md): a page view reported
 * by the article page itself counts once, if the article is live, and answers the count
 * to show. What was read of an article is trusted for a while (VIEW_TRUST_MS), then read again while the
 * old answer still serves (one that is not live: 2 s, then asked again before answering);
 * all of it is forgotten at once when the portal changes (`forget`), so an unpublished
 * article stops counting at once. Articles asked about at the same moment are read in one
 * query (after a portal change, every article's next beacon asks).
 */
export function createViewBeacon(deps: {
  /**
   * The view counts of those of these articles that are live, as their source knows them
   * (absent: no live article with this id). Default: the database's.
   */
  readMany?: (articleIds: string[]) => Promise<Map<string, number>>;
  db?: Database;
  /** How long a live article's answer is trusted before it is read again (VIEW_TRUST_MS). */
  trustMs?: number;
  counter: {
    record(articleId: string): void;
    recorded(articleId: string): number;
    unwritten(articleId: string): number;
  };
}) {
  const readMany = deps.readMany ?? ((ids: string[]) => liveViewCounts(deps.db!, ids));
  const trustMs = deps.trustMs ?? VIEW_TRUST_MS.pglite;
  const gatherMs = Math.min(REREAD_GATHER_MS, trustMs / 10);
  let known = new Map<string, Known>();
  /** The last count shown per article: a count never goes down from one view to the next. */
  let shown = new Map<string, number>();
  type Waiters = Map<string, { resolve(n: number | null): void; reject(e: unknown): void }[]>;
  /** Articles asked about since the last question went out. */
  let batch: Waiters | null = null;
  /** A question is out: the next one waits for its answer, and so gathers more articles. */
  let asking = false;
  /** Articles to read again, gathered for REREAD_GATHER_MS. */
  let rereads: Waiters | null = null;

  function runBatch(asked: Waiters): Promise<unknown> {
    const ids = [...asked.keys()];
    const parts: Promise<void>[] = [];
    for (let k = 0; k < ids.length; k += READ_BATCH) {
      const part = ids.slice(k, k + READ_BATCH);
      parts.push(
        readMany(part).then(
          (counts) => {
            for (const id of part)
              for (const w of asked.get(id)!) w.resolve(counts.get(id) ?? null);
          },
          (err: unknown) => {
            for (const id of part) for (const w of asked.get(id)!) w.reject(err);
          },
        ),
      );
    }
    return Promise.allSettled(parts);
  }

  function ask() {
    if (asking || !batch) return;
    const asked = batch;
    batch = null;
    asking = true;
    void runBatch(asked).finally(() => {
      asking = false;
      if (batch) setImmediate(ask);
    });
  }

  /**
   * One article's count, read with the others asked about at the same moment. One question
   * at a time: under many readers the articles asked about while one is out go together
   * in the next (a thousand re-reads a second were a thousand queries on the owner's one
   * thread, its whole core, when the edges' answers about 2,000 articles aged together).
   */
  function load(articleId: string, later = false): Promise<{ live: boolean; base: number }> {
    return new Promise<number | null>((resolve, reject) => {
      let into: Waiters;
      if (later) {
        // A re-read (the answer in hand serves meanwhile): gathered for a while, so the
        // articles whose answers age at about the same time are read together.
        if (!rereads) {
          const gathered = (rereads = new Map());
          setTimeout(() => {
            rereads = null;
            void runBatch(gathered);
          }, gatherMs).unref?.();
        }
        into = rereads;
      } else {
        if (!batch) {
          batch = new Map();
          setImmediate(ask);
        }
        into = batch;
      }
      const waiting = into.get(articleId) ?? [];
      waiting.push({ resolve, reject });
      into.set(articleId, waiting);
    }).then((count) => ({
      live: count !== null,
      // Shown: the source's count, what this instance held unwritten then, and what it
      // has counted since.
      base:
        count === null
          ? 0
          : count + deps.counter.unwritten(articleId) - deps.counter.recorded(articleId),
    }));
  }

  function remember(articleId: string, entry: Known) {
    entry.state.then(
      (v) => {
        entry.at = Date.now();
        entry.live = v.live;
      },
      () => known.get(articleId) === entry && known.delete(articleId),
    );
  }

  function read(articleId: string) {
    const entry = known.get(articleId);
    const now = Date.now();
    if (entry && (entry.at === undefined || entry.live || now - entry.at < KNOWN_GONE_MS)) {
      if (entry.live && now - entry.at! >= trustMs && !entry.refreshing) {
        // Read again; the answer in hand serves until the new one comes.
        entry.refreshing = true;
        const next: Known = { state: load(articleId, true) };
        next.state.then(
          () => known.get(articleId) === entry && known.set(articleId, next),
          () => (entry.refreshing = false),
        );
        remember(articleId, next);
      }
      return entry.state;
    }
    const fresh: Known = { state: load(articleId) };
    known.set(articleId, fresh);
    remember(articleId, fresh);
    return fresh.state;
  }

  return {
    /**
     * Counts one view of the article (when `counted`) and returns its count to show, or
     * null when no live article has this id.
     */
    async view(articleId: string, counted: boolean): Promise<number | null> {
      if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(articleId))
        return null;
      const id = articleId.toLowerCase();
      const state = await read(id);
      if (!state.live) return null;
      if (counted) deps.counter.record(id);
      const count = Math.max(state.base + deps.counter.recorded(id), shown.get(id) ?? 0);
      if (shown.size >= 100_000) shown = new Map();
      shown.set(id, count);
      return count;
    },
    /** The count last shown for a live article, if any was since the last change (no query). */
    peek(articleId: string): number | undefined {
      return shown.get(articleId);
    },
    /** The portal changed (an article unpublished, deleted…): ask the database again. */
    forget() {
      known = new Map();
      shown = new Map();
    },
  };
}

/** The stored view counts of those of these articles that are live. */
export async function liveViewCounts(
  db: Database,
  articleIds: string[],
): Promise<Map<string, number>> {
  if (!articleIds.length) return new Map();
  const rows = await db
    .select({ id: articles.id, viewCount: viewCountOf })
    .from(articles)
    .where(and(inArray(articles.id, articleIds), isLive()));
  return new Map(rows.map((r) => [r.id, r.viewCount]));
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
