import type {
  FloorRequest,
  LiveEvent,
  LiveEventBody,
  LiveState,
  SiteStatus,
  Turn,
} from '../../protocol/live.ts';

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
    pausedAt: null,
    endedAt: null,
    rehearsal: false,
    rehearsals: 0,
    multipleRequests: false,
    closedQueues: [],
    cued: null,
    chat: [],
    layout: 'speaker_content',
    content: null,
    recording: false,
  };
}

/**
 * The events a command implies, numbered after `state`. During a rehearsal (and the
 * event that starts it) each event says so, for the views and the record.
 */
export function numberEvents(
  state: LiveState,
  bodies: LiveEventBody[],
  meta: { actor: { id: string; name: string } | null; at: number },
): LiveEvent[] {
  let inRehearsal = state.rehearsal;
  return bodies.map((body, i) => {
    const rehearsal = inRehearsal || body.type === 'rehearsal.started';
    inRehearsal = rehearsal && body.type !== 'rehearsal.finished';
    return {
      ...body,
      seq: state.seq + i + 1,
      at: meta.at,
      actor: meta.actor,
      ...(rehearsal && { rehearsal: true }),
    } as LiveEvent;
  });
}

/** The key of the current agenda item's queue in `closedQueues`. */
export function queueKey(state: Pick<LiveState, 'agendaItemId'>): string {
  return state.agendaItemId ?? '';
}

/** Whether sites may ask for the floor under the current agenda item. */
export function queueOpen(state: LiveState): boolean {
  return !state.closedQueues.includes(queueKey(state));
}

/** Requests still waiting (for the site chair's approval or in the queue). */
export function isWaiting(r: FloorRequest): boolean {
  return r.status === 'requested' || r.status === 'queued';
}

/**
 * The events that carry a site's link. They are all a rehearsal's reset keeps of a
 * site, and (with its start and finish) all of a rehearsal the public receives.
 */
export const LINK_EVENTS: ReadonlySet<LiveEvent['type']> = new Set([
  'site.connection',
  'site.media',
]);

/**
 * The state a rehearsal starts from and a real session starts from after it: nothing
 * of the session, only what the server knows of each site's link.
 */
function clean(state: LiveState): LiveState {
  // Only sites the server has seen a link of (the events the public still receives).
  const sites = Object.fromEntries(
    Object.entries(state.sites)
      .filter(([, s]) => s.everOnline)
      .map(([id, s]) => [
        id,
        {
          ...siteStatus(initialLiveState(state.conferenceId), id, s.siteName),
          online: s.online,
          everOnline: s.everOnline,
          media: s.media,
        },
      ]),
  );
  return {
    ...initialLiveState(state.conferenceId),
    seq: state.seq,
    sites,
    rehearsals: state.rehearsals,
  };
}

/** A public screen's state during a rehearsal: the session as if it had not begun. */
export function rehearsalCover(state: LiveState): LiveState {
  return { ...clean(state), rehearsal: true, phase: 'technical_check' };
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
      everOnline: false,
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
    // Ended during a pause: the paused part is not speaking time.
    const paused = state.pausedAt !== null ? Math.max(0, at - state.pausedAt) : 0;
    return { ...t, endedAt: at, pausedMs: t.pausedMs + paused };
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
  e: LiveEvent & { siteId: string; siteName: string },
  change: Partial<SiteStatus>,
): LiveState {
  const current = siteStatus(state, e.siteId, e.siteName);
  // During a rehearsal only the link events reach the public and survive the reset:
  // a (renamed) site's name in the others would make the cover and the state after
  // the rehearsal show a name the public's screens were never sent.
  const siteName = e.rehearsal && !LINK_EVENTS.has(e.type) ? current.siteName : e.siteName;
  return {
    ...state,
    sites: { ...state.sites, [e.siteId]: { ...current, siteName, ...change } },
  };
}

/** The next state after one event. Events are applied in `seq` order, each once. */
export function reduce(previous: LiveState, e: LiveEvent): LiveState {
  const state = { ...previous, seq: e.seq };
  switch (e.type) {
    case 'session.check_opened':
      return { ...state, phase: 'technical_check' };
    case 'session.started':
      return { ...state, phase: 'in_progress' };
    case 'session.resumed':
      return { ...unpause(state, e.at), phase: 'in_progress' };
    case 'session.paused':
      return { ...state, phase: 'paused', pausedAt: e.at };
    case 'session.ended':
      return {
        ...endTurns(unpause(state, e.at), e.at),
        phase: 'ended',
        jointExchange: false,
        endedAt: e.at,
        cued: null,
      };
    case 'session.reopened':
      // Back to paused: the chair resumes when the hall is ready.
      return { ...state, phase: 'paused', endedAt: null, pausedAt: e.at };
    case 'rehearsal.started':
      return rehearsalCover(state);
    case 'rehearsal.finished':
      return { ...clean(state), rehearsals: state.rehearsals + 1 };
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
        pausedMs: 0,
        answersTurnId: e.answersTurnId ?? null,
      };
      const next = {
        ...after,
        turns: [...after.turns, turn],
        cued: after.cued?.siteId === e.siteId ? null : after.cued,
      };
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
    case 'floor.resumed': {
      const turn = state.turns.find((t) => t.id === e.turnId);
      if (!turn || turn.endedAt === null) return state;
      // Resumed during the pause it ended in: the pause is counted once, when it ends.
      const counted = state.pausedAt !== null ? Math.max(0, turn.endedAt - state.pausedAt) : 0;
      const turns = state.turns.map((t) =>
        t.id === e.turnId ? { ...t, endedAt: null, pausedMs: t.pausedMs - counted } : t,
      );
      const request = turn.requestId ? state.requests[turn.requestId] : undefined;
      return {
        ...state,
        turns,
        requests: request
          ? { ...state.requests, [request.id]: { ...request, status: 'speaking' } }
          : state.requests,
      };
    }
    case 'queue.set_open': {
      const key = e.agendaItemId ?? '';
      const others = state.closedQueues.filter((k) => k !== key);
      return { ...state, closedQueues: e.open ? others : [...others, key] };
    }
    case 'queue.multiple_set':
      return { ...state, multipleRequests: e.allow };
    case 'site.cued':
      return {
        ...state,
        cued: e.siteId && e.siteName ? { siteId: e.siteId, siteName: e.siteName, at: e.at } : null,
      };
    case 'chat.posted':
      return {
        ...state,
        chat: [
          ...state.chat,
          {
            id: e.messageId,
            siteId: e.siteId,
            fromSite: e.fromSite,
            text: e.text,
            author: e.actor?.name ?? null,
            at: e.at,
          },
        ].slice(-1000),
      };
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
      return setSite(state, e, {
        online: e.online,
        ...(e.online && { everOnline: true }),
      });
    case 'site.media':
      return setSite(state, e, {
        everOnline: true,
        media: e.media === 'left' ? 'off' : e.media === 'degraded' ? 'degraded' : 'live',
      });
    case 'site.muted':
      return setSite(state, e, { muted: e.muted });
    case 'program.layout_set':
      return { ...state, layout: e.layout };
    case 'content.shared':
      return { ...state, content: { siteId: e.siteId, siteName: e.siteName, at: e.at } };
    case 'content.stopped':
      return state.content?.siteId === e.siteId ? { ...state, content: null } : state;
    case 'recording.set':
      return { ...state, recording: e.on };
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

/** Open turns' countdowns stood still from `pausedAt` to `at`. */
function unpause(state: LiveState, at: number): LiveState {
  if (state.pausedAt === null) return state;
  const paused = at - state.pausedAt;
  return {
    ...state,
    pausedAt: null,
    turns: state.turns.map((t) =>
      t.endedAt === null ? { ...t, pausedMs: t.pausedMs + paused } : t,
    ),
  };
}

/**
 * Seconds left on a turn at `now` (negative when over time). While the session is
 * paused (`pausedAt`), the countdown of a turn still open stands still.
 */
export function remainingSeconds(turn: Turn, now: number, pausedAt: number | null = null): number {
  const end = turn.startedAt + (turn.allowedSeconds + turn.extensionSeconds) * 1000 + turn.pausedMs;
  const at = turn.endedAt ?? (pausedAt !== null ? Math.min(now, pausedAt) : now);
  return Math.round((end - at) / 1000);
}

/** Seconds a turn lasted (or has lasted so far), pauses left out. */
export function spokenSeconds(turn: Turn, now: number, pausedAt: number | null = null): number {
  const until = turn.endedAt ?? (pausedAt !== null ? Math.min(now, pausedAt) : now);
  return Math.max(0, Math.round((until - turn.startedAt - turn.pausedMs) / 1000));
}
