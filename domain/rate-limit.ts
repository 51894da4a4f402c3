import { sql } from 'drizzle-orm';
import { rowsOf, type Executor } from '../db/database.ts';
import { AppError } from './errors.ts';

/**
 * Counts one hit on `key` in a fixed window, atomically (one upsert), across instances.
 * Past `limit`, answers `rate_limited` with the minutes to wait.
 */
export async function hitRateLimit(
  db: Executor,
  key: string,
  limit: number,
  windowMs: number,
): Promise<void> {
  const seconds = windowMs / 1000;
  const result = await db.execute(sql`
    insert into rate_counters (key, count, window_started_at) values (${key}, 1, now())
    on conflict (key) do update set
      count = case when rate_counters.window_started_at > now() - make_interval(secs => ${seconds})
                   then rate_counters.count + 1 else 1 end,
      window_started_at = case when rate_counters.window_started_at > now() - make_interval(secs => ${seconds})
                   then rate_counters.window_started_at else now() end
    returning count`);
  const count = rowsOf<{ count: number }>(result)[0]?.count ?? 1;
  if (count > limit) {
    throw new AppError('rate_limited', { params: { minutes: Math.ceil(windowMs / 60_000) } });
  }
}
