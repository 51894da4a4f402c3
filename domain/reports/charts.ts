import type { ConferenceRecord, RecordSite } from '../../protocol/reports.ts';
import {
  fitText,
  group,
  INK,
  line,
  MUTED,
  rect,
  ringSegment,
  svgDocument,
  text,
  textWidth,
} from './chart-svg.ts';
import { timeOfDay } from './record-format.ts';
import { PROVINCE_TILES, TILE_COLUMNS, TILE_ROWS } from './province-tiles.ts';

// The record's charts as standalone SVG (the web page inlines them, the PDF writer hands
// them to svg-to-pdfkit, the DOCX writer to resvg for a PNG). Hand-written: a few bars, a
// ring and a tile map need no chart library, and the output stays within what all three
// readers understand (see chart-svg.ts).

export interface Chart {
  title: string;
  svg: string;
  width: number;
  height: number;
  /** A text alternative with the numbers (screen readers, the data table's link). */
  description: string;
}

export interface RecordCharts {
  attendance: Chart;
  turnsBySite: Chart;
  timeBySite: Chart;
  /** Every turn on the session's clock, a row per site that spoke. */
  timeline: Chart;
  themes: Chart;
  contributionsByTheme: Chart;
  contributionsByKind: Chart;
}

type Lang = 'vi' | 'en';

const LABELS = {
  vi: {
    noData: 'Chưa có dữ liệu',
    attendance: 'Điểm danh các điểm cầu',
    turnsBySite: 'Số lượt phát biểu theo điểm cầu',
    timeBySite: 'Thời gian phát biểu theo điểm cầu',
    timeline: 'Diễn biến các lượt phát biểu',
    withinTime: 'Trong thời gian cho phép',
    overTime: 'Quá giờ',
    themes: 'Lượt và thời gian phát biểu theo chủ đề',
    contributionsByTheme: 'Ý kiến theo chủ đề',
    contributionsByKind: 'Ý kiến theo loại',
    present: 'Có mặt',
    absent: 'Vắng',
    notCheckedIn: 'Chưa điểm danh',
    notASite: 'Không phải điểm cầu',
    host: 'Điểm cầu chính',
    otherSites: 'Điểm cầu khác (bộ, ngành, cơ quan)',
    people: 'người',
    turns: 'lượt',
    turnsLegend: 'Số lượt phát biểu',
    timeLegend: 'Thời gian phát biểu',
    contributions: 'ý kiến',
    noTheme: 'Không theo chủ đề',
    shown: (n: number, of: number) => `Hiển thị ${n} trên ${of} điểm cầu có phát biểu.`,
  },
  en: {
    noData: 'No data yet',
    attendance: 'Roll call of the bridge points',
    turnsBySite: 'Turns by bridge point',
    timeBySite: 'Speaking time by bridge point',
    timeline: 'The turns over the session',
    withinTime: 'Within the time allowed',
    overTime: 'Over time',
    themes: 'Turns and speaking time by theme',
    contributionsByTheme: 'Contributions by theme',
    contributionsByKind: 'Contributions by kind',
    present: 'Present',
    absent: 'Absent',
    notCheckedIn: 'Not checked in',
    notASite: 'Not a bridge point',
    host: 'Host site',
    otherSites: 'Other bridge points (ministries, agencies)',
    people: 'people',
    turns: 'turns',
    turnsLegend: 'Turns',
    timeLegend: 'Speaking time',
    contributions: 'contributions',
    noTheme: 'No theme',
    shown: (n: number, of: number) => `Showing ${n} of the ${of} bridge points that spoke.`,
  },
} as const;

const WIDTH = 680;
const PAD = 16;
const TITLE_H = 40;
const MAX_BARS = 40;
const BAR = '#1f4e79';
const BAR_LIGHT = '#8fb3d9';
/** Roll-call fills, darkest for present so that a greyscale print keeps the order. */
const ROLL = {
  present: { fill: '#1f4e79', ink: '#ffffff' },
  absent: { fill: '#d9735e', ink: INK },
  not_checked_in: { fill: '#f3d9a0', ink: INK },
  none: { fill: '#ffffff', ink: MUTED },
} as const;
const HOST_MARK = '#f2b632';
/** Ring segments, largest first: dark to light, distinct in greyscale. */
const RING = ['#0b3d66', '#2f76b5', '#79a9d6', '#c4dcf0', '#5a5a5a', '#b0b0b0'];

export function recordCharts(record: ConferenceRecord, lang: Lang = 'vi'): RecordCharts {
  return {
    attendance: attendanceChart(record, lang),
    turnsBySite: sitesChart(record, lang, 'turns'),
    timeBySite: sitesChart(record, lang, 'time'),
    timeline: timelineChart(record, lang),
    themes: themesChart(record, lang),
    contributionsByTheme: contributionsByThemeChart(record, lang),
    contributionsByKind: contributionsByKindChart(record, lang),
  };
}

// --- formatting ---------------------------------------------------------------------

function fmt(n: number, lang: Lang, digits = 0): string {
  return new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', {
    maximumFractionDigits: digits,
  }).format(n);
}

/** "12 phút 30 giây" (vi) or "12:30" / "1:02:05" (en). */
export function formatDuration(seconds: number, lang: Lang = 'vi'): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (lang === 'en') {
    const pad = (n: number) => String(n).padStart(2, '0');
    return h > 0 ? `${h}:${pad(m)}:${pad(sec)}` : `${m}:${pad(sec)}`;
  }
  if (h > 0) return m > 0 ? `${h} giờ ${m} phút` : `${h} giờ`;
  if (m > 0) return sec > 0 ? `${m} phút ${sec} giây` : `${m} phút`;
  return `${sec} giây`;
}

/** "lượt"; "turn" or "turns". */
function turnsWord(n: number, lang: Lang): string {
  return lang === 'en' && n === 1 ? 'turn' : LABELS[lang].turns;
}

const KINDS_EN: Record<string, string> = {
  proposal: 'Proposals and solutions',
  practice: 'Good practices, new models',
  question: 'Questions',
};

/** A kind of contribution as the chart's language writes it (the record's labels are Vietnamese). */
function kindLabel(k: { key: string; label: string }, lang: Lang): string {
  return lang === 'en' ? (KINDS_EN[k.key] ?? k.label) : k.label;
}

function percent(part: number, total: number, lang: Lang): string {
  return `${fmt(total > 0 ? (part * 100) / total : 0, lang, 1)}%`;
}

/** A site's name as a chart label: the "Điểm cầu" before a proper name is left out. */
function siteLabel(name: string): string {
  const short = name.replace(/^Điểm cầu\s+(?=\p{Lu}|tỉnh\s|thành phố\s|bộ\s)/u, '');
  return short.charAt(0).toLocaleUpperCase('vi') + short.slice(1);
}

const collator = new Intl.Collator('vi');

function chartTitle(title: string): string {
  return text(PAD, 26, title, { size: 16, bold: true });
}

function emptyChart(title: string, lang: Lang): Chart {
  const height = 120;
  const body =
    chartTitle(title) +
    rect(PAD, TITLE_H + 4, WIDTH - 2 * PAD, 56, '#f4f4f4', { stroke: '#d0d0d0' }) +
    text(WIDTH / 2, TITLE_H + 37, LABELS[lang].noData, { size: 14, anchor: 'middle', fill: MUTED });
  return {
    title,
    svg: svgDocument(WIDTH, height, title, body),
    width: WIDTH,
    height,
    description: `${title}: ${LABELS[lang].noData.toLowerCase()}.`,
  };
}

function chart(title: string, height: number, body: string, description: string): Chart {
  return { title, svg: svgDocument(WIDTH, height, title, body), width: WIDTH, height, description };
}

// --- attendance: a tile map -------------------------------------------------------------

type Roll = keyof typeof ROLL;

interface Tile {
  roll: Roll;
  attendees: number;
  host: boolean;
  names: string[];
}

function rollOf(sites: RecordSite[]): Tile {
  const roll: Roll = sites.some((s) => s.rollCall === 'present')
    ? 'present'
    : sites.some((s) => s.rollCall === 'absent')
      ? 'absent'
      : sites.length > 0
        ? 'not_checked_in'
        : 'none';
  return {
    roll,
    attendees: sites.reduce((a, s) => a + (s.rollCall === 'present' ? (s.attendees ?? 0) : 0), 0),
    host: sites.some((s) => s.isHost),
    names: sites.map((s) => s.name),
  };
}

function rollText(tile: Tile, lang: Lang): string {
  const l = LABELS[lang];
  if (tile.roll === 'present')
    return tile.attendees > 0 ? `${fmt(tile.attendees, lang)} ${l.people}` : l.present;
  if (tile.roll === 'absent') return l.absent;
  if (tile.roll === 'not_checked_in') return l.notCheckedIn;
  return '';
}

function drawTile(
  x: number,
  y: number,
  w: number,
  h: number,
  name: string,
  tile: Tile,
  lang: Lang,
) {
  const style = ROLL[tile.roll];
  const second = rollText(tile, lang);
  const label = fitText(name, w - 8, 11, true);
  let body = rect(x, y, w, h, style.fill, {
    rx: 3,
    stroke: tile.roll === 'none' ? '#9a9a9a' : undefined,
  });
  if (second) {
    body += text(x + w / 2, y + 14, label, {
      size: 11,
      bold: true,
      anchor: 'middle',
      fill: style.ink,
    });
    body += text(x + w / 2, y + 27, fitText(second, w - 8, 10), {
      size: 10,
      anchor: 'middle',
      fill: style.ink,
    });
  } else {
    body += text(x + w / 2, y + h / 2 + 4, label, { size: 11, anchor: 'middle', fill: style.ink });
  }
  if (tile.host)
    body += `<circle cx="${x + w - 6}" cy="${y + 6}" r="4" fill="${HOST_MARK}" stroke="${INK}" stroke-width="0.75"/>`;
  const tooltip = [name, ...tile.names.filter((n) => n !== name), second].filter(Boolean);
  return group(tooltip.join(' — '), body);
}

function attendanceChart(record: ConferenceRecord, lang: Lang): Chart {
  const l = LABELS[lang];
  const title = l.attendance;
  if (record.sites.length === 0) return emptyChart(title, lang);
  const byCode = new Map<string, RecordSite[]>();
  const provinceCodes = new Set(PROVINCE_TILES.map(([code]) => code));
  const others: RecordSite[] = [];
  for (const site of record.sites) {
    if (site.unitCode && provinceCodes.has(site.unitCode)) {
      const list = byCode.get(site.unitCode) ?? [];
      list.push(site);
      byCode.set(site.unitCode, list);
    } else others.push(site);
  }
  const gap = 4;
  const tileW = (WIDTH - 2 * PAD - (TILE_COLUMNS - 1) * gap) / TILE_COLUMNS;
  const tileH = 32;
  const top = TITLE_H + 4;
  let body = chartTitle(title);
  const counts = { present: 0, absent: 0, not_checked_in: 0, none: 0 };
  const provinceTiles: string[] = [];
  for (const [code, short, col, row] of PROVINCE_TILES) {
    const tile = rollOf(byCode.get(code) ?? []);
    counts[tile.roll]++;
    provinceTiles.push(`${short}: ${rollText(tile, lang) || l.notASite}`);
    body += drawTile(
      PAD + col * (tileW + gap),
      top + row * (tileH + gap),
      tileW,
      tileH,
      short,
      tile,
      lang,
    );
  }
  // Legend in the sea, east of the central coast (columns 3–4, rows 4–6 are free).
  const lx = PAD + 3 * (tileW + gap) + 12;
  let ly = top + 4 * (tileH + gap) + 2;
  const siteCounts = { present: 0, absent: 0, not_checked_in: 0 };
  for (const s of record.sites) siteCounts[s.rollCall]++;
  const legend: [Roll, string][] = [
    ['present', `${l.present} (${siteCounts.present})`],
    ['absent', `${l.absent} (${siteCounts.absent})`],
    ['not_checked_in', `${l.notCheckedIn} (${siteCounts.not_checked_in})`],
    ['none', `${l.notASite} (${counts.none})`],
  ];
  for (const [roll, label] of legend) {
    body += rect(lx, ly, 16, 16, ROLL[roll].fill, {
      rx: 2,
      stroke: roll === 'none' ? '#9a9a9a' : undefined,
    });
    body += text(lx + 22, ly + 12, label, { size: 12 });
    ly += 21;
  }
  body += `<circle cx="${lx + 8}" cy="${ly + 8}" r="4" fill="${HOST_MARK}" stroke="${INK}" stroke-width="0.75"/>`;
  body += text(lx + 22, ly + 12, l.host, { size: 12 });
  // Sites that are not provinces: a band of wider tiles under the map.
  let height = top + TILE_ROWS * (tileH + gap) + 4;
  if (others.length > 0) {
    body += text(PAD, height + 14, l.otherSites, { size: 12, bold: true });
    height += 22;
    const perRow = 3;
    const w = (WIDTH - 2 * PAD - (perRow - 1) * gap) / perRow;
    others.forEach((site, i) => {
      const x = PAD + (i % perRow) * (w + gap);
      const y = height + Math.floor(i / perRow) * (tileH + gap);
      body += drawTile(x, y, w, tileH, siteLabel(site.name), rollOf([site]), lang);
    });
    height += Math.ceil(others.length / perRow) * (tileH + gap);
  }
  height += PAD - gap;
  const t = record.totals;
  const description =
    lang === 'vi'
      ? `${title}: ${record.sites.length} điểm cầu, ${siteCounts.present} có mặt với ${fmt(t.attendees, lang)} đại biểu, ${siteCounts.absent} vắng, ${siteCounts.not_checked_in} chưa điểm danh. ` +
        `Trong 34 tỉnh, thành phố: ${34 - counts.none} có điểm cầu, ${counts.none} không có. ` +
        `${provinceTiles.join('; ')}.` +
        (others.length
          ? ` Điểm cầu khác: ${others.map((s) => `${s.name}: ${rollText(rollOf([s]), lang)}`).join('; ')}.`
          : '')
      : `${title}: ${record.sites.length} bridge points, ${siteCounts.present} present with ${fmt(t.attendees, lang)} delegates, ${siteCounts.absent} absent, ${siteCounts.not_checked_in} not checked in. ` +
        `Of the 34 provinces and cities, ${34 - counts.none} have a bridge point and ${counts.none} do not. ` +
        `${provinceTiles.join('; ')}.` +
        (others.length
          ? ` Other bridge points: ${others.map((s) => `${s.name}: ${rollText(rollOf([s]), lang)}`).join('; ')}.`
          : '');
  return chart(title, height, body, description);
}

// --- horizontal bars ------------------------------------------------------------------------

interface Bar {
  label: string;
  value: number;
  text: string;
}

/** Bars with their labels on the left, values at the bar ends. */
function barRows(bars: Bar[], top: number, fill: string): { body: string; bottom: number } {
  const rowH = 20;
  const labelW = Math.min(240, Math.max(100, ...bars.map((b) => textWidth(b.label, 12))));
  const valueW = Math.max(...bars.map((b) => textWidth(b.text, 12))) + 8;
  const x0 = PAD + labelW + 8;
  const span = WIDTH - PAD - valueW - x0;
  const max = Math.max(1, ...bars.map((b) => b.value));
  let body = '';
  bars.forEach((b, i) => {
    const y = top + i * rowH;
    const w = (b.value / max) * span;
    body += group(
      `${b.label}: ${b.text}`,
      text(x0 - 8, y + 14, fitText(b.label, labelW, 12), { size: 12, anchor: 'end' }) +
        rect(x0, y + 3, w, rowH - 6, fill) +
        text(x0 + w + 5, y + 14, b.text, { size: 12 }),
    );
  });
  const bottom = top + bars.length * rowH;
  body += line(x0, top, x0, bottom);
  return { body, bottom };
}

function topList(bars: Bar[]): string {
  return bars
    .slice(0, 3)
    .map((b) => `${b.label} (${b.text})`)
    .join('; ');
}

function sitesChart(record: ConferenceRecord, lang: Lang, measure: 'turns' | 'time'): Chart {
  const l = LABELS[lang];
  const title = measure === 'turns' ? l.turnsBySite : l.timeBySite;
  const value = (s: RecordSite) => (measure === 'turns' ? s.turns : s.spokenSeconds);
  const spoke = record.sites
    .filter((s) => value(s) > 0)
    .sort(
      (a, b) =>
        value(b) - value(a) ||
        (measure === 'turns' ? b.spokenSeconds - a.spokenSeconds : b.turns - a.turns) ||
        collator.compare(a.name, b.name),
    );
  if (spoke.length === 0) return emptyChart(title, lang);
  const bars: Bar[] = spoke.slice(0, MAX_BARS).map((s) => ({
    label: siteLabel(s.name),
    value: value(s),
    text: measure === 'turns' ? fmt(s.turns, lang) : formatDuration(s.spokenSeconds, lang),
  }));
  const rows = barRows(bars, TITLE_H + 6, BAR);
  let body = chartTitle(title) + rows.body;
  let height = rows.bottom + PAD;
  if (spoke.length > bars.length) {
    body += text(PAD, rows.bottom + 18, l.shown(bars.length, spoke.length), {
      size: 11,
      fill: MUTED,
    });
    height += 18;
  }
  const total =
    measure === 'turns'
      ? fmt(
          spoke.reduce((a, s) => a + s.turns, 0),
          lang,
        )
      : formatDuration(
          spoke.reduce((a, s) => a + s.spokenSeconds, 0),
          lang,
        );
  const description =
    lang === 'vi'
      ? `${title}: ${spoke.length} điểm cầu có phát biểu, tổng ${measure === 'turns' ? `${total} lượt` : total}. Nhiều nhất: ${topList(bars)}.`
      : `${title}: ${spoke.length} bridge points spoke, ${measure === 'turns' ? `${total} turns` : total} in all. Most: ${topList(bars)}.`;
  return chart(title, height, body, description);
}

// --- timeline -------------------------------------------------------------------------------

const OVER = '#c8102e';

const clock = timeOfDay;

/** Every turn on the session's clock: a row per site (in the order they first spoke). */
function timelineChart(record: ConferenceRecord, lang: Lang): Chart {
  const l = LABELS[lang];
  const title = l.timeline;
  const turns = record.turns;
  if (turns.length === 0) return emptyChart(title, lang);
  const rowsOf = new Map<string, string>();
  for (const t of turns) if (!rowsOf.has(t.siteId)) rowsOf.set(t.siteId, siteLabel(t.siteName));
  const siteIds = [...rowsOf.keys()].slice(0, MAX_BARS);
  const start = Math.min(record.session.startedAt ?? Infinity, ...turns.map((t) => t.startedAt));
  const endOf = (t: (typeof turns)[number]) => t.endedAt ?? t.startedAt + t.spokenSeconds * 1000;
  const end = Math.max(start + 60_000, record.session.endedAt ?? 0, ...turns.map(endOf));
  const rowH = 18;
  const top = TITLE_H + 26;
  const labelW = Math.min(
    200,
    Math.max(90, ...siteIds.map((id) => textWidth(rowsOf.get(id)!, 11))),
  );
  const x0 = PAD + labelW + 8;
  const span = WIDTH - PAD - x0;
  const x = (ms: number) => x0 + ((ms - start) / (end - start)) * span;
  let body = chartTitle(title);
  // Legend, then the clock: a tick every 5, 10, 15, 30 or 60 minutes (at most 8 of them).
  body +=
    rect(PAD, TITLE_H - 2, 12, 12, BAR) + text(PAD + 16, TITLE_H + 8, l.withinTime, { size: 11 });
  const lx = PAD + 26 + textWidth(l.withinTime, 11);
  body +=
    rect(lx, TITLE_H - 2, 12, 12, OVER) + text(lx + 16, TITLE_H + 8, l.overTime, { size: 11 });
  const bottom = top + siteIds.length * rowH;
  const step = [5, 10, 15, 30, 60, 120].find((m) => (end - start) / (m * 60_000) <= 8) ?? 240;
  const first = Math.ceil(start / (step * 60_000)) * step * 60_000;
  for (let t = first; t <= end; t += step * 60_000) {
    body += line(x(t), top - 4, x(t), bottom, '#d0d0d0');
    body += text(x(t), top - 7, clock(t), { size: 10, anchor: 'middle', fill: MUTED });
  }
  siteIds.forEach((id, i) => {
    const y = top + i * rowH;
    body += text(x0 - 6, y + 13, fitText(rowsOf.get(id)!, labelW, 11), { size: 11, anchor: 'end' });
    for (const t of turns.filter((x) => x.siteId === id)) {
      const from = x(t.startedAt);
      const w = Math.max(1.5, x(endOf(t)) - from);
      const over = t.spokenSeconds > 0 ? (w * t.overSeconds) / t.spokenSeconds : 0;
      const tip = `${t.number}. ${t.siteName}${t.delegateName ? ` — ${t.delegateName}` : ''}: ${clock(t.startedAt)}, ${formatDuration(t.spokenSeconds, lang)}`;
      body += group(
        tip,
        rect(from, y + 3, w - over, rowH - 6, BAR) +
          (over > 0 ? rect(from + w - over, y + 3, over, rowH - 6, OVER) : ''),
      );
    }
  });
  body += line(x0, top, x0, bottom);
  let height = bottom + PAD;
  const shown = rowsOf.size > siteIds.length;
  if (shown) {
    body += text(PAD, bottom + 16, l.shown(siteIds.length, rowsOf.size), { size: 11, fill: MUTED });
    height += 16;
  }
  const description =
    lang === 'vi'
      ? `${title}: ${turns.length} lượt của ${rowsOf.size} điểm cầu từ ${clock(start)} đến ${clock(end)}; ${record.totals.overTimeTurns} lượt quá giờ.`
      : `${title}: ${turns.length} turns by ${rowsOf.size} bridge points from ${clock(start)} to ${clock(end)}; ${record.totals.overTimeTurns} over time.`;
  return chart(title, height, body, description);
}

// --- themes ---------------------------------------------------------------------------------

interface ThemeRow {
  title: string;
  turns: number;
  spokenSeconds: number;
  contributions: number;
}

function themeRows(record: ConferenceRecord, lang: Lang): ThemeRow[] {
  const rows: ThemeRow[] = record.themes.map((t) => ({ ...t }));
  const loose = record.turns.filter((t) => t.themeId === null);
  if (loose.length > 0)
    rows.push({
      title: LABELS[lang].noTheme,
      turns: loose.length,
      spokenSeconds: loose.reduce((a, t) => a + t.spokenSeconds, 0),
      contributions: 0,
    });
  return rows;
}

/** Rows with the label above its bars (theme titles are long): one or two bars each. */
function labelledBars(
  rows: { label: string; bars: { value: number; max: number; text: string; fill: string }[] }[],
  top: number,
): { body: string; bottom: number } {
  const barH = 12;
  const valueW = Math.max(...rows.flatMap((r) => r.bars.map((b) => textWidth(b.text, 11)))) + 8;
  const span = WIDTH - 2 * PAD - valueW;
  let y = top;
  let body = '';
  for (const row of rows) {
    let part = text(PAD, y + 12, fitText(row.label, WIDTH - 2 * PAD, 12, true), {
      size: 12,
      bold: true,
    });
    let by = y + 17;
    for (const b of row.bars) {
      const w = (b.value / Math.max(1, b.max)) * span;
      part += rect(PAD, by, w, barH, b.fill);
      part += text(PAD + w + 5, by + 10, b.text, { size: 11 });
      by += barH + 3;
    }
    body += group(`${row.label}: ${row.bars.map((b) => b.text).join(', ')}`, part);
    y = by + 8;
  }
  return { body, bottom: y };
}

function legendItems(items: [string, string][], x: number, y: number): string {
  let out = '';
  for (const [fill, label] of items) {
    out += rect(x, y - 10, 12, 12, fill) + text(x + 17, y, label, { size: 12 });
    x += 17 + textWidth(label, 12) + 18;
  }
  return out;
}

function themesChart(record: ConferenceRecord, lang: Lang): Chart {
  const l = LABELS[lang];
  const title = l.themes;
  const rows = themeRows(record, lang).filter((t) => t.turns > 0 || t.spokenSeconds > 0);
  if (rows.length === 0) return emptyChart(title, lang);
  const maxTurns = Math.max(...rows.map((r) => r.turns));
  const maxTime = Math.max(...rows.map((r) => r.spokenSeconds));
  const drawn = labelledBars(
    rows.map((r) => ({
      label: r.title,
      bars: [
        {
          value: r.turns,
          max: maxTurns,
          text: `${fmt(r.turns, lang)} ${turnsWord(r.turns, lang)}`,
          fill: BAR,
        },
        {
          value: r.spokenSeconds,
          max: maxTime,
          text: formatDuration(r.spokenSeconds, lang),
          fill: BAR_LIGHT,
        },
      ],
    })),
    TITLE_H + 24,
  );
  const body =
    chartTitle(title) +
    legendItems(
      [
        [BAR, l.turnsLegend],
        [BAR_LIGHT, l.timeLegend],
      ],
      PAD,
      TITLE_H + 10,
    ) +
    drawn.body;
  const list = rows
    .map(
      (r) =>
        `${r.title}: ${fmt(r.turns, lang)} ${turnsWord(r.turns, lang)}, ${formatDuration(r.spokenSeconds, lang)}`,
    )
    .join('; ');
  return chart(title, drawn.bottom + PAD - 8, body, `${title}. ${list}.`);
}

function contributionsByThemeChart(record: ConferenceRecord, lang: Lang): Chart {
  const l = LABELS[lang];
  const title = l.contributionsByTheme;
  const rows = record.themes
    .filter((t) => t.contributions > 0)
    .sort((a, b) => b.contributions - a.contributions);
  const total = rows.reduce((a, t) => a + t.contributions, 0);
  if (total === 0) return emptyChart(title, lang);
  const max = rows[0]!.contributions;
  const value = (n: number) => `${fmt(n, lang)} (${percent(n, total, lang)})`;
  const drawn = labelledBars(
    rows.map((t) => ({
      label: t.title,
      bars: [{ value: t.contributions, max, text: value(t.contributions), fill: BAR }],
    })),
    TITLE_H + 4,
  );
  const list = rows.map((t) => `${t.title}: ${value(t.contributions)}`).join('; ');
  const description =
    lang === 'vi'
      ? `${title}: ${fmt(total, lang)} ý kiến. ${list}.`
      : `${title}: ${fmt(total, lang)} contributions. ${list}.`;
  return chart(title, drawn.bottom + PAD - 8, chartTitle(title) + drawn.body, description);
}

// --- kinds: a ring ----------------------------------------------------------------------------

function contributionsByKindChart(record: ConferenceRecord, lang: Lang): Chart {
  const l = LABELS[lang];
  const title = l.contributionsByKind;
  const kinds = [...record.contributionsByKind].sort((a, b) => b.count - a.count);
  const total = kinds.reduce((a, k) => a + k.count, 0);
  if (total === 0) return emptyChart(title, lang);
  const r = 90;
  const inner = 54;
  const cx = PAD + r + 10;
  const cy = TITLE_H + 10 + r;
  let body = chartTitle(title);
  let a = 0;
  const legendX = cx + r + 40;
  const legendTop = Math.max(TITLE_H + 20, cy - (kinds.length * 24) / 2 + 12);
  kinds.forEach((k, i) => {
    const fill = RING[i] ?? RING[RING.length - 1]!;
    const a1 = a + (k.count / total) * Math.PI * 2;
    const share = percent(k.count, total, lang);
    if (k.count > 0)
      body += group(
        `${kindLabel(k, lang)}: ${fmt(k.count, lang)} (${share})`,
        ringSegment(cx, cy, r, inner, a, a1, fill),
      );
    a = a1;
    const y = legendTop + i * 24;
    const label = `${kindLabel(k, lang)}: ${fmt(k.count, lang)} (${share})`;
    body += rect(legendX, y - 11, 14, 14, fill, { stroke: '#8c8c8c' });
    body += text(legendX + 20, y, fitText(label, WIDTH - PAD - legendX - 20, 12), { size: 12 });
  });
  body += text(cx, cy + 2, fmt(total, lang), { size: 20, bold: true, anchor: 'middle' });
  body += text(cx, cy + 18, l.contributions, { size: 11, anchor: 'middle', fill: MUTED });
  const height = Math.max(cy + r, legendTop + kinds.length * 24) + PAD;
  const list = kinds.map(
    (k) => `${kindLabel(k, lang)}: ${fmt(k.count, lang)} (${percent(k.count, total, lang)})`,
  );
  const description =
    lang === 'vi'
      ? `${title}: ${fmt(total, lang)} ý kiến. ${list.join('; ')}.`
      : `${title}: ${fmt(total, lang)} contributions. ${list.join('; ')}.`;
  return chart(title, height, body, description);
}
