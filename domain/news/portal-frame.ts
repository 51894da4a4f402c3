import type { Executor } from '../../db/database.ts';
import { listVisibleCategories } from './categories.ts';
import { getSiteSettings } from './site-settings.ts';

/** What every public page's header and footer show: the particulars and the menu. */
export async function getPortalFrame(opts: { db: Executor }) {
  const [settings, categories] = await Promise.all([
    getSiteSettings(opts),
    listVisibleCategories(opts),
  ]);
  return { settings, menu: categories.map((c) => ({ slug: c.slug, name: c.name })) };
}
