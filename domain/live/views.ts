import type { LiveEvent } from '../../protocol/live.ts';
import { canOrganise, type ConferenceAccess } from '../conferences/policies.ts';
import type { LiveState } from '../../protocol/live.ts';

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

export function redactEvent(e: LiveEvent, view: LiveView): LiveEvent {
  if (view.full) return e;
  const actor = view.participant ? e.actor : null;
  const own = (siteId: string) => view.sites.has(siteId);
  switch (e.type) {
    case 'minutes.added':
    case 'minutes.edited':
      return { type: 'redacted', seq: e.seq, at: e.at, actor: null };
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

export function redactState(state: LiveState, view: LiveView): LiveState {
  if (view.full) return state;
  const own = (siteId: string) => view.sites.has(siteId);
  return {
    ...state,
    minutes: [],
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
