import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { eq } from 'drizzle-orm';
import { fileTypeFromBuffer } from 'file-type';
import type { Database } from '../../db/database.ts';
import { newsVideos } from '../../db/schema/news.ts';
import type { Actor } from '../auth/policies.ts';
import { AppError } from '../errors.ts';
import { MB } from '../files/stored-files.ts';
import { requireEditor } from './photos.ts';

/** A few minutes of 1080p reportage; longer programmes are conference recordings. */
export const VIDEO_MAX_BYTES = 500 * MB;

/** Where an uploaded video is served (and how an article body names it). */
export const videoPath = (id: string) => `/media/videos/${id}.mp4`;

/**
 * Takes an uploaded MP4 as it streams in (never held in memory), refuses it past
 * `VIDEO_MAX_BYTES` or when its content is not an MP4 (by its `ftyp` box, not its
 * name), and keeps it as `MEDIA_DIR/videos/<id>.mp4` (ADR 9).
 */
export async function receiveVideo(opts: {
  db: Database;
  actor: Actor | null;
  mediaDir: string;
  name: string;
  declaredBytes?: number;
  body: NodeJS.ReadableStream;
}) {
  const actor = requireEditor(opts.actor);
  const tooLarge = () =>
    new AppError('file_too_large', {
      params: { limit: `${VIDEO_MAX_BYTES / MB} MB` },
      fields: { file: 'errors.file_too_large' },
    });
  if ((opts.declaredBytes ?? 0) > VIDEO_MAX_BYTES) throw tooLarge();
  const dir = join(opts.mediaDir, 'videos');
  await mkdir(dir, { recursive: true });
  const temp = join(dir, `.upload-${randomUUID()}`);
  let bytes = 0;
  try {
    await pipeline(
      opts.body,
      new Transform({
        transform(chunk: Buffer, _enc, done) {
          bytes += chunk.length;
          done(bytes > VIDEO_MAX_BYTES ? tooLarge() : null, chunk);
        },
      }),
      createWriteStream(temp, { flags: 'wx' }),
    );
    if (bytes === 0) throw new AppError('validation', { fields: { file: 'errors.file_required' } });
    const head = Buffer.alloc(4100);
    const file = await open(temp, 'r');
    try {
      await file.read(head, 0, head.length, 0);
    } finally {
      await file.close();
    }
    const type = await fileTypeFromBuffer(head.subarray(0, Math.min(bytes, head.length)));
    if (type?.ext !== 'mp4' && type?.ext !== 'm4v') {
      throw new AppError('unsupported_file', {
        params: { allowed: 'MP4' },
        fields: { file: 'errors.unsupported_file' },
      });
    }
    const name = (opts.name.normalize('NFC').split(/[\\/]/).pop() ?? '')
      .replace(/[\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu, '')
      .slice(0, 150);
    return await opts.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(newsVideos)
        .values({ name: name || 'video.mp4', bytes, createdBy: actor.id })
        .returning();
      await rename(temp, join(dir, `${row!.id}.mp4`));
      return { id: row!.id, name: row!.name, bytes, src: videoPath(row!.id) };
    });
  } finally {
    await rm(temp, { force: true });
  }
}

/** The file of an uploaded video (public: videos appear in published articles). */
export async function videoFile(opts: { db: Database; mediaDir: string; videoId: string }) {
  const [row] = await opts.db
    .select({ id: newsVideos.id })
    .from(newsVideos)
    .where(eq(newsVideos.id, opts.videoId));
  if (!row) throw new AppError('not_found');
  return join(opts.mediaDir, 'videos', `${row.id}.mp4`);
}
