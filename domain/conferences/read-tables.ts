import { parse } from 'csv-parse/sync';
import { fileTypeFromBuffer } from 'file-type';
import { AppError } from '../errors.ts';
import { checkZipBounds, type UploadedFile } from '../files/stored-files.ts';
import { type Table, guessSheet, toTable } from './import-format.ts';

/**
 * The one delimiter a CSV file uses, read from its header line: `,` (ours, and most
 * programs'), `;` (Excel in a Vietnamese or European locale) or a tab. Only that one
 * splits cells, so `Tầng 2; phòng 5` stays one address in a comma file.
 */
export function csvDelimiter(text: string): ',' | ';' | '\t' {
  const header =
    text
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/)
      .find((l) => l.trim()) ?? '';
  const outside = header.replace(/"[^"]*"/g, '');
  const count = (c: string) => outside.split(c).length - 1;
  const [best] = ([',', ';', '\t'] as const)
    .map((d) => [d, count(d)] as const)
    .sort((a, b) => b[1] - a[1]);
  return best![1] > 0 ? best![0] : ',';
}

export async function readTables(file: UploadedFile): Promise<Table[]> {
  const detected = await fileTypeFromBuffer(file.data);
  if (detected?.ext === 'xlsx') {
    await checkZipBounds(file.data);
    // Loaded when first needed: the package takes a quarter of a second to load at start.
    const { default: ExcelJS } = await import('exceljs');
    const workbook = new ExcelJS.Workbook();
    try {
      await workbook.xlsx.load(file.data as unknown as ArrayBuffer);
    } catch {
      throw new AppError('unsupported_file', { params: { allowed: 'CSV, XLSX' } });
    }
    const tables: Table[] = [];
    workbook.eachSheet((ws) => {
      const grid: { line: number; values: string[] }[] = [];
      ws.eachRow({ includeEmpty: false }, (row, line) => {
        const values: string[] = [];
        for (let c = 1; c <= row.cellCount; c++) values.push(row.getCell(c).text ?? '');
        grid.push({ line, values });
      });
      const sheet = guessSheet(ws.name, grid[0]?.values ?? []);
      if (sheet) tables.push(toTable(sheet, grid));
    });
    return tables;
  }
  if (detected) throw new AppError('unsupported_file', { params: { allowed: 'CSV, XLSX' } });
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(file.data);
  } catch {
    throw new AppError('validation', { fields: { file: 'errors.csv_not_utf8' } });
  }
  if (text.includes('\0'))
    throw new AppError('unsupported_file', { params: { allowed: 'CSV, XLSX' } });
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      delimiter: csvDelimiter(text),
      relax_column_count: true,
      skip_empty_lines: false,
      info: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (err) {
    throw new AppError('validation', {
      fields: { file: 'errors.csv_malformed' },
      params: { detail: (err as Error).message },
    });
  }
  const grid = records.map((r) => ({ line: r.info.lines, values: r.record }));
  const sheet = guessSheet('', grid.find((g) => g.values.some((v) => v.trim()))?.values ?? []);
  if (!sheet)
    throw new AppError('validation', { fields: { file: 'errors.import_unknown_columns' } });
  return [toTable(sheet, grid)];
}
