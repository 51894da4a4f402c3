import { stringify } from 'csv-stringify/sync';
import { safeCell } from '../../protocol/csv.ts';

export interface Sheet {
  title: string;
  header: string[];
  rows: (string | number | null)[][];
}

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const CSV_MIME = 'text/csv; charset=utf-8';

/** One sheet as CSV: UTF-8 with a BOM, formula-looking cells written as text. */
export function writeCsv(sheet: Sheet): Buffer {
  const rows = [sheet.header, ...sheet.rows].map((row) => row.map(safeCell));
  return Buffer.from('\uFEFF' + stringify(rows), 'utf8');
}

/**
 * CSV (the first sheet, UTF-8 with a BOM so Excel keeps the diacritics) or XLSX (every
 * sheet). CSV cells that look like formulas are written as text (`safeCell`); XLSX
 * cells are typed strings already.
 */
export async function writeSpreadsheet(format: 'csv' | 'xlsx', sheets: Sheet[]): Promise<Buffer> {
  if (format === 'csv') return writeCsv(sheets[0]!);
  // Loaded when first needed: the package takes a quarter of a second to load at start.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Đối thoại';
  for (const sheet of sheets) {
    const ws = workbook.addWorksheet(sheet.title);
    ws.addRow(sheet.header).font = { bold: true };
    for (const row of sheet.rows) ws.addRow(row);
    ws.columns.forEach((col) => (col.width = 24));
    ws.views = [{ state: 'frozen', ySplit: 1 }];
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
