import { createHash } from 'node:crypto';
import { and, desc, eq, gt, sql } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';
import { sessions } from '../../db/schema/sessions.ts';
import { users } from '../../db/schema/users.ts';
import type { SessionView } from '../../protocol/second-factor.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { AppError } from '../errors.ts';
import { describeDevice } from './device.ts';
import { requireAdmin, requireUser, type Actor } from './policies.ts';
import { revokeSession, revokeUserSessions } from './sessions.ts';

/**
 * A session's id as its owner sees it: a hash of the stored id (itself an HMAC of the
 * cookie), so a page or an API answer never carries what identifies a session inside.
 */
export function publicSessionId(storedId: string): string {
  return createHash('sha256').update(`session-ref:${storedId}`).digest('base64url').slice(0, 22);
}

async function activeSessions(db: Database, userId: string) {
  return db
    .select()
    .from(sessions)
    .where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, sql`now()`)))
    .orderBy(desc(sessions.lastSeenAt));
}

/** The signed-in user's sessions still in force, the current one marked. */
export async function listOwnSessions(opts: {
  db: Database;
  actor: Actor | null;
  sessionId: string | null;
}): Promise<{ sessions: SessionView[] }> {
  const actor = requireUser(opts.actor);
  const rows = await activeSessions(opts.db, actor.id);
  return {
    sessions: rows.map((row) => ({
      id: publicSessionId(row.id),
      device: describeDevice(row.userAgent),
      ip: row.ip,
      createdAt: row.createdAt.toISOString(),
      lastSeenAt: row.lastSeenAt.toISOString(),
      current: row.id === opts.sessionId,
    })),
  };
}

/** Signs out one of one's own sessions (404 for any other id). */
export async function signOutOwnSession(opts: {
  db: Database;
  actor: Actor | null;
  id: string;
}): Promise<void> {
  const actor = requireUser(opts.actor);
  const rows = await activeSessions(opts.db, actor.id);
  const row = rows.find((r) => publicSessionId(r.id) === opts.id);
  if (!row) throw new AppError('not_found');
  await revokeSession({ db: opts.db, sessionId: row.id });
}

/** Signs out every session of one's own but the current one. */
export async function signOutOtherSessions(opts: {
  db: Database;
  actor: Actor | null;
  sessionId: string | null;
}): Promise<void> {
  const actor = requireUser(opts.actor);
  await revokeUserSessions({
    db: opts.db,
    userId: actor.id,
    ...(opts.sessionId ? { exceptSessionId: opts.sessionId } : {}),
  });
}

/** An administrator signs a user out everywhere (their sign-in links voided too); audited. */
export async function signOutEverywhere(opts: {
  db: Database;
  actor: Actor | null;
  userId: string;
}): Promise<{ sessionsEnded: number }> {
  const admin = requireAdmin(opts.actor);
  return opts.db.transaction(async (tx) => {
    const [user] = await tx
      .select({ id: users.id, email: users.email })
      .from(users)
      .where(eq(users.id, opts.userId))
      .limit(1);
    if (!user) throw new AppError('not_found');
    const [{ n } = { n: 0 }] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(sessions)
      .where(eq(sessions.userId, user.id));
    await revokeUserSessions({ db: tx, userId: user.id });
    await recordAudit(tx, {
      actor: admin,
      action: 'user.signed_out_everywhere',
      target: { type: 'user', id: user.id, label: user.email },
      before: { sessions: n },
      after: { sessions: 0 },
    });
    return { sessionsEnded: n };
  });
}
