import type { LiveEvent } from '../../protocol/live.ts';
import { canOrganise, type ConferenceAccess } from '../conferences/policies.ts';
import type { LiveState } from '../../protocol/live.ts';
import { LINK_EVENTS, rehearsalCover } from './reducer.ts';

/**
 * What one screen may see of the live session. The one place that says it, for the
 * HTTP catch-up, the first page render and the WebSocket alike:
 *
 * | viewer                                  | minutes | request notes, refusal and absence reasons | who did it |
 * |-----------------------------------------|---------|--------------------------------------------|------------|
 * | organiser, chair, secretary (`full`)    | yes     | every site                                 | yes        |
 * | site operator, delegate (`participant`) | no      | their own sites only                       | yes        |
 * | the public                              | no      | none                                       | no         |
 *
 * Messages between the chair's desk and a site (`chat`) follow the same rule as the
 * notes: the full view sees every site's, a participant its own sites', the public
 * none. A rehearsal is hidden from the public altogether: it sees the session as not
 * begun (`rehearsalCover`) and receives only the events that start and finish the
 * dry run and the sites' links.
 *
 * Events are redacted, never dropped: a hidden event reaches the screen as
 * `{ type: 'redacted' }` with its `seq`, so every screen's sequence stays gap-free and
 * the shared reducer applies it as a no-op.
 */
export interface LiveView {
  full: boolean;
  participant: boolean;
  /** Sites whose private details this viewer sees (their own). */
  sites: ReadonlySet<string>;
}

export const PUBLIC_VIEW: LiveView = { full: false, participant: false, sites: new Set() };

/**
 * A hall display opened with the organiser's display token: what every participant
 * sees (a rehearsal too), without any site's private details.
 */
export const HALL_VIEW: LiveView = { full: false, participant: true, sites: new Set() };

/** The view of a screen, raised to the hall's when it holds the display token. */
export function screenView(access: ConferenceAccess, hall = false): LiveView {
  const view = viewFor(access);
  return hall && !view.participant ? HALL_VIEW : view;
}

export function viewFor(access: ConferenceAccess): LiveView {
  const full = canOrganise(access) || access.roles.has('chair') || access.roles.has('secretary');
  return {
    full,
    participant: full || access.roles.size > 0,
    sites: new Set([...access.operatorSites, ...access.delegateSites]),
  };
}

/** Screens with equal keys get the same bytes (the hub serialises once per key). */
export function viewKey(view: LiveView): string {
  if (view.full) return 'full';
  if (!view.participant) return 'public';
  return `sites:${[...view.sites].sort().join(',')}`;
}

/** Events of a rehearsal the public still receives: its start and end, and the links. */
const PUBLIC_IN_REHEARSAL = new Set(['rehearsal.started', 'rehearsal.finished', ...LINK_EVENTS]);

export function redactEvent(e: LiveEvent, view: LiveView): LiveEvent {
  if (view.full) return e;
  const actor = view.participant ? e.actor : null;
  const own = (siteId: string) => view.sites.has(siteId);
  const hidden: LiveEvent = {
    type: 'redacted',
    seq: e.seq,
    at: e.at,
    actor: null,
    ...(e.rehearsal && { rehearsal: true }),
  };
  if (!view.participant && e.rehearsal && !PUBLIC_IN_REHEARSAL.has(e.type)) return hidden;
  switch (e.type) {
    case 'minutes.added':
    case 'minutes.edited':
      return hidden;
    case 'chat.posted':
      return own(e.siteId) ? { ...e, actor } : hidden;
    case 'floor.requested':
      return { ...e, actor, note: own(e.siteId) ? e.note : null };
    case 'site.absent':
      return { ...e, actor, reason: own(e.siteId) ? e.reason : null };
    case 'floor.declined':
      return { ...e, actor, reason: e.siteId && own(e.siteId) ? e.reason : null };
    default:
      return { ...e, actor };
  }
}

export function redactState(full: LiveState, view: LiveView): LiveState {
  if (view.full) return full;
  const state = !view.participant && full.rehearsal ? rehearsalCover(full) : full;
  const own = (siteId: string) => view.sites.has(siteId);
  return {
    ...state,
    minutes: [],
    chat: state.chat.filter((m) => own(m.siteId)),
    requests: Object.fromEntries(
      Object.entries(state.requests).map(([id, r]) => [
        id,
        own(r.siteId) ? r : { ...r, note: null, reason: null },
      ]),
    ),
    sites: Object.fromEntries(
      Object.entries(state.sites).map(([id, s]) => [
        id,
        own(id) ? s : { ...s, absenceReason: null },
      ]),
    ),
  };
}
