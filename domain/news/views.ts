import { sql } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';

/**
 * Counts article views without making a reader wait: views add up in memory and a
 * flush (every second, and on shutdown) adds them with one atomic UPDATE, so
 * concurrent views on any number of instances are never lost to each other. A
 * crash can lose at most the last second's views.
 */
export function createViewCounter(db: Database, intervalMs = 1000) {
  let pending = new Map<string, number>();
  let timer: NodeJS.Timeout | undefined;
  let flushing: Promise<void> = Promise.resolve();

  async function write(batch: Map<string, number>) {
    if (!batch.size) return;
    const values = sql.join(
      [...batch].map(([id, n]) => sql`(${id}::uuid, ${n}::bigint)`),
      sql`, `,
    );
    try {
      await db.execute(sql`
        update articles as a set view_count = a.view_count + v.n
        from (values ${values}) as v(id, n) where a.id = v.id`);
    } catch (err) {
      // Keep the counts for the next flush rather than lose them.
      for (const [id, n] of batch) pending.set(id, (pending.get(id) ?? 0) + n);
      throw err;
    }
  }

  const counter = {
    record(articleId: string) {
      pending.set(articleId, (pending.get(articleId) ?? 0) + 1);
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
