import type { ConferenceRecord, RecordCount } from '../../protocol/reports.ts';

// What the record's documents print, shared by the PDF and DOCX writers: Vietnamese
// labels, dates in Vietnam time and the record's tables as rows of text.

export const TIME_ZONE = 'Asia/Ho_Chi_Minh';
const clock = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function parts(ms: number) {
  const out: Record<string, string> = {};
  for (const p of clock.formatToParts(new Date(ms))) out[p.type] = p.value;
  return out as Record<'day' | 'month' | 'year' | 'hour' | 'minute', string>;
}

/** `dd/MM/yyyy HH:mm` in Vietnam time. */
export function dateTime(ms: number): string {
  const p = parts(ms);
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
}

/** `HH:mm` in Vietnam time. */
export function timeOfDay(ms: number): string {
  const p = parts(ms);
  return `${p.hour}:${p.minute}`;
}

/**
 * "ngày 20 tháng 11 năm 2026": as Decree 30/2020 writes dates, days below 10 and months
 * below 3 with a leading zero ("ngày 05 tháng 02", "ngày 20 tháng 5").
 */
export function longDate(ms: number): string {
  const p = parts(ms);
  const month = Number(p.month);
  return `ngày ${p.day} tháng ${month < 3 ? p.month : month} năm ${p.year}`;
}

/** "08 giờ 00 phút, ngày 20 tháng 11 năm 2026". */
export function longDateTime(ms: number): string {
  const p = parts(ms);
  return `${p.hour} giờ ${p.minute} phút, ${longDate(ms)}`;
}

/** `m:ss` (a turn's length). */
export function minSec(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** "2 giờ 05 phút", "12 phút 04 giây", "45 phút": seconds count under an hour. */
export function hoursMinutes(seconds: number): string {
  const s = Math.round(Math.max(0, seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (h) return `${h} giờ ${String(m).padStart(2, '0')} phút`;
  return sec ? `${m} phút ${String(sec).padStart(2, '0')} giây` : `${m} phút`;
}

/** Text made safe inside HTML (the drafts the record writes for the editor and the news). */
export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

export function count(n: number): string {
  return n.toLocaleString('vi-VN');
}

export const ROLL_CALL: Record<string, string> = {
  present: 'Có mặt',
  absent: 'Vắng mặt',
  not_checked_in: 'Chưa điểm danh',
};

const SUBMISSION_STATUS: Record<string, string> = {
  submitted: 'Đã gửi',
  accepted: 'Đã tiếp nhận',
  returned: 'Trả lại',
};

const CONTRIBUTION_KIND: Record<string, string> = {
  proposal: 'Đề xuất, giải pháp',
  practice: 'Cách làm hay, mô hình mới',
  question: 'Câu hỏi',
};

/** A table as the documents print it: a header row, then rows of text. */
export interface TextTable {
  headers: string[];
  rows: string[][];
  /** Relative column widths (the writers turn them into their units). */
  widths: number[];
  /** Columns aligned right (numbers, durations); the first column (STT) is centred. */
  numeric: number[];
}

/** The conference's headline figures, as label and value. */
export function totalsList(record: ConferenceRecord): [string, string][] {
  const t = record.totals;
  return [
    ['Số điểm cầu', count(t.sites)],
    ['Điểm cầu có mặt', count(t.present)],
    ['Điểm cầu vắng mặt', count(t.absent)],
    ['Điểm cầu chưa điểm danh', count(t.notCheckedIn)],
    ['Tổng số đại biểu dự', count(t.attendees)],
    ['Số lượt phát biểu', count(t.turns)],
    ['Tổng thời gian phát biểu', hoursMinutes(t.spokenSeconds)],
    ['Lượt phát biểu quá thời gian', count(t.overTimeTurns)],
    ['Số ý kiến góp ý', count(t.contributions)],
    ['Số tham luận gửi trước', count(t.submissions)],
  ];
}

/** Attendance by site; the absence reason column only when the record carries one. */
export function attendanceTable(record: ConferenceRecord): TextTable {
  const reasons = record.sites.some((s) => s.absenceReason);
  const headers = ['STT', 'Điểm cầu', 'Đơn vị', 'Điểm danh', 'Số đại biểu'];
  const widths = [7, 22, 16, 11, 8];
  if (reasons) {
    headers.push('Lý do vắng');
    widths.push(16);
  }
  headers.push('Trực tuyến từ', 'Thời gian trực tuyến');
  widths.push(9, 12);
  return {
    headers,
    widths,
    numeric: [4],
    rows: record.sites.map((s, i) => [
      String(i + 1),
      s.name,
      s.unitName,
      ROLL_CALL[s.rollCall] ?? s.rollCall,
      s.attendees === null ? '' : count(s.attendees),
      ...(reasons ? [s.absenceReason ?? ''] : []),
      s.firstOnlineAt === null ? '' : timeOfDay(s.firstOnlineAt),
      s.onlineMs ? hoursMinutes(s.onlineMs / 1000) : '',
    ]),
  };
}

/** The attendance in a few figures (the minutes' list of participants). */
export function attendanceSummary(record: ConferenceRecord): TextTable {
  const t = record.totals;
  return {
    headers: ['Nội dung', 'Số lượng'],
    widths: [3, 1],
    numeric: [1],
    rows: [
      ['Tổng số điểm cầu', count(t.sites)],
      ['Điểm cầu có mặt', count(t.present)],
      ['Điểm cầu vắng mặt', count(t.absent)],
      ['Điểm cầu chưa điểm danh', count(t.notCheckedIn)],
      ['Tổng số đại biểu dự tại các điểm cầu', count(t.attendees)],
    ],
  };
}

export function turnsTable(record: ConferenceRecord): TextTable {
  return {
    headers: ['STT', 'Điểm cầu', 'Đại biểu', 'Chủ đề', 'Bắt đầu', 'Thời lượng', 'Quá giờ'],
    widths: [7, 17, 20, 20, 7, 8, 7],
    numeric: [4, 5, 6],
    rows: record.turns.map((t) => [
      String(t.number),
      t.siteName,
      t.delegateName ?? '',
      t.themeTitle ?? '',
      timeOfDay(t.startedAt),
      minSec(t.spokenSeconds),
      t.overSeconds > 0 ? minSec(t.overSeconds) : '',
    ]),
  };
}

export function themesTable(record: ConferenceRecord): TextTable {
  return {
    headers: ['STT', 'Chủ đề', 'Lượt phát biểu', 'Thời gian phát biểu', 'Ý kiến góp ý'],
    widths: [7, 30, 10, 12, 10],
    numeric: [2, 3, 4],
    rows: record.themes.map((t, i) => [
      String(i + 1),
      t.title,
      count(t.turns),
      hoursMinutes(t.spokenSeconds),
      count(t.contributions),
    ]),
  };
}

/** A count table with each line's share of the total. */
export function countsTable(label: string, counts: RecordCount[]): TextTable {
  const total = counts.reduce((a, c) => a + c.count, 0);
  const share = (n: number) =>
    total ? `${((n * 100) / total).toLocaleString('vi-VN', { maximumFractionDigits: 1 })}%` : '';
  return {
    headers: [label, 'Số lượng', 'Tỉ lệ'],
    widths: [6, 2, 2],
    numeric: [1, 2],
    rows: [
      ...counts.map((c) => [c.label, count(c.count), share(c.count)]),
      ['Tổng cộng', count(total), total ? '100%' : ''],
    ],
  };
}

/** The three count tables: by status, by kind, by kind of contributor. */
export function contributionCounts(record: ConferenceRecord): [string, TextTable][] {
  return [
    ['Theo trạng thái xử lý', countsTable('Trạng thái', record.contributionsByStatus)],
    ['Theo loại ý kiến', countsTable('Loại ý kiến', record.contributionsByKind)],
    ['Theo đối tượng góp ý', countsTable('Đối tượng', record.contributionsByAuthorKind)],
  ];
}

export function adoptedTable(record: ConferenceRecord): TextTable {
  return {
    headers: ['STT', 'Nội dung ý kiến', 'Loại', 'Chủ đề', 'Người góp ý', 'Ủng hộ'],
    widths: [7, 30, 11, 16, 14, 7],
    numeric: [5],
    rows: record.adopted.map((c, i) => [
      String(i + 1),
      c.title,
      CONTRIBUTION_KIND[c.kind] ?? c.kind,
      c.themeTitle,
      c.siteName ? `${c.authorName} (${c.siteName})` : c.authorName,
      count(c.supportCount),
    ]),
  };
}

export function submissionsTable(record: ConferenceRecord): TextTable {
  return {
    headers: ['STT', 'Tham luận', 'Tác giả', 'Điểm cầu', 'Trạng thái', 'Ngày gửi'],
    widths: [7, 30, 14, 18, 10, 14],
    numeric: [],
    rows: record.submissions.map((s, i) => [
      String(i + 1),
      s.title,
      s.authorName,
      s.siteName ?? '',
      SUBMISSION_STATUS[s.status] ?? s.status,
      dateTime(s.createdAt),
    ]),
  };
}

/** "dd/MM/yyyy HH:mm – HH:mm" (or the second date in full when the days differ). */
export function sessionSpan(record: ConferenceRecord): string {
  const from = record.session.startedAt ?? record.conference.startsAt;
  const to = record.session.endedAt ?? record.conference.endsAt;
  const a = dateTime(from);
  const b = dateTime(to);
  return a.slice(0, 10) === b.slice(0, 10) ? `${a} – ${b.slice(11)}` : `${a} – ${b}`;
}

/** How a table's column is aligned. */
export function columnAlign(t: TextTable, i: number): 'left' | 'right' | 'center' {
  if (i === 0 && t.headers[0] === 'STT') return 'center';
  return t.numeric.includes(i) ? 'right' : 'left';
}
