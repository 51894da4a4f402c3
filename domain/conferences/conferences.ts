import { and, asc, count, desc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Database, Executor } from '../../db/database.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import {
  agendaItems,
  conferenceMembers,
  conferenceSites,
  conferenceThemes,
  conferences,
  delegates,
} from '../../db/schema/conferences.ts';
import { contributions } from '../../db/schema/contributions.ts';
import { units } from '../../db/schema/units.ts';
import {
  STATUS_TRANSITIONS,
  type ConferenceStatus,
  type CreateConferenceInput,
  type SetThemesInput,
  type UpdateConferenceInput,
} from '../../protocol/conferences.ts';
import { changedFields, recordAudit } from '../audit/record-audit.ts';
import { announceAccessChange } from '../auth/access-changes.ts';
import { hasRole, requireAdmin, requireUser, type Actor } from '../auth/policies.ts';
import { AppError } from '../errors.ts';
import { uniqueSlug } from '../slug.ts';
import { canModerate } from '../contributions/policies.ts';
import { checkUnit } from './sites.ts';
import {
  canOrganise,
  canViewConference,
  loadAccess,
  requireOrganiser,
  requireParticipant,
  visibleSites,
} from './policies.ts';

export type ConferenceRow = typeof conferences.$inferSelect;

/** A new conference (administrators); its creator becomes an organiser of it. */
export async function createConference(opts: {
  db: Database;
  actor: Actor | null;
  input: CreateConferenceInput;
}): Promise<ConferenceRow> {
  const actor = requireAdmin(opts.actor);
  const { themes, ...fields } = opts.input;
  for (let attempt = 0; ; attempt++) {
    try {
      return await opts.db.transaction(async (tx) => {
        await checkUnit(tx, fields.organiserUnitId, 'organiserUnitId', 'errors.not_found');
        const [row] = await tx
          .insert(conferences)
          .values({
            ...fields,
            slug: await uniqueSlug(tx, conferences, conferences.slug, fields.title),
            createdBy: actor.id,
          })
          .returning();
        if (themes.length) {
          await tx
            .insert(conferenceThemes)
            .values(themes.map((title, position) => ({ conferenceId: row!.id, position, title })));
        }
        await tx
          .insert(conferenceMembers)
          .values({ conferenceId: row!.id, userId: actor.id, role: 'organiser' });
        await recordAudit(tx, {
          actor,
          action: 'conference.created',
          target: { type: 'conference', id: row!.id, label: row!.title },
          conferenceId: row!.id,
          after: { title: row!.title, slug: row!.slug, status: row!.status, themes },
        });
        return row!;
      });
    } catch (err) {
      // Two conferences with the same title at the same moment: pick the next slug.
      if (attempt < 3 && isUniqueViolation(err, 'conferences_slug_key')) continue;
      throw err;
    }
  }
}

export async function updateConference(opts: {
  db: Database;
  actor: Actor | null;
  conferenceId: string;
  input: UpdateConferenceInput;
}): Promise<ConferenceRow> {
  return opts.db.transaction(async (tx) => {
    const access = await loadAccess(tx, opts.actor, opts.conferenceId);
    const actor = requireOrganiser(access);
    const next = { ...access.conference, ...opts.input };
    if (next.endsAt <= next.startsAt) {
      throw new AppError('validation', {
        fields: { endsAt: 'validation.custom.ends_before_start' },
      });
    }
    await checkUnit(tx, opts.input.organiserUnitId, 'organiserUnitId', 'errors.not_found');
    const [row] = await tx
      .update(conferences)
      .set({ ...opts.input, updatedAt: sql`now()` })
      .where(eq(conferences.id, opts.conferenceId))
      .returning();
    // Public or internal decides who may watch it live; the media service applies
    // a recording change to the open room on the same notice.
    if (
      row!.visibility !== access.conference.visibility ||
      row!.recording !== access.conference.recording
    ) {
      await announceAccessChange(tx, { conferenceId: opts.conferenceId });
    }
    const changed = changedFields(
      access.conference as unknown as Record<string, unknown>,
      opts.input as Record<string, unknown>,
    );
    if (changed) {
      await recordAudit(tx, {
        actor,
        action: 'conference.updated',
        target: { type: 'conference', id: row!.id, label: row!.title },
        conferenceId: row!.id,
        ...changed,
      });
    }
    return row!;
  });
}

export async function changeConferenceStatus(opts: {
  db: Database;
  actor: Actor | null;
  conferenceId: string;
  status: ConferenceStatus;
}): Promise<ConferenceRow> {
  return opts.db.transaction(async (tx) => {
    const access = await loadAccess(tx, opts.actor, opts.conferenceId);
    const actor = requireOrganiser(access);
    const from = access.conference.status;
    if (!STATUS_TRANSITIONS[from].includes(opts.status)) {
      throw new AppError('invalid_transition', { params: { from, to: opts.status } });
    }
    const [row] = await tx
      .update(conferences)
      .set({ status: opts.status, updatedAt: sql`now()` })
      .where(eq(conferences.id, opts.conferenceId))
      .returning();
    // A draft is hidden from the public: its live screens follow.
    if ((from === 'draft') !== (opts.status === 'draft')) {
      await announceAccessChange(tx, { conferenceId: opts.conferenceId });
    }
    await recordAudit(tx, {
      actor,
      action: 'conference.status_changed',
      target: { type: 'conference', id: row!.id, label: row!.title },
      conferenceId: row!.id,
      before: { status: from },
      after: { status: row!.status },
    });
    return row!;
  });
}

/**
 * Replaces the ordered list of themes; themes kept by id keep their links. With
 * `keepUnlisted` (the page's form, which removes a theme only through `removeTheme`
 * and its confirmation) a theme the list leaves out is kept, after the listed ones:
 * one added by someone else since the form was shown is never removed by saving it.
 */
export async function setThemes(opts: {
  db: Database;
  actor: Actor | null;
  conferenceId: string;
  input: SetThemesInput;
  keepUnlisted?: boolean;
}) {
  return opts.db.transaction(async (tx) => {
    requireOrganiser(await loadAccess(tx, opts.actor, opts.conferenceId));
    const existing = await tx
      .select({ id: conferenceThemes.id })
      .from(conferenceThemes)
      .where(eq(conferenceThemes.conferenceId, opts.conferenceId))
      .orderBy(asc(conferenceThemes.position));
    const known = new Set(existing.map((t) => t.id));
    const keep = opts.input.themes.filter((t) => t.id && known.has(t.id)).map((t) => t.id!);
    const unlisted = [...known].filter((id) => !keep.includes(id));
    const removed = opts.keepUnlisted ? [] : unlisted;
    if (removed.length) {
      // A theme people have already written under stays: their contributions keep it.
      const used = await tx
        .selectDistinct({ title: conferenceThemes.title })
        .from(contributions)
        .innerJoin(conferenceThemes, eq(conferenceThemes.id, contributions.themeId))
        .where(inArray(contributions.themeId, removed));
      if (used.length) {
        throw new AppError('in_use', {
          fields: { themes: 'errors.theme_has_contributions' },
          params: { title: used.map((u) => u.title).join(', ') },
        });
      }
    }
    if (removed.length)
      await tx.delete(conferenceThemes).where(inArray(conferenceThemes.id, removed));
    for (const [position, theme] of opts.input.themes.entries()) {
      if (theme.id && known.has(theme.id)) {
        await tx
          .update(conferenceThemes)
          .set({ position, title: theme.title })
          .where(eq(conferenceThemes.id, theme.id));
      } else {
        await tx
          .insert(conferenceThemes)
          .values({ conferenceId: opts.conferenceId, position, title: theme.title });
      }
    }
    if (opts.keepUnlisted) {
      for (const [i, id] of unlisted.entries()) {
        await tx
          .update(conferenceThemes)
          .set({ position: opts.input.themes.length + i })
          .where(eq(conferenceThemes.id, id));
      }
    }
    return listThemes(tx, opts.conferenceId);
  });
}

export function listThemes(db: Executor, conferenceId: string) {
  return db
    .select({ id: conferenceThemes.id, title: conferenceThemes.title })
    .from(conferenceThemes)
    .where(eq(conferenceThemes.conferenceId, conferenceId))
    .orderBy(asc(conferenceThemes.position));
}

/** Conferences the actor takes part in (all of them for administrators), newest first. */
export async function listMyConferences(opts: { db: Database; actor: Actor | null }) {
  const actor = requireUser(opts.actor);
  const mine = opts.db
    .select({ id: conferenceMembers.conferenceId })
    .from(conferenceMembers)
    .where(eq(conferenceMembers.userId, actor.id));
  const rows = await opts.db
    .select({
      id: conferences.id,
      slug: conferences.slug,
      title: conferences.title,
      status: conferences.status,
      startsAt: conferences.startsAt,
      endsAt: conferences.endsAt,
      visibility: conferences.visibility,
      sites: count(conferenceSites.id),
    })
    .from(conferences)
    .leftJoin(conferenceSites, eq(conferenceSites.conferenceId, conferences.id))
    .where(hasRole(actor, 'admin') ? undefined : inArray(conferences.id, mine))
    .groupBy(conferences.id)
    .orderBy(desc(conferences.startsAt));
  return rows;
}

/** The management view of one conference, limited to the sites the actor may see. */
export async function getConferenceOverview(opts: {
  db: Database;
  actor: Actor | null;
  conferenceId: string;
}) {
  const access = await loadAccess(opts.db, opts.actor, opts.conferenceId);
  requireParticipant(access);
  const visible = visibleSites(access);
  const [themes, sites, delegateCounts, organiserUnit] = await Promise.all([
    listThemes(opts.db, opts.conferenceId),
    opts.db
      .select()
      .from(conferenceSites)
      .where(eq(conferenceSites.conferenceId, opts.conferenceId))
      .orderBy(desc(conferenceSites.isHost), asc(conferenceSites.position)),
    opts.db
      .select({ siteId: delegates.siteId, n: count() })
      .from(delegates)
      .where(eq(delegates.conferenceId, opts.conferenceId))
      .groupBy(delegates.siteId),
    access.conference.organiserUnitId
      ? opts.db.select().from(units).where(eq(units.id, access.conference.organiserUnitId))
      : Promise.resolve([]),
  ]);
  const counts = new Map(delegateCounts.map((d) => [d.siteId, d.n]));
  return {
    conference: access.conference,
    organiserUnit: organiserUnit[0] ?? null,
    themes,
    sites: sites
      .filter((s) => visible === 'all' || visible.has(s.id))
      .map((s) => ({ ...s, delegates: counts.get(s.id) ?? 0 })),
    totalSites: sites.length,
    can: {
      organise: canOrganise(access),
      moderate: canModerate(access),
      operateSites: [...access.operatorSites],
    },
    roles: [...access.roles],
  };
}

/** What the public conference page shows; internal or draft conferences only to participants. */
/** A conference by its slug, for the public pages; 404 when the actor may not see it. */
export async function findPublicConference(opts: {
  db: Database;
  actor: Actor | null;
  slug: string;
}) {
  const [row] = await opts.db
    .select({ id: conferences.id })
    .from(conferences)
    .where(eq(conferences.slug, opts.slug))
    .limit(1);
  if (!row) throw new AppError('not_found');
  const access = await loadAccess(opts.db, opts.actor, row.id);
  if (!canViewConference(access)) throw new AppError('not_found');
  return { access, conference: access.conference, themes: await listThemes(opts.db, row.id) };
}

export async function getPublicConference(opts: {
  db: Database;
  actor: Actor | null;
  slug: string;
}) {
  const { access, themes } = await findPublicConference(opts);
  const row = access.conference;
  const [sites, agenda] = await Promise.all([
    opts.db
      .select({
        id: conferenceSites.id,
        name: conferenceSites.name,
        unitName: conferenceSites.unitName,
        isHost: conferenceSites.isHost,
        region: units.region,
        unitKind: units.kind,
      })
      .from(conferenceSites)
      .leftJoin(units, eq(units.id, conferenceSites.unitId))
      .where(eq(conferenceSites.conferenceId, row.id))
      .orderBy(desc(conferenceSites.isHost), asc(conferenceSites.position)),
    opts.db
      .select()
      .from(agendaItems)
      .where(eq(agendaItems.conferenceId, row.id))
      .orderBy(asc(agendaItems.position)),
  ]);
  // What the public may know of the conference: not who created it, nor its settings.
  const {
    createdBy: _createdBy,
    organiserUnitId: _unit,
    siteChairApproval: _approval,
    defaultTurnMinutes: _turn,
    recording: _recording,
    keepRawRecordings: _keepRaw,
    ...conference
  } = access.conference;
  return {
    conference,
    themes,
    sites,
    agenda,
    isParticipant: canOrganise(access),
  };
}

/** Public, non-draft conferences, soonest first (home page). */
export async function listPublicConferences(opts: { db: Database }) {
  const rows = await opts.db
    .select()
    .from(conferences)
    .where(
      and(
        eq(conferences.visibility, 'public'),
        ne(conferences.status, 'draft'),
        ne(conferences.status, 'archived'),
      ),
    )
    .orderBy(asc(conferences.startsAt))
    .limit(20);
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [themes, sites] = await Promise.all([
    opts.db
      .select()
      .from(conferenceThemes)
      .where(inArray(conferenceThemes.conferenceId, ids))
      .orderBy(asc(conferenceThemes.position)),
    opts.db
      .select()
      .from(conferenceSites)
      .where(inArray(conferenceSites.conferenceId, ids))
      .orderBy(desc(conferenceSites.isHost), asc(conferenceSites.position)),
  ]);
  return rows.map((c) => {
    const own = sites.filter((s) => s.conferenceId === c.id);
    return {
      id: c.id,
      slug: c.slug,
      title: c.title,
      theme: c.theme,
      description: c.description,
      organiser: c.organiser,
      startsAt: c.startsAt.toISOString(),
      endsAt: c.endsAt.toISOString(),
      status: c.status,
      hostSite: own.find((s) => s.isHost)?.name ?? null,
      sites: own.map((s) => s.name),
      themes: themes.filter((t) => t.conferenceId === c.id).map((t) => t.title),
    };
  });
}

/** The units directory, for pickers and import matching. */
export function listUnits(opts: { db: Executor }) {
  return opts.db.select().from(units).orderBy(asc(units.kind), asc(units.name));
}
