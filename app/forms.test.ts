import { describe, expect, it } from 'vitest';
import { safeRedirect } from './forms.ts';

describe('safeRedirect', () => {
  it('keeps same-site paths', () => {
    expect(safeRedirect('/quan-tri/nguoi-dung?page=2')).toBe('/quan-tri/nguoi-dung?page=2');
  });
  it.each([
    '//evil.example',
    '/\\evil.example',
    '/\t/evil.example',
    '/\n/evil.example',
    '/ /evil.example',
    '/%09/evil.example'.replace('%09', '\t'),
    '/.//evil.example',
    '/x'.repeat(1500),
    'https://evil.example',
    'javascript:alert(1)',
    '',
    null,
  ])('refuses %s', (to) => {
    expect(safeRedirect(to)).toBe('/');
  });
});

describe('parseForm', () => {
  const form = (entries: [string, string][]) => {
    const f = new FormData();
    for (const [k, v] of entries) f.append(k, v);
    return f;
  };

  it('reads a form with the API’s schema: dates as typed here, checkboxes, lists, numbers', async () => {
    const { parseForm } = await import('./forms.ts');
    const { CreateConferenceRequest } = await import('../protocol/conferences.ts');
    const input = parseForm(
      CreateConferenceRequest,
      form([
        ['intent', 'create'],
        ['title', 'Hội nghị đối thoại về nhân lực số'],
        ['theme', 'Nhân lực số'],
        ['organiser', 'Ban Tổ chức'],
        ['organiserUnitId', ''],
        ['startsAt', '15/01/2027 08:00'],
        ['endsAt', '15/01/2027 11:30'],
        ['defaultTurnMinutes', '7'],
        ['siteChairApproval', 'on'],
        ['themes', 'Chuyển đổi số'],
        ['themes', ''],
        ['themes', 'Nguồn nhân lực'],
      ]),
    );
    expect(input).toMatchObject({
      title: 'Hội nghị đối thoại về nhân lực số',
      organiserUnitId: null,
      defaultTurnMinutes: 7,
      siteChairApproval: true,
      themes: ['Chuyển đổi số', 'Nguồn nhân lực'],
    });
    expect(input.startsAt.toISOString()).toBe('2027-01-15T01:00:00.000Z');
  });

  it('refuses what the API refuses: NUL, bad ids, year 0000, a date it cannot read', async () => {
    const { parseForm } = await import('./forms.ts');
    const { CreateConferenceRequest, UpdateSiteRequest } =
      await import('../protocol/conferences.ts');
    const { isAppError } = await import('../domain/errors.ts');
    const fieldsOf = (run: () => unknown) => {
      try {
        run();
        return null;
      } catch (err) {
        return isAppError(err) ? [...new Set(err.issues?.map((i) => i.path.join('.')))] : 'crash';
      }
    };
    const base: [string, string][] = [
      ['title', 'Hội nghị'],
      ['theme', 'Chủ đề'],
      ['organiser', 'Ban Tổ chức'],
    ];
    expect(
      fieldsOf(() =>
        parseForm(
          CreateConferenceRequest,
          form([...base, ['startsAt', '01/01/0000 08:00'], ['endsAt', '12/31/2027 8:00 PM']]),
        ),
      ),
    ).toEqual(['startsAt', 'endsAt']);
    expect(
      fieldsOf(() => parseForm(UpdateSiteRequest, form([['name', 'Điểm cầu\u0000A']]))),
    ).toEqual(['name']);
    expect(fieldsOf(() => parseForm(UpdateSiteRequest, form([['unitId', 'abc']])))).toEqual([
      'unitId',
    ]);
    // An emptied optional choice clears it.
    expect(parseForm(UpdateSiteRequest, form([['unitId', '']])).unitId).toBeNull();
  });
});
