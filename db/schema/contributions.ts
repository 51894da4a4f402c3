import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { conferenceSites, conferenceThemes, conferences } from './conferences.ts';
import { storedFiles } from './files.ts';
import { users } from './users.ts';

export const contributionKinds = ['proposal', 'practice', 'question'] as const;
export const contributionStatuses = [
  'submitted',
  'published',
  'rejected',
  'under_consideration',
  'answered',
  'adopted',
  'merged',
] as const;
export const authorKinds = [
  'ministry',
  'locality',
  'expert',
  'manager',
  'business',
  'party_member',
  'citizen',
] as const;

/** Proposals, good practices and questions sent to a conference. Text only: rendered escaped. */
export const contributions = pgTable(
  'contributions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    conferenceId: uuid('conference_id')
      .notNull()
      .references(() => conferences.id, { onDelete: 'cascade' }),
    themeId: uuid('theme_id')
      .notNull()
      .references(() => conferenceThemes.id),
    kind: text('kind', { enum: contributionKinds }).notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    status: text('status', { enum: contributionStatuses }).notNull().default('submitted'),
    rejectReason: text('reject_reason'),
    mergedIntoId: uuid('merged_into_id'),
    pinned: boolean('pinned').notNull().default(false),
    answer: text('answer'),
    answeredBy: uuid('answered_by').references(() => users.id, { onDelete: 'set null' }),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    siteId: uuid('site_id').references(() => conferenceSites.id, { onDelete: 'set null' }),
    authorName: text('author_name').notNull(),
    authorKind: text('author_kind', { enum: authorKinds }).notNull(),
    authorUnit: text('author_unit').notNull().default(''),
    province: text('province').notNull().default(''),
    email: text('email'),
    phone: text('phone'),
    /** The author asked to be told by e-mail when it is published, answered or adopted. */
    notifyByEmail: boolean('notify_by_email').notNull().default(false),
    /** Client-chosen key: a retried or double-clicked submission is stored once. */
    idempotencyKey: text('idempotency_key'),
    /** HMAC of the author's private tracking token. */
    trackingId: text('tracking_id').notNull(),
    supportCount: integer('support_count').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    publishedAt: timestamp('published_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('contributions_idempotency_key').on(t.conferenceId, t.idempotencyKey),
    uniqueIndex('contributions_tracking_key').on(t.trackingId),
    index('contributions_conference_status_idx').on(t.conferenceId, t.status, t.createdAt),
    index('contributions_search_idx').using(
      'gin',
      sql`search_normalize(${t.title} || ' ' || ${t.body}) gin_trgm_ops`,
    ),
  ],
);

export const contributionAttachments = pgTable(
  'contribution_attachments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    contributionId: uuid('contribution_id')
      .notNull()
      .references(() => contributions.id, { onDelete: 'cascade' }),
    fileId: uuid('file_id')
      .notNull()
      .references(() => storedFiles.id),
  },
  (t) => [index('contribution_attachments_idx').on(t.contributionId)],
);

/** One support per signed-in user and contribution. */
export const contributionSupports = pgTable(
  'contribution_supports',
  {
    contributionId: uuid('contribution_id')
      .notNull()
      .references(() => contributions.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.contributionId, t.userId] })],
);

/** Who did what to a contribution, with the text before and after an edit. */
export const contributionHistory = pgTable(
  'contribution_history',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    contributionId: uuid('contribution_id')
      .notNull()
      .references(() => contributions.id, { onDelete: 'cascade' }),
    actorId: uuid('actor_id').references(() => users.id, { onDelete: 'set null' }),
    action: text('action').notNull(),
    details: jsonb('details')
      .$type<Record<string, unknown>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('contribution_history_idx').on(t.contributionId, t.at)],
);

/** Counters for rate limits on public forms, per key and window. */
export const rateCounters = pgTable('rate_counters', {
  key: text('key').primaryKey(),
  count: integer('count').notNull(),
  windowStartedAt: timestamp('window_started_at', { withTimezone: true }).notNull(),
});
