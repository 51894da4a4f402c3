import {
  bigint,
  boolean,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { secondFactorRoles } from '../../protocol/second-factor.ts';
import { users } from './users.ts';

/**
 * A user's TOTP second factor. Secrets are stored encrypted (AES-256-GCM, key derived
 * from the session secret, the user's id as associated data): a copy of the table alone
 * yields no codes. `secret` is the confirmed factor (null: none); `pendingSecret` an
 * enrolment started and not yet confirmed with a code.
 */
export const secondFactors = pgTable('second_factors', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  secret: text('secret'),
  pendingSecret: text('pending_secret'),
  confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
  /** The last TOTP time step accepted: a code of that step or earlier is refused (no replay). */
  lastUsedStep: bigint('last_used_step', { mode: 'number' }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** One-time recovery codes: only their HMAC is kept; a used code keeps its row, marked. */
export const recoveryCodes = pgTable(
  'second_factor_recovery_codes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    codeHash: text('code_hash').notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('second_factor_recovery_codes_user_hash_key').on(t.userId, t.codeHash)],
);

/**
 * A sign-in waiting for its second factor: the password was right, no session exists
 * yet. `id` is an HMAC of the challenge cookie's token.
 */
export const secondFactorChallenges = pgTable(
  'second_factor_challenges',
  {
    id: text('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('second_factor_challenges_user_id_idx').on(t.userId)],
);

/** Which roles must use a second factor (set by an administrator). */
export const secondFactorPolicy = pgTable('second_factor_policy', {
  role: text('role', { enum: secondFactorRoles }).primaryKey(),
  required: boolean('required').notNull().default(false),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
});
