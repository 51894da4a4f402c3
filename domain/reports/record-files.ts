import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';
import { conferenceMembers } from '../../db/schema/conferences.ts';
import { users } from '../../db/schema/users.ts';
import type { RecordView } from '../../protocol/reports.ts';
import type { Actor } from '../auth/policies.ts';
import { loadAccess } from '../conferences/policies.ts';
import { AppError } from '../errors.ts';
import { CSV_MIME, XLSX_MIME } from '../files/spreadsheet.ts';
import { buildConferenceRecord } from './conference-record.ts';
import { requireRecordView } from './policies.ts';
import type { RecordTable } from './record-sheets.ts';
import type { RecordFileKind, RecordRenderer } from './render-record-file.ts';

export const PDF_MIME = 'application/pdf';
export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const FILES: Record<RecordFileKind, { prefix: string; ext: string; mime: string }> = {
  pdf: { prefix: 'ket-qua', ext: 'pdf', mime: PDF_MIME },
  minutes: { prefix: 'bien-ban', ext: 'docx', mime: DOCX_MIME },
  report: { prefix: 'bao-cao', ext: 'docx', mime: DOCX_MIME },
  xlsx: { prefix: 'so-lieu', ext: 'xlsx', mime: XLSX_MIME },
  csv: { prefix: '', ext: 'csv', mime: CSV_MIME },
};

/** The conference's chair and secretary (the first of each), as their names are printed. */
async function signers(db: Database, conferenceId: string) {
  const rows = await db
    .select({ role: conferenceMembers.role, name: users.name })
    .from(conferenceMembers)
    .innerJoin(users, eq(users.id, conferenceMembers.userId))
    .where(
      and(
        eq(conferenceMembers.conferenceId, conferenceId),
        inArray(conferenceMembers.role, ['chair', 'secretary']),
      ),
    )
    .orderBy(asc(conferenceMembers.createdAt));
  const first = (role: string) => rows.find((r) => r.role === role)?.name ?? null;
  return { chair: first('chair'), secretary: first('secretary') };
}

/**
 * One file of the record: the record as PDF (A4, with the charts), the minutes or the
 * report as DOCX (Nghị định 30/2020 layout), the data as XLSX (a sheet per table) or one
 * table as CSV. The public view's files hold only what the public record holds.
 */
export async function recordFile(opts: {
  db: Database;
  actor: Actor | null;
  conferenceId: string;
  view: RecordView;
  kind: RecordFileKind;
  table?: RecordTable;
  /** `DOCUMENT_FONT_DIR`: an administrator's font instead of Tinos. */
  fontDir?: string;
  /** Where the file is written (the server's worker); this thread by default. */
  render?: RecordRenderer;
}): Promise<{ name: string; mime: string; data: Buffer }> {
  const access = await loadAccess(opts.db, opts.actor, opts.conferenceId);
  requireRecordView(access, opts.view);
  const record = await buildConferenceRecord(opts.db, access, opts.view);
  // The public sees the minutes once they are locked.
  if (opts.kind === 'minutes' && !record.minutes) throw new AppError('not_found');
  const table = opts.kind === 'csv' ? (opts.table ?? 'sites') : undefined;
  const file = FILES[opts.kind];
  const suffix = opts.view === 'public' ? '-cong-khai' : '';
  // In this thread only without the server's worker (tests, the CLI): pdfmake, docx and
  // the rasteriser load when first needed, not with the server.
  const render = opts.render ?? (await import('./render-record-file.ts')).renderRecordFile;
  const data = await render({
    record,
    kind: opts.kind,
    table,
    fontDir: opts.fontDir,
    signers: opts.view === 'full' ? await signers(opts.db, opts.conferenceId) : undefined,
  });
  return {
    name: `${table ?? file.prefix}-${record.conference.slug}${suffix}.${file.ext}`,
    mime: file.mime,
    data,
  };
}
