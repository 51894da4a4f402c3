import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import type { Executor } from '../../db/database.ts';
import { conferenceSites } from '../../db/schema/conferences.ts';
import type { Actor } from '../auth/policies.ts';
import { loadAccess } from '../conferences/policies.ts';
import { AppError } from '../errors.ts';
import { loadState } from '../live/event-store.ts';
import { liveRights } from '../live/live-session.ts';
import { viewFor } from '../live/views.ts';
import { mediaOpen } from './program.ts';
import { turnServers, type TurnSettings } from './turn.ts';

/**
 * Who a screen is in the conference's media room. A site console publishes as its
 * site (`site-<id>`); every other screen (chair, secretary, hall display) only
 * watches, under a feed id of its own (`view-<random>`).
 */
export type MediaIdentity = { kind: 'site'; siteId: string } | { kind: 'viewer' };

export interface MediaGrant {
  /** The VideoRoom room: the conference id. */
  room: string;
  /** This screen's participant id in the room. */
  feed: string;
  /** The room token for this identity (Janus checks it; the app's proxy checks whose it is). */
  token: string;
  /** Whether this screen may publish (a site console). */
  publish: boolean;
  siteId: string | null;
  hostSiteId: string | null;
  /** Every site of the conference, to name the tiles (`site-<id>` feeds). */
  sites: { id: string; name: string; feed: string }[];
  iceServers: ReturnType<typeof turnServers>;
}

export const siteFeed = (siteId: string) => `site-${siteId}`;
export const siteOfFeed = (feed: string) => /^site-([0-9a-f-]{36})$/.exec(feed)?.[1] ?? null;
/** A site's shared screen: a second publisher of the site console, video only. */
export const shareFeed = (siteId: string) => `share-${siteId}`;
export const siteOfShare = (feed: string) => /^share-([0-9a-f-]{36})$/.exec(feed)?.[1] ?? null;

const mac = (secret: string, text: string) =>
  createHmac('sha256', secret).update(`media:${text}`).digest('base64url').slice(0, 32);

/** The room token of one identity: derived, so every instance and a restart agree. */
export function mediaToken(secret: string, conferenceId: string, who: MediaIdentity): string {
  return mac(secret, `${conferenceId}:${who.kind === 'site' ? who.siteId : 'viewer'}`);
}

/** The room's secret and pin (never leave the server). */
export function roomSecrets(secret: string, conferenceId: string) {
  return { secret: mac(secret, `secret:${conferenceId}`), pin: mac(secret, `pin:${conferenceId}`) };
}

/** The organiser's display token: a hall display opened with it watches the program. */
export function displayToken(secret: string, conferenceId: string): string {
  return mac(secret, `display:${conferenceId}`);
}

/** Whether `token` is the conference's display token. */
export function isDisplayToken(
  secret: string,
  conferenceId: string,
  token: string | null | undefined,
): boolean {
  return !!token && sameToken(token, displayToken(secret, conferenceId));
}

export function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * What a screen needs to join the media room, for the actor (or a hall display
 * holding the organiser's display token). A site console asks with its `siteId`
 * and gets that site's token only if the actor operates the site; nobody gets a
 * token while the conference is not open (technical check, live or paused).
 */
export async function mediaGrant(opts: {
  db: Executor;
  secret: string;
  actor: Actor | null;
  conferenceId: string;
  siteId?: string | null;
  displayToken?: string | null;
  turn?: TurnSettings | null;
}): Promise<MediaGrant> {
  const { db, secret, conferenceId } = opts;
  const access = await loadAccess(db, opts.actor, conferenceId);
  const byDisplay =
    !!opts.displayToken && sameToken(opts.displayToken, displayToken(secret, conferenceId));
  const rights = liveRights(access);
  if (!byDisplay && !viewFor(access).participant) {
    throw new AppError(opts.actor ? 'forbidden' : 'unauthenticated');
  }
  const sites = await db
    .select({ id: conferenceSites.id, name: conferenceSites.name, isHost: conferenceSites.isHost })
    .from(conferenceSites)
    .where(eq(conferenceSites.conferenceId, conferenceId))
    .orderBy(asc(conferenceSites.position), asc(conferenceSites.name));
  const host = sites.find((s) => s.isHost) ?? null;
  let who: MediaIdentity = { kind: 'viewer' };
  if (opts.siteId) {
    const site = sites.find((s) => s.id === opts.siteId);
    if (!site) throw new AppError('not_found');
    // The chair may run the host site's console; operators run their own sites'.
    const mayPublish =
      rights.operatorSites.has(site.id) || (rights.chair && site.isHost && !byDisplay);
    if (!mayPublish) throw new AppError('forbidden');
    who = { kind: 'site', siteId: site.id };
  }
  const state = await loadState(db, conferenceId);
  if (!mediaOpen(state)) {
    throw new AppError('invalid_state', { params: { reason: 'session_closed' } });
  }
  const feed =
    who.kind === 'site' ? siteFeed(who.siteId) : `view-${randomBytes(6).toString('hex')}`;
  return {
    room: conferenceId,
    feed,
    token: mediaToken(secret, conferenceId, who),
    publish: who.kind === 'site',
    siteId: who.kind === 'site' ? who.siteId : null,
    hostSiteId: host?.id ?? null,
    sites: sites.map((s) => ({ id: s.id, name: s.name, feed: siteFeed(s.id) })),
    iceServers: turnServers(opts.turn ?? null, feed),
  };
}
