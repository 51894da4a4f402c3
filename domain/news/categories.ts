import { and, asc, count, eq, sql } from 'drizzle-orm';
import type { Database, Executor } from '../../db/database.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { articles, newsCategories } from '../../db/schema/news.ts';
import type { UpdateCategoryInput } from '../../protocol/categories.ts';
import { changedFields, recordAudit } from '../audit/record-audit.ts';
import { requireAdmin, type Actor } from '../auth/policies.ts';
import { AppError } from '../errors.ts';

/**
 * Categories as administrators manage them: edit, reorder, hide, remove. A hidden
 * category is left out of the menu, the home page and the sitemap, but its page and
 * feed still answer (old links and the articles' breadcrumbs keep working).
 */

/** The categories readers see in the menu and on the home page, in order. */
export function listVisibleCategories(opts: { db: Executor }) {
  return opts.db
    .select()
    .from(newsCategories)
    .where(eq(newsCategories.hidden, false))
    .orderBy(asc(newsCategories.position), asc(newsCategories.name));
}

async function getCategory(db: Executor, id: string) {
  const [row] = await db.select().from(newsCategories).where(eq(newsCategories.id, id)).limit(1);
  if (!row) throw new AppError('not_found');
  return row;
}

export async function updateCategory(opts: {
  db: Database;
  actor: Actor | null;
  categoryId: string;
  input: UpdateCategoryInput;
}) {
  const actor = requireAdmin(opts.actor);
  const { name, description, hidden } = opts.input;
  try {
    return await opts.db.transaction(async (tx) => {
      const previous = await getCategory(tx, opts.categoryId);
      const [row] = await tx
        .update(newsCategories)
        .set({
          ...(name !== undefined ? { name } : {}),
          ...(description !== undefined ? { description } : {}),
          ...(hidden !== undefined ? { hidden } : {}),
        })
        .where(eq(newsCategories.id, opts.categoryId))
        .returning();
      const changed = changedFields(
        { name: previous.name, description: previous.description, hidden: previous.hidden },
        { name: row!.name, description: row!.description, hidden: row!.hidden },
      );
      if (changed) {
        await recordAudit(tx, {
          actor,
          action: 'category.updated',
          target: { type: 'category', id: row!.id, label: row!.name },
          ...changed,
        });
      }
      return row!;
    });
  } catch (err) {
    if (isUniqueViolation(err))
      throw new AppError('conflict', {
        messageKey: 'errors.category_taken',
        fields: { name: 'errors.category_taken' },
      });
    throw err;
  }
}

/** Puts the categories in the given order: every category's id, each once. */
export async function reorderCategories(opts: {
  db: Database;
  actor: Actor | null;
  ids: string[];
}) {
  const actor = requireAdmin(opts.actor);
  return opts.db.transaction(async (tx) => {
    const rows = await tx
      .select({ id: newsCategories.id })
      .from(newsCategories)
      .orderBy(asc(newsCategories.position), asc(newsCategories.name));
    const known = new Set(rows.map((r) => r.id));
    const given = new Set(opts.ids);
    if (
      given.size !== opts.ids.length ||
      given.size !== known.size ||
      ![...given].every((id) => known.has(id))
    )
      throw new AppError('validation', { fields: { ids: 'errors.category_order' } });
    for (const [position, id] of opts.ids.entries()) {
      await tx.update(newsCategories).set({ position }).where(eq(newsCategories.id, id));
    }
    const before = rows.map((r) => r.id);
    if (before.join() !== opts.ids.join()) {
      await recordAudit(tx, {
        actor,
        action: 'category.reordered',
        target: { type: 'category' },
        before: { order: before },
        after: { order: opts.ids },
      });
    }
    return tx
      .select()
      .from(newsCategories)
      .orderBy(asc(newsCategories.position), asc(newsCategories.name));
  });
}

/** Moves one category one place up or down (the order of the others kept). */
export async function moveCategory(opts: {
  db: Database;
  actor: Actor | null;
  categoryId: string;
  direction: 'up' | 'down';
}) {
  requireAdmin(opts.actor);
  const rows = await opts.db
    .select({ id: newsCategories.id })
    .from(newsCategories)
    .orderBy(asc(newsCategories.position), asc(newsCategories.name));
  const ids = rows.map((r) => r.id);
  const at = ids.indexOf(opts.categoryId);
  if (at < 0) throw new AppError('not_found');
  const to = opts.direction === 'up' ? at - 1 : at + 1;
  if (to >= 0 && to < ids.length) [ids[at], ids[to]] = [ids[to]!, ids[at]!];
  return reorderCategories({ db: opts.db, actor: opts.actor, ids });
}

/** What removing a category does: how many articles (of every status) it holds. */
export async function describeCategoryRemoval(opts: {
  db: Executor;
  actor: Actor | null;
  categoryId: string;
}) {
  requireAdmin(opts.actor);
  const category = await getCategory(opts.db, opts.categoryId);
  const [n] = await opts.db
    .select({ n: count() })
    .from(articles)
    .where(eq(articles.categoryId, category.id));
  return { id: category.id, name: category.name, articleCount: n?.n ?? 0 };
}

/**
 * Removes a category. Its articles are never deleted: they move to `moveTo`, or are
 * left without a category ("Không chuyên mục") and stay on the portal.
 */
export async function deleteCategory(opts: {
  db: Database;
  actor: Actor | null;
  categoryId: string;
  moveTo?: string | null;
}) {
  const actor = requireAdmin(opts.actor);
  const moveTo = opts.moveTo ?? null;
  if (moveTo === opts.categoryId)
    throw new AppError('validation', { fields: { moveTo: 'errors.category_move_self' } });
  return opts.db.transaction(async (tx) => {
    const removal = await describeCategoryRemoval({ ...opts, db: tx });
    if (moveTo)
      await getCategory(tx, moveTo).catch(() => {
        throw new AppError('validation', { fields: { moveTo: 'errors.unknown_category' } });
      });
    await tx
      .update(articles)
      .set({ categoryId: moveTo })
      .where(eq(articles.categoryId, opts.categoryId));
    await tx.delete(newsCategories).where(eq(newsCategories.id, opts.categoryId));
    await recordAudit(tx, {
      actor,
      action: 'category.deleted',
      target: { type: 'category', id: removal.id, label: removal.name },
      before: { name: removal.name, articleCount: removal.articleCount },
      after: { movedTo: moveTo },
    });
    return { ...removal, movedTo: moveTo };
  });
}

/** The number of live articles per category (for the administrators' list). */
export async function countArticlesByCategory(opts: { db: Executor }) {
  const rows = await opts.db
    .select({ categoryId: articles.categoryId, n: count() })
    .from(articles)
    .where(and(sql`${articles.categoryId} is not null`))
    .groupBy(articles.categoryId);
  return new Map(rows.map((r) => [r.categoryId!, r.n]));
}
