import { and, asc, desc, eq, max } from 'drizzle-orm';
import type { Database, Executor } from '../../db/database.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { conferenceMembers, conferenceSites, delegates } from '../../db/schema/conferences.ts';
import { units } from '../../db/schema/units.ts';
import type {
  DelegateInput,
  SiteInput,
  UpdateDelegateInput,
  UpdateSiteInput,
} from '../../protocol/conferences.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { announceAccessChange } from '../auth/access-changes.ts';
import type { Actor } from '../auth/policies.ts';
import { AppError } from '../errors.ts';
import {
  loadAccess,
  requireOrganiser,
  requireParticipant,
  requireSiteAccess,
  visibleSites,
} from './policies.ts';
import type { Removal } from './removal.ts';
import { sitesWithHistory } from './site-removal.ts';

export type SiteRow = typeof conferenceSites.$inferSelect;
export type DelegateRow = typeof delegates.$inferSelect;

function siteConflict(err: unknown): never {
  if (isUniqueViolation(err, 'conference_sites_one_host')) {
    throw new AppError('conflict', { fields: { isHost: 'errors.host_taken' } });
  }
  if (isUniqueViolation(err))
    throw new AppError('conflict', { fields: { name: 'errors.site_name_taken' } });
  throw err;
}

/** A unit chosen from the directory must exist there. */
export async function checkUnit(
  db: Executor,
  unitId: string | null | undefined,
  field = 'unitId',
  message = 'errors.unknown_unit',
) {
  if (!unitId) return;
  const [row] = await db.select({ id: units.id }).from(units).where(eq(units.id, unitId));
  if (!row) throw new AppError('validation', { fields: { [field]: message } });
}

export async function getSite(
  db: Executor,
  conferenceId: string,
  siteId: string,
): Promise<SiteRow> {
  const [site] = await db
    .select()
    .from(conferenceSites)
    .where(and(eq(conferenceSites.id, siteId), eq(conferenceSites.conferenceId, conferenceId)))
    .limit(1);
  if (!site) throw new AppError('not_found');
  return site;
}

/** A new bridge point (organisers). */
export async function addSite(opts: {
  db: Database;
  actor: Actor | null;
  conferenceId: string;
  input: SiteInput;
}): Promise<SiteRow> {
  try {
    return await opts.db.transaction(async (tx) => {
      requireOrganiser(await loadAccess(tx, opts.actor, opts.conferenceId));
      await checkUnit(tx, opts.input.unitId);
      const [last] = await tx
        .select({ n: max(conferenceSites.position) })
        .from(conferenceSites)
        .where(eq(conferenceSites.conferenceId, opts.conferenceId));
      const [row] = await tx
        .insert(conferenceSites)
        .values({ ...opts.input, conferenceId: opts.conferenceId, position: (last?.n ?? -1) + 1 })
        .returning();
      return row!;
    });
  } catch (err) {
    siteConflict(err);
  }
}

/** Changes a bridge point: organisers any, a site operator only their own (not its host flag). */
export async function updateSite(opts: {
  db: Database;
  actor: Actor | null;
  conferenceId: string;
  siteId: string;
  input: UpdateSiteInput;
}): Promise<SiteRow> {
  try {
    return await opts.db.transaction(async (tx) => {
      const access = await loadAccess(tx, opts.actor, opts.conferenceId);
      requireSiteAccess(access, opts.siteId);
      await getSite(tx, opts.conferenceId, opts.siteId);
      const input = { ...opts.input };
      if (!access.isAdmin && !access.roles.has('organiser')) {
        // Operators keep their site's identity: name, unit and host flag are the organisers'.
        delete input.isHost;
        delete input.unitId;
        delete input.unitName;
        delete input.name;
      }
      await checkUnit(tx, input.unitId);
      const [row] = await tx
        .update(conferenceSites)
        .set(input)
        .where(eq(conferenceSites.id, opts.siteId))
        .returning();
      return row!;
    });
  } catch (err) {
    siteConflict(err);
  }
}

/**
 * Removes a bridge point with its delegates and the roles bound to it (operator
 * accounts stay, without the role), and returns them whole for an undo. A site with a
 * history (see `site-removal.ts`) is refused with `site_has_activity`.
 */
export async function removeSite(opts: {
  db: Database;
  actor: Actor | null;
  conferenceId: string;
  siteId: string;
}): Promise<Removal> {
  return opts.db.transaction(async (tx) => {
    const actor = requireOrganiser(await loadAccess(tx, opts.actor, opts.conferenceId));
    const site = await getSite(tx, opts.conferenceId, opts.siteId);
    const history = (await sitesWithHistory(tx, opts.conferenceId, site.id)).get(site.id);
    if (history) {
      throw new AppError('site_has_activity', { params: { name: site.name, reason: history } });
    }
    const people = await tx.select().from(delegates).where(eq(delegates.siteId, site.id));
    const roles = await tx
      .select()
      .from(conferenceMembers)
      .where(eq(conferenceMembers.siteId, site.id));
    await tx.delete(conferenceSites).where(eq(conferenceSites.id, site.id));
    // The site's operators and delegates lose their roles with it: tell their screens.
    for (const userId of new Set(roles.map((r) => r.userId)))
      await announceAccessChange(tx, { userId });
    // Its operators' and delegates' roles go with it: the trail names them.
    await recordAudit(tx, {
      actor,
      action: 'conference.site_removed',
      target: { type: 'site', id: site.id, label: site.name },
      conferenceId: opts.conferenceId,
      before: {
        name: site.name,
        delegates: people.length,
        roles: roles.map((r) => ({ userId: r.userId, role: r.role })),
      },
    });
    return {
      kind: 'site',
      label: { name: site.name, delegates: people.length, members: roles.length },
      rows: { sites: [site], delegates: people, members: roles },
    };
  });
}

/** The sites the actor may see, with their delegates. */
export async function listSites(opts: { db: Database; actor: Actor | null; conferenceId: string }) {
  const access = await loadAccess(opts.db, opts.actor, opts.conferenceId);
  requireParticipant(access);
  const visible = visibleSites(access);
  const [sites, people] = await Promise.all([
    opts.db
      .select()
      .from(conferenceSites)
      .where(eq(conferenceSites.conferenceId, opts.conferenceId))
      .orderBy(desc(conferenceSites.isHost), asc(conferenceSites.position)),
    opts.db
      .select()
      .from(delegates)
      .where(eq(delegates.conferenceId, opts.conferenceId))
      .orderBy(asc(delegates.createdAt), asc(delegates.name)),
  ]);
  return sites
    .filter((s) => visible === 'all' || visible.has(s.id))
    .map((s) => ({ ...s, delegates: people.filter((d) => d.siteId === s.id) }));
}

/** One site with its delegates and operators, for those who may act for it. */
export async function getSiteDetail(opts: {
  db: Database;
  actor: Actor | null;
  conferenceId: string;
  siteId: string;
}) {
  const access = await loadAccess(opts.db, opts.actor, opts.conferenceId);
  requireSiteAccess(access, opts.siteId);
  const site = await getSite(opts.db, opts.conferenceId, opts.siteId);
  const [people, operators] = await Promise.all([
    opts.db
      .select()
      .from(delegates)
      .where(eq(delegates.siteId, opts.siteId))
      .orderBy(asc(delegates.createdAt), asc(delegates.name)),
    opts.db
      .select({ id: conferenceMembers.id, userId: conferenceMembers.userId })
      .from(conferenceMembers)
      .where(
        and(eq(conferenceMembers.siteId, opts.siteId), eq(conferenceMembers.role, 'site_operator')),
      ),
  ]);
  return { conference: access.conference, site, delegates: people, operators, access };
}

export async function addDelegate(opts: {
  db: Database;
  actor: Actor | null;
  conferenceId: string;
  siteId: string;
  input: DelegateInput;
}): Promise<DelegateRow> {
  return opts.db.transaction(async (tx) => {
    requireSiteAccess(await loadAccess(tx, opts.actor, opts.conferenceId), opts.siteId);
    await getSite(tx, opts.conferenceId, opts.siteId);
    const [row] = await tx
      .insert(delegates)
      .values({ ...opts.input, conferenceId: opts.conferenceId, siteId: opts.siteId })
      .returning();
    return row!;
  });
}

async function getDelegate(db: Executor, siteId: string, delegateId: string) {
  const [row] = await db
    .select()
    .from(delegates)
    .where(and(eq(delegates.id, delegateId), eq(delegates.siteId, siteId)))
    .limit(1);
  if (!row) throw new AppError('not_found');
  return row;
}

export async function updateDelegate(opts: {
  db: Database;
  actor: Actor | null;
  conferenceId: string;
  siteId: string;
  delegateId: string;
  input: UpdateDelegateInput;
}): Promise<DelegateRow> {
  return opts.db.transaction(async (tx) => {
    requireSiteAccess(await loadAccess(tx, opts.actor, opts.conferenceId), opts.siteId);
    await getSite(tx, opts.conferenceId, opts.siteId);
    await getDelegate(tx, opts.siteId, opts.delegateId);
    const [row] = await tx
      .update(delegates)
      .set(opts.input)
      .where(eq(delegates.id, opts.delegateId))
      .returning();
    return row!;
  });
}

/** Removes a delegate from a site; returns it whole for an undo. */
export async function removeDelegate(opts: {
  db: Database;
  actor: Actor | null;
  conferenceId: string;
  siteId: string;
  delegateId: string;
}): Promise<Removal> {
  return opts.db.transaction(async (tx) => {
    requireSiteAccess(await loadAccess(tx, opts.actor, opts.conferenceId), opts.siteId);
    const site = await getSite(tx, opts.conferenceId, opts.siteId);
    const delegate = await getDelegate(tx, opts.siteId, opts.delegateId);
    await tx.delete(delegates).where(eq(delegates.id, opts.delegateId));
    return {
      kind: 'delegate',
      label: { name: delegate.name, site: site.name },
      rows: { delegates: [delegate] },
    };
  });
}
