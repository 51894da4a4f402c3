import { sql } from 'drizzle-orm';
import {
  bigserial,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import {
  emailKinds,
  emailStatuses,
  type EmailKind,
  type EmailStatus,
} from '../../protocol/email.ts';
import { conferences } from './conferences.ts';
import { users } from './users.ts';

export { emailKinds, emailStatuses, type EmailKind, type EmailStatus };

/**
 * The outbox: every e-mail the product sends, written in the transaction of the change
 * that causes it and sent afterwards by a worker (domain/email/email-worker.ts).
 */
export const emailOutbox = pgTable(
  'email_outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    toAddress: text('to_address').notNull(),
    toName: text('to_name').notNull().default(''),
    language: text('language', { enum: ['vi', 'en'] })
      .notNull()
      .default('vi'),
    kind: text('kind', { enum: emailKinds }).notNull(),
    /** What the template needs (links, names); rendered by the worker, which knows PUBLIC_URL. */
    params: jsonb('params').notNull().default({}),
    /** The rendered message, filled when a worker first takes the row (null until then). */
    subject: text('subject'),
    text: text('text'),
    html: text('html'),
    status: text('status', { enum: emailStatuses }).notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    /** A worker holds the row until then; after it, another may take it over. */
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    leaseHolder: text('lease_holder'),
    lastError: text('last_error'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    /** The same Message-ID on every attempt, so a receiver can drop a repeat. */
    messageId: text('message_id').notNull(),
    /** At most one message per key (`contribution:<id>:answered`): once per event. */
    dedupeKey: text('dedupe_key'),
    /** The bulk sending it belongs to (sign-in links), if any. */
    batchId: uuid('batch_id').references(() => emailBatches.id, { onDelete: 'set null' }),
  },
  (t) => [
    uniqueIndex('email_outbox_dedupe_key').on(t.dedupeKey),
    uniqueIndex('email_outbox_message_id').on(t.messageId),
    index('email_outbox_due_idx')
      .on(t.nextAttemptAt)
      .where(sql`status in ('queued', 'sending')`),
    index('email_outbox_created_idx').on(t.createdAt),
    index('email_outbox_batch_idx').on(t.batchId),
  ],
);

/** One bulk sending (sign-in links by e-mail): what its page shows while it runs. */
export const emailBatches = pgTable('email_batches', {
  id: uuid('id').primaryKey().defaultRandom(),
  conferenceId: uuid('conference_id').references(() => conferences.id, { onDelete: 'cascade' }),
  createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  /**
   * Who it was for: `{ outboxId, siteName, operatorName, address, reason? }` per operator
   * (`outboxId` null with the reason when no message went: no address, or not the conference's account).
   */
  items: jsonb('items').notNull().default([]),
});

/**
 * "Quên mật khẩu" links: single-use, expiring; `id` is an HMAC of the token (a copy of
 * the table resets no one's password).
 */
export const passwordResets = pgTable(
  'password_resets',
  {
    id: text('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [index('password_resets_user_idx').on(t.userId)],
);
