// The few SVG pieces the record's charts are drawn with. Only elements and presentation
// attributes that pdfmake's svg-to-pdfkit, resvg and browsers all read: no CSS, no
// `dominant-baseline` (text is placed by its baseline), no clip paths or patterns.

export const FONT = "Tinos, 'Times New Roman', serif";
export const INK = '#1a1a1a';
export const MUTED = '#595959';

// Advance widths of Tinos (metric-compatible with Times New Roman) for U+0020…U+007E, in
// hundredths of an em, read from the TrueType files; other letters count as their base
// letter (Vietnamese diacritics do not change the width), unknown ones as wide.
const REGULAR =
  '25,33,41,50,50,83,78,18,33,33,50,56,25,33,25,28,50,50,50,50,50,50,50,50,50,50,28,28,56,56,56,44,92,72,67,67,72,61,56,72,72,33,39,72,61,89,72,72,56,72,67,56,61,72,72,94,72,72,61,33,28,33,47,50,33,44,50,44,50,44,33,50,50,28,28,50,28,78,50,50,50,50,33,39,28,50,50,72,50,50,44,48,20,48,54';
const BOLD =
  '25,33,56,50,50,100,83,28,33,33,50,57,25,33,25,28,50,50,50,50,50,50,50,50,50,50,33,33,57,57,57,50,93,72,67,72,72,67,61,78,78,39,50,78,67,94,72,78,61,78,72,56,67,72,72,100,72,72,67,33,28,33,58,50,33,50,56,44,56,44,33,50,56,28,33,56,28,83,56,50,56,56,44,39,22,39,52';
const widths = { regular: REGULAR.split(',').map(Number), bold: BOLD.split(',').map(Number) };
const SPECIAL: Record<string, string> = { đ: 'd', Đ: 'D', ư: 'u', Ư: 'U', ơ: 'o', Ơ: 'O' };

function charWidth(ch: string, table: number[]): number {
  const base = SPECIAL[ch] ?? ch.normalize('NFD')[0] ?? ch;
  const code = base.codePointAt(0) ?? 0;
  if (code >= 32 && code < 127) return (table[code - 32] ?? 60) + (SPECIAL[ch] ? 4 : 0);
  if (ch === '…' || ch === '—') return 100;
  return 75;
}

/** The width of a line of text in pixels (within a few per cent for Tinos). */
export function textWidth(text: string, size: number, bold = false): number {
  const table = bold ? widths.bold : widths.regular;
  let sum = 0;
  for (const ch of text) sum += charWidth(ch, table);
  return (sum / 100) * size;
}

/** The text, shortened with "…" to fit `max` pixels. */
export function fitText(text: string, max: number, size: number, bold = false): string {
  if (textWidth(text, size, bold) <= max) return text;
  const chars = [...text];
  while (chars.length > 0 && textWidth(chars.join('') + '…', size, bold) > max) chars.pop();
  return chars.join('').trimEnd() + '…';
}

/** Text made safe inside an XML element or a double- or single-quoted attribute. */
export function esc(value: string | number): string {
  return (
    String(value)
      // Characters XML 1.0 does not allow at all.
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  );
}

const num = (n: number) => String(Math.round(n * 100) / 100);

export interface TextOptions {
  size?: number;
  bold?: boolean;
  fill?: string;
  anchor?: 'start' | 'middle' | 'end';
}

/** A line of text with its baseline at `y`. */
export function text(x: number, y: number, value: string, opts: TextOptions = {}): string {
  const attrs = [
    `x="${num(x)}"`,
    `y="${num(y)}"`,
    `font-family="${FONT}"`,
    `font-size="${opts.size ?? 12}"`,
    opts.bold ? 'font-weight="bold"' : '',
    opts.anchor && opts.anchor !== 'start' ? `text-anchor="${opts.anchor}"` : '',
    `fill="${opts.fill ?? INK}"`,
  ];
  return `<text ${attrs.filter(Boolean).join(' ')}>${esc(value)}</text>`;
}

export function rect(
  x: number,
  y: number,
  w: number,
  h: number,
  fill: string,
  extra: { stroke?: string; rx?: number } = {},
): string {
  const stroke = extra.stroke ? ` stroke="${extra.stroke}" stroke-width="1"` : '';
  const rx = extra.rx ? ` rx="${extra.rx}"` : '';
  return `<rect x="${num(x)}" y="${num(y)}" width="${num(Math.max(0, w))}" height="${num(h)}"${rx} fill="${fill}"${stroke}/>`;
}

export function line(x1: number, y1: number, x2: number, y2: number, stroke = '#8c8c8c'): string {
  return `<line x1="${num(x1)}" y1="${num(y1)}" x2="${num(x2)}" y2="${num(y2)}" stroke="${stroke}" stroke-width="1"/>`;
}

/** A group with a tooltip (shown by browsers, ignored by the PDF and PNG writers). */
export function group(tooltip: string, body: string): string {
  return `<g><title>${esc(tooltip)}</title>${body}</g>`;
}

/** A ring segment from angle `a0` to `a1` (radians, 0 at the top, clockwise). */
export function ringSegment(
  cx: number,
  cy: number,
  r: number,
  inner: number,
  a0: number,
  a1: number,
  fill: string,
): string {
  if (a1 - a0 >= Math.PI * 2 - 1e-6) {
    const mid = (r + inner) / 2;
    return `<circle cx="${num(cx)}" cy="${num(cy)}" r="${num(mid)}" fill="none" stroke="${fill}" stroke-width="${num(r - inner)}"/>`;
  }
  const at = (radius: number, a: number) =>
    `${num(cx + radius * Math.sin(a))} ${num(cy - radius * Math.cos(a))}`;
  const large = a1 - a0 > Math.PI ? 1 : 0;
  const d = [
    `M ${at(r, a0)}`,
    `A ${num(r)} ${num(r)} 0 ${large} 1 ${at(r, a1)}`,
    `L ${at(inner, a1)}`,
    `A ${num(inner)} ${num(inner)} 0 ${large} 0 ${at(inner, a0)}`,
    'Z',
  ].join(' ');
  return `<path d="${d}" fill="${fill}" stroke="#ffffff" stroke-width="1.5"/>`;
}

/** A standalone SVG document: size, view box, accessible name and title, white ground. */
export function svgDocument(width: number, height: number, title: string, body: string): string {
  const w = Math.ceil(width);
  const h = Math.ceil(height);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" role="img" aria-label="${esc(title)}">` +
    `<title>${esc(title)}</title>` +
    rect(0, 0, w, h, '#ffffff') +
    body +
    '</svg>'
  );
}
