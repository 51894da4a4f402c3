import { eq, sql } from 'drizzle-orm';
import type { Database, Executor } from '../../db/database.ts';
import { photos, siteSettings } from '../../db/schema/news.ts';
import { SiteSettings } from '../../protocol/site-settings.ts';
import { changedFields, recordAudit } from '../audit/record-audit.ts';
import { requireAdmin, type Actor } from '../auth/policies.ts';
import { AppError } from '../errors.ts';

const ROW = 1;
/** Every field empty: what a portal shows before an administrator fills them in. */
const EMPTY = SiteSettings.parse({});

/** The portal's particulars (empty fields until an administrator sets them). */
export async function getSiteSettings(opts: { db: Executor }) {
  const [row] = await opts.db.select().from(siteSettings).where(eq(siteSettings.id, ROW));
  if (!row) return { ...EMPTY, updatedAt: null };
  // Stored by `updateSiteSettings` after the same check; a field added later is empty.
  const parsed = SiteSettings.safeParse(row.data);
  return { ...(parsed.success ? parsed.data : EMPTY), updatedAt: row.updatedAt };
}

export async function updateSiteSettings(opts: {
  db: Database;
  actor: Actor | null;
  input: SiteSettings;
}) {
  const actor = requireAdmin(opts.actor);
  if (opts.input.emblemPhotoId) {
    const [photo] = await opts.db
      .select({ id: photos.id })
      .from(photos)
      .where(eq(photos.id, opts.input.emblemPhotoId));
    if (!photo)
      throw new AppError('validation', { fields: { emblemPhotoId: 'errors.unknown_photo' } });
  }
  const values = { data: opts.input, updatedBy: actor.id, updatedAt: sql`now()` };
  return opts.db.transaction(async (tx) => {
    const { updatedAt: _at, ...before } = await getSiteSettings({ db: tx });
    await tx
      .insert(siteSettings)
      .values({ id: ROW, ...values })
      .onConflictDoUpdate({ target: siteSettings.id, set: values });
    const changed = changedFields(before, opts.input);
    if (changed) {
      await recordAudit(tx, {
        actor,
        action: 'site_settings.changed',
        target: { type: 'site_settings', id: String(ROW) },
        ...changed,
      });
    }
    return getSiteSettings({ db: tx });
  });
}
