import {
  REOPEN_WINDOW_MS,
  RESUME_TURN_MS,
  type LiveCommand,
  type LiveEventBody,
  type LivePhase,
} from '../../protocol/live.ts';
import { AppError } from '../errors.ts';
import { isWaiting, openTurns, queueOpen } from './reducer.ts';
import type { LiveState } from '../../protocol/live.ts';

/** Who is commanding, as far as the live session cares. */
export interface LiveRights {
  /** Chair, or organiser / administrator acting as chair. */
  chair: boolean;
  secretary: boolean;
  /** Sites this actor operates (site chair / technician). */
  operatorSites: ReadonlySet<string>;
  /** Sites this actor is a delegate of. */
  delegateSites: ReadonlySet<string>;
  /** The server itself (presence). */
  system?: boolean;
}

export interface DecideContext {
  rights: LiveRights;
  actorName: string | null;
  siteChairApproval: boolean;
  defaultTurnSeconds: number;
  names: {
    site(id: string): string | undefined;
    agendaItem(id: string): string | undefined;
    theme(id: string): string | undefined;
    contribution(id: string): { title: string; published: boolean } | undefined;
    delegate(id: string): { name: string; siteId: string } | undefined;
  };
  newId(): string;
  /** The server's clock (undo windows count from it). */
  now: number;
}

function invalid(reason: string): AppError {
  return new AppError('invalid_state', { params: { reason } });
}

function requirePhase(state: LiveState, phases: LivePhase[], reason: string) {
  if (!phases.includes(state.phase)) throw invalid(reason);
}

function requireChair(ctx: DecideContext) {
  if (!ctx.rights.chair) throw new AppError('forbidden');
}

function requireSite(ctx: DecideContext, siteId: string) {
  if (!ctx.rights.chair && !ctx.rights.operatorSites.has(siteId)) throw new AppError('forbidden');
}

function siteRef(ctx: DecideContext, siteId: string) {
  const siteName = ctx.names.site(siteId);
  if (!siteName) throw new AppError('not_found');
  return { siteId, siteName };
}

const ACTIVE: LivePhase[] = ['technical_check', 'in_progress', 'paused'];

/**
 * Why a site may not ask for the floor now, whoever asks (null: it may): the session
 * is not open, the agenda item's queue is closed, the site is absent or its console
 * not connected, or it already has a request waiting (unless the chair allows more).
 * The server's rule, which a site console also shows before anyone presses the button.
 */
export function floorRequestRefusal(state: LiveState, siteId: string): string | null {
  if (!ACTIVE.includes(state.phase)) return 'session_closed';
  if (!queueOpen(state)) return 'queue_closed';
  const status = state.sites[siteId];
  if (status?.rollCall === 'absent') return 'site_absent';
  if (!status?.online) return 'site_offline';
  const waiting = Object.values(state.requests).some((r) => r.siteId === siteId && isWaiting(r));
  if (waiting && !state.multipleRequests) return 'already_requested';
  return null;
}

/**
 * Checks a command against the current state and the actor's rights, and returns
 * the events it implies (none when it changes nothing). Throws an AppError that
 * goes to the sender alone.
 */
export function decide(
  state: LiveState,
  command: LiveCommand,
  ctx: DecideContext,
): LiveEventBody[] {
  switch (command.type) {
    case 'session.open_check':
      requireChair(ctx);
      requirePhase(state, ['not_started'], 'not_started');
      return [{ type: 'session.check_opened' }];
    case 'session.start':
      requireChair(ctx);
      requirePhase(state, ['not_started', 'technical_check'], 'start');
      return [{ type: 'session.started' }];
    case 'session.pause':
      requireChair(ctx);
      requirePhase(state, ['in_progress'], 'pause');
      return [{ type: 'session.paused' }];
    case 'session.resume':
      requireChair(ctx);
      requirePhase(state, ['paused'], 'resume');
      return [{ type: 'session.resumed' }];
    case 'session.end':
      requireChair(ctx);
      requirePhase(state, ['in_progress', 'paused'], 'end');
      return [{ type: 'session.ended' }];
    case 'session.reopen':
      requireChair(ctx);
      requirePhase(state, ['ended'], 'not_ended');
      if (state.endedAt === null || ctx.now - state.endedAt > REOPEN_WINDOW_MS)
        throw invalid('reopen_expired');
      return [{ type: 'session.reopened' }];
    case 'rehearsal.start':
      requireChair(ctx);
      if (state.rehearsal) throw invalid('rehearsal_running');
      requirePhase(state, ['not_started'], 'rehearsal_after_start');
      return [{ type: 'rehearsal.started' }];
    case 'rehearsal.finish':
      requireChair(ctx);
      if (!state.rehearsal) throw invalid('no_rehearsal');
      return [{ type: 'rehearsal.finished' }];
    case 'agenda.move': {
      requireChair(ctx);
      requirePhase(state, ACTIVE, 'session_closed');
      const title = ctx.names.agendaItem(command.agendaItemId);
      if (!title) throw new AppError('not_found');
      return [{ type: 'agenda.moved', agendaItemId: command.agendaItemId, title }];
    }
    case 'floor.request': {
      const own =
        ctx.rights.operatorSites.has(command.siteId) ||
        ctx.rights.delegateSites.has(command.siteId);
      if (!ctx.rights.chair && !own) throw new AppError('forbidden');
      requirePhase(state, ACTIVE, 'session_closed');
      const site = siteRef(ctx, command.siteId);
      const themeTitle = command.themeId ? ctx.names.theme(command.themeId) : undefined;
      if (command.themeId && !themeTitle) throw new AppError('not_found');
      const delegate = command.delegateId ? ctx.names.delegate(command.delegateId) : undefined;
      if (command.delegateId && delegate?.siteId !== command.siteId)
        throw new AppError('not_found');
      const refusal = floorRequestRefusal(state, command.siteId);
      if (refusal) throw invalid(refusal);
      // With the setting on, the site chair approves on the site's console first.
      const needsApproval = ctx.siteChairApproval && !ctx.rights.chair;
      return [
        {
          type: 'floor.requested',
          requestId: ctx.newId(),
          ...site,
          delegateName:
            delegate?.name ||
            command.delegateName ||
            (ctx.rights.delegateSites.has(command.siteId) ? ctx.actorName : null),
          themeId: command.themeId ?? null,
          themeTitle: themeTitle ?? null,
          note: command.note || null,
          needsApproval,
        },
      ];
    }
    case 'floor.approve': {
      const request = state.requests[command.requestId];
      if (!request) throw new AppError('not_found');
      if (!ctx.rights.operatorSites.has(request.siteId)) throw new AppError('forbidden');
      if (request.status !== 'requested') throw invalid('not_pending');
      return [{ type: 'floor.approved', requestId: request.id }];
    }
    case 'floor.withdraw': {
      const request = state.requests[command.requestId];
      if (!request) throw new AppError('not_found');
      requireSite(ctx, request.siteId);
      if (request.status !== 'requested' && request.status !== 'queued')
        throw invalid('not_waiting');
      return [{ type: 'floor.withdrawn', requestId: request.id }];
    }
    case 'floor.decline': {
      requireChair(ctx);
      const request = state.requests[command.requestId];
      if (!request) throw new AppError('not_found');
      if (request.status !== 'requested' && request.status !== 'queued')
        throw invalid('not_waiting');
      return [
        {
          type: 'floor.declined',
          requestId: request.id,
          siteId: request.siteId,
          reason: command.reason,
        },
      ];
    }
    case 'floor.decline_many': {
      requireChair(ctx);
      const waiting = [...new Set(command.requestIds)]
        .map((id) => state.requests[id])
        .filter((r): r is NonNullable<typeof r> => r !== undefined && isWaiting(r));
      if (!waiting.length) throw invalid('not_waiting');
      return waiting.map((r) => ({
        type: 'floor.declined' as const,
        requestId: r.id,
        siteId: r.siteId,
        reason: command.reason,
      }));
    }
    case 'queue.set_open':
      requireChair(ctx);
      requirePhase(state, [...ACTIVE, 'not_started'], 'session_closed');
      return queueOpen(state) === command.open
        ? []
        : [{ type: 'queue.set_open', agendaItemId: state.agendaItemId, open: command.open }];
    case 'queue.allow_multiple':
      requireChair(ctx);
      return state.multipleRequests === command.allow
        ? []
        : [{ type: 'queue.multiple_set', allow: command.allow }];
    case 'queue.reorder':
      requireChair(ctx);
      return [
        {
          type: 'queue.reordered',
          requestIds: command.requestIds.filter((id) => state.queue.includes(id)),
        },
      ];
    case 'floor.grant': {
      requireChair(ctx);
      requirePhase(state, ['in_progress'], 'not_in_progress');
      let site: { siteId: string; siteName: string };
      let requestId: string | null = null;
      let delegateName = command.delegateName || null;
      let themeId = command.themeId ?? null;
      let themeTitle: string | null = themeId ? (ctx.names.theme(themeId) ?? null) : null;
      if (command.requestId) {
        const request = state.requests[command.requestId];
        if (!request) throw new AppError('not_found');
        if (request.status !== 'queued') throw invalid('not_queued');
        site = { siteId: request.siteId, siteName: request.siteName };
        requestId = request.id;
        delegateName ??= request.delegateName;
        themeId ??= request.themeId;
        themeTitle ??= request.themeTitle;
      } else if (command.siteId) {
        site = siteRef(ctx, command.siteId);
      } else {
        throw new AppError('validation', { fields: { siteId: 'validation.required' } });
      }
      if (command.contributionId && !ctx.names.contribution(command.contributionId))
        throw new AppError('not_found');
      if (command.answersTurnId && !state.turns.some((t) => t.id === command.answersTurnId))
        throw new AppError('not_found');
      return [
        {
          type: 'floor.granted',
          turnId: ctx.newId(),
          requestId,
          ...site,
          delegateName,
          themeId,
          themeTitle,
          contributionId: command.contributionId ?? null,
          allowedSeconds: (command.minutes ?? 0) * 60 || ctx.defaultTurnSeconds,
          answersTurnId: command.answersTurnId ?? null,
        },
      ];
    }
    case 'floor.extend': {
      requireChair(ctx);
      if (!state.turns.some((t) => t.id === command.turnId)) throw new AppError('not_found');
      if (!openTurns(state).some((t) => t.id === command.turnId)) throw invalid('turn_closed');
      return [{ type: 'floor.extended', turnId: command.turnId, seconds: command.minutes * 60 }];
    }
    case 'floor.end': {
      requireChair(ctx);
      if (!state.turns.some((t) => t.id === command.turnId)) throw new AppError('not_found');
      if (!openTurns(state).some((t) => t.id === command.turnId)) throw invalid('turn_closed');
      return [{ type: 'floor.ended', turnId: command.turnId }];
    }
    case 'floor.resume': {
      requireChair(ctx);
      requirePhase(state, ['in_progress', 'paused'], 'not_in_progress');
      const turn = state.turns.find((t) => t.id === command.turnId);
      if (!turn) throw new AppError('not_found');
      if (turn.endedAt === null) return [];
      // Only the last turn, soon after it ended, and before anyone else got the floor.
      const later = state.turns.some((t) => t.startedAt > turn.startedAt);
      if (later || ctx.now - turn.endedAt > RESUME_TURN_MS) throw invalid('resume_expired');
      if (!state.jointExchange && openTurns(state).length) throw invalid('resume_expired');
      return [{ type: 'floor.resumed', turnId: turn.id }];
    }
    case 'site.cue': {
      requireChair(ctx);
      requirePhase(state, ACTIVE, 'session_closed');
      if (command.siteId === null)
        return state.cued ? [{ type: 'site.cued', siteId: null, siteName: null }] : [];
      const ref = siteRef(ctx, command.siteId);
      return [{ type: 'site.cued', ...ref }];
    }
    case 'chat.send': {
      const desk = ctx.rights.chair || ctx.rights.secretary;
      if (!desk && !ctx.rights.operatorSites.has(command.siteId)) throw new AppError('forbidden');
      const ref = siteRef(ctx, command.siteId);
      return [
        {
          type: 'chat.posted',
          messageId: ctx.newId(),
          ...ref,
          fromSite: !desk,
          text: command.text,
        },
      ];
    }
    case 'joint.set':
      requireChair(ctx);
      requirePhase(state, ACTIVE, 'session_closed');
      return state.jointExchange === command.open
        ? []
        : [{ type: 'joint.set', open: command.open }];
    case 'site.check_in':
      requireSite(ctx, command.siteId);
      requirePhase(state, [...ACTIVE, 'not_started'], 'session_closed');
      return [
        { type: 'site.checked_in', ...siteRef(ctx, command.siteId), attendees: command.attendees },
      ];
    case 'site.absent':
      requireSite(ctx, command.siteId);
      requirePhase(state, [...ACTIVE, 'not_started'], 'session_closed');
      return [{ type: 'site.absent', ...siteRef(ctx, command.siteId), reason: command.reason }];
    case 'site.mute': {
      requireChair(ctx);
      const ref = siteRef(ctx, command.siteId);
      const current = state.sites[command.siteId]?.muted ?? false;
      return current === command.muted
        ? []
        : [{ type: 'site.muted', ...ref, muted: command.muted }];
    }
    case 'site.audio_only': {
      requireSite(ctx, command.siteId);
      const ref = siteRef(ctx, command.siteId);
      const current = state.sites[command.siteId]?.audioOnly ?? false;
      return current === command.audioOnly
        ? []
        : [{ type: 'site.audio_only', ...ref, audioOnly: command.audioOnly }];
    }
    case 'announcement.post':
      requireChair(ctx);
      return [{ type: 'announcement.posted', announcementId: ctx.newId(), text: command.text }];
    case 'display.show': {
      requireChair(ctx);
      if (command.contributionId === null)
        return [{ type: 'display.shown', contributionId: null, title: null }];
      const contribution = ctx.names.contribution(command.contributionId);
      if (!contribution) throw new AppError('not_found');
      // The hall display is public: only what has been published there.
      if (!contribution.published) throw invalid('not_published');
      return [
        {
          type: 'display.shown',
          contributionId: command.contributionId,
          title: contribution.title,
        },
      ];
    }
    case 'program.layout':
      requireChair(ctx);
      if (state.phase === 'ended') throw invalid('session_closed');
      return state.layout === command.layout
        ? []
        : [{ type: 'program.layout_set', layout: command.layout }];
    case 'minutes.add': {
      if (!ctx.rights.secretary && !ctx.rights.chair) throw new AppError('forbidden');
      // Tied to the turn being spoken, when there is one.
      const turnId = openTurns(state).at(-1)?.id ?? null;
      return [{ type: 'minutes.added', entryId: ctx.newId(), text: command.text, turnId }];
    }
    case 'minutes.edit': {
      if (!ctx.rights.secretary && !ctx.rights.chair) throw new AppError('forbidden');
      if (!state.minutes.some((m) => m.id === command.entryId)) throw new AppError('not_found');
      return [{ type: 'minutes.edited', entryId: command.entryId, text: command.text }];
    }
  }
}

/** Presence changes come from the server, not from a person. */
export function decideConnection(
  state: LiveState,
  site: { siteId: string; siteName: string },
  online: boolean,
): LiveEventBody[] {
  const current = state.sites[site.siteId]?.online ?? false;
  return current === online ? [] : [{ type: 'site.connection', ...site, online }];
}

/** The media change that brings the site to `media`, if any (no change, no event). */
export function decideMedia(
  state: LiveState,
  site: { siteId: string; siteName: string },
  media: 'off' | 'live' | 'degraded',
): LiveEventBody[] {
  const current = state.sites[site.siteId]?.media ?? 'off';
  if (current === media) return [];
  const change =
    media === 'off'
      ? 'left'
      : media === 'degraded'
        ? 'degraded'
        : current === 'degraded'
          ? 'recovered'
          : 'joined';
  return [{ type: 'site.media', ...site, media: change }];
}

/** The shared screen the room has now (`siteId`, or none), as events. */
export function decideContent(
  state: LiveState,
  siteId: string | null,
  siteName: (id: string) => string | null,
): LiveEventBody[] {
  const current = state.content?.siteId ?? null;
  if (current === siteId) return [];
  const bodies: LiveEventBody[] = [];
  if (state.content)
    bodies.push({ type: 'content.stopped', siteId: current!, siteName: state.content.siteName });
  const name = siteId ? siteName(siteId) : null;
  if (siteId && name) bodies.push({ type: 'content.shared', siteId, siteName: name });
  return bodies;
}
