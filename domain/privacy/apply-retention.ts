import { sql } from 'drizzle-orm';
import { rowsOf, type Database } from '../../db/database.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { getPrivacyNotice } from './privacy-notice.ts';

/** How often the retention job runs (and once at start). */
export const RETENTION_INTERVAL_MS = 24 * 3600 * 1000;

export interface RetentionResult {
  retentionDays: number;
  /** Per conference whose contacts were erased in this run: how many rows of each kind. */
  conferences: { conferenceId: string; contributions: number; delegates: number; sites: number }[];
}

/**
 * Erases contacts kept for a conference longer than the notice says: the e-mail and
 * phone of its contributions' authors, of its delegates and of its sites' technical
 * contacts, once the conference ended (`ends_at`, and not live any more) more than
 * the notice's retention period ago. Names and texts stay (the conference's record).
 * Idempotent: a second run finds nothing to erase and writes nothing. One audit entry
 * (`personal_data.retention_applied`, actor: the system) per run that erased anything.
 */
export async function applyRetention(opts: { db: Database }): Promise<RetentionResult> {
  return opts.db.transaction(async (tx) => {
    const { retentionDays } = await getPrivacyNotice({ db: tx });
    const expired = sql`select id from conferences
      where status <> 'live' and ends_at + make_interval(days => ${retentionDays}::int) <= now()`;
    const contributions = rowsOf<{ conference_id: string }>(
      await tx.execute(sql`update contributions set email = null, phone = null, updated_at = now()
        where conference_id in (${expired}) and (email is not null or phone is not null)
        returning conference_id`),
    );
    const delegates = rowsOf<{ conference_id: string }>(
      await tx.execute(sql`update delegates set email = null, phone = null
        where conference_id in (${expired}) and (email is not null or phone is not null)
        returning conference_id`),
    );
    const sites = rowsOf<{ conference_id: string }>(
      await tx.execute(sql`update conference_sites set tech_email = null, tech_phone = null
        where conference_id in (${expired}) and (tech_email is not null or tech_phone is not null)
        returning conference_id`),
    );
    const counts = new Map<string, RetentionResult['conferences'][number]>();
    const add = (
      rows: { conference_id: string }[],
      kind: 'contributions' | 'delegates' | 'sites',
    ) => {
      for (const { conference_id: id } of rows) {
        const entry = counts.get(id) ?? {
          conferenceId: id,
          contributions: 0,
          delegates: 0,
          sites: 0,
        };
        entry[kind]++;
        counts.set(id, entry);
      }
    };
    add(contributions, 'contributions');
    add(delegates, 'delegates');
    add(sites, 'sites');
    const result = { retentionDays, conferences: [...counts.values()] };
    if (result.conferences.length) {
      await recordAudit(tx, {
        actor: null,
        ip: null,
        action: 'personal_data.retention_applied',
        target: { type: 'personal_data' },
        after: result as unknown as Record<string, unknown>,
      });
    }
    return result;
  });
}
