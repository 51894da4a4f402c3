// Simple bar charts shaped like `domain/reports/charts.ts`'s, for the document writers'
// tests and benchmark until the real charts land.
import type { Chart, RecordCharts } from '../../domain/reports/chart-types.ts';
import type { ConferenceRecord } from '../../protocol/reports.ts';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/** A horizontal bar chart of labelled values, 640 × (60 + 22 per bar) px. */
export function barChart(title: string, bars: [label: string, value: number][]): Chart {
  const width = 640;
  const height = 60 + 22 * bars.length;
  const max = Math.max(1, ...bars.map(([, v]) => v));
  const rows = bars
    .map(([label, value], i) => {
      const y = 40 + i * 22;
      const w = Math.round((value / max) * 360);
      return (
        `<g><text x="210" y="${y + 14}" text-anchor="end" font-size="12">${esc(label)}</text>` +
        `<rect x="220" y="${y}" width="${w}" height="16" fill="#2f6db5"/>` +
        `<text x="${226 + w}" y="${y + 13}" font-size="11" font-style="italic">${value}</text></g>`
      );
    })
    .join('');
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Tinos">` +
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>` +
    `<text x="${width / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">${esc(title)}</text>` +
    `<line x1="220" y1="34" x2="220" y2="${height - 16}" stroke="#333" stroke-width="1"/>${rows}</svg>`;
  return {
    title,
    svg,
    width,
    height,
    description: `${title}: ${bars.map((b) => b.join(' ')).join(', ')}`,
  };
}

/** The six charts of a record, drawn from its figures. */
export function sampleCharts(record: ConferenceRecord): RecordCharts {
  const top = record.sites
    .slice()
    .sort((a, b) => b.turns - a.turns)
    .slice(0, 10);
  return {
    attendance: barChart('Điểm danh các điểm cầu', [
      ['Có mặt', record.totals.present],
      ['Vắng mặt', record.totals.absent],
      ['Chưa điểm danh', record.totals.notCheckedIn],
    ]),
    turnsBySite: barChart(
      'Lượt phát biểu theo điểm cầu',
      top.map((s) => [s.unitName, s.turns]),
    ),
    timeBySite: barChart(
      'Thời gian phát biểu theo điểm cầu (phút)',
      top.map((s) => [s.unitName, Math.round(s.spokenSeconds / 60)]),
    ),
    themes: barChart(
      'Lượt phát biểu theo chủ đề',
      record.themes.map((t) => [t.title.slice(0, 30), t.turns]),
    ),
    contributionsByTheme: barChart(
      'Ý kiến góp ý theo chủ đề',
      record.themes.map((t) => [t.title.slice(0, 30), t.contributions]),
    ),
    contributionsByKind: barChart(
      'Ý kiến góp ý theo loại',
      record.contributionsByKind.map((c) => [c.label, c.count]),
    ),
  };
}
