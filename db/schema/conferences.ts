import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { conferenceRoles } from '../../protocol/conferences.ts';
import { storedFiles } from './files.ts';
import { units } from './units.ts';
import { users } from './users.ts';

export const conferenceStatuses = ['draft', 'scheduled', 'live', 'ended', 'archived'] as const;

export const conferences = pgTable(
  'conferences',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    slug: text('slug').notNull(),
    title: text('title').notNull(),
    theme: text('theme').notNull(),
    description: text('description').notNull().default(''),
    /** Display name of the organiser; `organiserUnitId` links it to the directory. */
    organiser: text('organiser').notNull(),
    organiserUnitId: uuid('organiser_unit_id').references(() => units.id),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    status: text('status', { enum: conferenceStatuses }).notNull().default('draft'),
    visibility: text('visibility', { enum: ['public', 'internal'] })
      .notNull()
      .default('public'),
    defaultTurnMinutes: integer('default_turn_minutes').notNull().default(5),
    /** Floor requests need the site chair's approval first (live session). */
    siteChairApproval: boolean('site_chair_approval').notNull().default(false),
    /** Janus records the sites during the live session; the program is assembled after it. */
    recording: boolean('recording').notNull().default(false),
    /** Keep Janus's raw per-site files after the assembly (deleted by default). */
    keepRawRecordings: boolean('keep_raw_recordings').notNull().default(false),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
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
    unitId: uuid('unit_id').references(() => units.id),
    isHost: boolean('is_host').notNull().default(false),
    address: text('address').notNull().default(''),
    chairName: text('chair_name'),
    chairTitle: text('chair_title'),
    techName: text('tech_name'),
    techPhone: text('tech_phone'),
    techEmail: text('tech_email'),
    expectedAttendance: integer('expected_attendance'),
  },
  (t) => [
    index('conference_sites_conference_idx').on(t.conferenceId, t.position),
    uniqueIndex('conference_sites_name_key').on(t.conferenceId, t.name),
    uniqueIndex('conference_sites_one_host')
      .on(t.conferenceId)
      .where(sql`${t.isHost}`),
  ],
);

export const contributorKinds = [
  'ministry',
  'locality',
  'expert',
  'manager',
  'business',
  'party_member',
  'citizen',
] as const;

/** Delegates (đại biểu) attending from a site; an account is optional. */
export const delegates = pgTable(
  'delegates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    conferenceId: uuid('conference_id')
      .notNull()
      .references(() => conferences.id, { onDelete: 'cascade' }),
    siteId: uuid('site_id')
      .notNull()
      .references(() => conferenceSites.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    position: text('position').notNull().default(''),
    unitName: text('unit_name').notNull().default(''),
    kind: text('kind', { enum: contributorKinds }).notNull(),
    email: text('email'),
    phone: text('phone'),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('delegates_site_idx').on(t.siteId),
    index('delegates_conference_idx').on(t.conferenceId),
  ],
);

export { conferenceRoles };

/** Who plays which role in a conference; a site operator is bound to one site. */
export const conferenceMembers = pgTable(
  'conference_members',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    conferenceId: uuid('conference_id')
      .notNull()
      .references(() => conferences.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role', { enum: conferenceRoles }).notNull(),
    siteId: uuid('site_id').references(() => conferenceSites.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('conference_members_key').on(
      t.conferenceId,
      t.userId,
      t.role,
      sql`coalesce(${t.siteId}, '00000000-0000-0000-0000-000000000000'::uuid)`,
    ),
    index('conference_members_user_idx').on(t.userId),
  ],
);

/**
 * Accounts a conference created for its own sites. A conference may issue sign-in
 * links only for these (and never for one that has since gained a global role):
 * giving an existing account a role in a conference gives no power over it.
 */
export const conferenceAccounts = pgTable(
  'conference_accounts',
  {
    userId: uuid('user_id')
      .primaryKey()
      .references(() => users.id, { onDelete: 'cascade' }),
    conferenceId: uuid('conference_id')
      .notNull()
      .references(() => conferences.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('conference_accounts_conference_idx').on(t.conferenceId)],
);

export const agendaKinds = ['opening', 'report', 'discussion', 'break', 'conclusion'] as const;

export const agendaItems = pgTable(
  'agenda_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    conferenceId: uuid('conference_id')
      .notNull()
      .references(() => conferences.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    kind: text('kind', { enum: agendaKinds }).notNull(),
    title: text('title').notNull(),
    presenter: text('presenter').notNull().default(''),
    themeId: uuid('theme_id').references(() => conferenceThemes.id, { onDelete: 'set null' }),
    durationMinutes: integer('duration_minutes').notNull(),
    submissionId: uuid('submission_id'),
  },
  (t) => [index('agenda_items_conference_idx').on(t.conferenceId, t.position)],
);

export const submissionStatuses = ['submitted', 'accepted', 'returned'] as const;

/** Written submissions (tham luận) sent before the event. */
export const submissions = pgTable(
  'submissions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    conferenceId: uuid('conference_id')
      .notNull()
      .references(() => conferences.id, { onDelete: 'cascade' }),
    siteId: uuid('site_id').references(() => conferenceSites.id, { onDelete: 'set null' }),
    authorName: text('author_name').notNull(),
    submittedBy: uuid('submitted_by').references(() => users.id, { onDelete: 'set null' }),
    title: text('title').notNull(),
    themeId: uuid('theme_id').references(() => conferenceThemes.id, { onDelete: 'set null' }),
    summary: text('summary').notNull(),
    fileId: uuid('file_id')
      .notNull()
      .references(() => storedFiles.id),
    status: text('status', { enum: submissionStatuses }).notNull().default('submitted'),
    reviewReason: text('review_reason'),
    reviewedBy: uuid('reviewed_by').references(() => users.id, { onDelete: 'set null' }),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('submissions_conference_idx').on(t.conferenceId, t.createdAt)],
);

/** Documents for participants; who sees them follows the conference's visibility. */
export const conferenceDocuments = pgTable(
  'conference_documents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    conferenceId: uuid('conference_id')
      .notNull()
      .references(() => conferences.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    fileId: uuid('file_id')
      .notNull()
      .references(() => storedFiles.id),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('conference_documents_conference_idx').on(t.conferenceId)],
);

/** Single-use, expiring sign-in links for site operators. `id` is an HMAC of the token. */
export const signInLinks = pgTable(
  'sign_in_links',
  {
    id: text('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    conferenceId: uuid('conference_id').references(() => conferences.id, { onDelete: 'cascade' }),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [index('sign_in_links_user_idx').on(t.userId)],
);

/** A parsed import waiting for the organiser's confirmation. */
export const importPreviews = pgTable('import_previews', {
  id: uuid('id').primaryKey().defaultRandom(),
  conferenceId: uuid('conference_id')
    .notNull()
    .references(() => conferences.id, { onDelete: 'cascade' }),
  createdBy: uuid('created_by').references(() => users.id, { onDelete: 'cascade' }),
  /** An import plan (domain/conferences/import-format.ts), checked again when read. */
  payload: jsonb('payload').$type<unknown>().notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
