import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { sampleRecord } from '../../tests/support/record-fixture.ts';
import { recordCsv, recordTables, recordWorkbook, vietnamDateTime } from './record-sheets.ts';

const SHEETS = [
  'Tổng hợp',
  'Điểm cầu',
  'Lượt phát biểu',
  'Chủ đề',
  'Ý kiến',
  'Ý kiến được tiếp thu',
  'Tham luận',
];

async function readBack(data: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(data as unknown as ArrayBuffer);
  return workbook;
}

function readCsv(data: Buffer): string[][] {
  expect(data.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  return parse(data.toString('utf8').slice(1)) as string[][];
}

describe('recordWorkbook', () => {
  it('writes the large record, one sheet per table, typed cells', async () => {
    const record = sampleRecord({ sites: 40, turns: 300, contributions: 2000 });
    const workbook = await readBack(await recordWorkbook(record));
    expect(workbook.worksheets.map((ws) => ws.name)).toEqual(SHEETS);

    const sites = workbook.getWorksheet('Điểm cầu')!;
    expect(sites.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sites.getRow(1).font?.bold).toBe(true);
    expect(sites.getRow(1).values).toContain('Lý do vắng');
    expect(sites.rowCount).toBe(41);
    const site = record.sites[1]!;
    const row = sites.getRow(3);
    const name = row.getCell(1).value as string;
    expect(name).toBe(site.name);
    expect(name).toBe(name.normalize('NFC'));
    expect(row.getCell(3).value).toBe(
      { present: 'Có mặt', absent: 'Vắng', not_checked_in: 'Chưa điểm danh' }[site.rollCall],
    );
    expect(row.getCell(9).value).toBe(site.turns);
    if (site.firstOnlineAt !== null) {
      const first = row.getCell(7);
      expect(first.value).toBeInstanceOf(Date);
      expect(first.numFmt).toBe('dd/mm/yyyy hh:mm');
      // Vietnam wall time: the cell's date read as UTC is the local time.
      const d = first.value as Date;
      const p = (n: number) => String(n).padStart(2, '0');
      expect(
        `${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`,
      ).toBe(vietnamDateTime(site.firstOnlineAt));
    }

    const turns = workbook.getWorksheet('Lượt phát biểu')!;
    expect(turns.rowCount).toBe(301);
    expect(turns.getRow(2).getCell(1).value).toBe(1);
    expect(turns.getRow(2).getCell(8).value).toBe(record.turns[0]!.spokenSeconds);

    const summary = workbook.getWorksheet('Tổng hợp')!;
    expect(summary.getRow(2).values).toContain(record.conference.title);
    const counts = workbook.getWorksheet('Ý kiến')!;
    const total = counts
      .getSheetValues()
      .slice(2)
      .filter((r) => Array.isArray(r) && r[1] === 'Trạng thái')
      .reduce((a: number, r) => a + Number((r as unknown[])[3]), 0);
    expect(total).toBe(2000);
  });

  it('leaves the absence reasons out of the public view', async () => {
    const workbook = await readBack(await recordWorkbook(sampleRecord({ view: 'public' })));
    expect(workbook.getWorksheet('Điểm cầu')!.getRow(1).values).not.toContain('Lý do vắng');
  });
});

describe('recordCsv', () => {
  it('lists the tables with their titles', () => {
    expect(recordTables.map((t) => t.table)).toEqual([
      'sites',
      'turns',
      'themes',
      'contributions',
      'submissions',
    ]);
    expect(recordTables[0].title).toBe('Điểm cầu');
  });

  it('writes each table of the large record, formula-looking cells as text', () => {
    const record = sampleRecord({ sites: 40, turns: 300, contributions: 2000 });
    record.sites[2]!.name = '=HYPERLINK("http://x.example","bấm")';
    record.turns[0]!.siteName = '@SUM(A1)';
    const sites = readCsv(recordCsv(record, 'sites'));
    expect(sites[0]![0]).toBe('Điểm cầu');
    expect(sites).toHaveLength(41);
    expect(sites[3]![0]).toBe(`'=HYPERLINK("http://x.example","bấm")`);
    expect(sites[1]![0]).toBe(record.sites[0]!.name);
    const turns = readCsv(recordCsv(record, 'turns'));
    expect(turns).toHaveLength(301);
    expect(turns[1]![1]).toBe(`'@SUM(A1)`);
    expect(turns[1]![5]).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
    expect(turns[1]![5]).toBe(vietnamDateTime(record.turns[0]!.startedAt));
    expect(readCsv(recordCsv(record, 'themes'))).toHaveLength(record.themes.length + 1);
    expect(readCsv(recordCsv(record, 'contributions'))).toHaveLength(record.adopted.length + 1);
    expect(readCsv(recordCsv(record, 'submissions'))[1]![4]).toBe('Đã chấp nhận');
  });

  it('writes Vietnam time', () => {
    expect(vietnamDateTime(Date.UTC(2026, 10, 20, 1, 5))).toBe('20/11/2026 08:05');
    expect(vietnamDateTime(Date.UTC(2026, 11, 31, 17, 30))).toBe('01/01/2027 00:30');
  });
});
