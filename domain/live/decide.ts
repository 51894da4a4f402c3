import type { LiveCommand, LiveEventBody, LivePhase } from '../../protocol/live.ts';
import { AppError } from '../errors.ts';
import { openTurns } from './reducer.ts';
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
    contribution(id: string): string | undefined;
  };
  newId(): string;
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
      // With the setting on, the site chair approves on the site's console first.
      const needsApproval = ctx.siteChairApproval && !ctx.rights.chair;
      return [
        {
          type: 'floor.requested',
          requestId: ctx.newId(),
          ...site,
          delegateName:
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
      const title = ctx.names.contribution(command.contributionId);
      if (!title) throw new AppError('not_found');
      return [{ type: 'display.shown', contributionId: command.contributionId, title }];
    }
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
