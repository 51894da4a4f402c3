import { unsafeCell } from '../../protocol/csv.ts';
import { z } from 'zod';
import {
  contributorKinds,
  DelegateFields,
  SiteFields,
  type ContributorKind,
} from '../../protocol/conferences.ts';
import { MB } from '../files/stored-files.ts';
import { normalizeName } from '../slug.ts';

export const IMPORT_MAX_BYTES = 5 * MB;

export const IMPORT_MAX_ROWS = 5000;

interface Column {
  key: string;
  label: string;
  aliases: string[];
}

/** The file format: Vietnamese headers, accepted with or without diacritics (and in English). */
export const SITE_COLUMNS: Column[] = [
  { key: 'unitName', label: 'Đơn vị', aliases: ['don vi', 'ten don vi', 'unit'] },
  { key: 'name', label: 'Tên điểm cầu', aliases: ['ten diem cau', 'diem cau', 'site', 'name'] },
  {
    key: 'isHost',
    label: 'Điểm cầu trung tâm',
    aliases: ['diem cau trung tam', 'trung tam', 'host'],
  },
  { key: 'address', label: 'Địa chỉ', aliases: ['dia chi', 'address'] },
  { key: 'chairName', label: 'Người chủ trì', aliases: ['nguoi chu tri', 'chu tri', 'chair'] },
  {
    key: 'chairTitle',
    label: 'Chức vụ người chủ trì',
    aliases: ['chuc vu nguoi chu tri', 'chuc vu chu tri', 'chair title'],
  },
  {
    key: 'techName',
    label: 'Cán bộ kỹ thuật',
    aliases: ['can bo ky thuat', 'ky thuat', 'technical contact'],
  },
  {
    key: 'techPhone',
    label: 'Điện thoại kỹ thuật',
    aliases: ['dien thoai ky thuat', 'dien thoai', 'phone'],
  },
  {
    key: 'techEmail',
    label: 'E-mail kỹ thuật',
    aliases: ['e-mail ky thuat', 'email ky thuat', 'email', 'e-mail'],
  },
  {
    key: 'expectedAttendance',
    label: 'Số đại biểu dự kiến',
    aliases: ['so dai bieu du kien', 'so nguoi du kien', 'so dai bieu', 'expected attendance'],
  },
];

export const DELEGATE_COLUMNS: Column[] = [
  { key: 'site', label: 'Điểm cầu', aliases: ['diem cau', 'ten diem cau', 'site'] },
  { key: 'name', label: 'Họ và tên', aliases: ['ho va ten', 'ho ten', 'name'] },
  { key: 'position', label: 'Chức vụ', aliases: ['chuc vu', 'position'] },
  {
    key: 'unitName',
    label: 'Đơn vị công tác',
    aliases: ['don vi cong tac', 'don vi', 'co quan', 'unit'],
  },
  { key: 'kind', label: 'Thành phần', aliases: ['thanh phan', 'loai dai bieu', 'kind'] },
  { key: 'email', label: 'E-mail', aliases: ['e-mail', 'email'] },
  { key: 'phone', label: 'Điện thoại', aliases: ['dien thoai', 'phone'] },
];

/** Contributor kinds as written in files. */
export const KIND_LABELS: Record<ContributorKind, string> = {
  ministry: 'Bộ, ngành',
  locality: 'Địa phương',
  expert: 'Chuyên gia, nhà khoa học',
  manager: 'Nhà quản lý',
  business: 'Doanh nhân, doanh nghiệp',
  party_member: 'Cán bộ, đảng viên',
  citizen: 'Người dân',
};

export const KIND_BY_NAME = new Map<string, ContributorKind>();
for (const kind of contributorKinds) {
  KIND_BY_NAME.set(kind, kind);
  KIND_BY_NAME.set(normalizeName(KIND_LABELS[kind]), kind);
  for (const part of KIND_LABELS[kind].split(',')) KIND_BY_NAME.set(normalizeName(part), kind);
}
KIND_BY_NAME.set('doanh nghiep', 'business');
KIND_BY_NAME.set('nha khoa hoc', 'expert');

export const YES = new Set(['x', 'co', 'yes', 'true', '1', 'trung tam']);

export type Sheet = 'sites' | 'delegates';

/** A problem with one cell of the file, in i18n terms (translated where it is shown). */
export interface ImportProblem {
  sheet: Sheet;
  line: number;
  column: string;
  key?: string;
  params?: Record<string, string | number>;
  issue?: z.core.$ZodIssue;
}

interface RawRow {
  line: number;
  cells: Record<string, string>;
}

export interface Table {
  sheet: Sheet;
  rows: RawRow[];
  unknownHeaders: string[];
}

export type SiteRecord = z.output<typeof SiteFields>;

export type DelegateRecord = z.output<typeof DelegateFields> & { site: string };

export interface ImportPlan {
  sites: (SiteRecord & { line: number; action: 'create' | 'update' })[];
  delegates: (DelegateRecord & { line: number; action: 'create' | 'update' })[];
}

const planned = { line: z.number().int(), action: z.enum(['create', 'update']) };
/** A stored plan, checked when it is read back (a preview kept in the database). */
export const ImportPlanSchema = z.object({
  sites: z.array(SiteFields.extend(planned)),
  delegates: z.array(DelegateFields.extend({ ...planned, site: z.string() })),
});

export function columnsFor(sheet: Sheet) {
  return sheet === 'sites' ? SITE_COLUMNS : DELEGATE_COLUMNS;
}

function mapHeaders(sheet: Sheet, headers: string[]) {
  const columns = columnsFor(sheet);
  const used = new Set<string>();
  const keys = headers.map((h) => {
    const n = normalizeName(h);
    const col = columns.find(
      (c) => !used.has(c.key) && (normalizeName(c.label) === n || c.aliases.includes(n)),
    );
    if (col) used.add(col.key);
    return col?.key ?? null;
  });
  return { keys, unknown: headers.filter((h, i) => h.trim() && !keys[i]) };
}

export function guessSheet(name: string, headers: string[]): Sheet | null {
  const n = normalizeName(name);
  if (n.includes('dai bieu') || n.includes('delegate')) return 'delegates';
  if (n.includes('diem cau') || n.includes('site')) return 'sites';
  const hs = headers.map(normalizeName);
  if (hs.some((h) => h === 'ho va ten' || h === 'ho ten')) return 'delegates';
  if (hs.some((h) => h === 'ten diem cau' || h === 'don vi')) return 'sites';
  return null;
}

export function toTable(sheet: Sheet, grid: { line: number; values: string[] }[]): Table {
  const headerIndex = grid.findIndex((r) => r.values.some((v) => v.trim()));
  if (headerIndex < 0) return { sheet, rows: [], unknownHeaders: [] };
  const { keys, unknown } = mapHeaders(sheet, grid[headerIndex]!.values);
  const rows: RawRow[] = [];
  for (const r of grid.slice(headerIndex + 1)) {
    if (!r.values.some((v) => v.trim())) continue;
    const cells: Record<string, string> = {};
    keys.forEach((k, i) => {
      // Our own CSV exports write formula-like text as `'=…`: read it back as written.
      // In NFC like every text the product stores (a spreadsheet may hold decomposed marks).
      if (k) cells[k] = unsafeCell((r.values[i] ?? '').normalize('NFC').trim());
    });
    rows.push({ line: r.line, cells });
  }
  return { sheet, rows, unknownHeaders: unknown };
}
