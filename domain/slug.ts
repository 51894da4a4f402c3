import { eq, or, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Executor } from '../db/database.ts';
/** Vietnamese text to a URL slug: `Đối thoại năm 2021` → `doi-thoai-nam-2021`. */
export function slugify(text: string, maxLength = 80): string {
  const slug = text
    .replace(/[đĐ]/g, 'd')
    .normalize('NFD')
    .replace(/\p{Mn}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug.length <= maxLength) return slug || 'muc';
  // Cut at the last whole word that fits (a word longer than the whole limit is cut).
  const cut = slug.slice(0, maxLength + 1);
  const dash = cut.lastIndexOf('-');
  return (dash > 0 ? cut.slice(0, dash) : slug.slice(0, maxLength)).replace(/-+$/, '') || 'muc';
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

/** A slug for `text` not yet used in `column`: `slug`, else `slug-2`, `slug-3`… */
export async function uniqueSlug(
  db: Executor,
  table: PgTable,
  column: PgColumn,
  text: string,
  maxLength?: number,
): Promise<string> {
  const base = slugify(text, maxLength);
  const taken = await db
    .select({ slug: column })
    .from(table)
    .where(or(eq(column, base), sql`${column} like ${`${base}-%`}`));
  const used = new Set(taken.map((r) => r.slug as string));
  if (!used.has(base)) return base;
  for (let i = 2; ; i++) if (!used.has(`${base}-${i}`)) return `${base}-${i}`;
}
