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

  it('cuts long titles after a whole word, never inside one', () => {
    expect(slugify('a'.repeat(50) + ' ' + 'b'.repeat(50), 60)).toBe('a'.repeat(50));
    // A word ending exactly at the limit stays whole.
    expect(slugify('mot hai ba', 7)).toBe('mot-hai');
    expect(slugify('Người dân đặt câu hỏi bất ngờ', 24)).toBe('nguoi-dan-dat-cau-hoi');
    // One word longer than the limit: cut, since nothing shorter names it.
    expect(slugify('x'.repeat(90))).toBe('x'.repeat(80));
  });
});

describe('normalizeName', () => {
  it('ignores case, diacritics and spacing', () => {
    expect(normalizeName('  Thành phố  Hồ Chí Minh ')).toBe('thanh pho ho chi minh');
    expect(normalizeName('Tỉnh Đắk Lắk')).toBe(normalizeName('tinh dak lak'));
  });
});
