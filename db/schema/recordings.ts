import { sql } from 'drizzle-orm';
import {
  bigint,
  index,
  integer,
  jsonb,
  pgTable,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { conferences } from './conferences.ts';

export const recordingStatuses = ['queued', 'running', 'ready', 'failed'] as const;

/**
 * A conference's program assembled into one MP4 after a session (a job: queued,
 * running with its progress, then ready or failed). The file itself lives in the
 * media folder (`path`, relative to it), never in the database.
 */
export const recordings = pgTable(
  'recordings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    conferenceId: uuid('conference_id')
      .notNull()
      .references(() => conferences.id, { onDelete: 'cascade' }),
    /** The `session.ended` event this assembly covers the session up to. */
    endedSeq: integer('ended_seq').notNull(),
    status: text('status', { enum: recordingStatuses }).notNull().default('queued'),
    progress: real('progress').notNull().default(0),
    step: text('step').notNull().default(''),
    /** Relative to the media folder, once ready. */
    path: text('path'),
    durationSeconds: real('duration_seconds'),
    bytes: bigint('bytes', { mode: 'number' }),
    /** Chapters per turn: start (seconds), title, site, speaker, theme. */
    chapters: jsonb('chapters')
      .$type<
        {
          start: number;
          end: number;
          title: string;
          siteName: string;
          delegateName: string | null;
          themeTitle: string | null;
          /** A turn (false: the host chairing between turns). */
          turn?: boolean;
        }[]
      >()
      .notNull()
      .default(sql`'[]'::jsonb`),
    error: text('error'),
    /** The instance running it, and when it last said it still is. */
    holder: text('holder'),
    heartbeatAt: timestamp('heartbeat_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    /** When the raw per-site files were deleted (null: kept, or not yet). */
    rawDeletedAt: timestamp('raw_deleted_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('recordings_conference_ended_key').on(t.conferenceId, t.endedSeq),
    index('recordings_status_idx').on(t.status, t.createdAt),
  ],
);

/** A short lease: which instance runs a conference's public stream encoder now. */
export const mediaLeases = pgTable('media_leases', {
  key: text('key').primaryKey(),
  holder: text('holder').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
});
