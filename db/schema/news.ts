import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { articleStatuses } from '../../protocol/news.ts';
import { conferences } from './conferences.ts';
import { storedFiles } from './files.ts';
import { users } from './users.ts';

export const newsCategories = pgTable(
  'news_categories',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    position: integer('position').notNull().default(0),
    /** Left out of the menu, the home page and the sitemap; its page still answers. */
    hidden: boolean('hidden').notNull().default(false),
  },
  (t) => [uniqueIndex('news_categories_slug_key').on(t.slug)],
);

/** An article's place in the newsroom's workflow (domain/news/workflow.ts). */
export { articleStatuses };

/**
 * News articles. `bodyHtml` is sanitised on the server before it is stored; a
 * published article with `publishedAt` in the future is scheduled and goes live by
 * itself when that time comes.
 */
export const articles = pgTable(
  'articles',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    slug: text('slug').notNull(),
    title: text('title').notNull(),
    summary: text('summary').notNull().default(''),
    bodyHtml: text('body_html').notNull().default(''),
    /** The body as plain text, for search and descriptions. */
    bodyText: text('body_text').notNull().default(''),
    coverPhotoId: uuid('cover_photo_id'),
    authorName: text('author_name').notNull().default(''),
    sourceName: text('source_name').notNull().default(''),
    sourceUrl: text('source_url'),
    categoryId: uuid('category_id').references(() => newsCategories.id, { onDelete: 'set null' }),
    conferenceId: uuid('conference_id').references(() => conferences.id, { onDelete: 'set null' }),
    tags: text('tags')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    tagSlugs: text('tag_slugs')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    status: text('status', { enum: articleStatuses }).notNull().default('draft'),
    featured: boolean('featured').notNull().default(false),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('articles_slug_key').on(t.slug),
    index('articles_published_idx').on(t.status, t.publishedAt),
    index('articles_category_idx').on(t.categoryId, t.publishedAt),
    index('articles_tags_idx').using('gin', t.tagSlugs),
    index('articles_search_idx').using(
      'gin',
      sql`search_normalize(${t.title} || ' ' || ${t.summary} || ' ' || ${t.bodyText}) gin_trgm_ops`,
    ),
  ],
);

/**
 * Each article's views, counted by the view beacon (domain/news/views.ts). A narrow table
 * of its own: the counter adds a second's views to thousands of articles at once, and an
 * update of the wide `articles` row would rewrite its search indexes every time.
 */
export const articleViews = pgTable(
  'article_views',
  {
    articleId: uuid('article_id')
      .primaryKey()
      .references(() => articles.id, { onDelete: 'cascade' }),
    viewCount: bigint('view_count', { mode: 'number' }).notNull().default(0),
  },
  (t) => [index('article_views_count_idx').on(t.viewCount)],
);

/** The "Liên kết website" block of one article. */
export const articleLinks = pgTable(
  'article_links',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    articleId: uuid('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    title: text('title').notNull(),
    url: text('url').notNull(),
  },
  (t) => [index('article_links_idx').on(t.articleId, t.position)],
);

/** The site-wide "Liên kết website" list, managed by administrators. */
export const siteLinks = pgTable('site_links', {
  id: uuid('id').primaryKey().defaultRandom(),
  position: integer('position').notNull(),
  title: text('title').notNull(),
  url: text('url').notNull(),
});

/** Who changed what and when: the article as it was after each save. */
export const articleRevisions = pgTable(
  'article_revisions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    articleId: uuid('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    editorId: uuid('editor_id').references(() => users.id, { onDelete: 'set null' }),
    action: text('action').notNull(),
    /** The article as it was saved (its columns, dates as ISO strings). */
    snapshot: jsonb('snapshot').$type<Record<string, unknown>>().notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('article_revisions_idx').on(t.articleId, t.at)],
);

/** A photo and its resized variants (re-encoded, metadata stripped). */
export const photos = pgTable('photos', {
  id: uuid('id').primaryKey().defaultRandom(),
  width: integer('width').notNull(),
  height: integer('height').notNull(),
  createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const photoVariants = pgTable(
  'photo_variants',
  {
    photoId: uuid('photo_id')
      .notNull()
      .references(() => photos.id, { onDelete: 'cascade' }),
    width: integer('width').notNull(),
    format: text('format', { enum: ['webp', 'jpeg'] }).notNull(),
    fileId: uuid('file_id')
      .notNull()
      .references(() => storedFiles.id),
  },
  (t) => [uniqueIndex('photo_variants_key').on(t.photoId, t.width, t.format)],
);

/**
 * A video uploaded for articles: the MP4 is a file under `MEDIA_DIR/videos/<id>.mp4`
 * (ADR 9: video is served with ranges from the media folder, not from the database).
 */
export const newsVideos = pgTable('news_videos', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  bytes: bigint('bytes', { mode: 'number' }).notNull(),
  createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * The portal's own particulars (one row, id 1): names, emblem and the duties of a
 * state e-portal shown in the footer (Nghị định 42/2022/NĐ-CP), set by administrators.
 * The fields live in `data`, checked by `SiteSettings` (protocol/site-settings.ts).
 */
export const siteSettings = pgTable('site_settings', {
  id: integer('id').primaryKey(),
  data: jsonb('data').$type<Record<string, unknown>>().notNull(),
  updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * The newsroom's workflow as it happened: each submission, return (with the comment the
 * author or the editors read), sending for approval, publication and unpublication.
 */
export const articleTransitions = pgTable(
  'article_transitions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    articleId: uuid('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    actorId: uuid('actor_id').references(() => users.id, { onDelete: 'set null' }),
    action: text('action').notNull(),
    fromStatus: text('from_status', { enum: articleStatuses }).notNull(),
    toStatus: text('to_status', { enum: articleStatuses }).notNull(),
    comment: text('comment').notNull().default(''),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('article_transitions_idx').on(t.articleId, t.at)],
);

/** The newsroom's settings: one row (id 1); no row means the defaults. */
export const newsroomSettings = pgTable(
  'newsroom_settings',
  {
    id: integer('id').primaryKey().default(1),
    /** The three-step workflow (reporter → editor → approver); off: editors publish directly. */
    workflowEnabled: boolean('workflow_enabled').notNull().default(false),
    updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('newsroom_settings_single_row', sql`${t.id} = 1`)],
);

/** Who switched the workflow on or off, and when. */
export const newsroomSettingChanges = pgTable('newsroom_setting_changes', {
  id: uuid('id').primaryKey().defaultRandom(),
  actorId: uuid('actor_id').references(() => users.id, { onDelete: 'set null' }),
  workflowEnabled: boolean('workflow_enabled').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
});
