import { and, asc, desc, eq, lt, max, sql } from 'drizzle-orm';
import { parse } from 'csv-parse/sync';
import { unsafeCell } from '../../protocol/csv.ts';
import ExcelJS from 'exceljs';
import { fileTypeFromBuffer } from 'file-type';
import type { z } from 'zod';
import type { Database } from '../../db/database.ts';
import { conferenceSites, delegates, importPreviews } from '../../db/schema/conferences.ts';
import { units, type UnitRow } from '../../db/schema/units.ts';
import {
  DelegateFields,
  SiteFields,
  contributorKinds,
  type ContributorKind,
} from '../../protocol/conferences.ts';
import type { Actor } from '../auth/policies.ts';
import { dataErrorKind } from '../../db/errors.ts';
import { AppError } from '../errors.ts';
import { writeSpreadsheet, XLSX_MIME, type Sheet as SheetData } from '../files/spreadsheet.ts';
import { checkZipBounds, MB, type UploadedFile } from '../files/stored-files.ts';
import { normalizeName } from '../slug.ts';
import { loadAccess, requireOrganiser } from './policies.ts';

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
const KIND_BY_NAME = new Map<string, ContributorKind>();
for (const kind of contributorKinds) {
  KIND_BY_NAME.set(kind, kind);
  KIND_BY_NAME.set(normalizeName(KIND_LABELS[kind]), kind);
  for (const part of KIND_LABELS[kind].split(',')) KIND_BY_NAME.set(normalizeName(part), kind);
}
KIND_BY_NAME.set('doanh nghiep', 'business');
KIND_BY_NAME.set('nha khoa hoc', 'expert');

const YES = new Set(['x', 'co', 'yes', 'true', '1', 'trung tam']);

type Sheet = 'sites' | 'delegates';

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

interface Table {
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

function columnsFor(sheet: Sheet) {
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

function guessSheet(name: string, headers: string[]): Sheet | null {
  const n = normalizeName(name);
  if (n.includes('dai bieu') || n.includes('delegate')) return 'delegates';
  if (n.includes('diem cau') || n.includes('site')) return 'sites';
  const hs = headers.map(normalizeName);
  if (hs.some((h) => h === 'ho va ten' || h === 'ho ten')) return 'delegates';
  if (hs.some((h) => h === 'ten diem cau' || h === 'don vi')) return 'sites';
  return null;
}

function toTable(sheet: Sheet, grid: { line: number; values: string[] }[]): Table {
  const headerIndex = grid.findIndex((r) => r.values.some((v) => v.trim()));
  if (headerIndex < 0) return { sheet, rows: [], unknownHeaders: [] };
  const { keys, unknown } = mapHeaders(sheet, grid[headerIndex]!.values);
  const rows: RawRow[] = [];
  for (const r of grid.slice(headerIndex + 1)) {
    if (!r.values.some((v) => v.trim())) continue;
    const cells: Record<string, string> = {};
    keys.forEach((k, i) => {
      // Our own CSV exports write formula-like text as `'=…`: read it back as written.
      if (k) cells[k] = unsafeCell((r.values[i] ?? '').trim());
    });
    rows.push({ line: r.line, cells });
  }
  return { sheet, rows, unknownHeaders: unknown };
}

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

async function readTables(file: UploadedFile): Promise<Table[]> {
  const detected = await fileTypeFromBuffer(file.data);
  if (detected?.ext === 'xlsx') {
    await checkZipBounds(file.data);
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

/** `Thành phố Hồ Chí Minh`, `TP. Hồ Chí Minh`, `Hồ Chí Minh` and `ho-chi-minh` are one unit. */
function unitKey(text: string): string {
  return normalizeName(text.replace(/-/g, ' '))
    .replace(/^(thanh pho|tp\.?|tinh)\s+/, '')
    .trim();
}

function matchUnit(directory: UnitRow[], text: string): UnitRow | undefined {
  const key = unitKey(text);
  if (!key) return undefined;
  return directory.find((u) => [u.name, u.shortName, u.code].some((v) => unitKey(v) === key));
}

/** Reads, checks and plans an import; nothing is written. */
async function planImport(db: Database, conferenceId: string, file: UploadedFile) {
  const tables = await readTables(file);
  const problems: ImportProblem[] = [];
  if (!tables.length || tables.every((t) => t.rows.length === 0)) {
    throw new AppError('validation', { fields: { file: 'errors.import_empty' } });
  }
  const total = tables.reduce((n, t) => n + t.rows.length, 0);
  if (total > IMPORT_MAX_ROWS) {
    throw new AppError('validation', {
      fields: { file: 'errors.import_too_many_rows' },
      params: { max: IMPORT_MAX_ROWS },
    });
  }
  for (const t of tables) {
    for (const h of t.unknownHeaders) {
      problems.push({ sheet: t.sheet, line: 1, column: h, key: 'import.unknownColumn' });
    }
  }

  const [directory, existingSites, existingDelegates] = await Promise.all([
    db.select().from(units),
    db.select().from(conferenceSites).where(eq(conferenceSites.conferenceId, conferenceId)),
    db.select().from(delegates).where(eq(delegates.conferenceId, conferenceId)),
  ]);
  const label = (sheet: Sheet, key: string) =>
    columnsFor(sheet).find((c) => c.key === key)?.label ?? key;
  const plan: ImportPlan = { sites: [], delegates: [] };

  // Sites first: delegates may refer to sites of the same file.
  const siteNames = new Map<string, number>();
  // Every site the file names, valid or not, so that its delegates are not reported twice.
  const fileSites: { name: string; unitName: string; unitId: string | null }[] = [];
  let hostLine: number | null = null;
  for (const row of tables.filter((t) => t.sheet === 'sites').flatMap((t) => t.rows)) {
    const c = row.cells;
    const unit = c.unitName ? matchUnit(directory, c.unitName) : undefined;
    const name =
      c.name || (unit ? `Điểm cầu ${unit.shortName}` : c.unitName ? `Điểm cầu ${c.unitName}` : '');
    const n = normalizeName(name);
    if (n && siteNames.has(n)) {
      problems.push({
        sheet: 'sites',
        line: row.line,
        column: label('sites', 'name'),
        key: 'import.duplicateSite',
        params: { line: siteNames.get(n)! },
      });
      continue;
    }
    if (n) {
      siteNames.set(n, row.line);
      fileSites.push({ name, unitName: unit?.name ?? c.unitName ?? '', unitId: unit?.id ?? null });
    }
    const parsed = SiteFields.safeParse({
      name,
      unitId: unit?.id ?? null,
      unitName: unit?.name ?? c.unitName ?? '',
      isHost: YES.has(normalizeName(c.isHost ?? '')),
      address: c.address ?? '',
      chairName: c.chairName ?? '',
      chairTitle: c.chairTitle ?? '',
      techName: c.techName ?? '',
      techPhone: c.techPhone ?? '',
      techEmail: c.techEmail ?? '',
      expectedAttendance: c.expectedAttendance ? c.expectedAttendance.replace(/[.\s]/g, '') : null,
    });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const key = String(issue.path[0] ?? 'name');
        problems.push({
          sheet: 'sites',
          line: row.line,
          column: label('sites', key === 'unitId' ? 'unitName' : key),
          issue,
        });
      }
      continue;
    }
    if (parsed.data.isHost) {
      const otherHost = existingSites.find((s) => s.isHost && normalizeName(s.name) !== n);
      if (hostLine !== null || otherHost) {
        problems.push({
          sheet: 'sites',
          line: row.line,
          column: label('sites', 'isHost'),
          key: 'import.secondHost',
          params: { other: otherHost?.name ?? `#${hostLine}` },
        });
        continue;
      }
      hostLine = row.line;
    }
    const exists = existingSites.some((s) => normalizeName(s.name) === n);
    plan.sites.push({ ...parsed.data, line: row.line, action: exists ? 'update' : 'create' });
  }

  const siteByRef = new Map<string, string>();
  const allSites = [
    ...existingSites.map((s) => ({ name: s.name, unitName: s.unitName, unitId: s.unitId })),
    ...fileSites,
  ];
  // A delegate's site may be named by the site's name or by its unit, in any spelling.
  for (const s of allSites) {
    siteByRef.set(normalizeName(s.name), s.name);
    siteByRef.set(unitKey(s.unitName), s.name);
    const unit = directory.find((u) => u.id === s.unitId);
    if (unit) siteByRef.set(unitKey(unit.shortName), s.name);
  }
  const findSite = (ref: string) =>
    siteByRef.get(normalizeName(ref)) ?? siteByRef.get(unitKey(ref));

  const seen = new Map<string, number>();
  for (const row of tables.filter((t) => t.sheet === 'delegates').flatMap((t) => t.rows)) {
    const c = row.cells;
    const site = c.site ? findSite(c.site) : undefined;
    const kind = KIND_BY_NAME.get(normalizeName(c.kind ?? ''));
    const parsed = DelegateFields.safeParse({
      name: c.name ?? '',
      position: c.position ?? '',
      unitName: c.unitName ?? '',
      kind: kind ?? (c.kind ? `?${c.kind}` : undefined),
      email: c.email ?? '',
      phone: c.phone ?? '',
    });
    let bad = false;
    if (!c.site) {
      problems.push({
        sheet: 'delegates',
        line: row.line,
        column: label('delegates', 'site'),
        key: 'validation.required',
      });
      bad = true;
    } else if (!site) {
      problems.push({
        sheet: 'delegates',
        line: row.line,
        column: label('delegates', 'site'),
        key: 'import.unknownSite',
        params: { value: c.site },
      });
      bad = true;
    }
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const key = String(issue.path[0] ?? 'name');
        if (key === 'kind' && c.kind) {
          problems.push({
            sheet: 'delegates',
            line: row.line,
            column: label('delegates', 'kind'),
            key: 'import.unknownKind',
            params: { value: c.kind, allowed: Object.values(KIND_LABELS).join('; ') },
          });
        } else {
          problems.push({
            sheet: 'delegates',
            line: row.line,
            column: label('delegates', key),
            issue,
          });
        }
      }
      bad = true;
    }
    if (bad || !parsed.success || !site) continue;
    const identity = `${normalizeName(site)}|${normalizeName(parsed.data.name)}`;
    if (seen.has(identity)) {
      problems.push({
        sheet: 'delegates',
        line: row.line,
        column: label('delegates', 'name'),
        key: 'import.duplicateDelegate',
        params: { line: seen.get(identity)! },
      });
      continue;
    }
    seen.set(identity, row.line);
    const existingSite = existingSites.find((s) => s.name === site);
    const exists =
      !!existingSite &&
      existingDelegates.some(
        (d) =>
          d.siteId === existingSite.id && normalizeName(d.name) === normalizeName(parsed.data.name),
      );
    plan.delegates.push({
      ...parsed.data,
      site,
      line: row.line,
      action: exists ? 'update' : 'create',
    });
  }

  problems.sort((a, b) => (a.sheet === b.sheet ? a.line - b.line : a.sheet === 'sites' ? -1 : 1));
  return { plan, problems };
}

export interface ImportPreview {
  /** Present only when the whole file is valid. */
  previewId: string | null;
  plan: ImportPlan;
  problems: ImportProblem[];
}

/** Checks a CSV or XLSX file of sites and/or delegates and shows what importing it would do. */
export async function previewImport(opts: {
  db: Database;
  actor: Actor | null;
  conferenceId: string;
  file: UploadedFile | undefined;
}): Promise<ImportPreview> {
  const actor = requireOrganiser(await loadAccess(opts.db, opts.actor, opts.conferenceId));
  if (!opts.file || opts.file.data.length === 0) {
    throw new AppError('validation', { fields: { file: 'errors.file_required' } });
  }
  if (opts.file.data.length > IMPORT_MAX_BYTES) {
    throw new AppError('file_too_large', {
      params: { limit: '5 MB' },
      fields: { file: 'errors.file_too_large' },
    });
  }
  const { plan, problems } = await planImport(opts.db, opts.conferenceId, opts.file);
  if (problems.length) return { previewId: null, plan, problems };
  // Old previews are of no use; keep the table small.
  await opts.db
    .delete(importPreviews)
    .where(lt(importPreviews.createdAt, sql`now() - interval '1 day'`));
  const [row] = await opts.db
    .insert(importPreviews)
    .values({ conferenceId: opts.conferenceId, createdBy: actor.id, payload: plan })
    .returning({ id: importPreviews.id });
  return { previewId: row!.id, plan, problems };
}

/** Applies a valid preview in one transaction: sites by name, delegates by site and name. */
export async function confirmImport(opts: {
  db: Database;
  actor: Actor | null;
  conferenceId: string;
  previewId: string;
}) {
  try {
    return await applyImport(opts);
  } catch (err) {
    // The conference changed since the preview in a way the plan did not foresee.
    if (dataErrorKind(err)) {
      throw new AppError('conflict', { fields: { file: 'errors.import_stale' }, cause: err });
    }
    throw err;
  }
}

function applyImport(opts: {
  db: Database;
  actor: Actor | null;
  conferenceId: string;
  previewId: string;
}) {
  return opts.db.transaction(async (tx) => {
    const actor = requireOrganiser(await loadAccess(tx, opts.actor, opts.conferenceId));
    const [preview] = await tx
      .delete(importPreviews)
      .where(
        and(
          eq(importPreviews.id, opts.previewId),
          eq(importPreviews.conferenceId, opts.conferenceId),
          eq(importPreviews.createdBy, actor.id),
        ),
      )
      .returning();
    if (!preview) throw new AppError('not_found');
    const plan = preview.payload as ImportPlan;
    const result = { sitesCreated: 0, sitesUpdated: 0, delegatesCreated: 0, delegatesUpdated: 0 };

    const existing = await tx
      .select()
      .from(conferenceSites)
      .where(eq(conferenceSites.conferenceId, opts.conferenceId));
    const [last] = await tx
      .select({ n: max(conferenceSites.position) })
      .from(conferenceSites)
      .where(eq(conferenceSites.conferenceId, opts.conferenceId));
    let position = (last?.n ?? -1) + 1;
    const siteIds = new Map(existing.map((s) => [normalizeName(s.name), s.id]));
    // Checked again: a host site may have been added since the preview.
    const host = existing.find((s) => s.isHost);
    const planHost = plan.sites.find((s) => s.isHost);
    if (host && planHost && normalizeName(host.name) !== normalizeName(planHost.name)) {
      throw new AppError('conflict', {
        fields: { file: 'errors.import_host_taken' },
        params: { host: host.name },
      });
    }
    for (const { line: _line, action: _action, ...site } of plan.sites) {
      const id = siteIds.get(normalizeName(site.name));
      if (id) {
        await tx.update(conferenceSites).set(site).where(eq(conferenceSites.id, id));
        result.sitesUpdated++;
      } else {
        const [row] = await tx
          .insert(conferenceSites)
          .values({ ...site, conferenceId: opts.conferenceId, position: position++ })
          .returning({ id: conferenceSites.id });
        siteIds.set(normalizeName(site.name), row!.id);
        result.sitesCreated++;
      }
    }

    const people = await tx
      .select()
      .from(delegates)
      .where(eq(delegates.conferenceId, opts.conferenceId));
    for (const { line: _line, action: _action, site, ...person } of plan.delegates) {
      const siteId = siteIds.get(normalizeName(site));
      if (!siteId) throw new AppError('conflict', { fields: { file: 'errors.import_stale' } });
      const match = people.find(
        (d) => d.siteId === siteId && normalizeName(d.name) === normalizeName(person.name),
      );
      if (match) {
        await tx.update(delegates).set(person).where(eq(delegates.id, match.id));
        result.delegatesUpdated++;
      } else {
        await tx.insert(delegates).values({ ...person, conferenceId: opts.conferenceId, siteId });
        result.delegatesCreated++;
      }
    }
    return result;
  });
}

async function exportRows(db: Database, conferenceId: string) {
  const sites = await db
    .select()
    .from(conferenceSites)
    .where(eq(conferenceSites.conferenceId, conferenceId))
    .orderBy(desc(conferenceSites.isHost), asc(conferenceSites.position));
  const people = await db
    .select()
    .from(delegates)
    .where(eq(delegates.conferenceId, conferenceId))
    .orderBy(asc(delegates.createdAt));
  const siteName = new Map(sites.map((s) => [s.id, s.name]));
  const siteRows = sites.map((s) => [
    s.unitName,
    s.name,
    s.isHost ? 'x' : '',
    s.address,
    s.chairName ?? '',
    s.chairTitle ?? '',
    s.techName ?? '',
    s.techPhone ?? '',
    s.techEmail ?? '',
    s.expectedAttendance ?? '',
  ]);
  const delegateRows = sites.flatMap((s) =>
    people
      .filter((d) => d.siteId === s.id)
      .map((d) => [
        siteName.get(d.siteId) ?? '',
        d.name,
        d.position,
        d.unitName,
        KIND_LABELS[d.kind],
        d.email ?? '',
        d.phone ?? '',
      ]),
  );
  return { siteRows, delegateRows };
}

/** Sites and delegates in the import format: CSV (one kind) or XLSX (both sheets). */
export async function exportParticipants(opts: {
  db: Database;
  actor: Actor | null;
  conferenceId: string;
  format: 'csv' | 'xlsx';
  kind: 'sites' | 'delegates';
}): Promise<{ name: string; mime: string; data: Buffer }> {
  const access = await loadAccess(opts.db, opts.actor, opts.conferenceId);
  requireOrganiser(access);
  const { siteRows, delegateRows } = await exportRows(opts.db, opts.conferenceId);
  const base = access.conference.slug.slice(0, 60);
  const sheets: SheetData[] = [
    { title: 'Điểm cầu', header: SITE_COLUMNS.map((c) => c.label), rows: siteRows },
    { title: 'Đại biểu', header: DELEGATE_COLUMNS.map((c) => c.label), rows: delegateRows },
  ];
  if (opts.format === 'csv') {
    return {
      name: `${base}-${opts.kind === 'sites' ? 'diem-cau' : 'dai-bieu'}.csv`,
      mime: 'text/csv; charset=utf-8',
      data: await writeSpreadsheet('csv', opts.kind === 'sites' ? sheets : sheets.slice(1)),
    };
  }
  return {
    name: `${base}-diem-cau-dai-bieu.xlsx`,
    mime: XLSX_MIME,
    data: await writeSpreadsheet('xlsx', sheets),
  };
}
