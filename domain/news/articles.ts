import {
  and,
  asc,
  count,
  desc,
  eq,
  getTableColumns,
  gt,
  inArray,
  lte,
  ne,
  or,
  sql,
  type SQL,
} from 'drizzle-orm';
import type { Database, Executor } from '../../db/database.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { conferences } from '../../db/schema/conferences.ts';
import {
  articleLinks,
  articleRevisions,
  articles,
  articleViews,
  newsCategories,
  newsVideos,
  photos,
  siteLinks,
} from '../../db/schema/news.ts';
import { recordings } from '../../db/schema/recordings.ts';
import { users } from '../../db/schema/users.ts';
import type {
  CreateArticleInput,
  ListArticlesInput,
  UpdateArticleInput,
} from '../../protocol/news.ts';
import { changedFields, recordAudit } from '../audit/record-audit.ts';
import { requireAdmin, type Actor } from '../auth/policies.ts';
import { AppError } from '../errors.ts';
import { slugify, uniqueSlug } from '../slug.ts';
import {
  assertCanEdit,
  assertCanView,
  assertTransition,
  ownArticlesOnly,
  recordTransition,
} from './newsroom.ts';
import { requireEditor } from './photos.ts';
import { revisionChanges } from './revision-diff.ts';
import { bodyToText, bodyVideos, cleanBody } from './sanitize.ts';
import { videoPath } from './videos.ts';

export type ArticleRow = typeof articles.$inferSelect;

/** An article's views (table article_views, kept by domain/news/views.ts), 0 before any. */
export const viewCountOf =
  sql<number>`coalesce((select v.view_count from article_views v where v.article_id = ${articles.id}), 0)`.mapWith(
    Number,
  );

/** What a list of articles shows of each (a card). */
export const cardFields = {
  id: articles.id,
  slug: articles.slug,
  title: articles.title,
  summary: articles.summary,
  publishedAt: articles.publishedAt,
  coverPhotoId: articles.coverPhotoId,
  featured: articles.featured,
  categoryId: articles.categoryId,
  viewCount: viewCountOf,
};
export const PAGE_SIZE = 12;
/** Versions shown in an article's history. */
const HISTORY_SIZE = 50;

/** Published and due: a scheduled article appears by itself once its time has come. */
export const isLive = () =>
  and(eq(articles.status, 'published'), lte(articles.publishedAt, sql`now()`));

function tagFields(tags: string[]) {
  const unique = [...new Map(tags.map((t) => [slugify(t, 60), t])).entries()];
  return { tags: unique.map(([, t]) => t), tagSlugs: unique.map(([s]) => s) };
}

/**
 * The body as it is stored: sanitised (sanitize.ts), and without videos that do not
 * exist (an uploaded video unknown here, a recording not assembled or of another
 * conference).
 */
export async function cleanArticleBody(db: Executor, html: string) {
  const first = cleanBody(html);
  const { videos, recordings: recs } = bodyVideos(first.html);
  if (!videos.length && !recs.length) return first;
  const [knownVideos, knownRecordings] = await Promise.all([
    videos.length
      ? db.select({ id: newsVideos.id }).from(newsVideos).where(inArray(newsVideos.id, videos))
      : [],
    recs.length
      ? db
          .select({ id: recordings.id, conferenceId: recordings.conferenceId })
          .from(recordings)
          .where(
            and(
              inArray(
                recordings.id,
                recs.map((r) => r.recordingId),
              ),
              eq(recordings.status, 'ready'),
            ),
          )
      : [],
  ]);
  const missing = new Set<string>([
    ...videos.filter((id) => !knownVideos.some((v) => v.id === id)).map(videoPath),
    ...recs
      .filter(
        (r) =>
          !knownRecordings.some((k) => k.id === r.recordingId && k.conferenceId === r.conferenceId),
      )
      .map((r) => `/media/recordings/${r.conferenceId}/${r.recordingId}.mp4`),
  ]);
  if (!missing.size) return first;
  const second = cleanBody(html, missing);
  return {
    html: second.html,
    droppedImages: [...new Set([...first.droppedImages, ...second.droppedImages])],
  };
}

/** What a revision compares: an edit that changes none of it is not a revision. */
const CONTENT_FIELDS = [
  'title',
  'summary',
  'bodyHtml',
  'authorName',
  'sourceName',
  'sourceUrl',
  'categoryId',
  'conferenceId',
  'coverPhotoId',
  'featured',
] as const;

function sameContent(a: ArticleRow, b: ArticleRow) {
  return (
    CONTENT_FIELDS.every((k) => a[k] === b[k]) && a.tags.join('\u0000') === b.tags.join('\u0000')
  );
}

async function revision(db: Executor, row: ArticleRow, editorId: string, action: string) {
  // The clock, not the transaction's start: versions saved in one request keep their order.
  await db
    .insert(articleRevisions)
    .values({ articleId: row.id, editorId, action, snapshot: row, at: sql`clock_timestamp()` });
}

async function replaceLinks(
  db: Executor,
  articleId: string,
  links: { title: string; url: string }[],
) {
  await db.delete(articleLinks).where(eq(articleLinks.articleId, articleId));
  if (links.length) {
    await db
      .insert(articleLinks)
      .values(links.map((l, position) => ({ ...l, articleId, position })));
  }
}

/** A conference an article may name publicly: public and past its draft. */
const isPublicConference = () =>
  and(eq(conferences.visibility, 'public'), ne(conferences.status, 'draft'));

/**
 * The category, conference and cover photo an article names must exist, and the
 * conference must be public: its title is shown on the public page.
 */
async function checkReferences(
  db: Executor,
  fields: {
    categoryId?: string | null;
    conferenceId?: string | null;
    coverPhotoId?: string | null;
  },
) {
  const problems: Record<string, string> = {};
  const [category, conference, photo] = await Promise.all([
    fields.categoryId
      ? db
          .select({ id: newsCategories.id })
          .from(newsCategories)
          .where(eq(newsCategories.id, fields.categoryId))
      : null,
    fields.conferenceId
      ? db
          .select({ id: conferences.id })
          .from(conferences)
          .where(and(eq(conferences.id, fields.conferenceId), isPublicConference()))
      : null,
    fields.coverPhotoId
      ? db.select({ id: photos.id }).from(photos).where(eq(photos.id, fields.coverPhotoId))
      : null,
  ]);
  if (category && !category.length) problems.categoryId = 'errors.unknown_category';
  if (conference && !conference.length) problems.conferenceId = 'errors.conference_not_public';
  if (photo && !photo.length) problems.coverPhotoId = 'errors.unknown_photo';
  if (Object.keys(problems).length) throw new AppError('validation', { fields: problems });
}

export async function createArticle(opts: {
  db: Database;
  actor: Actor | null;
  input: CreateArticleInput;
}) {
  const actor = requireEditor(opts.actor);
  const { links, tags, bodyHtml, ...fields } = opts.input;
  const { html: clean, droppedImages } = await cleanArticleBody(opts.db, bodyHtml);
  await checkReferences(opts.db, fields);
  for (let attempt = 0; ; attempt++) {
    try {
      return await opts.db.transaction(async (tx) => {
        const [row] = await tx
          .insert(articles)
          .values({
            ...fields,
            ...tagFields(tags),
            bodyHtml: clean,
            bodyText: bodyToText(clean),
            slug: await uniqueSlug(tx, articles, articles.slug, fields.title, 100),
            createdBy: actor.id,
            updatedBy: actor.id,
          })
          .returning();
        await replaceLinks(tx, row!.id, links);
        await revision(tx, row!, actor.id, 'created');
        return { ...row!, droppedImages };
      });
    } catch (err) {
      if (attempt < 3 && isUniqueViolation(err, 'articles_slug_key')) continue;
      throw err;
    }
  }
}

async function getRow(db: Executor, id: string, lock = false) {
  const query = db.select().from(articles).where(eq(articles.id, id)).limit(1);
  const [row] = lock ? await query.for('update') : await query;
  if (!row) throw new AppError('not_found');
  return row;
}

export async function updateArticle(opts: {
  db: Database;
  actor: Actor | null;
  articleId: string;
  input: UpdateArticleInput;
}) {
  const actor = requireEditor(opts.actor);
  const { links, tags, bodyHtml, baseUpdatedAt, ...fields } = opts.input;
  return opts.db.transaction(async (tx) => {
    // Locked: two saves from the same version cannot both pass the check below.
    const before = await getRow(tx, opts.articleId, !!baseUpdatedAt);
    // Saved by someone else since this editor opened it: their work is not overwritten.
    if (baseUpdatedAt && before.updatedAt.getTime() !== baseUpdatedAt.getTime())
      throw new AppError('conflict', { messageKey: 'news.editConflict' });
    await assertCanEdit(tx, actor, before);
    await checkReferences(tx, fields);
    const body = bodyHtml === undefined ? undefined : await cleanArticleBody(tx, bodyHtml);
    const clean = body?.html;
    const [row] = await tx
      .update(articles)
      .set({
        ...fields,
        ...(tags ? tagFields(tags) : {}),
        ...(clean !== undefined ? { bodyHtml: clean, bodyText: bodyToText(clean) } : {}),
        updatedBy: actor.id,
        updatedAt: sql`now()`,
      })
      .where(eq(articles.id, opts.articleId))
      .returning();
    if (links) await replaceLinks(tx, row!.id, links);
    // Saving what was already there (e.g. just before publishing) records nothing.
    if (!sameContent(before, row!)) await revision(tx, row!, actor.id, 'updated');
    /** Images of the body that were not uploaded here, and so were left out. */
    return { ...row!, droppedImages: body?.droppedImages ?? [] };
  });
}

/**
 * Publishes the article. Its date is kept when it already has one (taken down and put
 * back, it is not re-dated); `publishAt` sets the date explicitly (in the past: an old
 * article imported with its own date; in the future: scheduled, live by itself once
 * due, no job); `redate` makes it now ("Cập nhật ngày đăng").
 */
export async function publishArticle(opts: {
  db: Database;
  actor: Actor | null;
  articleId: string;
  publishAt?: Date;
  redate?: boolean;
  /** The approver's word, kept in the workflow's timeline. */
  comment?: string;
}) {
  const actor = requireEditor(opts.actor);
  return opts.db.transaction(async (tx) => {
    const before = await getRow(tx, opts.articleId);
    const to = await assertTransition(tx, actor, before, 'publish');
    const at = opts.publishAt ?? (opts.redate ? null : before.publishedAt);
    const [row] = await tx
      .update(articles)
      .set({
        status: 'published',
        publishedAt: at ?? sql`now()`,
        updatedBy: actor.id,
        updatedAt: sql`now()`,
      })
      .where(eq(articles.id, opts.articleId))
      .returning();
    const now = Date.now();
    const due = row!.publishedAt!.getTime();
    const wasLive =
      before.status === 'published' && !!before.publishedAt && before.publishedAt.getTime() <= now;
    const dateChanged = before.publishedAt?.getTime() !== due;
    // Publishing what is already live, with its date, changes nothing.
    if (wasLive && !dateChanged) return row!;
    const action =
      due > now
        ? 'scheduled'
        : wasLive
          ? 'redated'
          : before.publishedAt && !dateChanged
            ? 'republished'
            : due < now - 60_000
              ? 'published_backdated'
              : 'published';
    await revision(tx, row!, actor.id, action);
    await recordTransition(tx, {
      articleId: row!.id,
      actorId: actor.id,
      action,
      from: before.status,
      to,
      comment: opts.comment,
    });
    await recordAudit(tx, {
      actor,
      action: action === 'scheduled' ? 'article.scheduled' : 'article.published',
      target: { type: 'article', id: row!.id, label: row!.title },
      before: { status: before.status, publishedAt: before.publishedAt?.toISOString() ?? null },
      after: { status: row!.status, publishedAt: row!.publishedAt!.toISOString() },
    });
    return row!;
  });
}

export async function unpublishArticle(opts: {
  db: Database;
  actor: Actor | null;
  articleId: string;
}) {
  const actor = requireEditor(opts.actor);
  return opts.db.transaction(async (tx) => {
    const before = await getRow(tx, opts.articleId);
    const to = await assertTransition(tx, actor, before, 'unpublish');
    const [row] = await tx
      .update(articles)
      .set({ status: 'unpublished', updatedBy: actor.id, updatedAt: sql`now()` })
      .where(eq(articles.id, opts.articleId))
      .returning();
    await revision(tx, row!, actor.id, 'unpublished');
    await recordTransition(tx, {
      articleId: row!.id,
      actorId: actor.id,
      action: 'unpublished',
      from: before.status,
      to,
    });
    await recordAudit(tx, {
      actor,
      action: 'article.unpublished',
      target: { type: 'article', id: row!.id, label: row!.title },
      before: { status: before.status },
      after: { status: row!.status },
    });
    return row!;
  });
}

function searchCondition(q: string | undefined): SQL | undefined {
  const words = (q ?? '').split(/\s+/).filter(Boolean).slice(0, 8);
  if (!words.length) return undefined;
  return and(
    ...words.map(
      (w) =>
        sql`search_normalize(${articles.title} || ' ' || ${articles.summary} || ' ' || ${articles.bodyText}) like '%' || search_normalize(${w.replace(/[\\%_]/g, (c) => `\\${c}`)}) || '%'`,
    ),
  );
}

/** The editors' list: every status, filtered and searched. */
export async function listArticles(opts: {
  db: Database;
  actor: Actor | null;
  input: ListArticlesInput;
}) {
  const own = ownArticlesOnly(requireEditor(opts.actor));
  const { q, status, categoryId, authorId, page } = opts.input;
  const statusCondition =
    status === 'scheduled'
      ? and(eq(articles.status, 'published'), gt(articles.publishedAt, sql`now()`))
      : status === 'published'
        ? isLive()
        : status
          ? eq(articles.status, status)
          : undefined;
  const where = and(
    statusCondition,
    categoryId ? eq(articles.categoryId, categoryId) : undefined,
    authorId ? eq(articles.createdBy, authorId) : undefined,
    own ? eq(articles.createdBy, own) : undefined,
    searchCondition(q),
  );
  const [rows, [total]] = await Promise.all([
    opts.db
      .select({
        id: articles.id,
        slug: articles.slug,
        title: articles.title,
        status: articles.status,
        publishedAt: articles.publishedAt,
        updatedAt: articles.updatedAt,
        viewCount: viewCountOf,
        categoryName: newsCategories.name,
      })
      .from(articles)
      .leftJoin(newsCategories, eq(newsCategories.id, articles.categoryId))
      .where(where)
      .orderBy(desc(articles.updatedAt))
      .limit(PAGE_SIZE)
      .offset((page - 1) * PAGE_SIZE),
    opts.db.select({ n: count() }).from(articles).where(where),
  ]);
  return { items: rows, total: total?.n ?? 0, page, pageSize: PAGE_SIZE };
}

export async function getArticleForEdit(opts: {
  db: Database;
  actor: Actor | null;
  articleId: string;
}) {
  requireEditor(opts.actor);
  const row = await getRow(opts.db, opts.articleId);
  assertCanView(opts.actor, row);
  const [links, history, [views]] = await Promise.all([
    opts.db
      .select()
      .from(articleLinks)
      .where(eq(articleLinks.articleId, row.id))
      .orderBy(asc(articleLinks.position)),
    opts.db
      .select({
        id: articleRevisions.id,
        action: articleRevisions.action,
        at: articleRevisions.at,
        editorId: articleRevisions.editorId,
        editorName: users.name,
        snapshot: articleRevisions.snapshot,
      })
      .from(articleRevisions)
      .leftJoin(users, eq(users.id, articleRevisions.editorId))
      .where(eq(articleRevisions.articleId, row.id))
      .orderBy(desc(articleRevisions.at))
      // One more than shown: the version the oldest shown one is compared with.
      .limit(HISTORY_SIZE + 1),
    opts.db
      .select({ n: articleViews.viewCount })
      .from(articleViews)
      .where(eq(articleViews.articleId, row.id)),
  ]);
  // Each version with what changed since the one before it, and the date it carried.
  const revisions = history.slice(0, HISTORY_SIZE).map(({ snapshot, ...r }, i) => ({
    ...r,
    publishedAt: typeof snapshot.publishedAt === 'string' ? snapshot.publishedAt : null,
    changes: revisionChanges(history[i + 1]?.snapshot, snapshot),
  }));
  return { article: { ...row, viewCount: views?.n ?? 0 }, links, revisions };
}

/** A published, due article with what its page shows; not found otherwise. */
export async function getPublishedArticle(opts: { db: Database; slug: string }) {
  // Who created and last edited it in the back office is for the staff, not readers.
  const { createdBy: _c, updatedBy: _u, ...columns } = getTableColumns(articles);
  const [row] = await opts.db
    .select({ ...columns, viewCount: viewCountOf })
    .from(articles)
    .where(and(eq(articles.slug, opts.slug), isLive()))
    .limit(1);
  if (!row) throw new AppError('not_found');
  const [links, category, conference, related] = await Promise.all([
    opts.db
      .select()
      .from(articleLinks)
      .where(eq(articleLinks.articleId, row.id))
      .orderBy(asc(articleLinks.position)),
    row.categoryId
      ? opts.db.select().from(newsCategories).where(eq(newsCategories.id, row.categoryId))
      : Promise.resolve([]),
    row.conferenceId
      ? opts.db
          .select({ id: conferences.id, slug: conferences.slug, title: conferences.title })
          .from(conferences)
          .where(and(eq(conferences.id, row.conferenceId), isPublicConference()))
      : Promise.resolve([]),
    opts.db
      .select({
        id: articles.id,
        slug: articles.slug,
        title: articles.title,
        publishedAt: articles.publishedAt,
        coverPhotoId: articles.coverPhotoId,
      })
      .from(articles)
      .where(
        and(
          isLive(),
          ne(articles.id, row.id),
          or(
            row.categoryId ? eq(articles.categoryId, row.categoryId) : undefined,
            row.tagSlugs.length
              ? sql`${articles.tagSlugs} && ${sql.param(row.tagSlugs)}::text[]`
              : undefined,
          ),
        ),
      )
      .orderBy(desc(articles.publishedAt))
      .limit(5),
  ]);
  return {
    article: row,
    links,
    category: category[0] ?? null,
    conference: conference[0] ?? null,
    related,
  };
}

/** A tag as readers see it (its name as written), if some live article carries it. */
export async function getTag(opts: {
  db: Database;
  slug: string;
}): Promise<{ slug: string; name: string }> {
  const [row] = await opts.db
    .select({
      name: sql<string>`${articles.tags}[array_position(${articles.tagSlugs}, ${opts.slug})]`,
    })
    .from(articles)
    .where(and(isLive(), sql`${opts.slug} = any(${articles.tagSlugs})`))
    .orderBy(desc(articles.publishedAt))
    .limit(1);
  if (!row?.name) throw new AppError('not_found');
  return { slug: opts.slug, name: row.name };
}

/** Published articles, newest first; in a category or under a tag when given. */
export async function listPublished(opts: {
  db: Database;
  categoryId?: string;
  tagSlug?: string;
  conferenceId?: string;
  page?: number;
}) {
  const page = opts.page ?? 1;
  const where = and(
    isLive(),
    opts.categoryId ? eq(articles.categoryId, opts.categoryId) : undefined,
    opts.tagSlug ? sql`${opts.tagSlug} = any(${articles.tagSlugs})` : undefined,
    opts.conferenceId ? eq(articles.conferenceId, opts.conferenceId) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    opts.db
      .select(cardFields)
      .from(articles)
      .where(where)
      .orderBy(desc(articles.publishedAt))
      .limit(PAGE_SIZE)
      .offset((page - 1) * PAGE_SIZE),
    opts.db.select({ n: count() }).from(articles).where(where),
  ]);
  return { items: rows, total: total?.n ?? 0, page, pageSize: PAGE_SIZE };
}

export function listCategories(opts: { db: Executor }) {
  return opts.db
    .select()
    .from(newsCategories)
    .orderBy(asc(newsCategories.position), asc(newsCategories.name));
}

export async function createCategory(opts: {
  db: Database;
  actor: Actor | null;
  input: { name: string; description: string; position: number };
}) {
  const actor = requireAdmin(opts.actor);
  try {
    return await opts.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(newsCategories)
        .values({ ...opts.input, slug: slugify(opts.input.name, 60) })
        .returning();
      await recordAudit(tx, {
        actor,
        action: 'category.created',
        target: { type: 'category', id: row!.id, label: row!.name },
        after: { name: row!.name, description: row!.description, slug: row!.slug },
      });
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

export function listSiteLinks(opts: { db: Executor }) {
  return opts.db.select().from(siteLinks).orderBy(asc(siteLinks.position));
}

/** Replaces the site-wide "Liên kết website" list (administrators). */
export async function setSiteLinks(opts: {
  db: Database;
  actor: Actor | null;
  links: { title: string; url: string }[];
}) {
  const actor = requireAdmin(opts.actor);
  return opts.db.transaction(async (tx) => {
    const before = (await listSiteLinks({ db: tx })).map(({ title, url }) => ({ title, url }));
    await tx.delete(siteLinks);
    if (opts.links.length)
      await tx.insert(siteLinks).values(opts.links.map((l, position) => ({ ...l, position })));
    const changed = changedFields({ links: before }, { links: opts.links });
    if (changed) {
      await recordAudit(tx, {
        actor,
        action: 'site_settings.links_changed',
        target: { type: 'site_settings', id: 'links' },
        ...changed,
      });
    }
    return listSiteLinks({ db: tx });
  });
}

export async function getCategoryBySlug(opts: { db: Database; slug: string }) {
  const [row] = await opts.db
    .select()
    .from(newsCategories)
    .where(eq(newsCategories.slug, opts.slug))
    .limit(1);
  if (!row) throw new AppError('not_found');
  return row;
}

/** Every live article's address and date, for the sitemap and feeds. */
export function listLiveForFeeds(opts: { db: Database; categoryId?: string; limit?: number }) {
  return opts.db
    .select({
      slug: articles.slug,
      title: articles.title,
      summary: articles.summary,
      publishedAt: articles.publishedAt,
      updatedAt: articles.updatedAt,
    })
    .from(articles)
    .where(and(isLive(), opts.categoryId ? eq(articles.categoryId, opts.categoryId) : undefined))
    .orderBy(desc(articles.publishedAt))
    .limit(opts.limit ?? 50_000);
}

/** Everyone who has written an article, for the editors' author filter. */
export async function listAuthors(opts: { db: Database; actor: Actor | null }) {
  requireEditor(opts.actor);
  return opts.db
    .selectDistinct({ id: users.id, name: users.name })
    .from(articles)
    .innerJoin(users, eq(users.id, articles.createdBy))
    .orderBy(asc(users.name));
}
