import { asc, eq } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';
import { contributionHistory } from '../../db/schema/contributions.ts';
import type { Actor } from '../auth/policies.ts';
import { loadAccess } from '../conferences/policies.ts';
import { requireModerator } from './policies.ts';
import { getRow } from './contribution-records.ts';

export async function contributionHistoryOf(opts: {
  db: Database;
  actor: Actor | null;
  conferenceId: string;
  contributionId: string;
}) {
  requireModerator(await loadAccess(opts.db, opts.actor, opts.conferenceId));
  await getRow(opts.db, opts.conferenceId, opts.contributionId);
  return opts.db
    .select()
    .from(contributionHistory)
    .where(eq(contributionHistory.contributionId, opts.contributionId))
    .orderBy(asc(contributionHistory.at));
}
