import { createHmac, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, lt, ne, sql } from 'drizzle-orm';
import type { Database, Executor } from '../../db/database.ts';
import { signInLinks } from '../../db/schema/conferences.ts';
import { secondFactorChallenges } from '../../db/schema/second-factor.ts';
import { sessions } from '../../db/schema/sessions.ts';
import { users } from '../../db/schema/users.ts';
import { announceAccessChange } from './access-changes.ts';
import type { Actor } from './policies.ts';
import { mustEnrolSql } from '../second-factor/required.ts';

export const SESSION_TTL_MS = 30 * 24 * 3600 * 1000;
const TOUCH_EVERY_MS = 10 * 60 * 1000;

/** The stored id of a session: an HMAC of its token, so a copy of the table signs no one in. */
export function sessionIdFor(token: string, secret: string): string {
  return createHmac('sha256', secret).update(token).digest('base64url');
}

export interface NewSession {
  token: string;
  sessionId: string;
  expiresAt: Date;
}

export async function createSession(opts: {
  db: Executor;
  userId: string;
  secret: string;
  ip?: string;
  userAgent?: string;
}): Promise<NewSession> {
  const token = randomBytes(32).toString('base64url');
  const sessionId = sessionIdFor(token, opts.secret);
  const expiresAt = new Date(Date.now() + SESSION_TTL_MS);
  await opts.db.insert(sessions).values({
    id: sessionId,
    userId: opts.userId,
    expiresAt,
    ip: opts.ip ?? null,
    userAgent: opts.userAgent?.slice(0, 300) ?? null,
  });
  return { token, sessionId, expiresAt };
}

/**
 * The actor of a session still in force (not signed out, expired or revoked by a
 * password change, and the account not disabled), by the session's stored id: what an
 * open WebSocket checks again before it acts or keeps receiving.
 */
export async function sessionActor(opts: {
  db: Database;
  sessionId: string;
}): Promise<Actor | null> {
  const [row] = await opts.db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      language: users.language,
      roles: users.roles,
      disabled: users.disabled,
      mustEnrol: sql<boolean>`${mustEnrolSql(sql`${users.id}`, sql`${users.roles}`)}`,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, opts.sessionId), gt(sessions.expiresAt, sql`now()`)))
    .limit(1);
  // An account that must first enrol a second factor acts as no one on a live screen.
  if (!row || row.disabled || row.mustEnrol === true) return null;
  const { id, name, email, language, roles } = row;
  return { id, name, email, language, roles };
}

/** The actor behind a session cookie, or null when it is unknown, expired or disabled. */
export async function resolveSession(opts: {
  db: Database;
  token: string;
  secret: string;
}): Promise<{ sessionId: string; actor: Actor; mustEnrolSecondFactor: boolean } | null> {
  if (!opts.token || opts.token.length > 100) return null;
  const sessionId = sessionIdFor(opts.token, opts.secret);
  const [row] = await opts.db
    .select({
      lastSeenAt: sessions.lastSeenAt,
      id: users.id,
      name: users.name,
      email: users.email,
      language: users.language,
      roles: users.roles,
      disabled: users.disabled,
      mustEnrol: sql<boolean>`${mustEnrolSql(sql`${users.id}`, sql`${users.roles}`)}`,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, sessionId), gt(sessions.expiresAt, sql`now()`)))
    .limit(1);
  if (!row || row.disabled) return null;
  if (Date.now() - row.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await opts.db
      .update(sessions)
      .set({ lastSeenAt: sql`now()` })
      .where(eq(sessions.id, sessionId));
  }
  const { id, name, email, language, roles } = row;
  return {
    sessionId,
    actor: { id, name, email, language, roles },
    mustEnrolSecondFactor: row.mustEnrol === true,
  };
}

/** Signs one session out; its open WebSockets are closed at once (`live_access`). */
export async function revokeSession(opts: { db: Executor; sessionId: string }): Promise<void> {
  const [row] = await opts.db
    .delete(sessions)
    .where(eq(sessions.id, opts.sessionId))
    .returning({ userId: sessions.userId });
  if (row) await announceAccessChange(opts.db, { userId: row.userId });
}

/**
 * Signs a user out everywhere, except optionally the session making the change, and
 * voids their unused sign-in links (a reset or changed password ends every way in).
 */
export async function revokeUserSessions(opts: {
  db: Executor;
  userId: string;
  exceptSessionId?: string;
}): Promise<void> {
  await opts.db
    .delete(signInLinks)
    .where(and(eq(signInLinks.userId, opts.userId), isNull(signInLinks.usedAt)));
  // And sign-ins whose password was right but whose second factor is still to come.
  await opts.db
    .delete(secondFactorChallenges)
    .where(eq(secondFactorChallenges.userId, opts.userId));
  await opts.db
    .delete(sessions)
    .where(
      opts.exceptSessionId
        ? and(eq(sessions.userId, opts.userId), ne(sessions.id, opts.exceptSessionId))
        : eq(sessions.userId, opts.userId),
    );
  await announceAccessChange(opts.db, { userId: opts.userId });
}

export async function deleteExpiredSessions(opts: { db: Executor }): Promise<void> {
  await opts.db.delete(sessions).where(lt(sessions.expiresAt, sql`now()`));
  // Sign-ins that never gave their second factor.
  await opts.db
    .delete(secondFactorChallenges)
    .where(lt(secondFactorChallenges.expiresAt, sql`now()`));
}
