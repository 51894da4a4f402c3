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

function pick(date: Date) {
  const out: Record<string, string> = {};
  for (const p of parts.formatToParts(date)) out[p.type] = p.value;
  return out;
}

function toDate(value: Date | string | number): Date {
  return value instanceof Date ? value : new Date(value);
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

/** The value of a `datetime-local` input, read as Vietnam time (UTC+7, no daylight saving). */
export function fromVietnamLocal(value: string | undefined): string | undefined {
  if (!value || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return value || undefined;
  return `${value}:00+07:00`;
}

/** A date as the value of a `datetime-local` input in Vietnam time. */
export function toVietnamLocal(value: Date | string): string {
  const p = pick(toDate(value));
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/** `dd/MM/yyyy` in Vietnam time. */
export function formatDate(value: Date | string | number): string {
  const p = pick(toDate(value));
  return `${p.day}/${p.month}/${p.year}`;
}
