import { asc, desc, eq } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';
import { conferenceSites, delegates } from '../../db/schema/conferences.ts';
import type { Actor } from '../auth/policies.ts';
import {
  CSV_MIME,
  writeSpreadsheet,
  XLSX_MIME,
  type Sheet as SheetData,
} from '../files/spreadsheet.ts';
import { loadAccess, requireOrganiser } from './policies.ts';
import { DELEGATE_COLUMNS, KIND_LABELS, SITE_COLUMNS } from './import-format.ts';

async function exportRows(db: Database, conferenceId: string) {
  const sites = await db
    .select()
    .from(conferenceSites)
    .where(eq(conferenceSites.conferenceId, conferenceId))
    .orderBy(desc(conferenceSites.isHost), asc(conferenceSites.position));
  const people = await db
    .select()
    .from(delegates)
    .where(eq(delegates.conferenceId, conferenceId))
    .orderBy(asc(delegates.createdAt));
  const siteName = new Map(sites.map((s) => [s.id, s.name]));
  const siteRows = sites.map((s) => [
    s.unitName,
    s.name,
    s.isHost ? 'x' : '',
    s.address,
    s.chairName ?? '',
    s.chairTitle ?? '',
    s.techName ?? '',
    s.techPhone ?? '',
    s.techEmail ?? '',
    s.expectedAttendance ?? '',
  ]);
  const delegateRows = sites.flatMap((s) =>
    people
      .filter((d) => d.siteId === s.id)
      .map((d) => [
        siteName.get(d.siteId) ?? '',
        d.name,
        d.position,
        d.unitName,
        KIND_LABELS[d.kind],
        d.email ?? '',
        d.phone ?? '',
      ]),
  );
  return { siteRows, delegateRows };
}

/** Sites and delegates in the import format: CSV (one kind) or XLSX (both sheets). */
export async function exportParticipants(opts: {
  db: Database;
  actor: Actor | null;
  conferenceId: string;
  format: 'csv' | 'xlsx';
  kind: 'sites' | 'delegates';
}): Promise<{ name: string; mime: string; data: Buffer }> {
  const access = await loadAccess(opts.db, opts.actor, opts.conferenceId);
  requireOrganiser(access);
  const { siteRows, delegateRows } = await exportRows(opts.db, opts.conferenceId);
  const base = access.conference.slug.slice(0, 60);
  const sheets: SheetData[] = [
    { title: 'Điểm cầu', header: SITE_COLUMNS.map((c) => c.label), rows: siteRows },
    { title: 'Đại biểu', header: DELEGATE_COLUMNS.map((c) => c.label), rows: delegateRows },
  ];
  if (opts.format === 'csv') {
    return {
      name: `${base}-${opts.kind === 'sites' ? 'diem-cau' : 'dai-bieu'}.csv`,
      mime: CSV_MIME,
      data: await writeSpreadsheet('csv', opts.kind === 'sites' ? sheets : sheets.slice(1)),
    };
  }
  return {
    name: `${base}-diem-cau-dai-bieu.xlsx`,
    mime: XLSX_MIME,
    data: await writeSpreadsheet('xlsx', sheets),
  };
}
