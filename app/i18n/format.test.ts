import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, nextVietnamMidnight, weekdayOf } from './format.ts';

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

  it('gives what Intl gives in Vietnam time, from 1976 (arithmetic) and before (Intl)', () => {
    const intl = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Asia/Ho_Chi_Minh',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    const expected = (d: Date) => {
      const p = Object.fromEntries(intl.formatToParts(d).map((x) => [x.type, x.value]));
      return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
    };
    const from = Date.UTC(1960, 0, 1);
    const to = Date.UTC(9999, 11, 31, 23, 59);
    for (let i = 0; i <= 5000; i++) {
      const d = new Date(from + Math.floor(((to - from) * i) / 5000) + i * 60_001);
      expect(formatDateTime(d), d.toISOString()).toBe(expected(d));
    }
    const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
    const day = new Intl.DateTimeFormat('en-US', {
      timeZone: 'Asia/Ho_Chi_Minh',
      weekday: 'short',
    });
    for (let i = 0; i <= 500; i++) {
      const d = new Date(from + Math.floor(((to - from) * i) / 500) + i * 3_600_007);
      expect(weekdayOf(d), d.toISOString()).toBe(days.indexOf(day.format(d)));
    }
    for (const iso of ['1975-12-31T16:59:00Z', '1975-12-31T17:00:00Z', '1970-06-01T00:00:00Z'])
      expect(formatDateTime(iso), iso).toBe(expected(new Date(iso)));
  });
});

describe('nextVietnamMidnight', () => {
  const at = (iso: string) => nextVietnamMidnight(Date.parse(iso));
  it('is the coming midnight in Vietnam, never the one just passed', () => {
    expect(at('2026-12-01T11:00:00Z')).toBe(Date.parse('2026-12-01T17:00:00Z'));
    expect(at('2026-12-01T16:59:59.999Z')).toBe(Date.parse('2026-12-01T17:00:00Z'));
    expect(at('2026-12-01T17:00:00Z')).toBe(Date.parse('2026-12-02T17:00:00Z'));
    expect(at('2026-12-31T20:00:00Z')).toBe(Date.parse('2027-01-01T17:00:00Z'));
    expect(at('1969-12-31T00:00:00Z')).toBe(Date.parse('1969-12-31T17:00:00Z'));
    // What the date line shows just after it is the next day.
    const after = nextVietnamMidnight(Date.parse('2026-12-01T16:30:00Z'));
    expect(formatDate(after)).toBe('02/12/2026');
    expect(formatDate(after - 1)).toBe('01/12/2026');
  });
});
