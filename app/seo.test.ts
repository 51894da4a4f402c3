import { describe as suite, expect, it } from 'vitest';
import { canonicalUrl, cutAtWord, fitTitle, firstParagraph } from './seo.ts';

suite('seo helpers', () => {
  it('cut a description at a word, with an ellipsis', () => {
    const text = 'Hội nghị đối thoại trực tuyến toàn quốc giữa Thủ tướng và doanh nghiệp '.repeat(
      5,
    );
    const cut = cutAtWord(text, 160);
    expect(cut.length).toBeLessThanOrEqual(160);
    expect(cut.endsWith('…')).toBe(true);
    expect(text.startsWith(cut.slice(0, -1))).toBe(true);
    expect(text[cut.length - 1]).toBe(' ');
    expect(cutAtWord('  ngắn   gọn ', 160)).toBe('ngắn gọn');
  });

  it('fit a title in 70 characters, dropping the site name first', () => {
    expect(fitTitle('Tin tức', 'Cổng thông tin')).toBe('Tin tức – Cổng thông tin');
    const long = 'Tỉnh tổ chức hội nghị đối thoại với doanh nghiệp về thủ tục hành chính năm 2026';
    const title = fitTitle(long, 'Cổng thông tin điện tử');
    expect(title.length).toBeLessThanOrEqual(70);
    expect(title.endsWith('…')).toBe(true);
  });

  it('take the first paragraph and a canonical address without stray queries', () => {
    expect(firstParagraph('\nĐoạn một.\n\nĐoạn hai.')).toBe('Đoạn một.');
    expect(canonicalUrl('https://a.example', '/chuyen-muc/x/', '?page=2&utm=1')).toBe(
      'https://a.example/chuyen-muc/x?page=2',
    );
    expect(canonicalUrl('https://a.example', '/', '?q=1')).toBe('https://a.example/');
    // Every search's results, whatever their page, are known as the search page.
    expect(canonicalUrl('https://a.example', '/tim-kiem', '?page=2&q=chuyen')).toBe(
      'https://a.example/tim-kiem',
    );
  });
});
