/** An iCalendar (RFC 5545) file for one conference. */
export function conferenceCalendar(c: {
  id: string;
  title: string;
  theme: string;
  description: string;
  startsAt: Date;
  endsAt: Date;
  url: string;
  location: string;
  updatedAt: Date;
}): string {
  const stamp = (d: Date) =>
    d
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d{3}/, '');
  const escape = (s: string) =>
    s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Doi thoai//Hoi nghi//VI',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:${c.id}@doithoai`,
    `DTSTAMP:${stamp(c.updatedAt)}`,
    `DTSTART:${stamp(c.startsAt)}`,
    `DTEND:${stamp(c.endsAt)}`,
    `SUMMARY:${escape(c.title)}`,
    `DESCRIPTION:${escape([c.theme, c.description, c.url].filter(Boolean).join('\n\n'))}`,
    `LOCATION:${escape(c.location)}`,
    `URL:${c.url}`,
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return lines.map(fold).join('\r\n') + '\r\n';
}

/** Lines longer than 75 octets continue on the next line after a space (RFC 5545 §3.1). */
function fold(line: string): string {
  const bytes = Buffer.from(line, 'utf8');
  if (bytes.length <= 75) return line;
  const parts: string[] = [];
  let current = '';
  let size = 0;
  for (const ch of line) {
    const n = Buffer.byteLength(ch, 'utf8');
    if (size + n > (parts.length ? 74 : 75)) {
      parts.push(current);
      current = '';
      size = 0;
    }
    current += ch;
    size += n;
  }
  parts.push(current);
  return parts.join('\r\n ');
}
