import { describe, expect, it } from 'vitest';
import { auditChanges, AuditQuery, Day } from './audit.ts';

describe('Day', () => {
  it.each([
    ['18/12/2026', '2026-12-18'],
    ['1/2/2026', '2026-02-01'],
    [' 29/02/2028 ', '2028-02-29'],
    ['2026-12-18', '2026-12-18'],
  ])('reads %s as %s', (typed, day) => {
    expect(Day.parse(typed)).toBe(day);
  });

  it.each(['31/02/2026', '29/02/2027', '2026-13-01', '00/01/2026', '1/1/1899', '12/18/2026x', ''])(
    'refuses %j',
    (typed) => {
      const result = Day.safeParse(typed);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toBe('day');
    },
  );
});

describe('AuditQuery', () => {
  it('takes an action or its beginning, an address or its beginning, nothing else', () => {
    expect(AuditQuery.parse({ action: 'user.' }).action).toBe('user.');
    expect(AuditQuery.parse({ action: 'live.site_muted', ip: '10.0.' })).toMatchObject({
      action: 'live.site_muted',
      ip: '10.0.',
      page: 1,
    });
    for (const bad of [{ action: 'User' }, { action: 'a.b.c' }, { ip: '10.0.0.1; drop' }]) {
      expect(AuditQuery.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
    expect(AuditQuery.safeParse({ extra: 1 }).success).toBe(false);
  });
});

describe('auditChanges', () => {
  it('lists every field once, before and after as text', () => {
    expect(
      auditChanges(
        { roles: ['reporter'], disabled: false, note: null },
        { roles: ['editor', 'reporter'], disabled: true, links: [{ title: 'A', url: 'u' }] },
      ),
    ).toEqual([
      { field: 'roles', before: 'reporter', after: 'editor, reporter' },
      { field: 'disabled', before: 'false', after: 'true' },
      { field: 'note', before: '—', after: '—' },
      { field: 'links', before: '—', after: '[{"title":"A","url":"u"}]' },
    ]);
    expect(auditChanges(null, null)).toEqual([]);
    expect(auditChanges(null, { roles: [] })).toEqual([
      { field: 'roles', before: '—', after: '—' },
    ]);
  });
});
