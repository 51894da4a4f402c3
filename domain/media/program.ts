import { openTurns } from '../live/reducer.ts';
import type { LiveState, ProgramLayout } from '../../protocol/live.ts';

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

/** What the public stream is made of at one moment; `key` changes when any part does. */
export interface ProgramPlan {
  key: string;
  layout: ProgramLayout;
  /** The speaking site's picture (null: it sends none, the slate shows). */
  speaker: { siteId: string; videoMid: string; simulcast: boolean } | null;
  content: { siteId: string; videoMid: string } | null;
  /** The open microphones that publish sound. */
  audio: { siteId: string; mid: string }[];
  /** Shown where there is no picture: the speaking site's name. */
  slate: string;
}

export function programPlan(src: {
  state: LiveState;
  hostSiteId: string | null;
  publishers: ReadonlyMap<
    string,
    { audioMid: string | null; videoMid: string | null; simulcast?: boolean }
  >;
  content: { siteId: string; videoMid: string | null } | null;
  /** The sites' names, for the slate (the live state knows only those that did something). */
  siteNames?: ReadonlyMap<string, string>;
}): ProgramPlan {
  const { state } = src;
  // A pause is not for the public: no picture of the hall, no sound.
  if (state.phase === 'paused') {
    const slate = 'Phiên họp đang tạm dừng';
    return {
      key: JSON.stringify(['paused']),
      layout: 'speaker',
      speaker: null,
      content: null,
      audio: [],
      slate,
    };
  }
  const speakerId = programSite(state, src.hostSiteId);
  const pub = speakerId ? src.publishers.get(speakerId) : undefined;
  let speaker =
    speakerId && pub?.videoMid && !state.sites[speakerId]?.audioOnly
      ? { siteId: speakerId, videoMid: pub.videoMid, simulcast: !!pub.simulcast }
      : null;
  const content =
    state.layout !== 'speaker' && src.content?.videoMid
      ? { siteId: src.content.siteId, videoMid: src.content.videoMid }
      : null;
  const layout: ProgramLayout = content ? state.layout : 'speaker';
  // Content alone: the speaker's picture is not an input at all.
  if (layout === 'content') speaker = null;
  const audio = [...openMicrophones(state, src.hostSiteId)].sort().flatMap((siteId) => {
    const mid = src.publishers.get(siteId)?.audioMid;
    return mid ? [{ siteId, mid }] : [];
  });
  const slate =
    (speakerId &&
      (openTurns(state).findLast((t) => t.siteId === speakerId)?.siteName ??
        src.siteNames?.get(speakerId) ??
        state.sites[speakerId]?.siteName)) ||
    '';
  const key = JSON.stringify([layout, speaker, content, audio, slate]);
  return { key, layout, speaker, content, audio, slate };
}
