import { and, eq, gte, inArray, isNull, sql } from 'drizzle-orm';
import type { Database, Executor } from '../../db/database.ts';
import { dataErrorKind } from '../../db/errors.ts';
import {
  agendaItems,
  conferenceDocuments,
  conferenceMembers,
  conferenceSites,
  conferenceThemes,
  delegates,
  submissions,
} from '../../db/schema/conferences.ts';
import { storedFiles } from '../../db/schema/files.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { requireUser, type Actor } from '../auth/policies.ts';
import { AppError, isAppError } from '../errors.ts';
import { closeRanks } from './agenda.ts';
import {
  loadAccess,
  requireOrganiser,
  requireSiteAccess,
  type ConferenceAccess,
} from './policies.ts';
import { parseRemoval, removalTables, type Removal, type RemovalTable } from './removal.ts';
import { renumberThemes } from './remove-theme.ts';
import { readUndo } from './undo-token.ts';

type Row<T extends RemovalTable> = NonNullable<Removal['rows'][T]>[number];

/** Why an undo cannot put things back (`undo_conflict`, 409). */
function conflict(reason: string, name: string | number = ''): AppError {
  return new AppError('undo_conflict', { params: { reason, name } });
}

/** The one row of `table` a removal of this kind holds; any other table must be empty. */
function single<T extends RemovalTable>(removal: Removal, table: T, also: RemovalTable[] = []) {
  for (const [name, rows] of Object.entries(removal.rows)) {
    if (name !== table && !also.includes(name as RemovalTable) && rows?.length) {
      throw new AppError('undo_invalid');
    }
  }
  const rows = removal.rows[table];
  if (rows?.length !== 1) throw new AppError('undo_invalid');
  return rows[0] as Row<T>;
}

/** Undone twice (the row is back): a conflict, not a second copy. */
async function notBack(tx: Executor, table: RemovalTable, id: string) {
  const t = removalTables[table];
  const [row] = await tx.select({ id: t.id }).from(t).where(eq(t.id, id));
  if (row) throw conflict('already_restored');
}

async function siteExists(tx: Executor, conferenceId: string, siteId: string) {
  const [row] = await tx
    .select({ id: conferenceSites.id })
    .from(conferenceSites)
    .where(and(eq(conferenceSites.id, siteId), eq(conferenceSites.conferenceId, conferenceId)));
  return !!row;
}

async function restoreSite(tx: Executor, access: ConferenceAccess, removal: Removal) {
  requireOrganiser(access);
  const site = single(removal, 'sites', ['delegates', 'members']);
  await notBack(tx, 'sites', site.id);
  const [namesake] = await tx
    .select({ id: conferenceSites.id })
    .from(conferenceSites)
    .where(
      and(eq(conferenceSites.conferenceId, site.conferenceId), eq(conferenceSites.name, site.name)),
    );
  if (namesake) throw conflict('site_name_taken', site.name);
  if (site.isHost) {
    const [host] = await tx
      .select({ name: conferenceSites.name })
      .from(conferenceSites)
      .where(
        and(eq(conferenceSites.conferenceId, site.conferenceId), eq(conferenceSites.isHost, true)),
      );
    if (host) throw conflict('host_taken', host.name);
  }
  await tx.insert(conferenceSites).values(site);
  const people = removal.rows.delegates ?? [];
  const roles = removal.rows.members ?? [];
  if (people.some((d) => d.siteId !== site.id) || roles.some((m) => m.siteId !== site.id)) {
    throw new AppError('undo_invalid');
  }
  if (people.length) await tx.insert(delegates).values(people);
  if (roles.length) await tx.insert(conferenceMembers).values(roles);
}

async function restoreDelegate(tx: Executor, access: ConferenceAccess, removal: Removal) {
  const delegate = single(removal, 'delegates');
  // The same right as adding one: organisers, or the site's own operator.
  requireSiteAccess(access, delegate.siteId);
  if (!(await siteExists(tx, delegate.conferenceId, delegate.siteId))) throw conflict('site_gone');
  await notBack(tx, 'delegates', delegate.id);
  await tx.insert(delegates).values(delegate);
}

async function restoreAgendaItem(tx: Executor, access: ConferenceAccess, removal: Removal) {
  requireOrganiser(access);
  const item = single(removal, 'agendaItems');
  await notBack(tx, 'agendaItems', item.id);
  let themeId = item.themeId;
  if (themeId) {
    const [theme] = await tx
      .select({ id: conferenceThemes.id })
      .from(conferenceThemes)
      .where(
        and(eq(conferenceThemes.id, themeId), eq(conferenceThemes.conferenceId, item.conferenceId)),
      );
    // Its theme removed meanwhile: the item comes back without one.
    if (!theme) themeId = null;
  }
  // Back in its place: the items from there on move down one, then all close ranks.
  await tx
    .update(agendaItems)
    .set({ position: sql`${agendaItems.position} + 1` })
    .where(
      and(
        eq(agendaItems.conferenceId, item.conferenceId),
        gte(agendaItems.position, item.position),
      ),
    );
  await tx.insert(agendaItems).values({ ...item, themeId });
  await closeRanks(tx, item.conferenceId);
}

async function restoreDocument(tx: Executor, access: ConferenceAccess, removal: Removal) {
  requireOrganiser(access);
  const doc = single(removal, 'documents');
  await notBack(tx, 'documents', doc.id);
  const [file] = await tx
    .select({ id: storedFiles.id })
    .from(storedFiles)
    .where(eq(storedFiles.id, doc.fileId));
  if (!file) throw conflict('file_gone', doc.title);
  await tx.insert(conferenceDocuments).values(doc);
}

async function restoreMember(tx: Executor, access: ConferenceAccess, removal: Removal) {
  requireOrganiser(access);
  const member = single(removal, 'members');
  await notBack(tx, 'members', member.id);
  if (member.siteId && !(await siteExists(tx, member.conferenceId, member.siteId))) {
    throw conflict('site_gone');
  }
  const [same] = await tx
    .select({ id: conferenceMembers.id })
    .from(conferenceMembers)
    .where(
      and(
        eq(conferenceMembers.conferenceId, member.conferenceId),
        eq(conferenceMembers.userId, member.userId),
        eq(conferenceMembers.role, member.role),
        member.siteId
          ? eq(conferenceMembers.siteId, member.siteId)
          : isNull(conferenceMembers.siteId),
      ),
    );
  if (same) throw conflict('role_taken');
  await tx.insert(conferenceMembers).values(member);
}

async function restoreTheme(tx: Executor, access: ConferenceAccess, removal: Removal) {
  requireOrganiser(access);
  const theme = single(removal, 'themes');
  await notBack(tx, 'themes', theme.id);
  await tx
    .update(conferenceThemes)
    .set({ position: sql`${conferenceThemes.position} + 1` })
    .where(
      and(
        eq(conferenceThemes.conferenceId, theme.conferenceId),
        gte(conferenceThemes.position, theme.position),
      ),
    );
  await tx.insert(conferenceThemes).values(theme);
  await renumberThemes(tx, theme.conferenceId);
  // What lost the theme gets it back, unless given another one meanwhile.
  const { agendaItems: items = [], submissions: papers = [] } = removal.cleared ?? {};
  if (items.length) {
    await tx
      .update(agendaItems)
      .set({ themeId: theme.id })
      .where(
        and(
          inArray(agendaItems.id, items),
          eq(agendaItems.conferenceId, theme.conferenceId),
          isNull(agendaItems.themeId),
        ),
      );
  }
  if (papers.length) {
    await tx
      .update(submissions)
      .set({ themeId: theme.id })
      .where(
        and(
          inArray(submissions.id, papers),
          eq(submissions.conferenceId, theme.conferenceId),
          isNull(submissions.themeId),
        ),
      );
  }
}

const restorers = {
  site: restoreSite,
  delegate: restoreDelegate,
  agendaItem: restoreAgendaItem,
  document: restoreDocument,
  member: restoreMember,
  theme: restoreTheme,
} satisfies Record<Removal['kind'], unknown>;

/**
 * Puts back what a removal took, from its undo token (`undo-token.ts`): the token must
 * be signed here, unexpired, and made for this actor in this conference; the actor's
 * rights are checked again with the same policy as adding the thing; the rows come
 * back with their ids, in one transaction. Something in the way now (a site of the
 * same name added meanwhile, the row already back, its site or file gone) is
 * `undo_conflict` (409) and changes nothing. Returns what was put back.
 */
export async function undoRemoval(opts: {
  db: Database;
  actor: Actor | null;
  conferenceId: string;
  secret: string;
  token: unknown;
  now?: number;
}): Promise<Removal> {
  const actor = requireUser(opts.actor);
  const removal = parseRemoval(
    readUndo({
      secret: opts.secret,
      token: opts.token,
      actorId: actor.id,
      conferenceId: opts.conferenceId,
      now: opts.now,
    }),
  );
  for (const rows of Object.values(removal.rows)) {
    if (rows?.some((row) => row.conferenceId !== opts.conferenceId)) {
      throw new AppError('undo_invalid');
    }
  }
  try {
    await opts.db.transaction(async (tx) => {
      const access = await loadAccess(tx, opts.actor, opts.conferenceId);
      await restorers[removal.kind](tx, access, removal);
      // A role (or a site with its operators' roles) given back is a grant like any other.
      const member = removal.kind === 'member' ? removal.rows.members?.[0] : undefined;
      const first = Object.values(removal.rows).find((rows) => rows?.length)?.[0];
      const name = typeof removal.label.name === 'string' ? removal.label.name : null;
      await recordAudit(tx, {
        actor,
        action: 'conference.removal_undone',
        target: member
          ? { type: 'user', id: member.userId, label: name }
          : {
              type: removal.kind,
              id: first && 'id' in first ? String(first.id) : null,
              label: name,
            },
        conferenceId: opts.conferenceId,
        after: { ...removal.label },
      });
    });
  } catch (err) {
    if (isAppError(err)) throw err;
    // A race the checks above could not see (PostgreSQL: another transaction committed first).
    const kind = dataErrorKind(err);
    if (kind === 'conflict' || kind === 'invalid' || kind === 'in_use') {
      throw new AppError('undo_conflict', { params: { reason: 'changed', name: '' }, cause: err });
    }
    throw err;
  }
  return removal;
}
