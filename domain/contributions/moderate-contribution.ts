import { eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';
import { contributions } from '../../db/schema/contributions.ts';
import type {
  ContributionStatus,
  ModerateContributionInput,
} from '../../protocol/contributions.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Actor } from '../auth/policies.ts';
import { loadAccess } from '../conferences/policies.ts';
import { AppError } from '../errors.ts';
import { requireModerator } from './policies.ts';
import { TRANSITIONS, getRow, record } from './contribution-records.ts';
import { noticeFor, notifyContributor } from './notify-contributor.ts';

/** Publish, reject with a reason, move along the statuses, or pin (moderators). */
export async function moderateContribution(opts: {
  db: Database;
  actor: Actor | null;
  conferenceId: string;
  contributionId: string;
  input: ModerateContributionInput;
}) {
  return opts.db.transaction(async (tx) => {
    const access = await loadAccess(tx, opts.actor, opts.conferenceId);
    const actor = requireModerator(access);
    const row = await getRow(tx, opts.conferenceId, opts.contributionId);
    const { input } = opts;
    if (input.action === 'pin') {
      const [updated] = await tx
        .update(contributions)
        .set({ pinned: input.pinned, updatedAt: sql`now()` })
        .where(eq(contributions.id, row.id))
        .returning();
      await record(tx, row.id, actor.id, input.pinned ? 'pinned' : 'unpinned');
      if (row.pinned !== input.pinned) {
        await recordAudit(tx, {
          actor,
          action: input.pinned ? 'contribution.pinned' : 'contribution.unpinned',
          target: { type: 'contribution', id: row.id, label: row.title },
          conferenceId: opts.conferenceId,
          before: { pinned: row.pinned },
          after: { pinned: input.pinned },
        });
      }
      return updated!;
    }
    const to: ContributionStatus =
      input.action === 'publish'
        ? 'published'
        : input.action === 'reject'
          ? 'rejected'
          : input.status;
    if (!TRANSITIONS[row.status].includes(to)) {
      throw new AppError('invalid_transition', { params: { from: row.status, to } });
    }
    const [updated] = await tx
      .update(contributions)
      .set({
        status: to,
        rejectReason: input.action === 'reject' ? input.reason : row.rejectReason,
        publishedAt: to === 'published' && !row.publishedAt ? sql`now()` : row.publishedAt,
        updatedAt: sql`now()`,
      })
      .where(eq(contributions.id, row.id))
      .returning();
    await record(tx, row.id, actor.id, 'status', {
      from: row.status,
      to,
      ...(input.action === 'reject' ? { reason: input.reason } : {}),
    });
    const event = noticeFor(to);
    if (event && to !== row.status) {
      await notifyContributor(tx, { row: updated!, event, conference: access.conference });
    }
    await recordAudit(tx, {
      actor,
      action:
        to === 'published' || to === 'rejected' || to === 'adopted'
          ? `contribution.${to}`
          : 'contribution.status_changed',
      target: { type: 'contribution', id: row.id, label: row.title },
      conferenceId: opts.conferenceId,
      before: { status: row.status },
      after: { status: to, ...(input.action === 'reject' ? { rejectReason: input.reason } : {}) },
    });
    return updated!;
  });
}
