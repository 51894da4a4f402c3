import type { LiveState } from '../../protocol/live.ts';
import {
  bigint,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { conferences } from './conferences.ts';

/**
 * The live session's append-only log: every change with a per-conference,
 * gap-free `seq`. The live state is `reduce` over it.
 */
export const conferenceEvents = pgTable(
  'conference_events',
  {
    conferenceId: uuid('conference_id')
      .notNull()
      .references(() => conferences.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    type: text('type').notNull(),
    /** The event without its type, seq, time and actor (the columns beside it). */
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    actorId: uuid('actor_id'),
    actorName: text('actor_name'),
    /** The client's id for the command: a retry applies once. */
    commandId: text('command_id'),
    /** Server clock, milliseconds since the epoch (timers count from it). */
    at: bigint('at', { mode: 'number' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.conferenceId, t.seq] }),
    index('conference_events_command_idx').on(t.conferenceId, t.commandId),
  ],
);

/** The latest state of a conference's live session, so a restart need not replay everything. */
export const conferenceSnapshots = pgTable('conference_snapshots', {
  conferenceId: uuid('conference_id')
    .primaryKey()
    .references(() => conferences.id, { onDelete: 'cascade' }),
  seq: integer('seq').notNull(),
  state: jsonb('state').$type<LiveState>().notNull(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
});

/** How many screens of each site each app instance holds, refreshed by its heartbeat. */
export const livePresence = pgTable(
  'live_presence',
  {
    conferenceId: uuid('conference_id')
      .notNull()
      .references(() => conferences.id, { onDelete: 'cascade' }),
    siteId: uuid('site_id').notNull(),
    instanceId: text('instance_id').notNull(),
    screens: integer('screens').notNull(),
    seenAt: timestamp('seen_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.conferenceId, t.siteId, t.instanceId] })],
);

/**
 * Commands applied, per sender: a retry with the same id by the same account is
 * answered from here, even when the first attempt changed nothing. Scoped to the
 * sender, so one account cannot block or learn another's command ids.
 */
export const liveCommands = pgTable(
  'live_commands',
  {
    conferenceId: uuid('conference_id')
      .notNull()
      .references(() => conferences.id, { onDelete: 'cascade' }),
    actorId: uuid('actor_id').notNull(),
    commandId: text('command_id').notNull(),
    /** The live state's seq once the command was applied. */
    seq: integer('seq').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.conferenceId, t.actorId, t.commandId] })],
);
