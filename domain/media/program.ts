import { openTurns } from '../live/reducer.ts';
import type { LiveState } from '../../protocol/live.ts';

/**
 * Whose picture every screen shows: the site that was given the floor last among
 * those holding it, else the host site. Null when neither is known.
 */
export function programSite(state: LiveState, hostSiteId: string | null): string | null {
  if (state.phase === 'ended') return null;
  return openTurns(state).at(-1)?.siteId ?? hostSiteId;
}

/**
 * The sites whose microphones are open: the host (who can always speak) and every
 * site holding the floor (several in a joint exchange), minus those the chair closed.
 * Nobody speaks before the technical check or after the end.
 */
export function openMicrophones(state: LiveState, hostSiteId: string | null): Set<string> {
  const open = new Set<string>();
  if (state.phase === 'not_started' || state.phase === 'ended') return open;
  if (hostSiteId) open.add(hostSiteId);
  for (const turn of openTurns(state)) open.add(turn.siteId);
  for (const siteId of [...open]) if (state.sites[siteId]?.muted) open.delete(siteId);
  return open;
}

/** Whether the conference's media room is open (sites may join it). */
export function mediaOpen(state: Pick<LiveState, 'phase'>): boolean {
  return (
    state.phase === 'technical_check' || state.phase === 'in_progress' || state.phase === 'paused'
  );
}

/**
 * Whether a site may share its screen now: the host site, or a site holding the floor,
 * while the room is open.
 */
export function mayShare(state: LiveState, hostSiteId: string | null, siteId: string): boolean {
  if (!mediaOpen(state)) return false;
  return siteId === hostSiteId || openTurns(state).some((t) => t.siteId === siteId);
}
