import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/database.ts';

/**
 * Told whenever what someone may see live may have changed: a person's conference roles,
 * global roles, account disabled, a session ended (signed out, password changed or reset);
 * or a conference's visibility or status, which changes what its public may see. Every
 * instance's WebSocket gateway LISTENs and checks the open sockets concerned again at once
 * (`server/ws-gateway.ts`); its heartbeat checks every socket anyway, as a fallback.
 *
 * Payloads: `user:<id>` or `conference:<id>`.
 */
export const LIVE_ACCESS_CHANNEL = 'live_access';

export type AccessChange = { userId: string } | { conferenceId: string };

/**
 * Announces a change. Inside a transaction the notification leaves only after commit
 * (and never if it rolls back), so the sockets are checked against what is committed.
 */
export async function announceAccessChange(db: Executor, change: AccessChange): Promise<void> {
  const payload =
    'userId' in change ? `user:${change.userId}` : `conference:${change.conferenceId}`;
  await db.execute(sql`select pg_notify(${LIVE_ACCESS_CHANNEL}, ${payload})`);
}

/** Reads a payload back; null for anything else. */
export function parseAccessChange(payload: string): AccessChange | null {
  const [kind, id] = payload.split(':', 2);
  if (!id || !/^[0-9a-f-]{36}$/i.test(id)) return null;
  if (kind === 'user') return { userId: id };
  if (kind === 'conference') return { conferenceId: id };
  return null;
}
