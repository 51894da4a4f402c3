import type { Database } from '../../db/database.ts';
import type { RecordView } from '../../protocol/reports.ts';
import type { Actor } from '../auth/policies.ts';
import { loadAccess } from '../conferences/policies.ts';
import { AppError } from '../errors.ts';
import { CSV_MIME, XLSX_MIME } from '../files/spreadsheet.ts';
import { recordCharts } from './charts.ts';
import { buildConferenceRecord } from './conference-record.ts';
import { loadFonts } from './fonts.ts';
import { requireRecordView } from './policies.ts';
import { minutesDocx, reportDocx } from './record-docx.ts';
import { recordPdf } from './record-pdf.ts';
import { recordCsv, recordWorkbook, type RecordTable } from './record-sheets.ts';

export const recordFileKinds = ['pdf', 'minutes', 'report', 'xlsx', 'csv'] as const;
export type RecordFileKind = (typeof recordFileKinds)[number];

export const PDF_MIME = 'application/pdf';
export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

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
}): Promise<{ name: string; mime: string; data: Buffer }> {
  const access = await loadAccess(opts.db, opts.actor, opts.conferenceId);
  requireRecordView(access, opts.view);
  const record = await buildConferenceRecord(opts.db, access, opts.view);
  const slug = record.conference.slug;
  const suffix = opts.view === 'public' ? '-cong-khai' : '';
  switch (opts.kind) {
    case 'xlsx':
      return {
        name: `so-lieu-${slug}${suffix}.xlsx`,
        mime: XLSX_MIME,
        data: await recordWorkbook(record),
      };
    case 'csv': {
      const table = opts.table ?? 'sites';
      return {
        name: `${table}-${slug}${suffix}.csv`,
        mime: CSV_MIME,
        data: recordCsv(record, table),
      };
    }
    default:
      break;
  }
  const fonts = await loadFonts(opts.fontDir);
  const charts = recordCharts(record, 'vi');
  if (opts.kind === 'pdf')
    return {
      name: `ket-qua-${slug}${suffix}.pdf`,
      mime: PDF_MIME,
      data: await recordPdf({ record, charts, fonts }),
    };
  if (opts.kind === 'minutes') {
    // The public sees the minutes once they are locked.
    if (!record.minutes) throw new AppError('not_found');
    return {
      name: `bien-ban-${slug}${suffix}.docx`,
      mime: DOCX_MIME,
      data: await minutesDocx({ record, fonts }),
    };
  }
  return {
    name: `bao-cao-${slug}${suffix}.docx`,
    mime: DOCX_MIME,
    data: await reportDocx({ record, charts, fonts }),
  };
}
