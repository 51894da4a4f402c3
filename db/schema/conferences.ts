import {
  boolean,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

export const conferenceStatuses = ['draft', 'scheduled', 'live', 'ended', 'archived'] as const;

export const conferences = pgTable(
  'conferences',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    slug: text('slug').notNull(),
    title: text('title').notNull(),
    theme: text('theme').notNull(),
    description: text('description').notNull().default(''),
    organiser: text('organiser').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    status: text('status', { enum: conferenceStatuses }).notNull().default('draft'),
    visibility: text('visibility', { enum: ['public', 'internal'] })
      .notNull()
      .default('public'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('conferences_slug_key').on(t.slug),
    index('conferences_starts_at_idx').on(t.startsAt),
  ],
);

export const conferenceThemes = pgTable(
  'conference_themes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    conferenceId: uuid('conference_id')
      .notNull()
      .references(() => conferences.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    title: text('title').notNull(),
  },
  (t) => [index('conference_themes_conference_idx').on(t.conferenceId, t.position)],
);

/** Bridge points (điểm cầu) of a conference; exactly one is the host site. */
export const conferenceSites = pgTable(
  'conference_sites',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    conferenceId: uuid('conference_id')
      .notNull()
      .references(() => conferences.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    name: text('name').notNull(),
    unitName: text('unit_name').notNull(),
    isHost: boolean('is_host').notNull().default(false),
    chairName: text('chair_name'),
    chairTitle: text('chair_title'),
    expectedAttendance: integer('expected_attendance'),
  },
  (t) => [index('conference_sites_conference_idx').on(t.conferenceId, t.position)],
);
