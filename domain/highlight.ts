/** One character folded for matching: no diacritics, `đ` → `d`, lower case. */
function fold(ch: string): string {
  if (ch === 'đ' || ch === 'Đ') return 'd';
  return ch
    .normalize('NFD')
    .replace(/\p{Mn}/gu, '')
    .toLowerCase();
}

export interface Segment {
  text: string;
  match: boolean;
}

/**
 * Splits `text` into plain and matching segments for the words of `query`, ignoring
 * case and diacritics (`chuyen doi so` marks `chuyển đổi số`). The caller renders the
 * segments as text, so nothing in `text` is ever interpreted as HTML.
 */
export function highlight(text: string, query: string | undefined): Segment[] {
  const words = (query ?? '')
    .split(/\s+/)
    .map((w) => [...w].map(fold).join(''))
    .filter((w) => w.length >= 2);
  if (!words.length || !text) return [{ text, match: false }];
  const chars = [...text];
  const folded = chars.map(fold);
  // Positions in the folded string map back to characters one to one.
  const flat = folded.join('');
  const owner: number[] = [];
  folded.forEach((f, i) => {
    for (let k = 0; k < f.length; k++) owner.push(i);
  });
  const marked = new Array<boolean>(chars.length).fill(false);
  for (const word of words) {
    let from = 0;
    for (;;) {
      const at = flat.indexOf(word, from);
      if (at < 0) break;
      for (let k = at; k < at + word.length; k++) marked[owner[k]!] = true;
      from = at + word.length;
    }
  }
  // Words matched side by side read as one phrase.
  for (let i = 1; i < chars.length - 1; i++) {
    if (/\s/.test(chars[i]!) && marked[i - 1] && marked[i + 1]) marked[i] = true;
  }
  const segments: Segment[] = [];
  chars.forEach((ch, i) => {
    const last = segments.at(-1);
    if (last && last.match === marked[i]) last.text += ch;
    else segments.push({ text: ch, match: marked[i]! });
  });
  return segments;
}
