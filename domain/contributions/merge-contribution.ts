import { count, eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';
import { contributionSupports, contributions } from '../../db/schema/contributions.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Actor } from '../auth/policies.ts';
import { loadAccess } from '../conferences/policies.ts';
import { AppError } from '../errors.ts';
import { requireModerator } from './policies.ts';
import { getRow, record } from './contribution-records.ts';

/** Merges a duplicate into another contribution; its supports move over, once per person. */
export async function mergeContribution(opts: {
  db: Database;
  actor: Actor | null;
  conferenceId: string;
  contributionId: string;
  intoId: string;
}) {
  return opts.db.transaction(async (tx) => {
    const actor = requireModerator(await loadAccess(tx, opts.actor, opts.conferenceId));
    if (opts.intoId === opts.contributionId)
      throw new AppError('validation', { fields: { intoId: 'validation.invalid' } });
    const row = await getRow(tx, opts.conferenceId, opts.contributionId);
    const target = await getRow(tx, opts.conferenceId, opts.intoId);
    if (row.status === 'merged' || target.status === 'merged' || target.status === 'rejected') {
      throw new AppError('invalid_transition', { params: { from: row.status, to: 'merged' } });
    }
    await tx.execute(sql`
      insert into contribution_supports (contribution_id, user_id, created_at)
      select ${target.id}, user_id, created_at from contribution_supports where contribution_id = ${row.id}
      on conflict do nothing`);
    const [{ n } = { n: 0 }] = await tx
      .select({ n: count() })
      .from(contributionSupports)
      .where(eq(contributionSupports.contributionId, target.id));
    await tx
      .update(contributions)
      .set({ supportCount: n, updatedAt: sql`now()` })
      .where(eq(contributions.id, target.id));
    const [updated] = await tx
      .update(contributions)
      .set({ status: 'merged', mergedIntoId: target.id, updatedAt: sql`now()` })
      .where(eq(contributions.id, row.id))
      .returning();
    await record(tx, row.id, actor.id, 'merged', { into: target.id, from: row.status });
    await record(tx, target.id, actor.id, 'received_merge', { from: row.id });
    await recordAudit(tx, {
      actor,
      action: 'contribution.merged',
      target: { type: 'contribution', id: row.id, label: row.title },
      conferenceId: opts.conferenceId,
      before: { status: row.status },
      after: { status: 'merged', mergedIntoId: target.id, mergedInto: target.title },
    });
    return updated!;
  });
}
