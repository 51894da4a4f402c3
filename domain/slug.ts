/** Vietnamese text to a URL slug: `Đối thoại năm 2021` → `doi-thoai-nam-2021`. */
export function slugify(text: string, maxLength = 80): string {
  const slug = text
    .replace(/[đĐ]/g, 'd')
    .normalize('NFD')
    .replace(/\p{Mn}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug.slice(0, maxLength).replace(/-+$/, '') || 'muc';
}

/** Lower-case, without diacritics, single-spaced: for matching names typed by people. */
export function normalizeName(text: string): string {
  return text
    .replace(/[đĐ]/g, 'd')
    .normalize('NFD')
    .replace(/\p{Mn}/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}
