import type { AppLoadContext } from 'react-router';
import { isAppError } from '../../domain/errors.ts';
import { mediaGrant } from '../../domain/media/media-grant.ts';
import type { MediaAccess } from './use-media.ts';

/**
 * What a live page's loader hands its screen about media: not configured, the media
 * server not reachable yet, the session not open, or the grant to join the room.
 * Rights are checked by `mediaGrant` (a refused screen simply gets no media).
 */
export async function mediaAccess(
  context: AppLoadContext,
  conferenceId: string,
  opts: { siteId?: string; displayToken?: string | null } = {},
): Promise<MediaAccess> {
  if (context.mediaStatus === 'off') return { status: 'off', grant: null };
  if (context.mediaStatus === 'connecting') return { status: 'connecting', grant: null };
  try {
    const grant = await mediaGrant({
      db: context.db,
      secret: context.secret,
      actor: context.actor,
      conferenceId,
      siteId: opts.siteId ?? null,
      displayToken: opts.displayToken ?? null,
      turn: context.turn,
    });
    return { status: 'ready', grant };
  } catch (err) {
    if (isAppError(err)) return { status: 'closed', grant: null };
    throw err;
  }
}
