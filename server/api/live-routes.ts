import { z } from 'zod';
import { catchUp, executeLiveCommand } from '../../domain/live/live-session.ts';
import { countCommand } from '../metrics/metrics.ts';
import { wholeNumber } from '../../protocol/common.ts';
import { ConferenceIdParams } from '../../protocol/conferences.ts';
import { LiveCatchUp, LiveCommandEnvelope, LiveCommandResult } from '../../protocol/live.ts';
import { mediaGrant } from '../../domain/media/media-grant.ts';
import { MediaGrant, MediaQuery, Recording } from '../../protocol/media.ts';
import { listRecordings } from '../../domain/media/recordings.ts';
import { defineRoute } from './route.ts';
import { AppError } from '../../domain/errors.ts';
import { createCommandLimiter } from '../ws-limits.ts';

const admitCommand = createCommandLimiter();

export const liveRoutes = [
  defineRoute({
    method: 'get',
    path: '/conferences/:conferenceId/live',
    operationId: 'getLiveSession',
    summary:
      'The live state: the events after `after`, or a snapshot for a first load or a screen too far behind',
    tag: 'live',
    access: 'public',
    params: ConferenceIdParams,
    query: z.strictObject({ after: wholeNumber(0, Number.MAX_SAFE_INTEGER).optional() }),
    response: LiveCatchUp,
    errors: ['not_found'],
    handler: (ctx) =>
      catchUp({
        db: ctx.db,
        actor: ctx.actor,
        conferenceId: ctx.params.conferenceId,
        after: ctx.query.after,
      }),
  }),
  defineRoute({
    method: 'post',
    path: '/conferences/:conferenceId/live/commands',
    operationId: 'sendLiveCommand',
    summary:
      'Send a live-session command (the same as over the WebSocket); a repeated commandId applies once',
    tag: 'live',
    access: 'signed-in',
    params: ConferenceIdParams,
    body: LiveCommandEnvelope,
    response: LiveCommandResult,
    errors: ['not_found', 'forbidden', 'invalid_state', 'rate_limited'],
    handler: (ctx) =>
      countCommand(
        ctx.metrics,
        ctx.body.command.type,
        (async () => {
          if (ctx.actor && !(await admitCommand(ctx.actor.id)))
            throw new AppError('rate_limited', { messageKey: 'ws.rate_limited' });
          return executeLiveCommand({
            db: ctx.db,
            actor: ctx.actor,
            conferenceId: ctx.params.conferenceId,
            commandId: ctx.body.commandId,
            command: ctx.body.command,
          });
        })(),
      ),
  }),
  defineRoute({
    method: 'get',
    path: '/conferences/:conferenceId/media',
    operationId: 'getMediaGrant',
    summary:
      'What a screen needs to join the media room: a site console (`site`) gets its own site’s token, other participants a viewer’s; only while the session is open',
    tag: 'live',
    access: 'signed-in',
    params: ConferenceIdParams,
    query: MediaQuery,
    response: MediaGrant,
    errors: ['not_found', 'forbidden', 'invalid_state'],
    handler: (ctx) =>
      mediaGrant({
        db: ctx.db,
        secret: ctx.secret,
        actor: ctx.actor,
        conferenceId: ctx.params.conferenceId,
        siteId: ctx.query.site ?? null,
        turn: ctx.turn,
      }),
  }),
  defineRoute({
    method: 'get',
    path: '/conferences/:conferenceId/recordings',
    operationId: 'listRecordings',
    summary:
      'The conference’s assembled recordings with chapters per turn (organisers also see jobs waiting, running or failed)',
    tag: 'live',
    access: 'public',
    params: ConferenceIdParams,
    response: z.array(Recording),
    errors: ['not_found'],
    handler: (ctx) =>
      listRecordings({ db: ctx.db, actor: ctx.actor, conferenceId: ctx.params.conferenceId }),
  }),
];
