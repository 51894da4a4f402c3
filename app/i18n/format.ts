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

/** `dd/MM/yyyy` in Vietnam time. */
export function formatDate(value: Date | string | number): string {
  const p = pick(toDate(value));
  return `${p.day}/${p.month}/${p.year}`;
}
