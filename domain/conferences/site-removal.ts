import { and, count, eq, isNotNull, sql } from 'drizzle-orm';
import type { Database, Executor } from '../../db/database.ts';
import { conferenceMembers, delegates, submissions } from '../../db/schema/conferences.ts';
import { contributions } from '../../db/schema/contributions.ts';
import { conferenceEvents } from '../../db/schema/live.ts';
import type { Actor } from '../auth/policies.ts';
import { loadAccess, requireOrganiser } from './policies.ts';

/**
 * Why a site may not be removed: it is named in the live session's log (any event:
 * connection, check-in, absence, floor request or turn, media), or contributions or
 * written submissions came from it. The log is append-only and the live state keeps
 * every site an event named, so removing the site would leave a ghost on the screens
 * and a hole in the minutes and the report; contributions and submissions would lose
 * where they came from. Such a site is marked absent in the live session instead.
 */
export type SiteHistory = 'live' | 'contributions' | 'submissions';

/** The sites of a conference (or the one given) that have a history, with its first kind. */
export async function sitesWithHistory(
  db: Executor,
  conferenceId: string,
  siteId?: string,
): Promise<Map<string, SiteHistory>> {
  const siteOfEvent = sql<string>`${conferenceEvents.payload}->>'siteId'`;
  // One after the other: `db` may be a transaction (one connection).
  const live = await db
    .selectDistinct({ siteId: siteOfEvent })
    .from(conferenceEvents)
    .where(
      and(
        eq(conferenceEvents.conferenceId, conferenceId),
        siteId ? sql`${siteOfEvent} = ${siteId}` : sql`${conferenceEvents.payload} ? 'siteId'`,
      ),
    );
  const contributed = await db
    .selectDistinct({ siteId: contributions.siteId })
    .from(contributions)
    .where(
      and(
        eq(contributions.conferenceId, conferenceId),
        siteId ? eq(contributions.siteId, siteId) : isNotNull(contributions.siteId),
      ),
    );
  const submitted = await db
    .selectDistinct({ siteId: submissions.siteId })
    .from(submissions)
    .where(
      and(
        eq(submissions.conferenceId, conferenceId),
        siteId ? eq(submissions.siteId, siteId) : isNotNull(submissions.siteId),
      ),
    );
  const history = new Map<string, SiteHistory>();
  // Named by the weightiest reason: the live log, then contributions, then submissions.
  for (const [rows, kind] of [
    [submitted, 'submissions'],
    [contributed, 'contributions'],
    [live, 'live'],
  ] as const) {
    for (const row of rows) if (row.siteId) history.set(row.siteId, kind);
  }
  return history;
}

/**
 * What removing each site of a conference would take with it (its delegates, and the
 * roles bound to it: site operators, delegates with an account), or why it may not be
 * removed; for the organisers' confirmation dialog.
 */
export async function siteRemovalFacts(opts: {
  db: Database;
  actor: Actor | null;
  conferenceId: string;
  /** Only this site. */
  siteId?: string;
}): Promise<Record<string, { delegates: number; members: number; history: SiteHistory | null }>> {
  requireOrganiser(await loadAccess(opts.db, opts.actor, opts.conferenceId));
  const people = await opts.db
    .select({ siteId: delegates.siteId, n: count() })
    .from(delegates)
    .where(
      and(
        eq(delegates.conferenceId, opts.conferenceId),
        opts.siteId ? eq(delegates.siteId, opts.siteId) : undefined,
      ),
    )
    .groupBy(delegates.siteId);
  const roles = await opts.db
    .select({ siteId: conferenceMembers.siteId, n: count() })
    .from(conferenceMembers)
    .where(
      and(
        eq(conferenceMembers.conferenceId, opts.conferenceId),
        isNotNull(conferenceMembers.siteId),
      ),
    )
    .groupBy(conferenceMembers.siteId);
  const history = await sitesWithHistory(opts.db, opts.conferenceId, opts.siteId);
  const facts: Record<string, { delegates: number; members: number; history: SiteHistory | null }> =
    {};
  const of = (siteId: string) => (facts[siteId] ??= { delegates: 0, members: 0, history: null });
  for (const r of people) of(r.siteId).delegates = r.n;
  for (const r of roles) if (r.siteId) of(r.siteId).members = r.n;
  for (const [siteId, kind] of history) of(siteId).history = kind;
  return facts;
}
