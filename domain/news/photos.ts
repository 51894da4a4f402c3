import { and, asc, eq } from 'drizzle-orm';
import sharp, { type Metadata, type Sharp } from 'sharp';
import type { Database } from '../../db/database.ts';
import { photoVariants, photos } from '../../db/schema/news.ts';
import { requireUser, type Actor } from '../auth/policies.ts';
import { isNewsroomMember } from './workflow.ts';
import { photoPath } from '../../protocol/news.ts';
import { AppError } from '../errors.ts';
import {
  checkFile,
  MB,
  readStoredFile,
  storeFile,
  type UploadedFile,
} from '../files/stored-files.ts';

export const PHOTO_MAX_BYTES = 10 * MB;
/** Responsive sizes (never larger than the original). */
export const PHOTO_WIDTHS = [320, 640, 960, 1440] as const;

/**
 * A member of the newsroom: a reporter, editor, approver or administrator. What each may
 * do to an article is decided by the workflow (domain/news/workflow.ts).
 */
export function requireEditor(actor: Actor | null): Actor {
  const user = requireUser(actor);
  if (!isNewsroomMember(user.roles)) throw new AppError('forbidden');
  return user;
}

/**
 * Takes a JPEG, PNG or WebP (by content, ≤ 10 MB), turns it upright, re-encodes it
 * into the responsive sizes as WebP and JPEG, and drops its metadata (GPS, camera).
 */
export async function uploadPhoto(opts: {
  db: Database;
  actor: Actor | null;
  file: UploadedFile | undefined;
}) {
  const actor = requireEditor(opts.actor);
  await checkFile(opts.file, ['jpg', 'png', 'webp'], PHOTO_MAX_BYTES);
  let base: Sharp;
  let meta: Metadata;
  try {
    base = sharp(opts.file!.data, { failOn: 'error', limitInputPixels: 60_000_000 }).rotate();
    meta = await base.metadata();
  } catch (err) {
    throw new AppError('unsupported_file', { params: { allowed: 'JPG, PNG, WEBP' }, cause: err });
  }
  const upright = (meta.orientation ?? 1) >= 5;
  const width = (upright ? meta.height : meta.width) ?? 0;
  const height = (upright ? meta.width : meta.height) ?? 0;
  const widths = [
    ...new Set([...PHOTO_WIDTHS.filter((w) => w < width), Math.min(width, PHOTO_WIDTHS.at(-1)!)]),
  ];
  const variants: { width: number; format: 'webp' | 'jpeg'; data: Buffer }[] = [];
  for (const w of widths) {
    const resized = base.clone().resize({ width: w, withoutEnlargement: true });
    variants.push({
      width: w,
      format: 'webp',
      data: await resized.clone().webp({ quality: 80 }).toBuffer(),
    });
    variants.push({
      width: w,
      format: 'jpeg',
      data: await resized.clone().jpeg({ quality: 82, mozjpeg: true }).toBuffer(),
    });
  }
  return opts.db.transaction(async (tx) => {
    const [photo] = await tx
      .insert(photos)
      .values({ width, height, createdBy: actor.id })
      .returning();
    for (const v of variants) {
      const fileId = await storeFile(
        tx,
        { name: `${photo!.id}-${v.width}.${v.format}`, data: v.data },
        v.format === 'webp' ? 'webp' : 'jpg',
        actor.id,
      );
      await tx
        .insert(photoVariants)
        .values({ photoId: photo!.id, width: v.width, format: v.format, fileId });
    }
    return {
      id: photo!.id,
      width,
      height,
      widths,
      src: photoPath(photo!.id, widths.at(-1)!, 'webp'),
    };
  });
}

/**
 * A stored size of a photo (public: photos appear in published articles): the
 * smallest at least `width` wide, else the largest there is.
 */
export async function readPhotoVariant(opts: {
  db: Database;
  photoId: string;
  width: number;
  format: 'webp' | 'jpeg';
}) {
  const variants = await opts.db
    .select({ fileId: photoVariants.fileId, width: photoVariants.width })
    .from(photoVariants)
    .where(and(eq(photoVariants.photoId, opts.photoId), eq(photoVariants.format, opts.format)))
    .orderBy(asc(photoVariants.width));
  const variant = variants.find((v) => v.width >= opts.width) ?? variants.at(-1);
  if (!variant) throw new AppError('not_found');
  return readStoredFile(opts.db, variant.fileId);
}
