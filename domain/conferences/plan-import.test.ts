import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { UnitRow } from '../../db/schema/units.ts';
import { isAppError } from '../errors.ts';
import { toTable } from './import-format.ts';
import { planImport } from './plan-import.ts';

// No database and no file: tables in, plan and problems out.
const unit = (code: string, name: string, shortName: string): UnitRow => ({
  id: randomUUID(),
  code,
  name,
  shortName,
  kind: 'province',
  region: 'south',
  builtIn: true,
  createdAt: new Date(0),
});
const directory = [
  unit('ho-chi-minh', 'Thành phố Hồ Chí Minh', 'Hồ Chí Minh'),
  unit('lam-dong', 'Tỉnh Lâm Đồng', 'Lâm Đồng'),
];
const grid = (rows: string[][]) => rows.map((values, i) => ({ line: i + 1, values }));
const sites = (rows: string[][]) => toTable('sites', grid(rows));
const people = (rows: string[][]) => toTable('delegates', grid(rows));
const none = { existingSites: [], existingDelegates: [] };

describe('planImport', () => {
  it('matches units however they are written, and plans sites and their delegates', () => {
    const { plan, problems } = planImport({
      tables: [
        sites([
          ['Đơn vị', 'Tên điểm cầu', 'Điểm cầu trung tâm'],
          ['TP. Hồ Chí Minh', '', 'x'],
          ['lâm đồng', 'Điểm cầu Đà Lạt', ''],
        ]),
        people([
          ['Điểm cầu', 'Họ và tên', 'Thành phần'],
          ['Điểm cầu Đà Lạt', 'K’ Brơi', 'Người dân'],
        ]),
      ],
      directory,
      ...none,
    });
    expect(problems).toEqual([]);
    expect(plan.sites).toMatchObject([
      { name: 'Điểm cầu Hồ Chí Minh', unitId: directory[0]!.id, isHost: true, action: 'create' },
      { name: 'Điểm cầu Đà Lạt', unitId: directory[1]!.id, isHost: false, action: 'create' },
    ]);
    expect(plan.delegates).toMatchObject([
      { site: 'Điểm cầu Đà Lạt', name: 'K’ Brơi', kind: 'citizen' },
    ]);
  });

  it('reports each bad row with its line and column, and updates what exists', () => {
    const { plan, problems } = planImport({
      tables: [
        sites([
          ['Đơn vị', 'Tên điểm cầu', 'Điểm cầu trung tâm', 'Cột lạ'],
          ['Lâm Đồng', 'Điểm cầu Đà Lạt', '', ''],
          ['Lâm Đồng', 'Điểm cầu Đà Lạt', '', ''],
          ['Hồ Chí Minh', '', 'x', ''],
        ]),
        people([
          ['Điểm cầu', 'Họ và tên', 'Thành phần'],
          ['Điểm cầu Sao Hỏa', 'Lê Văn Hai', 'Người dân'],
          ['Điểm cầu Đà Lạt', 'Lê Văn Ba', 'Người ngoài hành tinh'],
        ]),
      ],
      directory,
      existingSites: [
        { id: 'h', name: 'Điểm cầu Bộ Nội vụ', isHost: true, unitName: 'Bộ Nội vụ', unitId: null },
        { id: 'd', name: 'Điểm cầu Đà Lạt', isHost: false, unitName: 'Lâm Đồng', unitId: null },
      ],
      existingDelegates: [],
    });
    expect(problems.map((p) => `${p.sheet}:${p.line}:${p.column}:${p.key ?? 'schema'}`)).toEqual([
      'sites:1:Cột lạ:import.unknownColumn',
      'sites:3:Tên điểm cầu:import.duplicateSite',
      'sites:4:Điểm cầu trung tâm:import.secondHost',
      'delegates:2:Điểm cầu:import.unknownSite',
      'delegates:3:Thành phần:import.unknownKind',
    ]);
    expect(plan.sites[0]).toMatchObject({ name: 'Điểm cầu Đà Lạt', action: 'update' });
  });

  it('refuses an empty file and one with too many rows', () => {
    const code = (run: () => unknown) => {
      try {
        run();
        return null;
      } catch (err) {
        return isAppError(err) ? err.fields?.file : 'crash';
      }
    };
    expect(code(() => planImport({ tables: [sites([['Đơn vị']])], directory, ...none }))).toBe(
      'errors.import_empty',
    );
    const many = sites([['Đơn vị'], ...Array.from({ length: 5001 }, () => ['Lâm Đồng'])]);
    expect(code(() => planImport({ tables: [many], directory, ...none }))).toBe(
      'errors.import_too_many_rows',
    );
  });
});
