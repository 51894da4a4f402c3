import pdfmake from 'pdfmake';
import type {
  Content,
  ContentText,
  TableCell,
  TDocumentDefinitions,
  TFontDictionary,
} from 'pdfmake/interfaces';
import type { ConferenceRecord } from '../../protocol/reports.ts';
import type { Chart, RecordCharts } from './charts.ts';
import type { FontSet } from './fonts.ts';
import { htmlBlocks, type Block, type Inline } from './html-blocks.ts';
import {
  adoptedTable,
  attendanceTable,
  columnAlign,
  contributionCounts,
  dateTime,
  sessionSpan,
  submissionsTable,
  themesTable,
  totalsList,
  turnsTable,
  type TextTable,
} from './record-format.ts';

// The conference record as a PDF, laid out by pdfmake in Node (no browser). pdfmake 0.3's
// Node entry is one shared instance: fonts go into its virtual file system and font list,
// the progress callback is read when `createPdf` is called (synchronously, so concurrent
// calls each keep their own).

const A4_WIDTH = 595.28;
/** Left 30 mm, top 20 mm, right 15 mm, bottom 20 mm (as the decree's documents). */
const MARGINS: [number, number, number, number] = [85, 57, 43, 57];
const TEXT_WIDTH = A4_WIDTH - MARGINS[0] - MARGINS[2];

const engine = pdfmake as unknown as typeof pdfmake & {
  virtualfs: { writeFileSync(name: string, content: Buffer): void };
};
engine.setUrlAccessPolicy(() => false);
engine.setLocalAccessPolicy(() => false);

/** The PostScript name in a TrueType file's `name` table (ID 6), or null. */
function postScriptName(ttf: Buffer): string | null {
  try {
    const tables = ttf.readUInt16BE(4);
    for (let i = 0; i < tables; i++) {
      const rec = 12 + i * 16;
      if (ttf.toString('latin1', rec, rec + 4) !== 'name') continue;
      const base = ttf.readUInt32BE(rec + 8);
      const records = ttf.readUInt16BE(base + 2);
      const strings = base + ttf.readUInt16BE(base + 4);
      for (let j = 0; j < records; j++) {
        const r = base + 6 + j * 12;
        if (ttf.readUInt16BE(r + 6) !== 6) continue;
        const start = strings + ttf.readUInt16BE(r + 10);
        const bytes = Buffer.from(ttf.subarray(start, start + ttf.readUInt16BE(r + 8)));
        const platform = ttf.readUInt16BE(r);
        return platform === 1 ? bytes.toString('latin1') : bytes.swap16().toString('utf16le');
      }
    }
  } catch {
    // A damaged table: the caller names the file itself.
  }
  return null;
}

const registered = new WeakMap<FontSet, string>();
let fontCount = 0;

/**
 * The pdfmake font name for a font set, registered once. The virtual files are named
 * after each font's PostScript name: pdfkit caches fonts under that name, so the charts'
 * SVG text (which asks pdfkit for the font by its file name) finds the font the text
 * already loaded instead of looking for a file on disk.
 */
function fontName(fonts: FontSet): string {
  let name = registered.get(fonts);
  if (name) return name;
  name = `Document${++fontCount}`;
  const files = {
    normal: fonts.regular,
    bold: fonts.bold,
    italics: fonts.italic,
    bolditalics: fonts.boldItalic,
  };
  const dict: TFontDictionary[string] = {};
  for (const [style, data] of Object.entries(files) as [keyof typeof files, Buffer][]) {
    const file = postScriptName(data) ?? `${name}-${style}.ttf`;
    engine.virtualfs.writeFileSync(file, data);
    dict[style] = file;
  }
  engine.addFonts({ [name]: dict });
  registered.set(fonts, name);
  return name;
}

function runs(inlines: Inline[]): ContentText['text'] {
  return inlines.map((r) => ({
    text: r.text,
    bold: r.bold,
    italics: r.italic,
    decoration: r.underline || r.href ? 'underline' : undefined,
    link: r.href,
    color: r.href ? '#1a4f8b' : undefined,
  }));
}

/** The minutes' or conclusions' blocks as pdfmake content. */
function blockContent(blocks: Block[]): Content[] {
  return blocks.map((b): Content => {
    switch (b.type) {
      case 'paragraph':
        return { text: runs(b.inlines), style: 'body' };
      case 'heading':
        return { text: runs(b.inlines), style: `h${b.level + 1}` };
      case 'quote':
        return { text: runs(b.inlines), style: 'body', italics: true, margin: [20, 0, 10, 6] };
      case 'list': {
        const items = b.items.map((item) => ({ text: runs(item) }));
        return b.ordered
          ? { ol: items, style: 'body', margin: [10, 0, 0, 6] }
          : { ul: items, style: 'body', margin: [10, 0, 0, 6] };
      }
      case 'table': {
        const cols = Math.max(...b.rows.map((r) => r.cells.length));
        const header = b.rows.findIndex((r) => !r.header);
        return {
          style: 'table',
          layout: 'record',
          table: {
            headerRows: header < 0 ? 0 : header,
            widths: Array.from({ length: cols }, () => '*'),
            body: b.rows.map((r) =>
              Array.from({ length: cols }, (_, i): TableCell => ({
                text: runs(r.cells[i] ?? []),
                bold: r.header || undefined,
              })),
            ),
          },
        };
      }
    }
  });
}

function table(t: TextTable, fontSize = 9): Content {
  const total = t.widths.reduce((a, w) => a + w, 0);
  return {
    style: 'table',
    fontSize,
    layout: 'record',
    table: {
      headerRows: 1,
      dontBreakRows: true,
      widths: t.widths.map((w) => (w / total) * (TEXT_WIDTH - t.widths.length * 8)),
      body: [
        t.headers.map((h): TableCell => ({ text: h, style: 'th' })),
        ...t.rows.map((row) =>
          row.map((cell, i): TableCell => ({ text: cell, alignment: columnAlign(t, i) })),
        ),
      ],
    },
  };
}

function chart(c: Chart, n: number, font: string, heading?: Content): Content {
  const width = TEXT_WIDTH;
  return {
    unbreakable: true,
    margin: [0, 4, 0, 10],
    stack: [
      // The part's heading travels with its first chart (never alone at a page's foot).
      ...(heading ? [heading] : []),
      {
        svg: c.svg,
        width,
        height: (c.height * width) / c.width,
        font,
        // The SVG text's font comes from the document (see fontName); never warn on stdout.
        options: { warningCallback: () => undefined },
      } as Content,
      { text: `Biểu đồ ${n}. ${c.title}`, style: 'caption' },
    ],
  };
}

/**
 * A numbered part. `newPage`: it starts a page (unless it already does: an explicit page
 * break after a full page would leave one blank). A heading never stays alone at the
 * bottom of a page (`pageBreakBefore` in the definition).
 */
function section(title: string, newPage = false): Content {
  return {
    text: title,
    style: 'h1',
    headlineLevel: 1,
    id: newPage ? `new-page:${title}` : undefined,
  };
}

function note(text: string): Content {
  return { text, style: 'body', italics: true };
}

/** The record's document definition (pure: the same record gives the same layout). */
export function recordPdfDefinition(
  record: ConferenceRecord,
  charts: RecordCharts,
  font: string,
): TDocumentDefinitions {
  const c = record.conference;
  const chartList = [
    charts.attendance,
    charts.turnsBySite,
    charts.timeBySite,
    charts.timeline,
    charts.themes,
    charts.contributionsByTheme,
    charts.contributionsByKind,
  ];
  const totals = totalsList(record);
  const generated = `Tạo lúc ${dateTime(record.generatedAt)}`;
  const content: Content[] = [
    { text: c.organiser.toLocaleUpperCase('vi'), style: 'organiser' },
    { text: 'BÁO CÁO KẾT QUẢ HỘI NGHỊ', style: 'kind' },
    { text: c.title, style: 'title' },
    {
      text: [
        { text: 'Chủ đề: ', bold: true, italics: true },
        { text: c.theme, italics: true },
      ],
      style: 'subtitle',
    },
    { text: `Thời gian: ${sessionSpan(record)}`, style: 'subtitle' },
    {
      text: `Thời gian dự kiến: ${dateTime(c.startsAt)} – ${dateTime(c.endsAt)}`,
      style: 'subtitle',
      margin: [0, 0, 0, 14],
    },
    section('I. SỐ LIỆU TỔNG HỢP'),
    {
      layout: 'noBorders',
      margin: [0, 0, 0, 8],
      table: {
        widths: ['*', 'auto'],
        body: totals.map(([label, value]) => [
          { text: label },
          { text: value, bold: true, alignment: 'right' },
        ]),
      },
    },
    ...chartList.map((ch, i) =>
      chart(ch, i + 1, font, i === 0 ? section('II. BIỂU ĐỒ') : undefined),
    ),
    section('III. ĐIỂM DANH CÁC ĐIỂM CẦU', true),
    table(attendanceTable(record)),
    section('IV. CÁC LƯỢT PHÁT BIỂU'),
    record.turns.length ? table(turnsTable(record)) : note('Không có lượt phát biểu.'),
    section('V. CHỦ ĐỀ THẢO LUẬN'),
    table(themesTable(record)),
    section('VI. Ý KIẾN GÓP Ý'),
    ...contributionCounts(record).flatMap(([title, t]): Content[] => [
      { text: title, style: 'h3' },
      table(t, 10),
    ]),
    { text: 'Các ý kiến được đưa vào kết luận', style: 'h2' },
    record.adopted.length ? table(adoptedTable(record)) : note('Chưa có ý kiến nào.'),
    section('VII. THAM LUẬN GỬI TRƯỚC'),
    record.submissions.length ? table(submissionsTable(record)) : note('Không có tham luận.'),
    section('VIII. BIÊN BẢN HỘI NGHỊ', true),
    ...(record.minutes
      ? blockContent(htmlBlocks(record.minutes.html))
      : [note('Biên bản chưa được khóa.')]),
    section('IX. KẾT LUẬN'),
    ...(record.conclusions
      ? blockContent(htmlBlocks(record.conclusions.html))
      : [note('Kết luận chưa được công bố.')]),
  ];
  return {
    pageSize: 'A4',
    pageMargins: MARGINS,
    info: { title: c.title, author: c.organiser, subject: 'Báo cáo kết quả hội nghị' },
    language: 'vi-VN',
    defaultStyle: { font, fontSize: 12, lineHeight: 1.15 },
    content,
    pageBreakBefore: (node, nodes) =>
      node.headlineLevel === 1 &&
      ((typeof node.id === 'string' &&
        node.id.startsWith('new-page:') &&
        nodes.getPreviousNodesOnPage().length > 0) ||
        nodes.getFollowingNodesOnPage().length === 0),
    footer: (page, pages) => ({
      margin: [MARGINS[0], 20, MARGINS[2], 0],
      fontSize: 9,
      columns: [
        { text: generated, italics: true },
        { text: `Trang ${page}/${pages}`, alignment: 'right' },
      ],
    }),
    styles: {
      organiser: { bold: true, alignment: 'center', fontSize: 13 },
      kind: { bold: true, alignment: 'center', fontSize: 15, margin: [0, 14, 0, 4] },
      title: { bold: true, alignment: 'center', fontSize: 13, margin: [0, 0, 0, 6] },
      subtitle: { alignment: 'center', fontSize: 12, margin: [0, 0, 0, 2] },
      h1: { bold: true, fontSize: 13, margin: [0, 12, 0, 6] },
      h2: { bold: true, fontSize: 12, margin: [0, 10, 0, 4] },
      h3: { bold: true, italics: true, fontSize: 12, margin: [0, 8, 0, 4] },
      h4: { italics: true, fontSize: 12, margin: [0, 6, 0, 4] },
      body: { alignment: 'justify', margin: [0, 0, 0, 6] },
      caption: { italics: true, alignment: 'center', fontSize: 10, margin: [0, 2, 0, 0] },
      table: { margin: [0, 0, 0, 10], lineHeight: 1.05 },
      th: { bold: true, alignment: 'center', fillColor: '#eeeeee' },
    },
  };
}

const layouts = {
  record: {
    hLineWidth: () => 0.5,
    vLineWidth: () => 0.5,
    hLineColor: () => '#555555',
    vLineColor: () => '#555555',
    paddingLeft: () => 4,
    paddingRight: () => 4,
    paddingTop: () => 2,
    paddingBottom: () => 2,
  },
};
engine.addTableLayouts(layouts);

/** The conference record as an A4 PDF with its font embedded. */
export async function recordPdf(opts: {
  record: ConferenceRecord;
  charts: RecordCharts;
  fonts: FontSet;
  onProgress?: (share: number) => void;
}): Promise<Buffer> {
  const progress = opts.onProgress ?? (() => undefined);
  progress(0);
  const font = fontName(opts.fonts);
  const definition = recordPdfDefinition(opts.record, opts.charts, font);
  progress(0.1);
  // pdfmake lays the whole document out, then reports as it draws each page's items.
  engine.setProgressCallback((share) => progress(0.5 + share * 0.45));
  const pdf = engine.createPdf(definition);
  const buffer = await pdf.getBuffer();
  progress(1);
  return buffer;
}
