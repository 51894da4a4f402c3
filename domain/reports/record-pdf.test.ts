import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { recordCharts } from './charts.ts';
import { sampleRecord } from '../../tests/support/record-fixture.ts';
import { loadFonts } from './fonts.ts';
import { recordPdf } from './record-pdf.ts';

/** Each page's text as pdf.js reads it back (not normalised: the file must hold NFC). */
async function pageTexts(pdf: Buffer): Promise<string[]> {
  const doc = await pdfjs.getDocument({ data: new Uint8Array(pdf), verbosity: 0 }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    const text = content.items.map((item) => ('str' in item ? item.str : '')).join(' ');
    pages.push(text.replace(/\s+/g, ' '));
  }
  await doc.destroy();
  return pages;
}

const nfc = (s: string) => s.normalize('NFC');

describe('recordPdf', () => {
  it('writes the record in Vietnamese with its font embedded and pages numbered', async () => {
    const record = sampleRecord();
    const shares: number[] = [];
    const pdf = await recordPdf({
      record,
      charts: recordCharts(record),
      fonts: await loadFonts(),
      onProgress: (share) => shares.push(share),
    });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const pages = await pageTexts(pdf);
    expect(pages.length).toBeGreaterThanOrEqual(3);
    expect(pages.length).toBeLessThan(20);
    const all = pages.join('\n');
    for (const s of [
      'VĂN PHÒNG CHÍNH PHỦ',
      'BÁO CÁO KẾT QUẢ HỘI NGHỊ',
      record.conference.title,
      'Điểm cầu Thành phố Huế',
      'Chuyển đổi số trong cải cách hành chính',
      record.turns[0]!.delegateName!,
      'Có mặt',
      'Biểu đồ 1. Điểm danh các điểm cầu',
      'Hội nghị khai mạc lúc 08 giờ 00 phút, do đồng chí chủ trì điều hành.',
      'Các bộ, ngành khẩn trương rà soát thủ tục.',
      'Tạo lúc ',
    ])
      expect(all).toContain(nfc(s));
    expect(all).toContain(`20/11/2026 08:00`);
    pages.forEach((text, i) => expect(text).toContain(`Trang ${i + 1}/${pages.length}`));
    // The font travels in the file (a TrueType program, subset, named after Tinos).
    const raw = pdf.toString('latin1');
    expect(raw).toContain('/FontFile2');
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+Tinos-Bold/);
    expect(shares[0]).toBe(0);
    expect(shares.at(-1)).toBe(1);
    expect(shares).toEqual([...shares].sort((a, b) => a - b));
  });

  it('leaves the absence reasons out of the public view', async () => {
    const record = sampleRecord({ view: 'public' });
    const pdf = await recordPdf({ record, charts: recordCharts(record), fonts: await loadFonts() });
    const all = (await pageTexts(pdf)).join('\n');
    expect(all).toContain(nfc('Điểm danh'));
    expect(all).not.toContain(nfc('Lý do vắng'));
  });

  it('lays out the large conference with table headers on every page', async () => {
    const record = sampleRecord({ sites: 40, turns: 300, contributions: 2000 });
    const pdf = await recordPdf({ record, charts: recordCharts(record), fonts: await loadFonts() });
    const pages = await pageTexts(pdf);
    expect(pages.length).toBeGreaterThan(15);
    expect(pages.length).toBeLessThan(120);
    const turnPages = pages.filter((p) => p.includes(nfc('Trần Văn Đức')) && p.includes('Quá giờ'));
    expect(turnPages.length).toBeGreaterThan(3);
    const all = pages.join('\n');
    expect(all).toContain(nfc(record.turns[299]!.delegateName!));
    expect(all).toContain(nfc('Lý do vắng'));
    expect(all).toContain(nfc('Mất điện do mưa bão, đã báo cáo bằng văn bản'));
    expect(pages.at(-1)).toContain(`Trang ${pages.length}/${pages.length}`);
  }, 60_000);
});
