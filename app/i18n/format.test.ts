import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime } from './format.ts';

describe('formatDateTime', () => {
  it('shows Vietnam time as dd/MM/yyyy HH:mm', () => {
    expect(formatDateTime(new Date('2026-11-25T01:05:00Z'))).toBe('25/11/2026 08:05');
  });

  it('crosses the day boundary in Vietnam time, not UTC', () => {
    expect(formatDateTime('2026-12-31T17:30:00Z')).toBe('01/01/2027 00:30');
    expect(formatDate('2026-12-31T17:30:00Z')).toBe('01/01/2027');
  });

  it('reads and writes form values as dd/MM/yyyy HH:mm in Vietnam time', async () => {
    const { fromVietnamLocal, toVietnamLocal } = await import('./format.ts');
    for (const typed of [
      '18/12/2026 08:00',
      '18/12/2026 8:00',
      ' 18/12/2026  08h00 ',
      '2026-12-18T08:00',
    ]) {
      expect(new Date(fromVietnamLocal(typed)!).toISOString(), typed).toBe(
        '2026-12-18T01:00:00.000Z',
      );
    }
    expect(toVietnamLocal(new Date('2026-12-18T01:00:00Z'))).toBe('18/12/2026 08:00');
    // Not a date: left as typed, for the schema to refuse.
    expect(fromVietnamLocal('12/18/2026 08:00 AM')).toBe('12/18/2026 08:00 AM');
    expect(fromVietnamLocal('')).toBeUndefined();
  });

  it('uses 24-hour time with leading zeros', () => {
    expect(formatDateTime(Date.UTC(2026, 0, 2, 6, 0))).toBe('02/01/2026 13:00');
  });
});
