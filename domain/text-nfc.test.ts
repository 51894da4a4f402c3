import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toTable } from './conferences/import-format.ts';
import { queryWords } from './news/search.ts';
import { parseInput } from './validation.ts';
import { z } from 'zod';

// "Đối thoại" as some keyboards and spreadsheets write it: letters and combining marks.
const decomposed = 'Đối thoại phát triển'.normalize('NFD');

describe('text is stored in NFC', () => {
  it('from forms, the API and the live WebSocket (parseInput), nested too', () => {
    const out = parseInput(z.object({ a: z.string(), b: z.array(z.object({ c: z.string() })) }), {
      a: decomposed,
      b: [{ c: decomposed }],
    });
    expect(out.a).toBe('Đối thoại phát triển');
    expect(out.b[0]!.c).toBe('Đối thoại phát triển');
  });

  it('from CSV and XLSX imports', () => {
    const table = toTable('sites', [
      { line: 1, values: ['Tên điểm cầu'.normalize('NFD'), 'Địa chỉ'] },
      { line: 2, values: [decomposed, `  ${decomposed} `] },
    ]);
    expect(table.rows[0]!.cells).toEqual({
      name: 'Đối thoại phát triển',
      address: 'Đối thoại phát triển',
    });
  });

  it('in search queries', () => {
    expect(queryWords(decomposed)).toEqual(['Đối', 'thoại', 'phát', 'triển']);
  });

  it('in the demo data', () => {
    const dir = join(import.meta.dirname, 'demo');
    for (const file of readdirSync(dir)) {
      const text = readFileSync(join(dir, file), 'utf8');
      expect(text === text.normalize('NFC'), file).toBe(true);
    }
  });
});
