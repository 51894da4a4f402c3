import { describe, expect, it } from 'vitest';
import { highlight } from './highlight.ts';

const marked = (text: string, q: string) =>
  highlight(text, q)
    .filter((s) => s.match)
    .map((s) => s.text);

describe('highlight', () => {
  it('matches without diacritics and case', () => {
    expect(marked('Đẩy mạnh Chuyển đổi số ở xã', 'chuyen doi so')).toEqual(['Chuyển đổi số']);
    expect(marked('Đối thoại', 'doi thoai')).toEqual(['Đối thoại']);
  });
  it('keeps the text whole', () => {
    const text = 'Mô hình <script>alert(1)</script> chuyển đổi số';
    expect(
      highlight(text, 'so')
        .map((s) => s.text)
        .join(''),
    ).toBe(text);
  });
  it('ignores one-letter words and empty queries', () => {
    expect(highlight('abc', 'a')).toEqual([{ text: 'abc', match: false }]);
    expect(highlight('abc', undefined)).toEqual([{ text: 'abc', match: false }]);
  });
});
