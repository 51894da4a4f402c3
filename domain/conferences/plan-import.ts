import { type UnitRow } from '../../db/schema/units.ts';
import { DelegateFields, SiteFields } from '../../protocol/conferences.ts';
import { AppError } from '../errors.ts';
import { normalizeName } from '../slug.ts';
import {
  IMPORT_MAX_ROWS,
  type ImportPlan,
  type ImportProblem,
  KIND_BY_NAME,
  KIND_LABELS,
  type Sheet,
  type Table,
  YES,
  columnsFor,
} from './import-format.ts';

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

/**
 * Checks and plans an import: the file's tables against the unit directory and what
 * the conference already has. Pure: no database, no file; every problem is reported
 * with its sheet, line and column.
 */
export function planImport(input: {
  tables: Table[];
  directory: UnitRow[];
  existingSites: readonly {
    id: string;
    name: string;
    isHost: boolean;
    unitName: string;
    unitId: string | null;
  }[];
  existingDelegates: readonly { siteId: string; name: string }[];
}): { plan: ImportPlan; problems: ImportProblem[] } {
  const { tables, directory, existingSites, existingDelegates } = input;
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
