import { z } from 'zod';
import { Timestamp } from './common.ts';

/** What a screen needs to join its conference's media room (see domain/media/media-grant.ts). */
export const MediaGrant = z
  .object({
    room: z.uuid(),
    feed: z.string(),
    token: z.string(),
    publish: z.boolean(),
    siteId: z.uuid().nullable(),
    hostSiteId: z.uuid().nullable(),
    sites: z.array(z.object({ id: z.uuid(), name: z.string(), feed: z.string() })),
    /** TURN servers with credentials for this screen (none: direct connection only). */
    iceServers: z.array(
      z.object({ urls: z.array(z.string()), username: z.string(), credential: z.string() }),
    ),
  })
  .meta({ id: 'MediaGrant' });
export type MediaGrant = z.infer<typeof MediaGrant>;

export const MediaQuery = z.strictObject({ site: z.uuid().optional() });

/**
 * A site console's link report, every few seconds, over the live WebSocket: sent
 * bitrate (kbit/s), loss as Janus reports it (%), round-trip time (ms), and the
 * microphone's level 0–1 before any muting (for the technical check).
 */
export const LinkStats = z.strictObject({
  bitrateKbps: z.number().min(0).max(1_000_000),
  lossPct: z.number().min(0).max(100),
  rttMs: z.number().min(0).max(60_000),
  audioLevel: z.number().min(0).max(1),
});

/** An assembled recording of a conference's program (organisers also see jobs in progress). */
export const Recording = z
  .object({
    id: z.uuid(),
    status: z.enum(['queued', 'running', 'ready', 'failed']),
    progress: z.number(),
    step: z.string(),
    error: z.string().nullable(),
    durationSeconds: z.number().nullable(),
    bytes: z.number().nullable(),
    chapters: z.array(
      z.object({
        start: z.number(),
        end: z.number(),
        title: z.string(),
        siteName: z.string(),
        delegateName: z.string().nullable(),
        themeTitle: z.string().nullable(),
        /** A turn (false: the host chairing between turns). */
        turn: z.boolean().optional(),
      }),
    ),
    createdAt: Timestamp,
    finishedAt: Timestamp.nullable(),
    /** The MP4 (range requests); `.vtt` beside it holds the chapters. */
    url: z.string().nullable(),
  })
  .meta({ id: 'Recording' });
