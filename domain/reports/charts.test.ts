import { Parser } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import type { ConferenceRecord } from '../../protocol/reports.ts';
import { sampleRecord } from '../../tests/support/record-fixture.ts';
import { esc, fitText, textWidth } from './chart-svg.ts';
import { formatDuration, recordCharts } from './charts.ts';
import { loadFonts } from './fonts.ts';
import { PROVINCE_TILES } from './province-tiles.ts';
import { svgToPng } from './raster.ts';

const ALLOWED = new Set(['svg', 'g', 'rect', 'line', 'path', 'circle', 'text', 'title']);

/**
 * Strict for the subset we write: every tag well-formed, attributes double-quoted, tags
 * nested and closed, text and attribute values without `<`, `>` or a stray `&`; then the
 * elements (htmlparser2 in XML mode) are the allowed ones, without CSS.
 */
function checkSvg(svg: string) {
  const stack: string[] = [];
  const tag = /<(\/?)([a-z]+)((?:\s+[a-zA-Z][a-zA-Z0-9:-]*="[^"<>]*")*)\s*(\/?)>/y;
  const textRun = /[^<]*/y;
  let at = 0;
  while (at < svg.length) {
    textRun.lastIndex = at;
    const run = textRun.exec(svg)![0];
    expect(run).not.toMatch(/>|&(?!(amp|lt|gt|quot|apos);)/);
    if (run) expect(stack.length).toBeGreaterThan(0);
    at += run.length;
    if (at >= svg.length) break;
    tag.lastIndex = at;
    const m = tag.exec(svg);
    expect(m, svg.slice(at, at + 80)).not.toBeNull();
    const [whole, closing, name, attrs, selfClosing] = m!;
    expect(attrs).not.toMatch(/&(?!(amp|lt|gt|quot|apos);)/);
    if (closing) expect(stack.pop()).toBe(name);
    else if (!selfClosing) stack.push(name!);
    at += whole.length;
  }
  expect(stack).toEqual([]);
  const problems: string[] = [];
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (!ALLOWED.has(name)) problems.push(`element ${name}`);
        if ('class' in attrs || 'style' in attrs) problems.push(`css on ${name}`);
      },
    },
    { xmlMode: true },
  );
  parser.write(svg);
  parser.end();
  expect(problems).toEqual([]);
  expect(svg).toMatch(
    /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="\d+" height="\d+" viewBox="0 0 \d+ \d+" role="img" aria-label="[^"]+"><title>[^<]+<\/title>/,
  );
}

function emptyRecord(): ConferenceRecord {
  const r = sampleRecord({ sites: 1, turns: 0, contributions: 0 });
  return {
    ...r,
    sites: [],
    turns: [],
    themes: [],
    contributionsByKind: [],
    contributionsByStatus: [],
    contributionsByAuthorKind: [],
    adopted: [],
    submissions: [],
  };
}

describe('recordCharts', () => {
  it('draws the large record as well-formed SVG that resvg renders', async () => {
    const fonts = await loadFonts();
    const charts = recordCharts(sampleRecord({ sites: 40, turns: 300, contributions: 2000 }));
    for (const chart of Object.values(charts)) {
      checkSvg(chart.svg);
      expect(chart.width).toBeGreaterThanOrEqual(640);
      expect(chart.width).toBeLessThanOrEqual(720);
      expect(chart.svg).toContain(`font-family="Tinos, 'Times New Roman', serif"`);
      expect(chart.description).toMatch(/\d/);
      const png = svgToPng(chart.svg, fonts, 1);
      expect(png.subarray(1, 4).toString()).toBe('PNG');
    }
    for (const [, short] of PROVINCE_TILES) expect(charts.attendance.svg).toContain(`>${short}<`);
    // 40 sites spoke: 40 bars, each with its tooltip.
    expect(charts.turnsBySite.svg.match(/<g><title>/g)).toHaveLength(40);
    expect(charts.timeBySite.svg).toMatch(/\d+ phút( \d+ giây)?</);
    expect(charts.contributionsByKind.svg).toContain('%');
  });

  it('says there is no data yet for an empty record', async () => {
    const fonts = await loadFonts();
    for (const chart of Object.values(recordCharts(emptyRecord()))) {
      checkSvg(chart.svg);
      expect(chart.svg).toContain('Chưa có dữ liệu');
      expect(chart.description).toContain('chưa có dữ liệu');
      expect(svgToPng(chart.svg, fonts, 1).length).toBeGreaterThan(100);
    }
    const en = recordCharts(emptyRecord(), 'en');
    expect(en.themes.svg).toContain('No data yet');
  });

  it('escapes what users typed and shortens long names', async () => {
    const record = sampleRecord({ sites: 40, turns: 120 });
    const hostile = `<script>alert("x")</script> & 'Điểm cầu' ${'rất dài '.repeat(10)}`;
    const ministry = record.sites.find((s) => s.unitCode === null)!;
    ministry.name = hostile;
    ministry.turns = 99;
    ministry.spokenSeconds = 99 * 300;
    record.themes[0]!.title = `Chủ đề "<b>" & 'x'`;
    const charts = recordCharts(record, 'en');
    for (const chart of Object.values(charts)) {
      checkSvg(chart.svg);
      expect(chart.svg).not.toContain('<script');
      expect(chart.svg).not.toContain('<b>');
    }
    expect(charts.attendance.svg).toContain('&lt;script&gt;alert(&quot;x&quot;)');
    expect(charts.turnsBySite.svg).toContain('…</text>');
    expect(charts.themes.svg).toContain('Chủ đề &quot;&lt;b&gt;&quot; &amp; &apos;x&apos;');
    const fonts = await loadFonts();
    expect(() => svgToPng(charts.turnsBySite.svg, fonts, 1)).not.toThrow();
  });

  it('draws at most 40 bars and says so', () => {
    const charts = recordCharts(sampleRecord({ sites: 50, turns: 400, contributions: 10 }));
    checkSvg(charts.timeBySite.svg);
    expect(charts.timeBySite.svg.match(/<g><title>/g)).toHaveLength(40);
    expect(charts.timeBySite.svg).toMatch(/Hiển thị 40 trên \d+ điểm cầu có phát biểu/);
  });

  it('writes durations and fits text', () => {
    expect(formatDuration(750)).toBe('12 phút 30 giây');
    expect(formatDuration(750, 'en')).toBe('12:30');
    expect(formatDuration(3725)).toBe('1 giờ 2 phút');
    expect(formatDuration(3725, 'en')).toBe('1:02:05');
    expect(formatDuration(45)).toBe('45 giây');
    expect(esc('a\u0001<b>')).toBe('a&lt;b&gt;');
    const long = 'Điểm cầu Bộ Nông nghiệp và Môi trường, Hội trường tầng 3';
    const short = fitText(long, 120, 12);
    expect(short.endsWith('…')).toBe(true);
    expect(textWidth(short, 12)).toBeLessThanOrEqual(120);
    expect(fitText('Hà Nội', 120, 12)).toBe('Hà Nội');
  });
});
