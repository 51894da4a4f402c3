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

export type PortalFrameData = Awaited<ReturnType<typeof getPortalFrame>>;

/**
 * The frame read once and kept until the portal changes: the server calls `forget` on the
 * `portal_changed` notification every instance listens to, so a page render asks the
 * database nothing for it. A read under way when a change arrives is not kept.
 */
export function createPortalFrameCache(db: Executor) {
  let kept: Promise<PortalFrameData> | undefined;
  return {
    get(): Promise<PortalFrameData> {
      if (kept) return kept;
      const frame = getPortalFrame({ db });
      kept = frame;
      frame.catch(() => {
        if (kept === frame) kept = undefined;
      });
      return frame;
    },
    forget() {
      kept = undefined;
    },
  };
}

export type PortalFrameCache = ReturnType<typeof createPortalFrameCache>;
