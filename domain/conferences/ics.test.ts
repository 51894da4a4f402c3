import { describe, expect, it } from 'vitest';
import { conferenceCalendar } from './ics.ts';

describe('conferenceCalendar', () => {
  const ics = conferenceCalendar({
    id: 'c1',
    title: 'Hội nghị đối thoại, chuyển đổi số; năm 2026',
    theme: 'Chủ đề',
    description: 'Dòng một\nDòng hai '.repeat(10),
    startsAt: new Date('2026-12-18T01:00:00Z'),
    endsAt: new Date('2026-12-18T04:30:00Z'),
    url: 'http://127.0.0.1:3000/hoi-nghi/x',
    location: 'Điểm cầu trung tâm – Hà Nội',
    updatedAt: new Date('2026-11-25T00:00:00Z'),
  });

  it('is an iCalendar event in UTC with escaped text', () => {
    expect(ics).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(ics).toContain('DTSTART:20261218T010000Z');
    expect(ics).toContain('DTEND:20261218T043000Z');
    expect(ics).toContain('SUMMARY:Hội nghị đối thoại\\, chuyển đổi số\\; năm 2026');
  });

  it('folds lines at 75 octets without splitting a character', () => {
    for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    const unfolded = ics.replace(/\r\n /g, '');
    expect(unfolded).toContain('DESCRIPTION:Chủ đề\\n\\nDòng một\\nDòng hai Dòng một');
  });
});
