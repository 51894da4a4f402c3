import { eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';
import { contributions } from '../../db/schema/contributions.ts';
import type { EditContributionInput } from '../../protocol/contributions.ts';
import { changedFields, recordAudit } from '../audit/record-audit.ts';
import type { Actor } from '../auth/policies.ts';
import { loadAccess } from '../conferences/policies.ts';
import { requireModerator } from './policies.ts';
import { getRow, record } from './contribution-records.ts';

/** Fixes typos; the text before and after is kept in the history. */
export async function editContribution(opts: {
  db: Database;
  actor: Actor | null;
  conferenceId: string;
  contributionId: string;
  input: EditContributionInput;
}) {
  return opts.db.transaction(async (tx) => {
    const actor = requireModerator(await loadAccess(tx, opts.actor, opts.conferenceId));
    const row = await getRow(tx, opts.conferenceId, opts.contributionId);
    const { title, body, note } = opts.input;
    const [updated] = await tx
      .update(contributions)
      .set({ ...(title && { title }), ...(body && { body }), updatedAt: sql`now()` })
      .where(eq(contributions.id, row.id))
      .returning();
    await record(tx, row.id, actor.id, 'edited', {
      before: { title: row.title, body: row.body },
      after: { title: updated!.title, body: updated!.body },
      ...(note ? { note } : {}),
    });
    const changed = changedFields(
      { title: row.title, body: row.body },
      { title: updated!.title, body: updated!.body },
    );
    if (changed) {
      await recordAudit(tx, {
        actor,
        action: 'contribution.edited',
        target: { type: 'contribution', id: row.id, label: updated!.title },
        conferenceId: opts.conferenceId,
        ...changed,
      });
    }
    return updated!;
  });
}
