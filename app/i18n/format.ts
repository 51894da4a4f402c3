export const TIME_ZONE = 'Asia/Ho_Chi_Minh';

const parts = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

// Vietnam has kept UTC+7 without daylight saving since 1975: from 1976 on the parts are
// plain arithmetic (Intl's formatToParts costs more than the rest of a date's rendering);
// earlier dates, and those that are not dates, go through Intl.
const FIXED_FROM = Date.UTC(1976, 0, 1);
const FIXED_TO = Date.UTC(10000, 0, 1) - 7 * 3600_000;
const two = (n: number) => (n < 10 ? `0${n}` : String(n));

function pick(date: Date) {
  const ms = date.getTime();
  if (ms >= FIXED_FROM && ms < FIXED_TO) {
    const local = new Date(ms + 7 * 3600_000);
    return {
      day: two(local.getUTCDate()),
      month: two(local.getUTCMonth() + 1),
      year: String(local.getUTCFullYear()),
      hour: two(local.getUTCHours()),
      minute: two(local.getUTCMinutes()),
    } as Record<string, string>;
  }
  const out: Record<string, string> = {};
  for (const p of parts.formatToParts(date)) out[p.type] = p.value;
  return out;
}

function toDate(value: Date | string | number): Date {
  return value instanceof Date ? value : new Date(value);
}

/** The next midnight in Vietnam (UTC+7, no daylight saving) after `ms`, in ms since 1970. */
export function nextVietnamMidnight(ms: number): number {
  const day = 86_400_000;
  const local = ms + 7 * 3600_000;
  return local - (((local % day) + day) % day) + day - 7 * 3600_000;
}

/** `dd/MM/yyyy HH:mm` in Vietnam time, whatever the viewer's time zone. */
export function formatDateTime(value: Date | string | number): string {
  const p = pick(toDate(value));
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
}

/** `HH:mm` in Vietnam time. */
export function formatTime(value: Date | string | number): string {
  const p = pick(toDate(value));
  return `${p.hour}:${p.minute}`;
}

/**
 * A date and time as people type it here, `dd/MM/yyyy HH:mm` (also `d/M/yyyy H:mm`, or
 * `yyyy-MM-ddTHH:mm`), read as Vietnam time (UTC+7, no daylight saving), as ISO 8601.
 * Anything else comes back as typed, for the schema to refuse with a clear message.
 */
export function fromVietnamLocal(value: string | undefined): string | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  const pad = (n: string) => n.padStart(2, '0');
  const vn = /^(\d{1,2})\/(\d{1,2})\/(\d{4})\s+(\d{1,2})[:h](\d{2})$/.exec(text);
  if (vn) return `${vn[3]}-${pad(vn[2]!)}-${pad(vn[1]!)}T${pad(vn[4]!)}:${vn[5]}:00+07:00`;
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(text)) return `${text}:00+07:00`;
  return text;
}

/** A date as a form field shows it: `dd/MM/yyyy HH:mm` in Vietnam time. */
export function toVietnamLocal(value: Date | string): string {
  return formatDateTime(value);
}

/** `dd/MM/yyyy` in Vietnam time. */
export function formatDate(value: Date | string | number): string {
  const p = pick(toDate(value));
  return `${p.day}/${p.month}/${p.year}`;
}

const weekday = new Intl.DateTimeFormat('en-US', { timeZone: TIME_ZONE, weekday: 'short' });
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** The day of the week in Vietnam time, 0 (Sunday) to 6 (Saturday). */
export function weekdayOf(value: Date | string | number): number {
  const ms = toDate(value).getTime();
  if (ms >= FIXED_FROM && ms < FIXED_TO) return new Date(ms + 7 * 3600_000).getUTCDay();
  return WEEKDAYS.indexOf(weekday.format(toDate(value)));
}
