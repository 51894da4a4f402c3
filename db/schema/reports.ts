import { integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { conferences } from './conferences.ts';
import { articles } from './news.ts';
import { users } from './users.ts';

/**
 * The documents of a conference's record: the minutes (biên bản, the secretary's) and the
 * chair's conclusions (kết luận), as sanitised HTML from the structured editor. Each has a
 * version that every save must name (two secretaries cannot overwrite each other).
 */
export const conferenceRecords = pgTable('conference_records', {
  conferenceId: uuid('conference_id')
    .primaryKey()
    .references(() => conferences.id, { onDelete: 'cascade' }),
  minutesHtml: text('minutes_html').notNull().default(''),
  minutesVersion: integer('minutes_version').notNull().default(0),
  minutesUpdatedAt: timestamp('minutes_updated_at', { withTimezone: true }),
  minutesUpdatedBy: uuid('minutes_updated_by').references(() => users.id, {
    onDelete: 'set null',
  }),
  /** Locked minutes are final: no more edits, and the public record shows them. */
  minutesLockedAt: timestamp('minutes_locked_at', { withTimezone: true }),
  minutesLockedBy: uuid('minutes_locked_by').references(() => users.id, { onDelete: 'set null' }),
  conclusionsHtml: text('conclusions_html').notNull().default(''),
  conclusionsVersion: integer('conclusions_version').notNull().default(0),
  conclusionsUpdatedAt: timestamp('conclusions_updated_at', { withTimezone: true }),
  conclusionsUpdatedBy: uuid('conclusions_updated_by').references(() => users.id, {
    onDelete: 'set null',
  }),
  /**
   * What the public conference page shows: the text as it was when published (later edits
   * are a draft until published again).
   */
  conclusionsPublishedHtml: text('conclusions_published_html').notNull().default(''),
  /** Published conclusions are shown on the public conference page. */
  conclusionsPublishedAt: timestamp('conclusions_published_at', { withTimezone: true }),
  conclusionsPublishedBy: uuid('conclusions_published_by').references(() => users.id, {
    onDelete: 'set null',
  }),
  /** The news draft made from the record (the latest one). */
  newsArticleId: uuid('news_article_id').references(() => articles.id, { onDelete: 'set null' }),
});
