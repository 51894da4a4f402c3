import { diffWords } from 'diff';

/** One run of a diff: kept, added or removed text (long kept runs are shortened). */
export interface DiffPart {
  kind: 'same' | 'added' | 'removed';
  text: string;
}
export interface FieldChange {
  field: 'title' | 'summary' | 'body';
  parts: DiffPart[];
}

const segmenter = new Intl.Segmenter('vi', { granularity: 'word' });
/** Words of context kept on each side of a change. */
const CONTEXT = 12;
/** Past this many edits between two texts, the change is shown whole (removed, then added). */
const MAX_EDIT = 4000;

function shorten(text: string, keepStart: boolean, keepEnd: boolean): string {
  const words = text.split(/(\s+)/);
  const n = CONTEXT * 2;
  if (words.length <= n * 2 + 1) return text;
  const head = keepStart ? words.slice(0, n).join('') : '';
  const tail = keepEnd ? words.slice(-n).join('') : '';
  return `${head}${keepStart ? ' … ' : '… '}${tail}`.trim();
}

/** A long added or removed stretch (a pasted page) shows its start and end. */
function cut(text: string): string {
  return text.length <= LONG ? text : `${text.slice(0, LONG / 2)} … ${text.slice(-LONG / 4)}`;
}
const LONG = 800;

/** What changed between two texts, word by word (unchanged stretches shortened). */
export function diffText(before: string, after: string): DiffPart[] | null {
  if (before === after) return null;
  const changes = diffWords(before, after, { intlSegmenter: segmenter, maxEditLength: MAX_EDIT });
  if (!changes) {
    return [
      ...(before ? [{ kind: 'removed' as const, text: before }] : []),
      ...(after ? [{ kind: 'added' as const, text: after }] : []),
    ];
  }
  return changes.map((c, i) => {
    const kind = c.added ? 'added' : c.removed ? 'removed' : 'same';
    const text = kind === 'same' ? shorten(c.value, i > 0, i < changes.length - 1) : cut(c.value);
    return { kind, text };
  });
}

type Snapshot = Record<string, unknown>;
const text = (s: Snapshot | undefined, k: string) => (typeof s?.[k] === 'string' ? s[k] : '');

/**
 * The title, sapo and body text changes from one saved version to the next (none for
 * the first version, or when the one before is not at hand).
 */
export function revisionChanges(before: Snapshot | undefined, after: Snapshot): FieldChange[] {
  const out: FieldChange[] = [];
  if (!before) return out;
  for (const [field, key] of [
    ['title', 'title'],
    ['summary', 'summary'],
    ['body', 'bodyText'],
  ] as const) {
    const parts = diffText(text(before, key), text(after, key));
    if (parts) out.push({ field, parts });
  }
  return out;
}
