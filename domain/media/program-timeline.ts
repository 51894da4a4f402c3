import { AppError } from '../errors.ts';
import { initialLiveState, openTurns, reduce } from '../live/reducer.ts';
import type { LiveEvent, LiveState, ProgramLayout } from '../../protocol/live.ts';

/** A stretch of the program with one picture: who speaks, what is shared, how it is laid out. */
export interface ProgramSegment {
  /** ms since epoch, `end` excluded. */
  start: number;
  end: number;
  /** Whose camera and microphone (the floor holder, else the host site). */
  speakerSiteId: string | null;
  /** Whose shared screen is in the picture (null with the 'speaker' layout). */
  contentSiteId: string | null;
  /** The layout in effect: 'speaker' whenever nothing is shared. */
  layout: ProgramLayout;
}

/** A chapter of the recording: one turn, or the host between turns. */
export interface ProgramChapter {
  start: number;
  end: number;
  siteId: string | null;
  siteName: string;
  delegateName: string | null;
  themeTitle: string | null;
  /** Null for the host's stretches between turns. */
  turnId: string | null;
}

/** The real session as the program showed it, for assembling its recording. */
export interface ProgramTimeline {
  /** ms since epoch: the session's start and its (last) end. */
  start: number;
  end: number;
  /** In order, none of zero length, covering [start, end) but the cuts. */
  segments: ProgramSegment[];
  /** In order, none of zero length, covering [start, end) but the cuts. */
  chapters: ProgramChapter[];
  /**
   * Stretches left out of the program: the session was ended (and then reopened).
   * The recording's clock skips them (`programOffset`).
   */
  cuts: { start: number; end: number }[];
  /** The host site: its sound is in the whole program. */
  hostSiteId: string | null;
  /** The latest name the log gave each site (the host's included), for slates. */
  sites: Record<string, string>;
}

type Picture = Omit<ProgramSegment, 'start' | 'end'>;
type Chapter = Omit<ProgramChapter, 'start' | 'end'>;

/** What the program shows in `state`: the floor holder granted last, else the host. */
function pictureOf(state: LiveState, hostSiteId: string | null): Picture {
  const turn = openTurns(state).at(-1);
  const shared = state.content?.siteId ?? null;
  const layout: ProgramLayout = shared === null ? 'speaker' : state.layout;
  return {
    speakerSiteId: turn?.siteId ?? hostSiteId,
    contentSiteId: layout === 'speaker' ? null : shared,
    layout,
  };
}

function chapterOf(state: LiveState, hostSiteId: string | null, hostSiteName: string): Chapter {
  const turn = openTurns(state).at(-1);
  if (!turn)
    return {
      siteId: hostSiteId,
      siteName: hostSiteName,
      delegateName: null,
      themeTitle: null,
      turnId: null,
    };
  return {
    siteId: turn.siteId,
    siteName: turn.siteName,
    delegateName: turn.delegateName,
    themeTitle: turn.themeTitle,
    turnId: turn.id,
  };
}

/** Appends [start, end) with `value`, merged into the last stretch when `same` says so. */
function extend<T extends object>(
  list: (T & { start: number; end: number })[],
  start: number,
  end: number,
  value: T,
  same: (a: T, b: T) => boolean,
): void {
  if (end <= start) return;
  const last = list.at(-1);
  if (last && last.end === start && same(last, value)) last.end = end;
  else list.push({ ...value, start, end });
}

const samePicture = (a: Picture, b: Picture) =>
  a.speakerSiteId === b.speakerSiteId &&
  a.contentSiteId === b.contentSiteId &&
  a.layout === b.layout;
const sameChapter = (a: Chapter, b: Chapter) => a.turnId === b.turnId && a.siteId === b.siteId;

/**
 * The program of a conference's real session from its whole live log (in `seq` order):
 * what comes after the last finished rehearsal, from the first `session.started` to the
 * last `session.ended` (or `now` while the session is not over). The live state is
 * rebuilt with the reducer every screen runs, so the recording shows what they showed.
 * Paused time stays in (the picture kept going); the time between an end and a
 * reopening is cut out.
 */
export function programTimeline(opts: {
  events: LiveEvent[];
  hostSiteId: string | null;
  hostSiteName: string;
  /** The end when the session is not ended (ms since epoch). */
  now?: number;
}): ProgramTimeline {
  const { events, hostSiteId, hostSiteName } = opts;
  const realFrom = events.findLastIndex((e) => e.type === 'rehearsal.finished') + 1;
  const sites: Record<string, string> = {};
  if (hostSiteId) sites[hostSiteId] = hostSiteName;
  let state = initialLiveState('');
  let start: number | null = null;
  // The program after each event of the real session, at the event's time.
  const marks: { at: number; picture: Picture; chapter: Chapter; closed: boolean }[] = [];
  for (const [i, e] of events.entries()) {
    state = reduce(state, e);
    if (i < realFrom || e.rehearsal) continue;
    if ('siteId' in e && e.siteId && 'siteName' in e && e.siteName && e.siteId !== hostSiteId)
      sites[e.siteId] = e.siteName;
    if (start === null) {
      if (e.type !== 'session.started') continue;
      start = e.at;
    }
    // A clock stepping back never makes a stretch run backwards.
    const at = Math.max(e.at, marks.at(-1)?.at ?? start);
    marks.push({
      at,
      picture: pictureOf(state, hostSiteId),
      chapter: chapterOf(state, hostSiteId, hostSiteName),
      closed: state.phase === 'ended',
    });
  }
  if (start === null)
    throw new AppError('invalid_state', { cause: new Error('The session has not started.') });
  let end: number;
  if (state.phase === 'ended' && state.endedAt !== null) end = state.endedAt;
  else if (opts.now !== undefined) end = opts.now;
  else throw new AppError('invalid_state', { cause: new Error('The session has not ended.') });
  end = Math.max(end, start);

  const segments: ProgramSegment[] = [];
  const chapters: ProgramChapter[] = [];
  const cuts: { start: number; end: number }[] = [];
  for (const [i, mark] of marks.entries()) {
    const from = Math.min(mark.at, end);
    const to = Math.min(marks[i + 1]?.at ?? end, end);
    // Ended, then reopened: nothing happened in between, the recording skips it.
    if (mark.closed) extend(cuts, from, to, {}, () => true);
    else {
      extend(segments, from, to, mark.picture, samePicture);
      extend(chapters, from, to, mark.chapter, sameChapter);
    }
  }
  return { start, end, segments, chapters, cuts, hostSiteId, sites };
}

/** Where wall-clock time `t` falls in the recording (ms from its start), cuts skipped. */
export function programOffset(timeline: Pick<ProgramTimeline, 'start' | 'cuts'>, t: number) {
  let offset = t - timeline.start;
  for (const cut of timeline.cuts) offset -= Math.max(0, Math.min(t, cut.end) - cut.start);
  return offset;
}
