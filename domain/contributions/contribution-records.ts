import { and, eq } from 'drizzle-orm';
import type { Executor } from '../../db/database.ts';
import { contributionHistory, contributions } from '../../db/schema/contributions.ts';
import type { ContributionStatus } from '../../protocol/contributions.ts';
import type { Actor } from '../auth/policies.ts';
import { canViewConference, loadAccess } from '../conferences/policies.ts';
import { AppError } from '../errors.ts';
import { PUBLIC_STATUSES } from './policies.ts';

export type ContributionRow = typeof contributions.$inferSelect;

/** Moves a moderator may make; `merged` happens through `mergeContribution` only. */
export const TRANSITIONS: Record<ContributionStatus, ContributionStatus[]> = {
  submitted: ['published', 'rejected'],
  published: ['under_consideration', 'answered', 'adopted', 'rejected'],
  under_consideration: ['answered', 'adopted', 'published'],
  answered: ['adopted', 'under_consideration'],
  adopted: ['under_consideration'],
  rejected: ['published'],
  merged: [],
};

export async function record(
  db: Executor,
  contributionId: string,
  actorId: string | null,
  action: string,
  details: Record<string, unknown> = {},
) {
  await db.insert(contributionHistory).values({ contributionId, actorId, action, details });
}

/** The conference a contribution may be sent to, and who is sending. */
export async function openAccess(db: Executor, actor: Actor | null, conferenceId: string) {
  const access = await loadAccess(db, actor, conferenceId);
  if (!canViewConference(access)) throw new AppError('not_found');
  return access;
}

export async function getRow(
  db: Executor,
  conferenceId: string,
  id: string,
): Promise<ContributionRow> {
  const [row] = await db
    .select()
    .from(contributions)
    .where(and(eq(contributions.id, id), eq(contributions.conferenceId, conferenceId)))
    .limit(1);
  if (!row) throw new AppError('not_found');
  return row;
}

export function isPublic(row: ContributionRow) {
  return (PUBLIC_STATUSES as readonly string[]).includes(row.status) || row.status === 'merged';
}

/** Public data only: contact details are for moderators. */
export function publicView(row: ContributionRow, moderator: boolean) {
  const { email, phone, idempotencyKey: _k, trackingId: _t, ...rest } = row;
  return moderator ? { ...rest, email, phone } : rest;
}
