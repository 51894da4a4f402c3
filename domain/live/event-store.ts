import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { Executor } from '../../db/database.ts';
import { conferenceEvents, conferenceSnapshots } from '../../db/schema/live.ts';
import { LiveEventSchema, type LiveEvent, type LiveEventBody } from '../../protocol/live.ts';
import { initialLiveState, numberEvents, reduce } from './reducer.ts';
import { LiveState } from '../../protocol/live.ts';

export const LIVE_CHANNEL = 'live_events';
/** A snapshot is written every this many events. */
export const SNAPSHOT_EVERY = 100;

type EventRow = typeof conferenceEvents.$inferSelect;

/**
 * An event row as the event screens receive, checked against the event schema: a row
 * the reducer could not apply fails here, loudly, instead of in every screen.
 */
export function toEvent(row: EventRow): LiveEvent {
  return LiveEventSchema.parse({
    ...row.payload,
    type: row.type,
    seq: row.seq,
    at: row.at,
    actor: row.actorId ? { id: row.actorId, name: row.actorName ?? '' } : null,
  });
}

export async function readEvents(db: Executor, conferenceId: string, after: number, limit = 1000) {
  const rows = await db
    .select()
    .from(conferenceEvents)
    .where(and(eq(conferenceEvents.conferenceId, conferenceId), gt(conferenceEvents.seq, after)))
    .orderBy(asc(conferenceEvents.seq))
    .limit(limit);
  return rows.map(toEvent);
}

export async function lastSeq(db: Executor, conferenceId: string): Promise<number> {
  const [row] = await db
    .select({ seq: sql<number>`coalesce(max(${conferenceEvents.seq}), 0)::int` })
    .from(conferenceEvents)
    .where(eq(conferenceEvents.conferenceId, conferenceId));
  return row?.seq ?? 0;
}

// States already rebuilt, per database handle (tests run many databases in one process).
const cache = new WeakMap<object, Map<string, LiveState>>();

function cacheFor(db: object) {
  let map = cache.get(db);
  if (!map) cache.set(db, (map = new Map()));
  return map;
}

export function remember(db: object, state: LiveState) {
  const map = cacheFor(db);
  const known = map.get(state.conferenceId);
  if (!known || known.seq < state.seq) map.set(state.conferenceId, state);
}

/**
 * The current live state: the cached one when it is up to date, else the latest
 * snapshot plus the events after it.
 */
export async function loadState(
  db: Executor,
  conferenceId: string,
  cacheKey: object = db,
): Promise<LiveState> {
  const latest = await lastSeq(db, conferenceId);
  let state = cacheFor(cacheKey).get(conferenceId);
  if (!state || state.seq > latest) {
    const [snap] = await db
      .select()
      .from(conferenceSnapshots)
      .where(eq(conferenceSnapshots.conferenceId, conferenceId));
    state =
      snap && snap.seq <= latest ? LiveState.parse(snap.state) : initialLiveState(conferenceId);
  }
  while (state.seq < latest) {
    const events = await readEvents(db, conferenceId, state.seq);
    if (!events.length) break;
    state = events.reduce(reduce, state);
  }
  remember(cacheKey, state);
  return state;
}

/** Appends events after `state` (the caller holds the conference lock), snapshots, notifies. */
export async function appendEvents(
  tx: Executor,
  state: LiveState,
  bodies: LiveEventBody[],
  meta: { actor: { id: string; name: string } | null; commandId: string | null; at: number },
): Promise<{ state: LiveState; events: LiveEvent[] }> {
  if (!bodies.length) return { state, events: [] };
  const events = numberEvents(state, bodies, meta);
  await tx.insert(conferenceEvents).values(
    events.map(({ seq, at, actor: _actor, type, ...payload }) => ({
      conferenceId: state.conferenceId,
      seq,
      type,
      payload,
      actorId: meta.actor?.id ?? null,
      actorName: meta.actor?.name ?? null,
      commandId: meta.commandId,
      at,
    })),
  );
  const next = events.reduce(reduce, state);
  if (Math.floor(next.seq / SNAPSHOT_EVERY) > Math.floor(state.seq / SNAPSHOT_EVERY)) {
    await tx
      .insert(conferenceSnapshots)
      .values({ conferenceId: next.conferenceId, seq: next.seq, state: next })
      .onConflictDoUpdate({
        target: conferenceSnapshots.conferenceId,
        set: { seq: next.seq, state: next, at: sql`now()` },
      });
  }
  // Delivered to every instance once the transaction commits.
  await tx.execute(sql`select pg_notify(${LIVE_CHANNEL}, ${`${next.conferenceId}:${next.seq}`})`);
  return { state: next, events };
}
