import { and, desc, eq, ne, sql } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';
import { contributions } from '../../db/schema/contributions.ts';
import type { Actor } from '../auth/policies.ts';
import { loadAccess } from '../conferences/policies.ts';
import { requireModerator } from './policies.ts';
import { getRow } from './contribution-records.ts';

/** Likely duplicates by trigram similarity of the titles (moderators). */
export async function similarContributions(opts: {
  db: Database;
  actor: Actor | null;
  conferenceId: string;
  contributionId: string;
}) {
  requireModerator(await loadAccess(opts.db, opts.actor, opts.conferenceId));
  const row = await getRow(opts.db, opts.conferenceId, opts.contributionId);
  const score = sql<number>`similarity(search_normalize(${contributions.title}), search_normalize(${row.title}))`;
  return opts.db
    .select({
      id: contributions.id,
      title: contributions.title,
      status: contributions.status,
      score,
    })
    .from(contributions)
    .where(
      and(
        eq(contributions.conferenceId, opts.conferenceId),
        ne(contributions.id, row.id),
        ne(contributions.status, 'merged'),
        sql`${score} > 0.25`,
      ),
    )
    .orderBy(desc(score))
    .limit(5);
}
