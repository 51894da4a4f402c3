import { eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';
import { contributions } from '../../db/schema/contributions.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { requireUser, type Actor } from '../auth/policies.ts';
import { loadAccess } from '../conferences/policies.ts';
import { AppError } from '../errors.ts';
import { PUBLIC_STATUSES } from './policies.ts';
import { getRow, record } from './contribution-records.ts';
import { notifyContributor } from './notify-contributor.ts';

/** The organisers' official answer; the contribution becomes `answered` unless adopted. */
export async function answerContribution(opts: {
  db: Database;
  actor: Actor | null;
  conferenceId: string;
  contributionId: string;
  answer: string;
}) {
  return opts.db.transaction(async (tx) => {
    const access = await loadAccess(tx, opts.actor, opts.conferenceId);
    const actor = requireUser(access.actor);
    if (!access.isAdmin && !access.roles.has('organiser')) throw new AppError('forbidden');
    const row = await getRow(tx, opts.conferenceId, opts.contributionId);
    if (!(PUBLIC_STATUSES as readonly string[]).includes(row.status)) {
      throw new AppError('invalid_transition', { params: { from: row.status, to: 'answered' } });
    }
    const [updated] = await tx
      .update(contributions)
      .set({
        answer: opts.answer,
        answeredBy: actor.id,
        answeredAt: sql`now()`,
        status: row.status === 'adopted' ? 'adopted' : 'answered',
        updatedAt: sql`now()`,
      })
      .where(eq(contributions.id, row.id))
      .returning();
    await record(tx, row.id, actor.id, 'answered', { from: row.status, to: updated!.status });
    await notifyContributor(tx, {
      row: updated!,
      event: 'answered',
      conference: access.conference,
    });
    await recordAudit(tx, {
      actor,
      action: 'contribution.answered',
      target: { type: 'contribution', id: row.id, label: row.title },
      conferenceId: opts.conferenceId,
      before: { status: row.status, answer: row.answer },
      after: { status: updated!.status, answer: updated!.answer },
    });
    return updated!;
  });
}
