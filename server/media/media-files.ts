import { join } from 'node:path';
import express, { type Request, type Response } from 'express';
import type { Database } from '../../db/database.ts';
import { requireLiveViewer } from '../../domain/live/live-session.ts';
import { recordingFile } from '../../domain/media/recordings.ts';
import { AppError } from '../../domain/errors.ts';
import { receiveVideo, videoFile } from '../../domain/news/videos.ts';
import { sendError } from '../http/errors.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const LIVE_FILE = /^(?:index\.m3u8|seg-[0-9a-z]{1,12}-\d{5}\.ts)$/;
const EMPTY_PLAYLIST =
  '#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:0\n';
/** How long a conference's access decision is reused for its stream's many small requests. */
const ACCESS_TTL_MS = 5000;

/** WebVTT chapters of a recording, for the player's chapter track. */
export function chaptersVtt(chapters: { start: number; end: number; title: string }[]): string {
  const ts = (s: number) => {
    const ms = Math.max(0, Math.round(s * 1000));
    const h = Math.floor(ms / 3_600_000);
    const m = Math.floor((ms % 3_600_000) / 60_000);
    const sec = Math.floor((ms % 60_000) / 1000);
    const pad = (n: number, w = 2) => String(n).padStart(w, '0');
    return `${pad(h)}:${pad(m)}:${pad(sec)}.${pad(ms % 1000, 3)}`;
  };
  const clean = (t: string) => t.replace(/-->/g, '→').replace(/\s+/g, ' ').trim();
  return `WEBVTT\n\n${chapters
    .map((c, i) => `${i + 1}\n${ts(c.start)} --> ${ts(c.end)}\n${clean(c.title)}\n`)
    .join('\n')}`;
}

/**
 * The media folder over HTTP: the public stream's playlist and segments, and the
 * assembled recordings (with range requests, so players can seek) and their chapters,
 * each for whoever may view the conference.
 */
export function mediaFiles(deps: { db: Database; mediaDir: string }) {
  const router = express.Router();
  const access = new Map<string, { at: number; public: boolean }>();

  async function mayView(req: Request, res: Response, conferenceId: string) {
    const actor = res.locals.actor ?? null;
    const cached = access.get(conferenceId);
    if (!actor && cached && Date.now() - cached.at < ACCESS_TTL_MS && cached.public) return true;
    const conference = await requireLiveViewer(deps.db, actor, conferenceId);
    const open = conference.conference.visibility === 'public';
    if (!actor) access.set(conferenceId, { at: Date.now(), public: open });
    if (access.size > 1000) access.clear();
    return open;
  }

  router.get('/live/:conferenceId/:file', async (req, res) => {
    const { conferenceId, file } = req.params;
    try {
      if (!UUID.test(conferenceId) || !LIVE_FILE.test(file)) throw new AppError('not_found');
      const open = await mayView(req, res, conferenceId);
      const playlist = file.endsWith('.m3u8');
      res.setHeader(
        'Cache-Control',
        `${open ? 'public' : 'private'}, max-age=${playlist ? 1 : 3600}`,
      );
      res.type(playlist ? 'application/vnd.apple.mpegurl' : 'video/mp2t');
      res.sendFile(join(deps.mediaDir, 'live', conferenceId, file), { dotfiles: 'deny' }, (err) => {
        if (!err || res.headersSent) return;
        // The stream is about to start: an empty live playlist (players keep asking).
        if (playlist) {
          res.setHeader('Cache-Control', 'no-store');
          res.send(EMPTY_PLAYLIST);
        } else sendError(req, res, new AppError('not_found'));
      });
    } catch (err) {
      sendError(req, res, err);
    }
  });

  router.get('/recordings/:conferenceId/:file', async (req, res) => {
    const { conferenceId, file } = req.params;
    try {
      const m = /^([0-9a-f-]{36})\.(mp4|vtt)$/.exec(file);
      if (!UUID.test(conferenceId) || !m || !UUID.test(m[1]!)) throw new AppError('not_found');
      const { row, public: open } = await recordingFile({
        db: deps.db,
        actor: res.locals.actor ?? null,
        conferenceId,
        recordingId: m[1]!,
      });
      res.setHeader('Cache-Control', `${open ? 'public' : 'private'}, max-age=3600`);
      if (m[2] === 'vtt') {
        res.type('text/vtt; charset=utf-8').send(chaptersVtt(row.chapters));
        return;
      }
      res.type('video/mp4');
      res.sendFile(join(deps.mediaDir, row.path!), { acceptRanges: true }, (err) => {
        if (!err || res.headersSent) return;
        // A range past the end: 416 with the file's size (Content-Range set by send).
        if ((err as { status?: number }).status === 416) {
          res.removeHeader('Content-Type');
          res.status(416).end();
        } else sendError(req, res, new AppError('not_found'));
      });
    } catch (err) {
      sendError(req, res, err);
    }
  });

  // Videos of articles: uploaded as the raw request body (streamed to disk, checked by
  // content), served with ranges like recordings; public (shown in published articles).
  router.post('/videos', async (req, res) => {
    try {
      const video = await receiveVideo({
        db: deps.db,
        actor: res.locals.actor ?? null,
        mediaDir: deps.mediaDir,
        name: typeof req.query.name === 'string' ? req.query.name : 'video.mp4',
        declaredBytes: Number(req.headers['content-length']) || undefined,
        body: req,
      });
      res.status(201).json(video);
    } catch (err) {
      // What is left of the upload is not read: the connection closes after the answer.
      res.setHeader('Connection', 'close');
      sendError(req, res, err);
    }
  });

  router.get('/videos/:file', async (req, res) => {
    try {
      const m = /^([0-9a-f-]{36})\.mp4$/.exec(req.params.file);
      if (!m || !UUID.test(m[1]!)) throw new AppError('not_found');
      const path = await videoFile({ db: deps.db, mediaDir: deps.mediaDir, videoId: m[1]! });
      res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
      res.type('video/mp4');
      res.sendFile(path, { acceptRanges: true }, (err) => {
        if (!err || res.headersSent) return;
        if ((err as { status?: number }).status === 416) {
          res.removeHeader('Content-Type');
          res.status(416).end();
        } else sendError(req, res, new AppError('not_found'));
      });
    } catch (err) {
      sendError(req, res, err);
    }
  });

  return router;
}
