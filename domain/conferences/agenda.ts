import { and, asc, eq, max } from 'drizzle-orm';
import type { Database, Executor } from '../../db/database.ts';
import { agendaItems, conferenceThemes } from '../../db/schema/conferences.ts';
import type { AgendaItemInput, UpdateAgendaItemInput } from '../../protocol/conferences.ts';
import type { Actor } from '../auth/policies.ts';
import { AppError } from '../errors.ts';
import { canViewConference, loadAccess, requireOrganiser } from './policies.ts';
import type { Removal } from './removal.ts';

export type AgendaItemRow = typeof agendaItems.$inferSelect;

/** Items in order with their planned start (from the conference start) and the planned end. */
export function planAgenda(startsAt: Date, items: AgendaItemRow[]) {
  let at = startsAt.getTime();
  const planned = items.map((item) => {
    const start = new Date(at);
    at += item.durationMinutes * 60_000;
    return { ...item, plannedStart: start, plannedEnd: new Date(at) };
  });
  const totalMinutes = items.reduce((sum, i) => sum + i.durationMinutes, 0);
  return { items: planned, totalMinutes, plannedEnd: new Date(at) };
}

export function listAgendaRows(db: Executor, conferenceId: string) {
  return db
    .select()
    .from(agendaItems)
    .where(eq(agendaItems.conferenceId, conferenceId))
    .orderBy(asc(agendaItems.position));
}

export async function getAgenda(opts: { db: Database; actor: Actor | null; conferenceId: string }) {
  const access = await loadAccess(opts.db, opts.actor, opts.conferenceId);
  if (!canViewConference(access)) throw new AppError('not_found');
  return planAgenda(access.conference.startsAt, await listAgendaRows(opts.db, opts.conferenceId));
}

async function checkTheme(db: Executor, conferenceId: string, themeId: string | null | undefined) {
  if (!themeId) return;
  const [row] = await db
    .select({ id: conferenceThemes.id })
    .from(conferenceThemes)
    .where(and(eq(conferenceThemes.id, themeId), eq(conferenceThemes.conferenceId, conferenceId)));
  if (!row) throw new AppError('validation', { fields: { themeId: 'errors.unknown_theme' } });
}

/** Appends an item; used by the agenda editor and by scheduling a written submission. */
export async function appendAgendaItem(
  tx: Executor,
  conferenceId: string,
  input: AgendaItemInput & { submissionId?: string },
): Promise<AgendaItemRow> {
  await checkTheme(tx, conferenceId, input.themeId);
  const [last] = await tx
    .select({ n: max(agendaItems.position) })
    .from(agendaItems)
    .where(eq(agendaItems.conferenceId, conferenceId));
  const [row] = await tx
    .insert(agendaItems)
    .values({ ...input, conferenceId, position: (last?.n ?? -1) + 1 })
    .returning();
  return row!;
}

export async function addAgendaItem(opts: {
  db: Database;
  actor: Actor | null;
  conferenceId: string;
  input: AgendaItemInput;
}): Promise<AgendaItemRow> {
  return opts.db.transaction(async (tx) => {
    requireOrganiser(await loadAccess(tx, opts.actor, opts.conferenceId));
    return appendAgendaItem(tx, opts.conferenceId, opts.input);
  });
}

async function getItem(db: Executor, conferenceId: string, itemId: string) {
  const [row] = await db
    .select()
    .from(agendaItems)
    .where(and(eq(agendaItems.id, itemId), eq(agendaItems.conferenceId, conferenceId)))
    .limit(1);
  if (!row) throw new AppError('not_found');
  return row;
}

export async function updateAgendaItem(opts: {
  db: Database;
  actor: Actor | null;
  conferenceId: string;
  itemId: string;
  input: UpdateAgendaItemInput;
}): Promise<AgendaItemRow> {
  return opts.db.transaction(async (tx) => {
    requireOrganiser(await loadAccess(tx, opts.actor, opts.conferenceId));
    await getItem(tx, opts.conferenceId, opts.itemId);
    await checkTheme(tx, opts.conferenceId, opts.input.themeId);
    const [row] = await tx
      .update(agendaItems)
      .set(opts.input)
      .where(eq(agendaItems.id, opts.itemId))
      .returning();
    return row!;
  });
}

/** Moves an item to `position` (0-based, clamped); the others close ranks. */
export async function moveAgendaItem(opts: {
  db: Database;
  actor: Actor | null;
  conferenceId: string;
  itemId: string;
  position: number;
}) {
  return opts.db.transaction(async (tx) => {
    requireOrganiser(await loadAccess(tx, opts.actor, opts.conferenceId));
    await getItem(tx, opts.conferenceId, opts.itemId);
    const rows = await listAgendaRows(tx, opts.conferenceId);
    const order = rows.filter((r) => r.id !== opts.itemId);
    const target = Math.max(0, Math.min(opts.position, order.length));
    order.splice(
      target,
      0,
      rows.find((r) => r.id === opts.itemId)!,
    );
    for (const [position, row] of order.entries()) {
      if (row.position !== position) {
        await tx.update(agendaItems).set({ position }).where(eq(agendaItems.id, row.id));
      }
    }
    return listAgendaRows(tx, opts.conferenceId);
  });
}

/** Renumbers the agenda 0, 1, 2… in its current order. */
export async function closeRanks(tx: Executor, conferenceId: string) {
  const rows = await listAgendaRows(tx, conferenceId);
  for (const [position, row] of rows.entries()) {
    if (row.position !== position) {
      await tx.update(agendaItems).set({ position }).where(eq(agendaItems.id, row.id));
    }
  }
}

/** Removes an item (the others close ranks); returns it whole for an undo. */
export async function removeAgendaItem(opts: {
  db: Database;
  actor: Actor | null;
  conferenceId: string;
  itemId: string;
}): Promise<Removal> {
  return opts.db.transaction(async (tx) => {
    requireOrganiser(await loadAccess(tx, opts.actor, opts.conferenceId));
    const item = await getItem(tx, opts.conferenceId, opts.itemId);
    await tx.delete(agendaItems).where(eq(agendaItems.id, opts.itemId));
    await closeRanks(tx, opts.conferenceId);
    return {
      kind: 'agendaItem',
      label: { name: item.title, minutes: item.durationMinutes },
      rows: { agendaItems: [item] },
    };
  });
}
