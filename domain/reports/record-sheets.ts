import { dateTime } from './record-format.ts';
import type { ConferenceRecord } from '../../protocol/reports.ts';
import { writeCsv } from '../files/spreadsheet.ts';

// The record's tables as an XLSX workbook (one sheet per table) and as CSV files (one table
// each). Dates: in the workbook real Excel dates (Vietnam wall time, shown
// `dd/mm/yyyy hh:mm`, so they sort and filter); in CSV text `dd/MM/yyyy HH:mm`.

/** The tables offered as CSV, with their Vietnamese titles and a file-name slug. */
export const recordTables = [
  { table: 'sites', title: 'Điểm cầu', slug: 'diem-cau' },
  { table: 'turns', title: 'Lượt phát biểu', slug: 'luot-phat-bieu' },
  { table: 'themes', title: 'Chủ đề', slug: 'chu-de' },
  { table: 'contributions', title: 'Ý kiến được tiếp thu', slug: 'y-kien-duoc-tiep-thu' },
  { table: 'submissions', title: 'Tham luận', slug: 'tham-luan' },
] as const;
export type RecordTable = (typeof recordTables)[number]['table'];

/** A date is tagged (epoch milliseconds), to be written as a date or as text. */
type Cell = string | number | null | { at: number };
const at = (ms: number | null): Cell => (ms === null ? null : { at: ms });

interface Column {
  header: string;
  /** Width in characters (XLSX). */
  width: number;
  type?: 'date' | 'decimal';
}

interface Table {
  title: string;
  columns: Column[];
  rows: Cell[][];
}

const ROLL_CALL = { present: 'Có mặt', absent: 'Vắng', not_checked_in: 'Chưa điểm danh' };
const SUBMISSION_STATUS: Record<string, string> = {
  submitted: 'Chờ xem xét',
  accepted: 'Đã chấp nhận',
  returned: 'Trả lại',
};
/** Vietnam is UTC+7 all year (no daylight saving). */
const VIETNAM_OFFSET = 7 * 3600_000;

const DATE_FORMAT = 'dd/mm/yyyy hh:mm';
const isDate = (v: Cell): v is { at: number } => typeof v === 'object' && v !== null;
const minutes = (ms: number) => Math.round(ms / 6_000) / 10;

/** `dd/MM/yyyy HH:mm` in Vietnam time (the documents' own formatter). */
export const vietnamDateTime = dateTime;

function summaryTable(r: ConferenceRecord): Table {
  const t = r.totals;
  const rows: Cell[][] = [
    ['Hội nghị', r.conference.title],
    ['Chủ đề hội nghị', r.conference.theme],
    ['Đơn vị tổ chức', r.conference.organiser],
    ['Thời gian dự kiến bắt đầu', at(r.conference.startsAt)],
    ['Thời gian dự kiến kết thúc', at(r.conference.endsAt)],
    ['Bắt đầu phiên họp', at(r.session.startedAt)],
    ['Kết thúc phiên họp', at(r.session.endedAt)],
    ['Số điểm cầu', t.sites],
    ['Điểm cầu có mặt', t.present],
    ['Điểm cầu vắng', t.absent],
    ['Điểm cầu chưa điểm danh', t.notCheckedIn],
    ['Số đại biểu dự', t.attendees],
    ['Số lượt phát biểu', t.turns],
    ['Thời gian phát biểu (phút)', minutes(t.spokenSeconds * 1000)],
    ['Lượt phát biểu quá giờ', t.overTimeTurns],
    ['Số ý kiến', t.contributions],
    ['Số tham luận', t.submissions],
    ['Lập lúc', at(r.generatedAt)],
  ];
  return {
    title: 'Tổng hợp',
    columns: [
      { header: 'Chỉ tiêu', width: 32 },
      { header: 'Giá trị', width: 60 },
    ],
    rows,
  };
}

function sitesTable(r: ConferenceRecord): Table {
  const full = r.view === 'full';
  const columns: Column[] = [
    { header: 'Điểm cầu', width: 40 },
    { header: 'Đơn vị', width: 30 },
    { header: 'Điểm danh', width: 16 },
    { header: 'Số người dự', width: 12 },
    { header: 'Số người dự kiến', width: 16 },
    ...(full ? [{ header: 'Lý do vắng', width: 40 }] : []),
    { header: 'Trực tuyến từ', width: 18, type: 'date' },
    { header: 'Thời gian trực tuyến (phút)', width: 16, type: 'decimal' },
    { header: 'Số lượt phát biểu', width: 12 },
    { header: 'Thời gian phát biểu (phút)', width: 16, type: 'decimal' },
    { header: 'Số ý kiến', width: 10 },
  ];
  const rows = r.sites.map((s) => [
    s.name,
    s.unitName,
    ROLL_CALL[s.rollCall],
    s.attendees,
    s.expectedAttendance,
    ...(full ? [s.absenceReason] : []),
    at(s.firstOnlineAt),
    minutes(s.onlineMs),
    s.turns,
    minutes(s.spokenSeconds * 1000),
    s.contributions,
  ]);
  return { title: 'Điểm cầu', columns, rows };
}

function turnsTable(r: ConferenceRecord): Table {
  return {
    title: 'Lượt phát biểu',
    columns: [
      { header: 'STT', width: 6 },
      { header: 'Điểm cầu', width: 36 },
      { header: 'Đại biểu', width: 36 },
      { header: 'Chủ đề', width: 36 },
      { header: 'Nội dung chương trình', width: 36 },
      { header: 'Bắt đầu', width: 18, type: 'date' },
      { header: 'Kết thúc', width: 18, type: 'date' },
      { header: 'Thời lượng (giây)', width: 12 },
      { header: 'Thời gian cho phép (giây)', width: 14 },
      { header: 'Quá giờ (giây)', width: 10 },
      { header: 'Trả lời lượt số', width: 10 },
    ],
    rows: r.turns.map((t) => [
      t.number,
      t.siteName,
      t.delegateName,
      t.themeTitle,
      t.agendaTitle,
      at(t.startedAt),
      at(t.endedAt),
      t.spokenSeconds,
      t.allowedSeconds,
      t.overSeconds,
      t.answersNumber,
    ]),
  };
}

function themesTable(r: ConferenceRecord): Table {
  return {
    title: 'Chủ đề',
    columns: [
      { header: 'Chủ đề', width: 50 },
      { header: 'Số lượt phát biểu', width: 12 },
      { header: 'Thời gian phát biểu (phút)', width: 16, type: 'decimal' },
      { header: 'Số ý kiến', width: 10 },
    ],
    rows: r.themes.map((t) => [t.title, t.turns, minutes(t.spokenSeconds * 1000), t.contributions]),
  };
}

function countsTable(r: ConferenceRecord): Table {
  const block = (group: string, counts: ConferenceRecord['contributionsByStatus']) =>
    counts.map((c): Cell[] => [group, c.label, c.count]);
  return {
    title: 'Ý kiến',
    columns: [
      { header: 'Thống kê theo', width: 20 },
      { header: 'Phân loại', width: 32 },
      { header: 'Số ý kiến', width: 10 },
    ],
    rows: [
      ...block('Trạng thái', r.contributionsByStatus),
      ...block('Loại ý kiến', r.contributionsByKind),
      ...block('Người gửi', r.contributionsByAuthorKind),
    ],
  };
}

function adoptedTable(r: ConferenceRecord): Table {
  const kind = new Map(r.contributionsByKind.map((k) => [k.key, k.label]));
  return {
    title: 'Ý kiến được tiếp thu',
    columns: [
      { header: 'Ý kiến', width: 60 },
      { header: 'Loại', width: 24 },
      { header: 'Chủ đề', width: 36 },
      { header: 'Người gửi', width: 24 },
      { header: 'Điểm cầu', width: 30 },
      { header: 'Số lượt ủng hộ', width: 12 },
    ],
    rows: r.adopted.map((c) => [
      c.title,
      kind.get(c.kind) ?? c.kind,
      c.themeTitle,
      c.authorName,
      c.siteName,
      c.supportCount,
    ]),
  };
}

function submissionsTable(r: ConferenceRecord): Table {
  return {
    title: 'Tham luận',
    columns: [
      { header: 'Tham luận', width: 60 },
      { header: 'Tác giả', width: 24 },
      { header: 'Điểm cầu', width: 30 },
      { header: 'Chủ đề', width: 36 },
      { header: 'Trạng thái', width: 14 },
      { header: 'Gửi lúc', width: 18, type: 'date' },
    ],
    rows: r.submissions.map((s) => [
      s.title,
      s.authorName,
      s.siteName,
      s.themeTitle,
      SUBMISSION_STATUS[s.status] ?? s.status,
      at(s.createdAt),
    ]),
  };
}

const TABLES: Record<RecordTable, (r: ConferenceRecord) => Table> = {
  sites: sitesTable,
  turns: turnsTable,
  themes: themesTable,
  contributions: adoptedTable,
  submissions: submissionsTable,
};

/** The record as a workbook: totals, sites, turns, themes, counts, adopted, submissions. */
export async function recordWorkbook(record: ConferenceRecord): Promise<Buffer> {
  // Loaded when first needed: the package takes a quarter of a second to load at start.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Đối thoại';
  workbook.created = new Date(record.generatedAt);
  const tables = [
    summaryTable(record),
    sitesTable(record),
    turnsTable(record),
    themesTable(record),
    countsTable(record),
    adoptedTable(record),
    submissionsTable(record),
  ];
  for (const table of tables) {
    const ws = workbook.addWorksheet(table.title, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = table.columns.map((c) => ({
      header: c.header,
      width: c.width,
      style:
        c.type === 'date' ? { numFmt: DATE_FORMAT } : c.type === 'decimal' ? { numFmt: '0.0' } : {},
    }));
    ws.getRow(1).font = { bold: true };
    ws.getRow(1).alignment = { vertical: 'middle', wrapText: true };
    for (const row of table.rows) {
      const added = ws.addRow(row.map((v) => (isDate(v) ? new Date(v.at + VIETNAM_OFFSET) : v)));
      // A date in a column of mixed values (the totals) gets its format on the cell.
      row.forEach((v, col) => {
        if (isDate(v) && table.columns[col]?.type !== 'date')
          added.getCell(col + 1).numFmt = DATE_FORMAT;
      });
    }
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** One table as CSV (UTF-8 with a BOM, formula-looking cells made text). */
export function recordCsv(record: ConferenceRecord, table: RecordTable): Buffer {
  const t = TABLES[table](record);
  return writeCsv({
    title: t.title,
    header: t.columns.map((c) => c.header),
    rows: t.rows.map((row) => row.map((v) => (isDate(v) ? vietnamDateTime(v.at) : v))),
  });
}
