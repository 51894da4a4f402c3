import {
  AlignmentType,
  BorderStyle,
  Document,
  ExternalHyperlink,
  Header,
  ImageRun,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
  type IBorderOptions,
  type IParagraphOptions,
  type ParagraphChild,
} from 'docx';
import type { ConferenceRecord } from '../../protocol/reports.ts';
import type { Chart, RecordCharts } from './charts.ts';
import type { FontSet } from './fonts.ts';
import { htmlBlocks, type Block, type Inline } from './html-blocks.ts';
import { svgToPng } from './raster.ts';
import {
  adoptedTable,
  attendanceSummary,
  attendanceTable,
  columnAlign,
  contributionCounts,
  count,
  dateTime,
  hoursMinutes,
  longDate,
  longDateTime,
  themesTable,
  submissionsTable,
  totalsList,
  turnsTable,
  type TextTable,
} from './record-format.ts';

// The record as Vietnamese administrative documents (Decree 30/2020/NĐ-CP, appendix I):
// A4, margins top/bottom 20 mm, left 30 mm, right 15 mm, Times-metric font at 14 pt
// (tables 12 pt), the two-column heading (bodies on the left, national motto on the
// right), the kind and summary centred, numbered sections, and the signature block with
// "Nơi nhận". Sizes below are in half-points (docx's unit for runs) and twips.

const MM = 56.7; // twips
const MARGIN = { top: 20, bottom: 20, left: 30, right: 15 };
const TEXT_WIDTH = Math.round((210 - MARGIN.left - MARGIN.right) * MM);
/** The text width in CSS pixels (images are sized in px at 96 dpi). */
const TEXT_WIDTH_PX = Math.floor(((210 - MARGIN.left - MARGIN.right) / 25.4) * 96);
const BODY = 28;
const TABLE = 24;

export interface Signer {
  /** "CHỦ TRÌ", "TM. BAN TỔ CHỨC", "TRƯỞNG BAN" (printed upper case). */
  position?: string;
  name?: string;
}

export interface DocxOptions {
  record: ConferenceRecord;
  fonts: FontSet;
  /** The reference after "Số: " (default blank, "     /BB-BTC", filled in by hand). */
  number?: string;
  /** Where it is issued (default "Hà Nội"). */
  place?: string;
  /** Who signs (the chair for the minutes). */
  signer?: Signer;
  /** The minutes' secretary. */
  secretary?: Signer;
  /** The issuing body under the organiser (default "BAN TỔ CHỨC HỘI NGHỊ"). */
  issuer?: string;
  onProgress?: (share: number) => void;
}

// --- building blocks -------------------------------------------------------------------

function text(value: string, opts: { bold?: boolean; italics?: boolean; size?: number } = {}) {
  return new TextRun({ text: value, ...opts });
}

function para(
  children: ParagraphChild[] | string,
  opts: Omit<IParagraphOptions, 'children'> = {},
): Paragraph {
  return new Paragraph({
    ...opts,
    children: typeof children === 'string' ? [text(children)] : children,
  });
}

/** A body paragraph: justified, first line indented 1 cm. */
function body(children: ParagraphChild[] | string): Paragraph {
  return para(children, { alignment: AlignmentType.JUSTIFIED, indent: { firstLine: 567 } });
}

function centred(value: string, opts: Parameters<typeof text>[1] = {}, after = 0): Paragraph {
  return para([text(value, opts)], { alignment: AlignmentType.CENTER, spacing: { after } });
}

/** A short horizontal line, centred, `width` mm long (under bodies, motto, summary). */
function rule(width: number, column: number): Paragraph {
  const side = Math.max(0, Math.round(((column - width) / 2) * MM));
  return new Paragraph({
    children: [],
    indent: { left: side, right: side },
    spacing: { before: 0, after: 0, line: 60, lineRule: LineRuleType.EXACT },
    border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 1 } },
  });
}

function heading(value: string, level: 1 | 2 = 1): Paragraph {
  return para([text(value, { bold: true })], {
    keepNext: true,
    spacing: { before: level === 1 ? 240 : 120, after: 120 },
    indent: { firstLine: 567 },
  });
}

function runs(inlines: Inline[], extra: { bold?: boolean; italics?: boolean } = {}) {
  return inlines.flatMap((r): ParagraphChild[] => {
    const lines = r.text.split('\n');
    const pieces = lines.map(
      (line, i) =>
        new TextRun({
          text: line,
          break: i > 0 ? 1 : undefined,
          bold: r.bold || extra.bold,
          italics: r.italic || extra.italics,
          underline: r.underline || r.href ? {} : undefined,
          color: r.href ? '1A4F8B' : undefined,
        }),
    );
    return r.href ? [new ExternalHyperlink({ link: r.href, children: pieces })] : pieces;
  });
}

const LINE: IBorderOptions = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
const NONE: IBorderOptions = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
const GRID = {
  top: LINE,
  bottom: LINE,
  left: LINE,
  right: LINE,
  insideHorizontal: LINE,
  insideVertical: LINE,
};
const BLANK = {
  top: NONE,
  bottom: NONE,
  left: NONE,
  right: NONE,
  insideHorizontal: NONE,
  insideVertical: NONE,
};

/** Table text: no space after, single line spacing. */
const CELL_SPACING = { after: 0, line: 240, lineRule: LineRuleType.AUTO } as const;

function cell(children: Paragraph[], width: number, opts: { shade?: boolean } = {}): TableCell {
  return new TableCell({
    children,
    width: { size: width, type: WidthType.DXA },
    verticalAlign: VerticalAlignTable.TOP,
    margins: { left: 80, right: 80, top: 30, bottom: 30 },
    shading: opts.shade ? { fill: 'EEEEEE', type: 'clear', color: 'auto' } : undefined,
  });
}

/** Column widths in twips from relative widths, filling the text width. */
function twips(widths: number[]): number[] {
  const total = widths.reduce((a, w) => a + w, 0);
  return widths.map((w) => Math.floor((w / total) * TEXT_WIDTH));
}

function table(t: TextTable): Table {
  const cols = twips(t.widths);
  const small = { size: TABLE };
  const header = new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: t.headers.map((h, i) =>
      cell(
        [
          para([text(h, { ...small, bold: true })], {
            alignment: AlignmentType.CENTER,
            spacing: CELL_SPACING,
          }),
        ],
        cols[i]!,
        {
          shade: true,
        },
      ),
    ),
  });
  const rows = t.rows.map(
    (row) =>
      new TableRow({
        cantSplit: true,
        children: row.map((value, i) =>
          cell(
            [
              para([text(value, small)], {
                alignment: ALIGN[columnAlign(t, i)],
                spacing: CELL_SPACING,
              }),
            ],
            cols[i]!,
          ),
        ),
      }),
  );
  return new Table({
    rows: [header, ...rows],
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: cols,
    layout: TableLayoutType.FIXED,
    borders: GRID,
  });
}

const ALIGN = {
  left: AlignmentType.LEFT,
  right: AlignmentType.RIGHT,
  center: AlignmentType.CENTER,
} as const;

/** The minutes' or conclusions' blocks as paragraphs and tables. */
function blockContent(blocks: Block[]): (Paragraph | Table)[] {
  return blocks
    .map((b) => {
      switch (b.type) {
        case 'paragraph':
          return body(runs(b.inlines));
        case 'heading':
          return para(runs(b.inlines, { bold: b.level < 3, italics: b.level > 1 }), {
            keepNext: true,
            indent: { firstLine: 567 },
            spacing: { before: 120, after: 120 },
          });
        case 'quote':
          return para(runs(b.inlines, { italics: true }), {
            alignment: AlignmentType.JUSTIFIED,
            indent: { left: 567, right: 567 },
          });
        case 'list':
          return b.items.map((item, i) =>
            body([text(b.ordered ? `${i + 1}. ` : '- '), ...runs(item)]),
          );
        case 'table': {
          const n = Math.max(...b.rows.map((r) => r.cells.length));
          const cols = twips(Array.from({ length: n }, () => 1));
          return new Table({
            width: { size: TEXT_WIDTH, type: WidthType.DXA },
            columnWidths: cols,
            layout: TableLayoutType.FIXED,
            borders: GRID,
            rows: b.rows.map(
              (r) =>
                new TableRow({
                  tableHeader: r.header,
                  children: cols.map((w, i) =>
                    cell(
                      [para(runs(r.cells[i] ?? [], { bold: r.header }), { spacing: CELL_SPACING })],
                      w,
                      {
                        shade: r.header,
                      },
                    ),
                  ),
                }),
            ),
          });
        }
      }
    })
    .flat();
}

function chart(c: Chart, n: number, fonts: FontSet): Paragraph[] {
  const width = TEXT_WIDTH_PX;
  return [
    para(
      [
        new ImageRun({
          type: 'png',
          data: svgToPng(c.svg, fonts),
          transformation: { width, height: Math.round((c.height * width) / c.width) },
          altText: { name: `bieu-do-${n}`, title: c.title, description: c.description },
        }),
      ],
      { alignment: AlignmentType.CENTER, keepNext: true, spacing: { before: 120 } },
    ),
    centred(`Biểu đồ ${n}. ${c.title}`, { italics: true, size: TABLE }, 160),
  ];
}

/** The heading table: bodies and number on the left, the motto and date on the right. */
function letterhead(o: DocxOptions, kind: 'BB' | 'BC', date: number): Table {
  const LEFT = 62; // mm
  const RIGHT = 210 - MARGIN.left - MARGIN.right - LEFT;
  const organiser = o.record.conference.organiser.toLocaleUpperCase('vi');
  const issuer = (o.issuer ?? 'BAN TỔ CHỨC HỘI NGHỊ').toLocaleUpperCase('vi');
  const number = o.number ?? `     /${kind}-BTC`;
  // An organiser that is itself the organising board is the issuing body: printed once.
  const bodies = organiser.startsWith('BAN TỔ CHỨC')
    ? [centred(organiser, { size: 26, bold: true })]
    : [centred(organiser, { size: 26 }), centred(issuer, { size: 26, bold: true })];
  const left = [
    ...bodies,
    rule(LEFT / 3, LEFT),
    para([text(`Số: ${number}`, { size: 26 })], {
      alignment: AlignmentType.CENTER,
      spacing: { before: 120 },
    }),
  ];
  const right = [
    centred('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { size: 24, bold: true }),
    centred('Độc lập - Tự do - Hạnh phúc', { size: 26, bold: true }),
    rule(59, RIGHT),
    para([text(`${o.place ?? 'Hà Nội'}, ${longDate(date)}`, { size: 28, italics: true })], {
      alignment: AlignmentType.CENTER,
      spacing: { before: 160 },
    }),
  ];
  const cols = [Math.round(LEFT * MM), TEXT_WIDTH - Math.round(LEFT * MM)];
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: cols,
    layout: TableLayoutType.FIXED,
    borders: BLANK,
    rows: [
      new TableRow({
        children: [left, right].map(
          (children, i) =>
            new TableCell({
              children,
              width: { size: cols[i]!, type: WidthType.DXA },
              margins: { left: 0, right: 0, top: 0, bottom: 0 },
            }),
        ),
      }),
    ],
  });
}

/** The document's kind and summary, centred, with a short line under the summary. */
function titleBlock(kind: string, summary: string): Paragraph[] {
  return [
    centred(kind, { bold: true, size: 28 }, 0),
    centred(summary, { bold: true, size: 28 }, 60),
    rule(45, 165),
    para([], { spacing: { after: 120 } }),
  ];
}

function signature(s: Signer | undefined, fallback: string): Paragraph[] {
  return [
    centred((s?.position || fallback).toLocaleUpperCase('vi'), { bold: true }),
    ...Array.from({ length: 5 }, () => para([])),
    centred(s?.name ?? '', { bold: true }),
  ];
}

function recipients(): Paragraph[] {
  const line = (value: string) => para([text(value, { size: 22 })], { spacing: { after: 0 } });
  return [
    para([text('Nơi nhận:', { bold: true, italics: true, size: 24 })], { spacing: { after: 0 } }),
    line('- Các cơ quan, đơn vị dự hội nghị;'),
    line('- Lưu: VT, BTC.'),
  ];
}

function twoColumns(left: Paragraph[], right: Paragraph[]): Table {
  const cols = [Math.floor(TEXT_WIDTH / 2), TEXT_WIDTH - Math.floor(TEXT_WIDTH / 2)];
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: cols,
    layout: TableLayoutType.FIXED,
    borders: BLANK,
    rows: [
      new TableRow({
        cantSplit: true,
        children: [left, right].map(
          (children, i) =>
            new TableCell({ children, width: { size: cols[i]!, type: WidthType.DXA } }),
        ),
      }),
    ],
  });
}

/** The page number at the top centre from the second page on, as decreed. */
function pageHeader(): Header {
  return new Header({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [new TextRun({ children: [PageNumber.CURRENT] })],
      }),
    ],
  });
}

async function pack(
  o: DocxOptions,
  title: string,
  children: (Paragraph | Table)[],
): Promise<Buffer> {
  const family = o.fonts.family;
  const doc = new Document({
    creator: o.record.conference.organiser,
    title,
    fonts: [
      {
        name: family,
        data: o.fonts.regular,
        bold: o.fonts.bold,
        italic: o.fonts.italic,
        boldItalic: o.fonts.boldItalic,
      },
    ],
    styles: {
      default: {
        document: {
          run: { font: family, size: BODY },
          paragraph: { spacing: { after: 120, line: 276, lineRule: LineRuleType.AUTO } },
        },
      },
    },
    sections: [
      {
        properties: {
          titlePage: true,
          page: {
            size: { width: 11906, height: 16838 }, // A4
            margin: {
              top: Math.round(MARGIN.top * MM),
              bottom: Math.round(MARGIN.bottom * MM),
              left: Math.round(MARGIN.left * MM),
              right: Math.round(MARGIN.right * MM),
              header: Math.round(10 * MM),
              footer: Math.round(10 * MM),
            },
          },
        },
        headers: { default: pageHeader(), first: new Header({ children: [] }) },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}

function conclusions(record: ConferenceRecord, missing: string): (Paragraph | Table)[] {
  return record.conclusions
    ? blockContent(htmlBlocks(record.conclusions.html))
    : [body([text(missing, { italics: true })])];
}

// --- the documents ---------------------------------------------------------------------

/** BIÊN BẢN HỘI NGHỊ: time and place, participants, proceedings, conclusions. */
export async function minutesDocx(o: DocxOptions): Promise<Buffer> {
  const progress = o.onProgress ?? (() => undefined);
  progress(0);
  const r = o.record;
  const start = r.session.startedAt ?? r.conference.startsAt;
  const end = r.session.endedAt ?? r.conference.endsAt;
  const host = r.sites.find((s) => s.isHost);
  const absent = r.sites.filter((s) => s.rollCall !== 'present');
  const children: (Paragraph | Table)[] = [
    letterhead(o, 'BB', start),
    para([], { spacing: { after: 240 } }),
    ...titleBlock('BIÊN BẢN', r.conference.title),
    heading('I. THỜI GIAN, ĐỊA ĐIỂM'),
    body(`1. Thời gian: bắt đầu lúc ${longDateTime(start)}.`),
    body(
      `2. Địa điểm: hội nghị tổ chức theo hình thức trực tuyến${host ? `, điểm cầu chính tại ${host.name}` : ''}, kết nối với ${count(r.totals.sites)} điểm cầu.`,
    ),
    body(`3. Chủ đề: ${r.conference.theme}.`),
    body(`4. Đơn vị tổ chức: ${r.conference.organiser}.`),
    heading('II. THÀNH PHẦN THAM DỰ'),
    body(
      `Có ${count(r.totals.present)}/${count(r.totals.sites)} điểm cầu có mặt với tổng số ${count(r.totals.attendees)} đại biểu dự; tổng hợp như sau:`,
    ),
    table(attendanceSummary(r)),
    ...(absent.length
      ? [
          body(
            `Các điểm cầu vắng mặt hoặc chưa điểm danh: ${absent
              .map((s) => s.name + (s.absenceReason ? ` (${s.absenceReason})` : ''))
              .join('; ')}.`,
          ),
        ]
      : []),
    heading('III. NỘI DUNG HỘI NGHỊ'),
    ...(r.minutes
      ? blockContent(htmlBlocks(r.minutes.html))
      : [body([text('Biên bản chưa được ghi.', { italics: true })])]),
  ];
  progress(0.4);
  if (r.conclusions) {
    children.push(heading('IV. KẾT LUẬN CỦA CHỦ TRÌ'), ...conclusions(r, ''));
  }
  children.push(
    body(
      `Hội nghị kết thúc lúc ${longDateTime(end)}. Tổng thời gian phát biểu ${hoursMinutes(r.totals.spokenSeconds)} qua ${count(r.totals.turns)} lượt./.`,
    ),
    para([]),
    twoColumns(signature(o.secretary, 'THƯ KÝ'), signature(o.signer, 'CHỦ TRÌ')),
    para([]),
    ...recipients(),
  );
  progress(0.6);
  const buffer = await pack(o, `Biên bản ${r.conference.title}`, children);
  progress(1);
  return buffer;
}

/** BÁO CÁO KẾT QUẢ HỘI NGHỊ: the figures, tables and charts, then the conclusions. */
export async function reportDocx(o: DocxOptions & { charts: RecordCharts }): Promise<Buffer> {
  const progress = o.onProgress ?? (() => undefined);
  progress(0);
  const r = o.record;
  const c = o.charts;
  let n = 0;
  const charts = (...list: Chart[]) => {
    const out = list.flatMap((ch) => chart(ch, ++n, o.fonts));
    progress(0.1 + (n / 6) * 0.5);
    return out;
  };
  const start = r.session.startedAt ?? r.conference.startsAt;
  const end = r.session.endedAt ?? r.conference.endsAt;
  const children: (Paragraph | Table)[] = [
    letterhead({ ...o, number: o.number ?? '     /BC-BTC' }, 'BC', r.generatedAt),
    para([], { spacing: { after: 240 } }),
    ...titleBlock('BÁO CÁO', `Kết quả ${r.conference.title}`),
    heading('I. THÔNG TIN CHUNG'),
    body(`1. Đơn vị tổ chức: ${r.conference.organiser}.`),
    body(`2. Chủ đề: ${r.conference.theme}.`),
    body(`3. Thời gian: từ ${dateTime(start)} đến ${dateTime(end)}.`),
    body('4. Hình thức: trực tuyến, kết nối các điểm cầu trong cả nước.'),
    body('5. Số liệu tổng hợp:'),
    ...totalsList(r).map(([label, value], i, all) =>
      body(`- ${label}: ${value}${i === all.length - 1 ? '.' : ';'}`),
    ),
    heading('II. THÀNH PHẦN THAM DỰ'),
    ...charts(c.attendance),
    table(attendanceTable(r)),
    heading('III. DIỄN BIẾN HỘI NGHỊ'),
    heading('1. Các lượt phát biểu', 2),
    ...charts(c.turnsBySite, c.timeBySite, c.timeline),
    r.turns.length ? table(turnsTable(r)) : body('Không có lượt phát biểu.'),
    heading('2. Chủ đề thảo luận', 2),
    ...charts(c.themes),
    table(themesTable(r)),
    heading('IV. Ý KIẾN GÓP Ý'),
    heading('1. Số lượng ý kiến', 2),
    ...charts(c.contributionsByTheme, c.contributionsByKind),
  ];
  for (const [title, t] of contributionCounts(r))
    children.push(body([text(title, { italics: true })]), table(t));
  children.push(
    heading('2. Ý kiến được đưa vào kết luận', 2),
    r.adopted.length ? table(adoptedTable(r)) : body('Chưa có ý kiến nào.'),
    heading('3. Tham luận gửi trước hội nghị', 2),
    r.submissions.length ? table(submissionsTable(r)) : body('Không có tham luận.'),
    heading('V. KẾT LUẬN'),
    ...conclusions(r, 'Kết luận của hội nghị chưa được công bố.'),
    para([]),
    twoColumns(recipients(), signature(o.signer, 'TM. BAN TỔ CHỨC')),
  );
  progress(0.7);
  const buffer = await pack(o, `Báo cáo kết quả ${r.conference.title}`, children);
  progress(1);
  return buffer;
}
