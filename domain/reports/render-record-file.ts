import type { ConferenceRecord } from '../../protocol/reports.ts';
import { recordCharts } from './charts.ts';
import { loadFonts } from './fonts.ts';
import { minutesDocx, reportDocx } from './record-docx.ts';
import { recordPdf } from './record-pdf.ts';
import { recordCsv, recordWorkbook, type RecordTable } from './record-sheets.ts';

export const recordFileKinds = ['pdf', 'minutes', 'report', 'xlsx', 'csv'] as const;
export type RecordFileKind = (typeof recordFileKinds)[number];

/** What it takes to write one file of a record (plain data: it crosses to a worker). */
export interface RenderJob {
  record: ConferenceRecord;
  kind: RecordFileKind;
  table?: RecordTable;
  /** `DOCUMENT_FONT_DIR`: an administrator's font instead of Tinos. */
  fontDir?: string;
  /** The names printed under the minutes' signatures (the full record's files only). */
  signers?: { chair: string | null; secretary: string | null };
}

/** Writes one file of a record: no database, no request (server/reports/ runs it in a worker). */
export async function renderRecordFile(job: RenderJob): Promise<Buffer> {
  const { record } = job;
  if (job.kind === 'xlsx') return recordWorkbook(record);
  if (job.kind === 'csv') return recordCsv(record, job.table ?? 'sites');
  const fonts = await loadFonts(job.fontDir);
  const chair = { name: job.signers?.chair ?? undefined };
  if (job.kind === 'minutes')
    return minutesDocx({
      record,
      fonts,
      signer: chair,
      secretary: { name: job.signers?.secretary ?? undefined },
    });
  const charts = recordCharts(record, 'vi');
  if (job.kind === 'pdf') return recordPdf({ record, charts, fonts });
  return reportDocx({ record, charts, fonts });
}

/** Runs a render job: in this thread, or (the server's) in a worker with a bounded queue. */
export type RecordRenderer = (job: RenderJob) => Promise<Buffer>;
