import { describe, expect, it } from 'vitest';
import { normalizeName, slugify } from './slug.ts';

describe('slugify', () => {
  it.each([
    ['Đối thoại phát triển địa phương năm 2021', 'doi-thoai-phat-trien-dia-phuong-nam-2021'],
    ['  Chuyển đổi số: “từ cơ sở”! ', 'chuyen-doi-so-tu-co-so'],
    ['ĐẮK LẮK – Gia Lai', 'dak-lak-gia-lai'],
    ['Thủ tướng Chính phủ', 'thu-tuong-chinh-phu'],
    ['!!!', 'muc'],
  ])('%s → %s', (text, slug) => {
    expect(slugify(text)).toBe(slug);
  });

  it('cuts long titles at a word boundary dash', () => {
    expect(slugify('a'.repeat(50) + ' ' + 'b'.repeat(50), 60)).toBe(
      'a'.repeat(50) + '-' + 'b'.repeat(9),
    );
  });
});

describe('normalizeName', () => {
  it('ignores case, diacritics and spacing', () => {
    expect(normalizeName('  Thành phố  Hồ Chí Minh ')).toBe('thanh pho ho chi minh');
    expect(normalizeName('Tỉnh Đắk Lắk')).toBe(normalizeName('tinh dak lak'));
  });
});
