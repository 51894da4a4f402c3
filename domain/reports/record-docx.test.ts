import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { recordCharts } from './charts.ts';
import { sampleRecord } from '../../tests/support/record-fixture.ts';
import { loadFonts } from './fonts.ts';
import { minutesDocx, reportDocx } from './record-docx.ts';

interface Parts {
  zip: JSZip;
  xml: string;
  /** The document's text, runs joined, entities read (not normalised: the file must hold NFC). */
  text: string;
}

async function open(docx: Buffer): Promise<Parts> {
  const zip = await JSZip.loadAsync(docx);
  const xml = await zip.file('word/document.xml')!.async('string');
  const text = xml
    .replace(/<\/w:p>/g, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
  return { zip, xml, text };
}

const nfc = (s: string) => s.normalize('NFC');
const MM = 56.7;

async function expectOfficialLayout({ zip, xml, text }: Parts) {
  // A4, margins top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm.
  expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
  const margin = /<w:pgMar ([^>]*)\/>/.exec(xml)![1]!;
  const side = (name: string) => Number(new RegExp(`w:${name}="(\\d+)"`).exec(margin)![1]) / MM;
  expect(side('top')).toBeGreaterThanOrEqual(19.9);
  expect(side('top')).toBeLessThanOrEqual(25.1);
  expect(side('bottom')).toBeGreaterThanOrEqual(19.9);
  expect(side('bottom')).toBeLessThanOrEqual(25.1);
  expect(side('left')).toBeGreaterThanOrEqual(29.9);
  expect(side('left')).toBeLessThanOrEqual(35.1);
  expect(side('right')).toBeGreaterThanOrEqual(14.9);
  expect(side('right')).toBeLessThanOrEqual(20.1);
  for (const s of [
    'VĂN PHÒNG CHÍNH PHỦ',
    'BAN TỔ CHỨC HỘI NGHỊ',
    'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
    'Độc lập - Tự do - Hạnh phúc',
    'Nơi nhận:',
    '- Các cơ quan, đơn vị dự hội nghị;',
    '- Lưu: VT, BTC.',
  ])
    expect(text).toContain(nfc(s));
  // Tinos, 14 pt, embedded in all four styles.
  const styles = await zip.file('word/styles.xml')!.async('string');
  expect(styles).toMatch(/<w:rFonts w:ascii="Tinos"/);
  expect(styles).toContain('<w:sz w:val="28"/>');
  const fontTable = await zip.file('word/fontTable.xml')!.async('string');
  expect(fontTable).toContain('w:name="Tinos"');
  for (const tag of ['embedRegular', 'embedBold', 'embedItalic', 'embedBoldItalic'])
    expect(fontTable).toContain(`<w:${tag} `);
  expect(zip.file(/^word\/fonts\/.+\.odttf$/).length).toBe(4);
}

describe('minutesDocx', () => {
  it('writes the minutes as an official record (biên bản)', async () => {
    const record = sampleRecord();
    const shares: number[] = [];
    const docx = await minutesDocx({
      record,
      fonts: await loadFonts(),
      signer: { name: 'Nguyễn Văn An' },
      onProgress: (s) => shares.push(s),
    });
    const parts = await open(docx);
    await expectOfficialLayout(parts);
    const { text, xml } = parts;
    for (const s of [
      'Số:      /BB-BTC',
      'Hà Nội, ngày 20 tháng 11 năm 2026',
      'BIÊN BẢN',
      record.conference.title,
      'I. THỜI GIAN, ĐỊA ĐIỂM',
      'II. THÀNH PHẦN THAM DỰ',
      'Tổng số đại biểu dự tại các điểm cầu',
      'Hội nghị khai mạc lúc 08 giờ 00 phút, do đồng chí chủ trì điều hành.',
      'Lượt phát biểu 1 — Điểm cầu Thành phố Huế',
      'thủ tục đất đai',
      '- Rút ngắn thời gian cấp giấy chứng nhận',
      'IV. KẾT LUẬN CỦA CHỦ TRÌ',
      '2. Ủy ban nhân dân các tỉnh, thành phố đẩy mạnh chuyển đổi số.',
      'THƯ KÝ',
      'CHỦ TRÌ',
      'Nguyễn Văn An',
    ])
      expect(text).toContain(nfc(s));
    // The attendance summary (header + 5 rows) and the minutes' own table (2 rows).
    expect(text).toMatch(/Tổng số điểm cầu\s*12/);
    expect(xml).toContain('<w:tblHeader/>');
    expect(shares[0]).toBe(0);
    expect(shares.at(-1)).toBe(1);
  });

  it('writes the large conference', async () => {
    const record = sampleRecord({ sites: 40, turns: 300, contributions: 2000 });
    const { text } = await open(await minutesDocx({ record, fonts: await loadFonts() }));
    expect(text).toContain(nfc('Điểm cầu Tỉnh Phú Thọ (Mất điện do mưa bão'));
    expect(text).toMatch(/Tổng số điểm cầu\s*40/);
  });
});

describe('reportDocx', () => {
  it('writes the report with its sections, tables and charts', async () => {
    const record = sampleRecord({ sites: 40, turns: 300, contributions: 2000 });
    const docx = await reportDocx({
      record,
      charts: recordCharts(record),
      fonts: await loadFonts(),
      number: '15/BC-BTC',
      place: 'Huế',
    });
    const parts = await open(docx);
    await expectOfficialLayout(parts);
    const { text, xml, zip } = parts;
    for (const s of [
      'Số: 15/BC-BTC',
      'Huế, ngày 21 tháng 11 năm 2026',
      'BÁO CÁO',
      `Kết quả ${record.conference.title}`,
      'I. THÔNG TIN CHUNG',
      'II. THÀNH PHẦN THAM DỰ',
      'III. DIỄN BIẾN HỘI NGHỊ',
      'IV. Ý KIẾN GÓP Ý',
      'V. KẾT LUẬN',
      'Điểm cầu Thành phố Huế',
      'Vắng mặt',
      'Chuyển đổi số trong cải cách hành chính',
      record.turns[299]!.delegateName!,
      'Biểu đồ 7. Ý kiến theo loại',
      'TM. BAN TỔ CHỨC',
    ])
      expect(text).toContain(nfc(s));
    // Attendance (1 + 40), turns (1 + 300), themes (1 + 5) at least.
    expect(xml.match(/<w:tr>|<w:tr /g)!.length).toBeGreaterThan(350);
    // Seven charts as PNG, as wide as the text (165 mm = 623 px = 5934075 EMU at most).
    expect(zip.file(/^word\/media\/.+\.png$/).length).toBe(7);
    const widths = [...xml.matchAll(/<wp:extent cx="(\d+)"/g)].map((m) => Number(m[1]));
    expect(widths).toHaveLength(7);
    for (const w of widths) expect(w / 36000).toBeLessThanOrEqual(165.1);
    expect(xml).toContain(`descr="${nfc('Điểm danh các điểm cầu: 40 điểm cầu, 35 có mặt')}`);
  });
});
