import { and, asc, desc, eq, lt, ne, or, sql } from 'drizzle-orm';
import type { Database, Executor } from '../../db/database.ts';
import { conferences } from '../../db/schema/conferences.ts';
import { recordings } from '../../db/schema/recordings.ts';
import type { Actor } from '../auth/policies.ts';
import { canOrganise, canViewConference, loadAccess } from '../conferences/policies.ts';
import { AppError } from '../errors.ts';
import { readEvents } from '../live/event-store.ts';
import type { LiveEvent } from '../../protocol/live.ts';

export type RecordingRow = typeof recordings.$inferSelect;

/** A job whose instance stopped saying it runs it is taken over after this long. */
export const STALE_JOB_MS = 60_000;

/** Whether Janus recorded at any moment of the real session (not only during a rehearsal). */
export function wasRecorded(events: LiveEvent[]): boolean {
  let on = false;
  for (const e of events) {
    if (e.type === 'recording.set') on = e.on;
    if (on && !e.rehearsal) return true;
  }
  return false;
}

/** The whole live log of a conference, page by page. */
export async function readAllEvents(db: Executor, conferenceId: string): Promise<LiveEvent[]> {
  const all: LiveEvent[] = [];
  for (;;) {
    const page = await readEvents(db, conferenceId, all.at(-1)?.seq ?? 0, 1000);
    all.push(...page);
    if (page.length < 1000) return all;
  }
}

/**
 * After `session.ended`: an assembly job for the session up to that event, once per
 * end (every instance may ask; the unique key keeps one). Nothing when nothing was recorded.
 */
export async function queueAssembly(opts: {
  db: Database;
  conferenceId: string;
}): Promise<RecordingRow | null> {
  const events = await readAllEvents(opts.db, opts.conferenceId);
  const ended = events.findLast((e) => e.type === 'session.ended' && !e.rehearsal);
  if (!ended || !wasRecorded(events)) return null;
  const [row] = await opts.db
    .insert(recordings)
    .values({ conferenceId: opts.conferenceId, endedSeq: ended.seq })
    .onConflictDoNothing()
    .returning();
  return row ?? null;
}

/** The next job to run (queued, or running on an instance gone quiet), now held by `holder`. */
export async function claimAssembly(db: Database, holder: string): Promise<RecordingRow | null> {
  return db.transaction(async (tx) => {
    const stale = new Date(Date.now() - STALE_JOB_MS);
    const [next] = await tx
      .select({ id: recordings.id })
      .from(recordings)
      .where(
        or(
          eq(recordings.status, 'queued'),
          and(eq(recordings.status, 'running'), lt(recordings.heartbeatAt, stale)),
        ),
      )
      .orderBy(asc(recordings.createdAt))
      .limit(1)
      .for('update', { skipLocked: true });
    if (!next) return null;
    const [row] = await tx
      .update(recordings)
      .set({ status: 'running', holder, heartbeatAt: sql`now()`, progress: 0, error: null })
      .where(eq(recordings.id, next.id))
      .returning();
    return row ?? null;
  });
}

/** Progress of a running job (also its heartbeat). False when another instance took it. */
export async function reportProgress(
  db: Executor,
  id: string,
  holder: string,
  progress: number,
  step: string,
): Promise<boolean> {
  const rows = await db
    .update(recordings)
    .set({ progress: Math.max(0, Math.min(1, progress)), step, heartbeatAt: sql`now()` })
    .where(and(eq(recordings.id, id), eq(recordings.holder, holder)))
    .returning({ id: recordings.id });
  return rows.length > 0;
}

export async function finishAssembly(
  db: Executor,
  id: string,
  result:
    | {
        ok: true;
        path: string;
        durationSeconds: number;
        bytes: number;
        chapters: RecordingRow['chapters'];
      }
    | { ok: false; error: string },
): Promise<void> {
  await db
    .update(recordings)
    .set(
      result.ok
        ? {
            status: 'ready',
            progress: 1,
            step: '',
            path: result.path,
            durationSeconds: result.durationSeconds,
            bytes: result.bytes,
            chapters: result.chapters,
            finishedAt: sql`now()`,
          }
        : { status: 'failed', error: result.error.slice(0, 2000), finishedAt: sql`now()` },
    )
    .where(eq(recordings.id, id));
}

/** Ready assemblies older than the newest one of their conference (superseded after a reopen). */
export async function supersededRecordings(db: Executor, conferenceId: string) {
  const rows = await db
    .select()
    .from(recordings)
    .where(eq(recordings.conferenceId, conferenceId))
    .orderBy(desc(recordings.endedSeq));
  if (rows[0]?.status !== 'ready') return [];
  return rows.slice(1).filter((r) => r.status === 'ready' || r.status === 'failed');
}

/**
 * Raw recordings that may go: assembled, the conference does not keep them, and the
 * session can no longer be reopened (its newest end is older than the reopen window).
 */
export async function rawToDelete(db: Executor, reopenWindowMs: number) {
  const rows = await db
    .select({
      id: recordings.id,
      conferenceId: recordings.conferenceId,
      finishedAt: recordings.finishedAt,
      status: recordings.status,
      conferenceStatus: conferences.status,
    })
    .from(recordings)
    .innerJoin(conferences, eq(conferences.id, recordings.conferenceId))
    .where(
      and(
        eq(recordings.status, 'ready'),
        eq(conferences.keepRawRecordings, false),
        // Reopened and live again: its raw files are still being written.
        ne(conferences.status, 'live'),
        sql`${recordings.rawDeletedAt} is null`,
        lt(recordings.finishedAt, new Date(Date.now() - reopenWindowMs)),
      ),
    );
  return rows;
}

export async function markRawDeleted(db: Executor, conferenceId: string) {
  await db
    .update(recordings)
    .set({ rawDeletedAt: sql`now()` })
    .where(and(eq(recordings.conferenceId, conferenceId), sql`${recordings.rawDeletedAt} is null`));
}

/**
 * A conference's recordings as a viewer may see them: organisers see every job with
 * its progress; anyone who may view the conference sees the ready ones.
 */
export async function listRecordings(opts: {
  db: Executor;
  actor: Actor | null;
  conferenceId: string;
}) {
  const access = await loadAccess(opts.db, opts.actor, opts.conferenceId);
  if (!canViewConference(access)) throw new AppError('not_found');
  const organiser = canOrganise(access);
  const rows = await opts.db
    .select()
    .from(recordings)
    .where(eq(recordings.conferenceId, opts.conferenceId))
    .orderBy(desc(recordings.endedSeq));
  const newest = rows.filter((r) => organiser || r.status === 'ready').slice(0, organiser ? 5 : 1);
  return newest.map((r) => ({
    id: r.id,
    status: r.status,
    progress: r.progress,
    step: organiser ? r.step : '',
    error: organiser ? r.error : null,
    durationSeconds: r.durationSeconds,
    bytes: r.bytes,
    chapters: r.chapters,
    createdAt: r.createdAt,
    finishedAt: r.finishedAt,
    url: r.status === 'ready' ? `/media/recordings/${r.conferenceId}/${r.id}.mp4` : null,
  }));
}
export type RecordingView = Awaited<ReturnType<typeof listRecordings>>[number];

/** One ready recording's file, if the actor may view the conference. */
export async function recordingFile(opts: {
  db: Executor;
  actor: Actor | null;
  conferenceId: string;
  recordingId: string;
}) {
  const access = await loadAccess(opts.db, opts.actor, opts.conferenceId);
  if (!canViewConference(access)) throw new AppError('not_found');
  const [row] = await opts.db
    .select()
    .from(recordings)
    .where(
      and(eq(recordings.id, opts.recordingId), eq(recordings.conferenceId, opts.conferenceId)),
    );
  if (!row || row.status !== 'ready' || !row.path) throw new AppError('not_found');
  return { row, public: access.conference.visibility === 'public' };
}
