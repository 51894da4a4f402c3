import { and, desc, eq } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';
import { articles } from '../../db/schema/news.ts';
import { cardFields, isLive, viewCountOf } from './articles.ts';
import { listVisibleCategories } from './categories.ts';

/** The most read live articles, by their exact view counts. */
export function listMostRead(opts: { db: Database; limit?: number }) {
  return opts.db
    .select(cardFields)
    .from(articles)
    .where(isLive())
    .orderBy(desc(viewCountOf), desc(articles.publishedAt))
    .limit(opts.limit ?? 5);
}

/**
 * What the portal's home page shows: the lead story (the newest featured one, else the
 * newest), the latest, the most read, and each visible category's newest articles.
 */
export async function getPortalHome(opts: { db: Database; perCategory?: number }) {
  const perCategory = opts.perCategory ?? 4;
  const [latest, mostRead, categories, [featured]] = await Promise.all([
    opts.db
      .select(cardFields)
      .from(articles)
      .where(isLive())
      .orderBy(desc(articles.publishedAt))
      .limit(12),
    listMostRead({ db: opts.db, limit: 5 }),
    listVisibleCategories({ db: opts.db }),
    opts.db
      .select(cardFields)
      .from(articles)
      .where(and(isLive(), eq(articles.featured, true)))
      .orderBy(desc(articles.publishedAt))
      .limit(1),
  ]);
  const lead = featured ?? latest[0] ?? null;
  // Each category's newest few: one indexed query per category (articles_category_idx).
  const perBlock = await Promise.all(
    categories.map((c) =>
      opts.db
        .select(cardFields)
        .from(articles)
        .where(and(isLive(), eq(articles.categoryId, c.id)))
        .orderBy(desc(articles.publishedAt))
        .limit(perCategory),
    ),
  );
  return {
    lead,
    latest: latest.filter((a) => a.id !== lead?.id).slice(0, 8),
    mostRead,
    blocks: categories
      .map((c, i) => ({
        category: { id: c.id, slug: c.slug, name: c.name },
        items: perBlock[i]!,
      }))
      .filter((b) => b.items.length > 0),
  };
}
