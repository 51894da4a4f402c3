import type { Executor } from '../../db/database.ts';
import { auditLog } from '../../db/schema/audit.ts';
import type { Actor } from '../auth/policies.ts';
import { currentAuditContext } from './audit-context.ts';

/** Field names whose values never enter the trail, whatever the caller passes. */
const SECRET_KEYS = /password|secret|token|hash|recovery|^otp|^code$/i;

type Snapshot = Record<string, unknown>;

function scrub(value: Snapshot | null | undefined): Snapshot | null {
  if (!value) return null;
  const out: Snapshot = {};
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined) continue;
    out[key] = SECRET_KEYS.test(key) ? '[redacted]' : v;
  }
  return out;
}

export interface AuditEntry {
  /** Who acted; null for the system (a scheduled job, the console). */
  actor: Pick<Actor, 'id' | 'name' | 'email'> | null;
  /** `<capability>.<verb>`, e.g. `user.roles_changed`, `article.published`. */
  action: string;
  target: { type: string; id?: string | null; label?: string | null };
  conferenceId?: string | null;
  /** Only the fields that changed, before and after. */
  before?: Snapshot | null;
  after?: Snapshot | null;
  /** The client's address; by default the current request's (`runWithAuditContext`). */
  ip?: string | null;
}

/**
 * Appends one entry to the audit trail. Call it inside the use case's transaction, so
 * the entry exists exactly when the change does.
 */
export async function recordAudit(db: Executor, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    actorId: entry.actor?.id ?? null,
    actorName: entry.actor?.name ?? null,
    actorEmail: entry.actor?.email ?? null,
    ip: entry.ip ?? currentAuditContext()?.ip ?? null,
    action: entry.action,
    targetType: entry.target.type,
    targetId: entry.target.id ?? null,
    targetLabel: entry.target.label ?? null,
    conferenceId: entry.conferenceId ?? null,
    before: scrub(entry.before),
    after: scrub(entry.after),
  });
}

/** The fields of `after` that differ from `before`, as the pair the trail keeps. */
export function changedFields<T extends Snapshot>(
  before: T,
  after: Partial<T>,
): { before: Snapshot; after: Snapshot } | null {
  const b: Snapshot = {};
  const a: Snapshot = {};
  for (const key of Object.keys(after)) {
    const next = after[key];
    if (next === undefined) continue;
    if (JSON.stringify(before[key]) === JSON.stringify(next)) continue;
    b[key] = before[key];
    a[key] = next;
  }
  return Object.keys(a).length ? { before: b, after: a } : null;
}
