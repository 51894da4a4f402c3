import { getTableColumns } from 'drizzle-orm';
import { z } from 'zod';
import {
  agendaItems,
  conferenceDocuments,
  conferenceMembers,
  conferenceSites,
  conferenceThemes,
  delegates,
} from '../../db/schema/conferences.ts';
import { AppError } from '../errors.ts';

/**
 * The tables a removal takes rows from, in the order they are put back (parents
 * first: a site before its delegates and roles).
 */
export const removalTables = {
  themes: conferenceThemes,
  sites: conferenceSites,
  delegates,
  members: conferenceMembers,
  agendaItems,
  documents: conferenceDocuments,
} as const;
type Tables = typeof removalTables;
export type RemovalTable = keyof Tables;
export type RemovedRows = { [K in RemovalTable]?: Tables[K]['$inferSelect'][] };

export const removalKinds = [
  'site',
  'delegate',
  'agendaItem',
  'document',
  'member',
  'theme',
] as const;
export type RemovalKind = (typeof removalKinds)[number];

/**
 * What a removal took away, as its undo needs it: every removed row whole (with its
 * id), what the page names it by, and the rows elsewhere whose reference to it was
 * cleared (a theme's agenda items and submissions).
 */
export interface Removal {
  kind: RemovalKind;
  /** The removed thing's name and what went with it (counts, role, file), for the page. */
  label: Record<string, string | number>;
  rows: RemovedRows;
  cleared?: { agendaItems?: string[]; submissions?: string[] };
}

const Rows = z.array(z.record(z.string(), z.unknown())).max(10_000);
const Ids = z.array(z.uuid()).max(10_000);
const Envelope = z.strictObject({
  kind: z.enum(removalKinds),
  label: z.record(z.string(), z.union([z.string(), z.number()])),
  rows: z.strictObject({
    themes: Rows.optional(),
    sites: Rows.optional(),
    delegates: Rows.optional(),
    members: Rows.optional(),
    agendaItems: Rows.optional(),
    documents: Rows.optional(),
  }),
  cleared: z.strictObject({ agendaItems: Ids.optional(), submissions: Ids.optional() }).optional(),
});

/**
 * A removal read back from its (signed) token: the envelope is checked, every row may
 * hold only its table's columns, and dates come back as dates. Columns added since the
 * token was made take their defaults. Anything else is `undo_invalid`.
 */
export function parseRemoval(value: unknown): Removal {
  const parsed = Envelope.safeParse(value);
  if (!parsed.success) throw new AppError('undo_invalid');
  const rows: Record<string, Record<string, unknown>[]> = {};
  for (const [name, list] of Object.entries(parsed.data.rows)) {
    if (!list) continue;
    const columns: Record<string, { dataType: string }> = getTableColumns(
      removalTables[name as RemovalTable],
    );
    rows[name] = list.map((row) => {
      const revived: Record<string, unknown> = {};
      for (const [key, v] of Object.entries(row)) {
        const column = columns[key];
        if (!column) throw new AppError('undo_invalid');
        if (column.dataType === 'date' && v !== null) {
          const date = new Date(v as string);
          if (typeof v !== 'string' || Number.isNaN(date.getTime())) {
            throw new AppError('undo_invalid');
          }
          revived[key] = date;
        } else revived[key] = v;
      }
      if (typeof revived.id !== 'string') throw new AppError('undo_invalid');
      return revived;
    });
  }
  return { ...parsed.data, rows: rows as RemovedRows };
}
