import { sql } from 'drizzle-orm';
import { rowsOf, type Database } from '../../db/database.ts';
import { recordAudit } from './record-audit.ts';

/** The trigger never lets an entry younger than this go, whatever the setting says. */
export const MIN_AUDIT_RETENTION_DAYS = 30;
/** How often the server runs the purge. */
export const AUDIT_PURGE_INTERVAL_MS = 24 * 60 * 60 * 1000;

/**
 * Removes the audit entries older than the retention (`AUDIT_RETENTION_DAYS`), the only
 * DELETE the table's trigger allows: the cut-off is named for this transaction only
 * (`doi_thoai.audit_purge_before`). When it removed anything it says so in the trail
 * (`audit.purged`, with the count and the cut-off). Running it again removes nothing
 * and writes nothing. A system job: no actor, no policy.
 */
export async function purgeAuditLog(opts: {
  db: Database;
  retentionDays: number;
  now?: Date;
}): Promise<{ deleted: number; cutoff: Date }> {
  const days = Math.max(MIN_AUDIT_RETENTION_DAYS, Math.floor(opts.retentionDays));
  const cutoff = new Date((opts.now ?? new Date()).getTime() - days * 24 * 60 * 60 * 1000);
  return opts.db.transaction(async (tx) => {
    await tx.execute(
      sql`select set_config('doi_thoai.audit_purge_before', ${cutoff.toISOString()}, true)`,
    );
    const result = await tx.execute(sql`
      with removed as (delete from audit_log where at < ${cutoff.toISOString()}::timestamptz returning 1)
      select count(*)::int as n from removed`);
    const deleted = Number(rowsOf<{ n: number | string }>(result)[0]?.n ?? 0);
    if (deleted > 0) {
      await recordAudit(tx, {
        actor: null,
        ip: null,
        action: 'audit.purged',
        target: { type: 'audit_log' },
        after: { deleted, before: cutoff.toISOString(), retentionDays: days },
      });
    }
    return { deleted, cutoff };
  });
}
