import { eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';
import { contributionSupports, contributions } from '../../db/schema/contributions.ts';
import { requireUser, type Actor } from '../auth/policies.ts';
import { AppError } from '../errors.ts';
import { PUBLIC_STATUSES } from './policies.ts';
import { getRow, openAccess } from './contribution-records.ts';

/** A signed-in user supports a published contribution, once. */
export async function supportContribution(opts: {
  db: Database;
  actor: Actor | null;
  conferenceId: string;
  contributionId: string;
}) {
  const actor = requireUser(opts.actor);
  return opts.db.transaction(async (tx) => {
    await openAccess(tx, actor, opts.conferenceId);
    const row = await getRow(tx, opts.conferenceId, opts.contributionId);
    if (!(PUBLIC_STATUSES as readonly string[]).includes(row.status))
      throw new AppError('not_found');
    const inserted = await tx
      .insert(contributionSupports)
      .values({ contributionId: row.id, userId: actor.id })
      .onConflictDoNothing()
      .returning();
    if (!inserted.length) return { supportCount: row.supportCount, added: false };
    const [updated] = await tx
      .update(contributions)
      .set({ supportCount: sql`${contributions.supportCount} + 1` })
      .where(eq(contributions.id, row.id))
      .returning({ supportCount: contributions.supportCount });
    return { supportCount: updated!.supportCount, added: true };
  });
}
