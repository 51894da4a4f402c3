import { randomUUID } from 'node:crypto';
import { mkdir, rm, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { and, eq } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Database } from '../../db/database.ts';
import { conferenceSites } from '../../db/schema/conferences.ts';
import { recordings } from '../../db/schema/recordings.ts';
import { programOffset, programTimeline } from '../../domain/media/program-timeline.ts';
import {
  claimAssembly,
  finishAssembly,
  markRawDeleted,
  rawToDelete,
  readAllEvents,
  reportProgress,
  supersededRecordings,
  type RecordingRow,
} from '../../domain/media/recordings.ts';
import { REOPEN_WINDOW_MS } from '../../protocol/live.ts';
import { assembleRecording } from './assemble-recording.ts';

const POLL_MS = 5000;

/**
 * Assembles recorded sessions into one MP4 each, one job at a time per instance
 * (jobs are claimed in the database, so several instances share the queue and take
 * over a job whose instance went quiet), and deletes raw files once they may go.
 */
export function createRecordingJobs(deps: { db: Database; logger: Logger; mediaDir: string }) {
  const log = deps.logger.child({ module: 'recordings' });
  const holder = randomUUID();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | null = null;
  let abort: AbortController | null = null;
  let stopped = false;

  async function tick() {
    if (running || stopped) return;
    running = (async () => {
      for (;;) {
        const job = await claimAssembly(deps.db, holder);
        if (!job || stopped) break;
        await run(job);
      }
      await sweepRaw();
    })()
      .catch((err: unknown) => log.warn({ err }, 'recording jobs failed'))
      .finally(() => {
        running = null;
      });
  }

  async function run(job: RecordingRow) {
    const started = Date.now();
    log.info({ conferenceId: job.conferenceId, recordingId: job.id }, 'assembling recording');
    abort = new AbortController();
    let last = 0;
    const output = join(deps.mediaDir, 'recordings', job.conferenceId, `${job.id}.mp4`);
    const workDir = join(deps.mediaDir, 'work', job.id);
    try {
      const events = (await readAllEvents(deps.db, job.conferenceId)).filter(
        (e) => e.seq <= job.endedSeq,
      );
      const [host] = await deps.db
        .select({ id: conferenceSites.id, name: conferenceSites.name })
        .from(conferenceSites)
        .where(
          and(eq(conferenceSites.conferenceId, job.conferenceId), eq(conferenceSites.isHost, true)),
        );
      const timeline = programTimeline({
        events,
        hostSiteId: host?.id ?? null,
        hostSiteName: host?.name ?? '',
      });
      await mkdir(join(deps.mediaDir, 'recordings', job.conferenceId), { recursive: true });
      const controller = abort;
      const result = await assembleRecording({
        rawDir: join(deps.mediaDir, 'raw', job.conferenceId),
        workDir,
        output,
        timeline,
        signal: controller.signal,
        onProgress: (fraction, step) => {
          if (Date.now() - last < 1000 && fraction < 1) return;
          last = Date.now();
          void reportProgress(deps.db, job.id, holder, fraction, step).then((mine) => {
            if (!mine) controller.abort(); // another instance took it over
          });
        },
      });
      const chapters = timeline.chapters.map((c, i) => ({
        start: programOffset(timeline, c.start) / 1000,
        end: programOffset(timeline, c.end) / 1000,
        title: result.chapters[i]?.title ?? c.siteName,
        siteName: c.siteName,
        delegateName: c.delegateName,
        themeTitle: c.themeTitle,
        turn: c.turnId !== null,
      }));
      await finishAssembly(deps.db, job.id, {
        ok: true,
        path: relative(deps.mediaDir, output),
        durationSeconds: result.durationSeconds,
        bytes: result.bytes ?? (await stat(output)).size,
        chapters,
      });
      // After a reopened session ended again: the earlier, shorter assembly goes.
      for (const old of await supersededRecordings(deps.db, job.conferenceId)) {
        if (old.path) await rm(join(deps.mediaDir, old.path), { force: true });
        await deps.db.delete(recordings).where(eq(recordings.id, old.id));
      }
      log.info(
        {
          conferenceId: job.conferenceId,
          recordingId: job.id,
          seconds: result.durationSeconds,
          tookMs: Date.now() - started,
        },
        'recording ready',
      );
    } catch (err) {
      if (abort?.signal.aborted && stopped) return; // taken up again after the restart
      log.warn({ err, conferenceId: job.conferenceId }, 'recording assembly failed');
      await finishAssembly(deps.db, job.id, { ok: false, error: (err as Error).message });
    } finally {
      abort = null;
      await rm(workDir, { recursive: true, force: true });
    }
  }

  async function sweepRaw() {
    for (const row of await rawToDelete(deps.db, REOPEN_WINDOW_MS)) {
      await rm(join(deps.mediaDir, 'raw', row.conferenceId), { recursive: true, force: true });
      await markRawDeleted(deps.db, row.conferenceId);
      log.info({ conferenceId: row.conferenceId }, 'raw recordings deleted');
    }
  }

  return {
    start() {
      timer = setInterval(() => void tick(), POLL_MS);
      timer.unref();
      void tick();
    },
    /** Look for work now (a session just ended). */
    poke() {
      void tick();
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      abort?.abort();
      await running;
    },
  };
}
