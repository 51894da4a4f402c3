import { and, eq } from 'drizzle-orm';
import type { Executor } from '../../db/database.ts';
import { conferenceMembers, conferences } from '../../db/schema/conferences.ts';
import type { ConferenceRole } from '../../protocol/conferences.ts';
import { hasRole, requireUser, type Actor } from '../auth/policies.ts';
import { AppError } from '../errors.ts';

/** What the actor may do in one conference: global admin, roles, and the sites they act for. */
export interface ConferenceAccess {
  conference: typeof conferences.$inferSelect;
  actor: Actor | null;
  isAdmin: boolean;
  roles: Set<ConferenceRole>;
  /** Sites this actor operates (site operator). */
  operatorSites: Set<string>;
  /** Sites this actor is a delegate of. */
  delegateSites: Set<string>;
}

export async function loadAccess(
  db: Executor,
  actor: Actor | null,
  conferenceId: string,
): Promise<ConferenceAccess> {
  const [conference] = await db
    .select()
    .from(conferences)
    .where(eq(conferences.id, conferenceId))
    .limit(1);
  if (!conference) throw new AppError('not_found');
  const rows = actor
    ? await db
        .select({ role: conferenceMembers.role, siteId: conferenceMembers.siteId })
        .from(conferenceMembers)
        .where(
          and(
            eq(conferenceMembers.conferenceId, conferenceId),
            eq(conferenceMembers.userId, actor.id),
          ),
        )
    : [];
  return {
    conference,
    actor,
    isAdmin: hasRole(actor, 'admin'),
    roles: new Set(rows.map((r) => r.role)),
    operatorSites: new Set(
      rows.filter((r) => r.role === 'site_operator' && r.siteId).map((r) => r.siteId!),
    ),
    delegateSites: new Set(
      rows.filter((r) => r.role === 'delegate' && r.siteId).map((r) => r.siteId!),
    ),
  };
}

/** Organiser rights: the conference's organisers and global administrators. */
export function canOrganise(access: ConferenceAccess): boolean {
  return access.isAdmin || access.roles.has('organiser');
}

export function isParticipant(access: ConferenceAccess): boolean {
  return canOrganise(access) || access.roles.size > 0;
}

/** Not signed in: 401; signed in without the right: 403. */
function deny(access: ConferenceAccess): never {
  requireUser(access.actor);
  throw new AppError('forbidden');
}

export function requireOrganiser(access: ConferenceAccess): Actor {
  if (!canOrganise(access)) deny(access);
  return access.actor!;
}

/** Any role in the conference (chair, secretary, operators, delegates, organisers). */
export function requireParticipant(access: ConferenceAccess): Actor {
  if (!isParticipant(access)) deny(access);
  return access.actor!;
}

/** Acting for one site: organisers for any site, a site operator for their own only. */
export function requireSiteAccess(access: ConferenceAccess, siteId: string): Actor {
  if (!canOrganise(access) && !access.operatorSites.has(siteId)) deny(access);
  return access.actor!;
}

/** Sites whose details the actor may see: all for organisers, chair and secretary. */
export function visibleSites(access: ConferenceAccess): 'all' | Set<string> {
  if (canOrganise(access) || access.roles.has('chair') || access.roles.has('secretary')) {
    return 'all';
  }
  return new Set([...access.operatorSites, ...access.delegateSites]);
}

/** The public page: a public conference past its draft, or any participant. */
export function canViewConference(access: ConferenceAccess): boolean {
  const c = access.conference;
  return (c.visibility === 'public' && c.status !== 'draft') || isParticipant(access);
}
