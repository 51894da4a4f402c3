import type { FloorRequest, LiveEvent, LiveState, SiteStatus, Turn } from '../../protocol/live.ts';

// Pure: runs on the server and in every screen, so they cannot drift apart.

export function initialLiveState(conferenceId: string): LiveState {
  return {
    conferenceId,
    seq: 0,
    phase: 'not_started',
    agendaItemId: null,
    agendaTitle: null,
    jointExchange: false,
    queue: [],
    requests: {},
    turns: [],
    sites: {},
    announcements: [],
    minutes: [],
    display: null,
  };
}

export function openTurns(state: LiveState): Turn[] {
  return state.turns.filter((t) => t.endedAt === null);
}

export function siteStatus(state: LiveState, siteId: string, siteName: string): SiteStatus {
  return (
    state.sites[siteId] ?? {
      siteId,
      siteName,
      rollCall: 'not_checked_in',
      attendees: null,
      absenceReason: null,
      online: false,
      media: 'off',
      muted: false,
      audioOnly: false,
    }
  );
}

function endTurns(state: LiveState, at: number, keep?: (t: Turn) => boolean): LiveState {
  const requests = { ...state.requests };
  const turns = state.turns.map((t) => {
    if (t.endedAt !== null || keep?.(t)) return t;
    if (t.requestId && requests[t.requestId])
      requests[t.requestId] = { ...requests[t.requestId]!, status: 'done' };
    return { ...t, endedAt: at };
  });
  return { ...state, turns, requests };
}

function setRequest(
  state: LiveState,
  id: string,
  change: Partial<FloorRequest>,
  leaveQueue: boolean,
): LiveState {
  const request = state.requests[id];
  if (!request) return state;
  return {
    ...state,
    requests: { ...state.requests, [id]: { ...request, ...change } },
    queue: leaveQueue ? state.queue.filter((q) => q !== id) : state.queue,
  };
}

function setSite(
  state: LiveState,
  e: { siteId: string; siteName: string },
  change: Partial<SiteStatus>,
): LiveState {
  const current = siteStatus(state, e.siteId, e.siteName);
  return {
    ...state,
    sites: { ...state.sites, [e.siteId]: { ...current, siteName: e.siteName, ...change } },
  };
}

/** The next state after one event. Events are applied in `seq` order, each once. */
export function reduce(previous: LiveState, e: LiveEvent): LiveState {
  const state = { ...previous, seq: e.seq };
  switch (e.type) {
    case 'session.check_opened':
      return { ...state, phase: 'technical_check' };
    case 'session.started':
    case 'session.resumed':
      return { ...state, phase: 'in_progress' };
    case 'session.paused':
      return { ...state, phase: 'paused' };
    case 'session.ended':
      return { ...endTurns(state, e.at), phase: 'ended', jointExchange: false };
    case 'agenda.moved':
      return { ...state, agendaItemId: e.agendaItemId, agendaTitle: e.title };
    case 'floor.requested': {
      if (state.requests[e.requestId]) return state;
      const request: FloorRequest = {
        id: e.requestId,
        siteId: e.siteId,
        siteName: e.siteName,
        delegateName: e.delegateName,
        themeId: e.themeId,
        themeTitle: e.themeTitle,
        note: e.note,
        status: e.needsApproval ? 'requested' : 'queued',
        reason: null,
        requestedAt: e.at,
      };
      return {
        ...state,
        requests: { ...state.requests, [e.requestId]: request },
        queue: [...state.queue, e.requestId],
      };
    }
    case 'floor.approved':
      return setRequest(state, e.requestId, { status: 'queued' }, false);
    case 'floor.withdrawn':
      return setRequest(state, e.requestId, { status: 'withdrawn' }, true);
    case 'floor.declined':
      return setRequest(state, e.requestId, { status: 'declined', reason: e.reason }, true);
    case 'queue.reordered': {
      const waiting = new Set(state.queue);
      const ordered = [...new Set(e.requestIds.filter((id) => waiting.has(id)))];
      const rest = state.queue.filter((id) => !ordered.includes(id));
      return { ...state, queue: [...ordered, ...rest] };
    }
    case 'floor.granted': {
      const after = state.jointExchange ? state : endTurns(state, e.at);
      const turn: Turn = {
        id: e.turnId,
        requestId: e.requestId,
        siteId: e.siteId,
        siteName: e.siteName,
        delegateName: e.delegateName,
        themeId: e.themeId,
        themeTitle: e.themeTitle,
        contributionId: e.contributionId,
        startedAt: e.at,
        allowedSeconds: e.allowedSeconds,
        extensionSeconds: 0,
        endedAt: null,
      };
      const next = { ...after, turns: [...after.turns, turn] };
      return e.requestId ? setRequest(next, e.requestId, { status: 'speaking' }, true) : next;
    }
    case 'floor.extended':
      return {
        ...state,
        turns: state.turns.map((t) =>
          t.id === e.turnId ? { ...t, extensionSeconds: t.extensionSeconds + e.seconds } : t,
        ),
      };
    case 'floor.ended':
      return endTurns(state, e.at, (t) => t.id !== e.turnId);
    case 'joint.set': {
      if (e.open) return { ...state, jointExchange: true };
      // Closing a joint exchange leaves the floor to the last speaker granted.
      const open = openTurns(state);
      const last = open.at(-1);
      return { ...endTurns(state, e.at, (t) => t.id === last?.id), jointExchange: false };
    }
    case 'site.checked_in':
      return setSite(state, e, {
        rollCall: 'present',
        attendees: e.attendees,
        absenceReason: null,
      });
    case 'site.absent':
      return setSite(state, e, { rollCall: 'absent', attendees: null, absenceReason: e.reason });
    case 'site.connection':
      return setSite(state, e, { online: e.online });
    case 'site.media':
      return setSite(state, e, {
        media: e.media === 'left' ? 'off' : e.media === 'degraded' ? 'degraded' : 'live',
      });
    case 'site.muted':
      return setSite(state, e, { muted: e.muted });
    case 'site.audio_only':
      return setSite(state, e, { audioOnly: e.audioOnly });
    case 'announcement.posted':
      return {
        ...state,
        announcements: [
          ...state.announcements,
          { id: e.announcementId, text: e.text, at: e.at },
        ].slice(-50),
      };
    case 'display.shown':
      return {
        ...state,
        display: e.contributionId ? { contributionId: e.contributionId, title: e.title } : null,
      };
    case 'minutes.added':
      return {
        ...state,
        minutes: [
          ...state.minutes,
          { id: e.entryId, text: e.text, turnId: e.turnId, at: e.at, editedAt: null },
        ],
      };
    case 'minutes.edited':
      return {
        ...state,
        minutes: state.minutes.map((m) =>
          m.id === e.entryId ? { ...m, text: e.text, editedAt: e.at } : m,
        ),
      };
    case 'redacted':
      return state;
  }
}

/** Seconds left on a turn at `now` (negative when over time). */
export function remainingSeconds(turn: Turn, now: number): number {
  const end = turn.startedAt + (turn.allowedSeconds + turn.extensionSeconds) * 1000;
  return Math.round((end - (turn.endedAt ?? now)) / 1000);
}
