import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * The audit trail: one row per privileged action, written by the use case in the same
 * transaction as the change. Append-only: a trigger (migration 0016) refuses every UPDATE
 * and TRUNCATE, and every DELETE except the retention purge's (`purgeAuditLog`), which
 * may only remove rows older than the configured retention. The actor is copied (name,
 * e-mail), not referenced, so removing an account never rewrites its history.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    /** Null for the system (scheduled jobs, the console). */
    actorId: uuid('actor_id'),
    actorName: text('actor_name'),
    actorEmail: text('actor_email'),
    /** The client's address as the server saw it (behind the configured proxies). */
    ip: text('ip'),
    /** What was done, as `<capability>.<verb>`: `user.roles_changed`, `article.published`… */
    action: text('action').notNull(),
    /** What it was done to: `user`, `conference`, `article`, `contribution`, `site`… */
    targetType: text('target_type').notNull(),
    targetId: text('target_id'),
    /** A readable name of the target at the time (an e-mail, a title). */
    targetLabel: text('target_label'),
    conferenceId: uuid('conference_id'),
    /** The changed fields before and after; secrets never enter. */
    before: jsonb('before'),
    after: jsonb('after'),
  },
  (t) => [
    index('audit_log_at_idx').on(t.at),
    index('audit_log_actor_idx').on(t.actorId, t.at),
    index('audit_log_target_idx').on(t.targetType, t.targetId),
    index('audit_log_action_idx').on(t.action, t.at),
  ],
);

export type AuditRow = typeof auditLog.$inferSelect;
