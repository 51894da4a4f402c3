import { and, desc, eq, inArray, or } from 'drizzle-orm';
import type { Executor } from '../../db/database.ts';
import { contributions } from '../../db/schema/contributions.ts';
import { PUBLIC_STATUSES } from './policies.ts';

/** The most supported published questions and proposals: the live console's hook. */
export async function topContributions(opts: {
  db: Executor;
  conferenceId: string;
  limit?: number;
}) {
  return opts.db
    .select({
      id: contributions.id,
      kind: contributions.kind,
      title: contributions.title,
      supportCount: contributions.supportCount,
      authorName: contributions.authorName,
    })
    .from(contributions)
    .where(
      and(
        eq(contributions.conferenceId, opts.conferenceId),
        inArray(contributions.status, [...PUBLIC_STATUSES]),
        or(eq(contributions.kind, 'question'), eq(contributions.kind, 'proposal')),
      ),
    )
    .orderBy(desc(contributions.supportCount), desc(contributions.createdAt))
    .limit(opts.limit ?? 10);
}
