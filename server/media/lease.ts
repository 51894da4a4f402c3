import { sql } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';
import { rowsOf } from '../../db/database.ts';

/**
 * Takes or renews a short lease (`media_leases`): true when `holder` has it for the
 * next `ms`. Several instances ask; one holds it until it stops renewing.
 */
export async function takeLease(db: Database, key: string, holder: string, ms: number) {
  const result = await db.execute(sql`
    insert into media_leases (key, holder, expires_at)
    values (${key}, ${holder}, now() + ${`${ms} milliseconds`}::interval)
    on conflict (key) do update
      set holder = excluded.holder, expires_at = excluded.expires_at
      where media_leases.holder = excluded.holder or media_leases.expires_at < now()
    returning holder`);
  return rowsOf<{ holder: string }>(result)[0]?.holder === holder;
}

export async function releaseLease(db: Database, key: string, holder: string) {
  await db.execute(sql`delete from media_leases where key = ${key} and holder = ${holder}`);
}
