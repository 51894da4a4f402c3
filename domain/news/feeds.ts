import { and, desc, eq } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';
import { articles } from '../../db/schema/news.ts';
import { isLive } from './articles.ts';

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  '#39': "'",
};

/** The text of a (sanitised) body's first non-empty paragraph. */
export function firstParagraphText(html: string): string {
  for (const m of html.matchAll(/<p\b[^>]*>([\s\S]*?)<\/p>/gi)) {
    const text = m[1]!
      .replace(/<[^>]*>/g, '')
      .replace(/&(#?\w+);/g, (all, name: string) =>
        name in ENTITIES
          ? ENTITIES[name]!
          : /^#\d+$/.test(name)
            ? String.fromCodePoint(Number(name.slice(1)))
            : all,
      )
      .replace(/\s+/g, ' ')
      .trim();
    if (text) return text;
  }
  return '';
}

/** What an article is about in a sentence or two: its sapo, else its first paragraph. */
export const articleDescription = (a: { summary: string; bodyHtml: string; bodyText?: string }) =>
  a.summary || firstParagraphText(a.bodyHtml) || (a.bodyText ?? '');

/** The latest live articles for a feed, each with its description (sapo or first paragraph). */
export async function listFeedItems(opts: { db: Database; categoryId?: string; limit?: number }) {
  const rows = await opts.db
    .select({
      slug: articles.slug,
      title: articles.title,
      summary: articles.summary,
      bodyHtml: articles.bodyHtml,
      authorName: articles.authorName,
      publishedAt: articles.publishedAt,
      updatedAt: articles.updatedAt,
    })
    .from(articles)
    .where(and(isLive(), opts.categoryId ? eq(articles.categoryId, opts.categoryId) : undefined))
    .orderBy(desc(articles.publishedAt))
    .limit(opts.limit ?? 50);
  return rows.map(({ bodyHtml, ...row }) => ({
    ...row,
    description: articleDescription({ summary: row.summary, bodyHtml }),
  }));
}
