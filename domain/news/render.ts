import { inArray } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';
import { photoVariants } from '../../db/schema/news.ts';
import { photoPath } from '../../protocol/news.ts';
import type { Actor } from '../auth/policies.ts';
import { cleanArticleBody } from './articles.ts';
import { requireEditor } from './photos.ts';

const OUR_PHOTO = /<img ([^>]*?)data-photo-id="([0-9a-f-]{36})"([^>]*?)\/?>/g;

/** The first uploaded photo of a stored body (what a share shows without a cover). */
export function firstPhotoId(html: string): string | null {
  return new RegExp(OUR_PHOTO.source).exec(html)?.[2] ?? null;
}

/**
 * Makes the stored (sanitised) body ready for readers: every uploaded photo gets
 * its responsive sizes (WebP srcset) and is lazy-loaded.
 */
export async function renderBody(db: Database, html: string): Promise<string> {
  const ids = [...new Set([...html.matchAll(OUR_PHOTO)].map((m) => m[2]!))];
  if (!ids.length) return html;
  const rows = await db
    .select({
      photoId: photoVariants.photoId,
      width: photoVariants.width,
      format: photoVariants.format,
    })
    .from(photoVariants)
    .where(inArray(photoVariants.photoId, ids));
  return html.replace(OUR_PHOTO, (whole, before: string, id: string, after: string) => {
    const widths = rows
      .filter((r) => r.photoId === id && r.format === 'webp')
      .map((r) => r.width)
      .sort((a, b) => a - b);
    if (!widths.length) return whole;
    const attrs = `${before}${after}`.replace(/\s*src="[^"]*"/, '').trim();
    const srcset = widths.map((w) => `${photoPath(id, w, 'webp')} ${w}w`).join(', ');
    const src = photoPath(id, widths.find((w) => w >= 960) ?? widths.at(-1)!, 'webp');
    return `<img ${attrs} src="${src}" srcset="${srcset}" sizes="(max-width: 800px) 100vw, 760px" loading="lazy" decoding="async" data-photo-id="${id}" />`;
  });
}

/**
 * The body as the public page would show it, from an unsaved draft: sanitised exactly
 * as saving would (videos checked too), then rendered like a published body.
 */
export async function previewBody(opts: { db: Database; actor: Actor | null; html: string }) {
  requireEditor(opts.actor);
  const { html } = await cleanArticleBody(opts.db, opts.html);
  return renderBody(opts.db, html);
}
