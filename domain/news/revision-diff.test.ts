import { describe, expect, it } from 'vitest';
import { diffText, revisionChanges } from './revision-diff.ts';

describe('revision diffs', () => {
  it('compare Vietnamese text word by word', () => {
    expect(diffText('Hội nghị bàn về nhân lực số', 'Hội nghị bàn giải pháp nhân lực số')).toEqual([
      { kind: 'same', text: 'Hội nghị bàn ' },
      { kind: 'removed', text: 'về' },
      { kind: 'added', text: 'giải pháp' },
      { kind: 'same', text: ' nhân lực số' },
    ]);
    expect(diffText('giống', 'giống')).toBeNull();
  });

  it('shorten long unchanged and long added stretches', () => {
    const long = Array.from({ length: 200 }, (_, i) => `từ${i}`).join(' ');
    const parts = diffText(`${long} cũ`, `${long} mới`)!;
    expect(parts[0]!.kind).toBe('same');
    expect(parts[0]!.text.startsWith('… ')).toBe(true);
    expect(parts[0]!.text.length).toBeLessThan(long.length / 2);
    const added = diffText('', 'x'.repeat(5000))!;
    expect(added[0]!.text.length).toBeLessThan(700);
  });

  it('list the fields that changed, none for a first version', () => {
    const a = { title: 'Tiêu đề', summary: 'Sapo', bodyText: 'Nội dung' };
    expect(revisionChanges(undefined, a)).toEqual([]);
    expect(revisionChanges(a, { ...a, summary: 'Sapo mới' }).map((c) => c.field)).toEqual([
      'summary',
    ]);
  });
});
