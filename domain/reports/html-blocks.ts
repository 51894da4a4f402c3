import { parseDocument } from 'htmlparser2';

// The minutes and conclusions are edited in the structured editor and stored as sanitised
// HTML; the PDF and DOCX writers read them as these blocks (the same few kinds the editor
// makes), so neither needs an HTML engine.

export interface Inline {
  text: string;
  bold?: boolean;
  italic?: boolean;
  underline?: boolean;
  href?: string;
}

export type Block =
  | { type: 'paragraph'; inlines: Inline[] }
  | { type: 'heading'; level: 1 | 2 | 3; inlines: Inline[] }
  | { type: 'list'; ordered: boolean; items: Inline[][] }
  | { type: 'quote'; inlines: Inline[] }
  | { type: 'table'; rows: { header: boolean; cells: Inline[][] }[] };

interface Node {
  type: string;
  name?: string;
  data?: string;
  attribs?: Record<string, string>;
  children?: Node[];
}

type Marks = Omit<Inline, 'text'>;

function inlines(nodes: Node[] | undefined, marks: Marks = {}, out: Inline[] = []): Inline[] {
  for (const node of nodes ?? []) {
    if (node.type === 'text') {
      const text = (node.data ?? '').replace(/\s+/g, ' ');
      if (text) out.push({ text, ...marks });
      continue;
    }
    if (node.type !== 'tag') continue;
    const name = node.name;
    if (name === 'br') out.push({ text: '\n', ...marks });
    else if (name === 'strong' || name === 'b')
      inlines(node.children, { ...marks, bold: true }, out);
    else if (name === 'em' || name === 'i') inlines(node.children, { ...marks, italic: true }, out);
    else if (name === 'u') inlines(node.children, { ...marks, underline: true }, out);
    else if (name === 'a')
      inlines(node.children, { ...marks, href: node.attribs?.href || undefined }, out);
    else inlines(node.children, marks, out);
  }
  return trim(out);
}

/** Runs without leading/trailing blanks and without empty runs. */
function trim(runs: Inline[]): Inline[] {
  const out = runs.filter((r) => r.text !== '');
  if (out[0]) out[0] = { ...out[0], text: out[0].text.replace(/^ +/, '') };
  const last = out.length - 1;
  if (out[last]) out[last] = { ...out[last]!, text: out[last]!.text.replace(/ +$/, '') };
  return out.filter((r) => r.text !== '');
}

const HEADINGS: Record<string, 1 | 2 | 3> = { h1: 1, h2: 1, h3: 2, h4: 3, h5: 3, h6: 3 };

function blocks(nodes: Node[] | undefined, out: Block[] = []): Block[] {
  let loose: Node[] = [];
  const flush = () => {
    const runs = inlines(loose);
    if (runs.length) out.push({ type: 'paragraph', inlines: runs });
    loose = [];
  };
  for (const node of nodes ?? []) {
    const name = node.type === 'tag' ? node.name! : '';
    if (name === 'p') {
      flush();
      const runs = inlines(node.children);
      if (runs.length) out.push({ type: 'paragraph', inlines: runs });
    } else if (name in HEADINGS) {
      flush();
      const runs = inlines(node.children);
      if (runs.length) out.push({ type: 'heading', level: HEADINGS[name]!, inlines: runs });
    } else if (name === 'ul' || name === 'ol') {
      flush();
      const items: Inline[][] = [];
      listItems(node, items);
      if (items.length) out.push({ type: 'list', ordered: name === 'ol', items });
    } else if (name === 'blockquote') {
      flush();
      for (const b of blocks(node.children))
        if ('inlines' in b) out.push({ type: 'quote', inlines: b.inlines });
    } else if (name === 'table') {
      flush();
      const rows: { header: boolean; cells: Inline[][] }[] = [];
      tableRows(node, rows);
      if (rows.length) out.push({ type: 'table', rows });
    } else if (name === 'div' || name === 'section' || name === 'figure') {
      flush();
      blocks(node.children, out);
    } else if (name === 'img' || name === 'video' || name === 'hr') {
      flush();
    } else loose.push(node);
  }
  flush();
  return out;
}

function listItems(list: Node, items: Inline[][]) {
  for (const li of list.children ?? []) {
    if (li.type !== 'tag' || li.name !== 'li') continue;
    // A nested list becomes the items after its parent (documents keep one level).
    const own = (li.children ?? []).filter((c) => !(c.type === 'tag' && /^(ul|ol)$/.test(c.name!)));
    const runs = inlines(
      own.flatMap((c) =>
        c.type === 'tag' && c.name === 'p'
          ? [...(c.children ?? []), { type: 'text', data: ' ' }]
          : [c],
      ),
    );
    if (runs.length) items.push(runs);
    for (const c of li.children ?? [])
      if (c.type === 'tag' && (c.name === 'ul' || c.name === 'ol')) listItems(c, items);
  }
}

function tableRows(node: Node, rows: { header: boolean; cells: Inline[][] }[]) {
  for (const child of node.children ?? []) {
    if (child.type !== 'tag') continue;
    if (child.name === 'tr') {
      const cells = (child.children ?? []).filter(
        (c) => c.type === 'tag' && (c.name === 'td' || c.name === 'th'),
      );
      rows.push({
        header: cells.length > 0 && cells.every((c) => c.name === 'th'),
        cells: cells.map((c) => inlines(c.children)),
      });
    } else tableRows(child, rows);
  }
}

/** The blocks of a sanitised HTML body. */
export function htmlBlocks(html: string): Block[] {
  const doc = parseDocument(html, { decodeEntities: true }) as unknown as Node;
  return blocks(doc.children);
}

/** The text of some runs, as read aloud (for plain-text uses: CSV, checks). */
export function plainText(runs: Inline[]): string {
  return runs.map((r) => r.text).join('');
}
