import { and, count, desc, eq, gte, like, lt, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';
import { auditLog, type AuditRow } from '../../db/schema/audit.ts';
import type { AuditEntryView, AuditExportInput, AuditQueryInput } from '../../protocol/audit.ts';
import type { Actor } from '../auth/policies.ts';
import { requireAuditReader } from './policies.ts';

export const AUDIT_PAGE_SIZE = 50;

/** `like` pattern text with its wildcards escaped. */
const literal = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The start of a Vietnam calendar day (`yyyy-MM-dd`), UTC+7 all year. */
function dayStart(day: string, plusDays = 0): Date {
  const d = new Date(`${day}T00:00:00+07:00`);
  return new Date(d.getTime() + plusDays * 24 * 60 * 60 * 1000);
}

/** The filters as a condition on `audit_log`. */
export function auditFilter(input: Omit<AuditExportInput, 'format'>): SQL | undefined {
  const conditions: (SQL | undefined)[] = [];
  if (input.from) conditions.push(gte(auditLog.at, dayStart(input.from)));
  if (input.to) conditions.push(lt(auditLog.at, dayStart(input.to, 1)));
  if (input.actor) {
    const q = input.actor;
    conditions.push(
      UUID.test(q)
        ? eq(auditLog.actorId, q.toLowerCase())
        : sql`search_normalize(coalesce(${auditLog.actorName}, '') || ' ' || coalesce(${auditLog.actorEmail}, '')) like '%' || search_normalize(${literal(q)}) || '%'`,
    );
  }
  if (input.action) conditions.push(like(auditLog.action, `${literal(input.action)}%`));
  if (input.targetType) conditions.push(eq(auditLog.targetType, input.targetType));
  if (input.targetId) conditions.push(eq(auditLog.targetId, input.targetId));
  if (input.conferenceId) conditions.push(eq(auditLog.conferenceId, input.conferenceId));
  if (input.ip) conditions.push(like(auditLog.ip, `${literal(input.ip)}%`));
  return and(...conditions);
}

export function toAuditView(row: AuditRow): AuditEntryView {
  return {
    id: row.id,
    at: row.at.toISOString(),
    actor:
      row.actorId || row.actorName || row.actorEmail
        ? { id: row.actorId, name: row.actorName, email: row.actorEmail }
        : null,
    ip: row.ip,
    action: row.action,
    target: { type: row.targetType, id: row.targetId, label: row.targetLabel },
    conferenceId: row.conferenceId,
    before: (row.before as Record<string, unknown> | null) ?? null,
    after: (row.after as Record<string, unknown> | null) ?? null,
  };
}

/**
 * The audit trail, newest first, filtered and paged (administrators; a conference's
 * organisers for that conference only).
 */
export async function listAuditLog(opts: {
  db: Database;
  actor: Actor | null;
  input: AuditQueryInput;
}): Promise<{ entries: AuditEntryView[]; total: number; page: number; pageSize: number }> {
  const { onlyConference } = await requireAuditReader(opts.db, opts.actor, opts.input.conferenceId);
  const where = and(
    auditFilter(opts.input),
    onlyConference ? eq(auditLog.conferenceId, onlyConference) : undefined,
  );
  const { page } = opts.input;
  const [rows, [total]] = await Promise.all([
    opts.db
      .select()
      .from(auditLog)
      .where(where)
      .orderBy(desc(auditLog.at), desc(auditLog.id))
      .limit(AUDIT_PAGE_SIZE)
      .offset((page - 1) * AUDIT_PAGE_SIZE),
    opts.db.select({ n: count() }).from(auditLog).where(where),
  ]);
  return {
    entries: rows.map(toAuditView),
    total: total?.n ?? 0,
    page,
    pageSize: AUDIT_PAGE_SIZE,
  };
}
