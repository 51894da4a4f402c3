import { and, eq, gt, lt, sql } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';
import { livePresence } from '../../db/schema/live.ts';
import { setSiteConnections } from './live-session.ts';

/** A site whose screens no instance has seen for this long is offline. */
export const PRESENCE_TIMEOUT_S = 8;
/** Rows no instance has refreshed for this long belong to an instance that died: deleted. */
export const PRESENCE_FORGET_S = 60;

/**
 * How many screens of a site one instance holds, seen now; none removes its row.
 * Every instance writes its own rows, so a dead instance's rows simply age out.
 */
export async function recordPresence(opts: {
  db: Database;
  conferenceId: string;
  siteId: string;
  instanceId: string;
  screens: number;
}): Promise<void> {
  const { db, conferenceId, siteId, instanceId, screens } = opts;
  if (screens > 0) {
    await db
      .insert(livePresence)
      .values({ conferenceId, siteId, instanceId, screens })
      .onConflictDoUpdate({
        target: [livePresence.conferenceId, livePresence.siteId, livePresence.instanceId],
        set: { screens, seenAt: sql`now()` },
      });
  } else {
    await db
      .delete(livePresence)
      .where(
        and(
          eq(livePresence.conferenceId, conferenceId),
          eq(livePresence.siteId, siteId),
          eq(livePresence.instanceId, instanceId),
        ),
      );
  }
}

/**
 * Marks each site online when some instance saw one of its screens within
 * `PRESENCE_TIMEOUT_S`, offline otherwise: the differences enter the live log
 * (no change, no event).
 */
export async function sweepPresence(opts: { db: Database; conferenceId: string }): Promise<void> {
  const rows = await opts.db
    .select({ siteId: livePresence.siteId })
    .from(livePresence)
    .where(
      and(
        eq(livePresence.conferenceId, opts.conferenceId),
        gt(livePresence.screens, 0),
        gt(livePresence.seenAt, sql`now() - make_interval(secs => ${PRESENCE_TIMEOUT_S})`),
      ),
    );
  await setSiteConnections({
    db: opts.db,
    conferenceId: opts.conferenceId,
    online: new Set(rows.map((r) => r.siteId)),
  });
}

/**
 * Deletes the rows of instances that died without saying so (killed, machine lost): long
 * after they stopped counting (`PRESENCE_TIMEOUT_S`), so that no instance keeps sweeping
 * their conferences for ever. Any instance may run it.
 */
export async function forgetStalePresence(db: Database): Promise<void> {
  await db
    .delete(livePresence)
    .where(lt(livePresence.seenAt, sql`now() - make_interval(secs => ${PRESENCE_FORGET_S})`));
}

/** Conferences some instance still reports screens for. */
export async function conferencesWithPresence(db: Database): Promise<string[]> {
  const rows = await db.selectDistinct({ id: livePresence.conferenceId }).from(livePresence);
  return rows.map((r) => r.id);
}

/** An instance going away: none of its screens count any more. */
export async function forgetInstance(opts: { db: Database; instanceId: string }): Promise<void> {
  await opts.db.delete(livePresence).where(eq(livePresence.instanceId, opts.instanceId));
}
