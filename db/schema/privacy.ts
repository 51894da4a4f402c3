import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './users.ts';

/**
 * The personal-data notice (Nghị định 13/2023/NĐ-CP), as administrators word it: every
 * save is a new version, never an edit, so a consent always names the exact wording the
 * person read. The newest version is the one in force; none yet: the built-in wording
 * (`domain/privacy/default-notice.ts`), stored as version 1 by the first consent.
 * `retentionDays` (contributors' contacts kept this many days after the conference
 * ends) is part of the version, since the notice tells people how long.
 */
export const privacyNotices = pgTable('privacy_notices', {
  version: integer('version').primaryKey(),
  /** The short notice beside a form's submit button. */
  summary: text('summary').notNull(),
  summaryEn: text('summary_en').notNull(),
  /** The full notice (plain text, paragraphs separated by blank lines). */
  body: text('body').notNull(),
  bodyEn: text('body_en').notNull(),
  retentionDays: integer('retention_days').notNull(),
  createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * A person's consent, kept as proof: what it was given for (`subjectKind`/`subjectId`:
 * the contribution sent), the purpose, the notice's version the form showed, and when.
 * No foreign key to the subject (several kinds); erasing a deleted subject's data
 * removes its consents too.
 */
export const personalDataConsents = pgTable(
  'personal_data_consents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    subjectKind: text('subject_kind', { enum: ['contribution'] }).notNull(),
    subjectId: uuid('subject_id').notNull(),
    purpose: text('purpose', { enum: ['contribution'] }).notNull(),
    noticeVersion: integer('notice_version')
      .notNull()
      .references(() => privacyNotices.version),
    givenAt: timestamp('given_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('personal_data_consents_subject_idx').on(t.subjectKind, t.subjectId)],
);

export type PrivacyNoticeRow = typeof privacyNotices.$inferSelect;
