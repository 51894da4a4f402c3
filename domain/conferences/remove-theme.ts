import { and, asc, count, eq } from 'drizzle-orm';
import type { Database, Executor } from '../../db/database.ts';
import { agendaItems, conferenceThemes, submissions } from '../../db/schema/conferences.ts';
import { contributions } from '../../db/schema/contributions.ts';
import type { Actor } from '../auth/policies.ts';
import { AppError } from '../errors.ts';
import { canOrganise, loadAccess, requireOrganiser } from './policies.ts';
import type { Removal } from './removal.ts';

/** Renumbers the themes 0, 1, 2… in their current order. */
export async function renumberThemes(tx: Executor, conferenceId: string) {
  const rows = await tx
    .select({ id: conferenceThemes.id, position: conferenceThemes.position })
    .from(conferenceThemes)
    .where(eq(conferenceThemes.conferenceId, conferenceId))
    .orderBy(asc(conferenceThemes.position));
  for (const [position, row] of rows.entries()) {
    if (row.position !== position) {
      await tx.update(conferenceThemes).set({ position }).where(eq(conferenceThemes.id, row.id));
    }
  }
}

/**
 * How many agenda items, submissions and contributions each theme of a conference has,
 * for the organisers' confirmation dialog; null for anyone else (nothing to remove).
 */
export async function themeUsage(opts: {
  db: Database;
  actor: Actor | null;
  conferenceId: string;
}) {
  if (!canOrganise(await loadAccess(opts.db, opts.actor, opts.conferenceId))) return null;
  const usage: Record<string, { agendaItems: number; submissions: number; contributions: number }> =
    {};
  const of = (id: string) => (usage[id] ??= { agendaItems: 0, submissions: 0, contributions: 0 });
  for (const [table, key] of [
    [agendaItems, 'agendaItems'],
    [submissions, 'submissions'],
    [contributions, 'contributions'],
  ] as const) {
    const rows = await opts.db
      .select({ themeId: table.themeId, n: count() })
      .from(table)
      .where(eq(table.conferenceId, opts.conferenceId))
      .groupBy(table.themeId);
    for (const r of rows) if (r.themeId) of(r.themeId)[key] = r.n;
  }
  return usage;
}

/**
 * Removes one discussion theme (organisers): its agenda items and submissions lose
 * their theme, the other themes close ranks. A theme people have already written
 * under stays (`in_use`): their contributions keep it. Returns what an undo needs.
 */
export async function removeTheme(opts: {
  db: Database;
  actor: Actor | null;
  conferenceId: string;
  themeId: string;
}): Promise<Removal> {
  return opts.db.transaction(async (tx) => {
    requireOrganiser(await loadAccess(tx, opts.actor, opts.conferenceId));
    const [theme] = await tx
      .select()
      .from(conferenceThemes)
      .where(
        and(
          eq(conferenceThemes.id, opts.themeId),
          eq(conferenceThemes.conferenceId, opts.conferenceId),
        ),
      );
    if (!theme) throw new AppError('not_found');
    const [used] = await tx
      .select({ id: contributions.id })
      .from(contributions)
      .where(eq(contributions.themeId, theme.id))
      .limit(1);
    if (used) {
      throw new AppError('in_use', {
        fields: { themes: 'errors.theme_has_contributions' },
        params: { title: theme.title },
      });
    }
    const items = await tx
      .update(agendaItems)
      .set({ themeId: null })
      .where(eq(agendaItems.themeId, theme.id))
      .returning({ id: agendaItems.id });
    const papers = await tx
      .update(submissions)
      .set({ themeId: null })
      .where(eq(submissions.themeId, theme.id))
      .returning({ id: submissions.id });
    await tx.delete(conferenceThemes).where(eq(conferenceThemes.id, theme.id));
    await renumberThemes(tx, opts.conferenceId);
    return {
      kind: 'theme',
      label: { name: theme.title, agendaItems: items.length, submissions: papers.length },
      rows: { themes: [theme] },
      cleared: { agendaItems: items.map((r) => r.id), submissions: papers.map((r) => r.id) },
    };
  });
}
