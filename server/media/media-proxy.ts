import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocket, WebSocketServer } from 'ws';
import { SESSION_COOKIE, readCookies } from '../../app/cookies.ts';
import type { Database } from '../../db/database.ts';
import { resolveSession, sessionActor } from '../../domain/auth/sessions.ts';
import { isAppError } from '../../domain/errors.ts';
import {
  mediaGrant,
  roomSecrets,
  shareFeed,
  type MediaGrant,
} from '../../domain/media/media-grant.ts';
import { errorStatus } from '../../protocol/errors.ts';
import { isCrossOriginWrite } from '../http/origin-check.ts';
import type { MediaService } from './media-service.ts';

export const MEDIA_PATH = '/media/janus';

/** Janus requests a browser may send; everything else (create/destroy rooms, kick, list…) is the app's. */
const VERBS = new Set([
  'create',
  'attach',
  'message',
  'trickle',
  'keepalive',
  'detach',
  'hangup',
  'destroy',
]);
const REQUESTS = new Set([
  'join',
  'configure',
  'publish',
  'unpublish',
  'start',
  'pause',
  'switch',
  'leave',
  'update',
  'subscribe',
  'unsubscribe',
]);
/** Janus: "User ID already exists" (a second console of the same site). */
const ID_EXISTS = 436;
const MAX_MESSAGES_PER_10S = 200;

type Json = Record<string, unknown>;

/**
 * Check one browser message against the screen's grant; returns the message to
 * forward (with the room pin added) or the reason it is refused. A screen joins
 * only its conference's room, only as its own identity (a site console as its
 * site, any other screen as a viewer) with its own token, and only a site console
 * may send media.
 */
export function checkClientMessage(
  msg: Json,
  grant: MediaGrant,
  pin: string,
): { ok: true; msg: Json } | { ok: false; reason: string } {
  const verb = msg.janus;
  if (typeof verb !== 'string' || !VERBS.has(verb))
    return { ok: false, reason: 'request not allowed' };
  if (verb === 'attach' && msg.plugin !== 'janus.plugin.videoroom')
    return { ok: false, reason: 'plugin not allowed' };
  if (verb !== 'message') return { ok: true, msg };
  const body = msg.body as Json | undefined;
  if (!body || typeof body !== 'object') return { ok: false, reason: 'missing body' };
  const request = body.request;
  if (typeof request !== 'string' || !REQUESTS.has(request))
    return { ok: false, reason: 'request not allowed' };
  if ('room' in body && body.room !== grant.room) return { ok: false, reason: 'not this room' };
  const jsep = msg.jsep as Json | undefined;
  const sendsMedia = request === 'publish' || jsep?.type === 'offer';
  if (sendsMedia && !grant.publish) return { ok: false, reason: 'this screen may not publish' };
  const clean: Json = { ...body };
  for (const key of ['secret', 'record', 'filename', 'admin_key', 'display']) delete clean[key];
  if (request === 'join') {
    if (body.token !== grant.token) return { ok: false, reason: 'token not valid for this screen' };
    if (body.ptype === 'publisher') {
      const share = grant.publish && !!grant.siteId && body.id === shareFeed(grant.siteId);
      const own = grant.publish
        ? body.id === grant.feed || share
        : /^view-[0-9a-f]{12}$/.test(String(body.id));
      if (!own) return { ok: false, reason: 'not this screen’s identity' };
      const name = grant.sites.find((s) => s.id === grant.siteId)?.name ?? 'site';
      clean.display = grant.publish ? (share ? `${name} (screen)` : name) : 'viewer';
    } else if (body.ptype !== 'subscriber') {
      return { ok: false, reason: 'unknown participant type' };
    }
    clean.pin = pin;
  }
  return { ok: true, msg: { ...msg, body: clean } };
}

/**
 * The browsers' only way to Janus: a WebSocket on the app's own origin, opened with
 * the user's session (or a hall display's token), relayed to Janus's private API
 * message by message through `checkClientMessage`.
 */
export function attachMediaProxy(
  server: Server,
  deps: {
    db: Database;
    secret: string;
    logger: Logger;
    publicOrigin: string | null;
    media: MediaService;
  },
) {
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: 256 * 1024,
    handleProtocols: (protocols) => (protocols.has('janus-protocol') ? 'janus-protocol' : false),
  });
  const sockets = new Map<WebSocket, string>();
  const log = deps.logger.child({ module: 'media-proxy' });
  deps.media.onRoomClosed((conferenceId) => {
    for (const [socket, room] of sockets)
      if (room === conferenceId) socket.close(4410, 'Room closed');
  });

  const refuse = (socket: Duplex, status: number, text: string) =>
    socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);

  async function open(req: IncomingMessage, socket: Duplex, head: Buffer) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const ownOrigins = [`http://${req.headers.host}`, `https://${req.headers.host}`];
    if (deps.publicOrigin) ownOrigins.push(deps.publicOrigin);
    if (isCrossOriginWrite({ method: 'POST', headers: req.headers, ownOrigins }))
      return refuse(socket, 403, 'Forbidden');
    const conferenceId = url.searchParams.get('conference') ?? '';
    const siteId = url.searchParams.get('site');
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    if (!uuid.test(conferenceId) || (siteId !== null && !uuid.test(siteId)))
      return refuse(socket, 404, 'Not Found');
    const token = readCookies(req.headers.cookie)[SESSION_COOKIE];
    const resolved = token
      ? await resolveSession({ db: deps.db, token, secret: deps.secret })
      : null;
    // An account that must first enrol a second factor acts as no one until it has.
    const session = resolved?.mustEnrolSecondFactor ? null : resolved;
    let grant: MediaGrant;
    try {
      grant = await mediaGrant({
        db: deps.db,
        secret: deps.secret,
        actor: session?.actor ?? null,
        conferenceId,
        siteId,
        displayToken: url.searchParams.get('display'),
      });
      await deps.media.openRoom(conferenceId);
    } catch (err) {
      if (!isAppError(err)) throw err;
      const status = errorStatus[err.code];
      return refuse(socket, status, err.code);
    }
    const upstreamUrl = deps.media.janusUrl;
    if (!upstreamUrl) return refuse(socket, 503, 'Unavailable');
    wss.handleUpgrade(req, socket, head, (client) =>
      relay(client, upstreamUrl, grant, session?.sessionId ?? null),
    );
  }

  function relay(
    client: WebSocket,
    upstreamUrl: string,
    grant: MediaGrant,
    sessionId: string | null,
  ) {
    const { pin } = roomSecrets(deps.secret, grant.room);
    const upstream = new WebSocket(upstreamUrl, 'janus-protocol');
    sockets.set(client, grant.room);
    const pending: string[] = [];
    /** Publisher joins in flight, by transaction: retried once after replacing an older console. */
    const joins = new Map<string, { msg: Json; retried: boolean }>();
    /** Handles that joined as the site's shared screen: video only. */
    const shareHandles = new Set<unknown>();
    /** Janus sessions this socket created: nothing may name another one. */
    const sessions = new Set<number>();
    const creating = new Set<string>();
    let count = 0;
    const window = setInterval(() => (count = 0), 10_000);
    const recheck = sessionId
      ? setInterval(() => {
          void sessionActor({ db: deps.db, sessionId }).then((actor) => {
            if (!actor) client.close(4401, 'Session ended');
          });
        }, 15_000)
      : undefined;
    const toUpstream = (text: string) => {
      if (upstream.readyState === WebSocket.OPEN) upstream.send(text);
      else pending.push(text);
    };
    const refuseMessage = (msg: Json, reason: string) => {
      if (client.readyState !== WebSocket.OPEN) return;
      client.send(
        JSON.stringify({
          janus: 'error',
          transaction: msg.transaction,
          session_id: msg.session_id,
          error: { code: 403, reason },
        }),
      );
    };

    upstream.on('open', () => {
      for (const text of pending.splice(0)) upstream.send(text);
    });
    upstream.on('message', (data) => {
      const text = String(data);
      try {
        const msg = JSON.parse(text) as Json;
        if (typeof msg.transaction === 'string' && creating.delete(msg.transaction)) {
          const id = (msg.data as { id?: unknown } | undefined)?.id;
          if (msg.janus === 'success' && typeof id === 'number') sessions.add(id);
        }
        const join = typeof msg.transaction === 'string' ? joins.get(msg.transaction) : undefined;
        const plugin = (msg.plugindata as { data?: Json } | undefined)?.data;
        if (join && msg.janus !== 'ack') {
          joins.delete(msg.transaction as string);
          if (plugin?.error_code === ID_EXISTS && !join.retried) {
            // The site's console opened again elsewhere: the newest one wins.
            void deps.media.kick(grant.room, String((join.msg.body as Json).id)).then(() => {
              joins.set(join.msg.transaction as string, { msg: join.msg, retried: true });
              toUpstream(JSON.stringify(join.msg));
            });
            return;
          }
        }
      } catch {
        // Not JSON: pass it on as Janus sent it.
      }
      if (client.readyState === WebSocket.OPEN) client.send(text);
    });
    upstream.on('close', () => client.close(1012, 'Media server restart'));
    upstream.on('error', (err) => {
      log.warn({ err: err.message }, 'media server socket error');
      client.close(1011, 'Media server unavailable');
    });

    client.on('message', (data) => {
      if (++count > MAX_MESSAGES_PER_10S) return client.close(1008, 'Too many messages');
      let msg: Json;
      try {
        msg = JSON.parse(String(data)) as Json;
        if (!msg || typeof msg !== 'object' || Array.isArray(msg)) throw new Error('not an object');
      } catch {
        return client.close(1007, 'Invalid JSON');
      }
      const checked = checkClientMessage(msg, grant, pin);
      if (!checked.ok) return refuseMessage(msg, checked.reason);
      if (msg.janus === 'create') {
        if (typeof msg.transaction === 'string') creating.add(msg.transaction);
      } else if (!sessions.has(msg.session_id as number)) {
        return refuseMessage(msg, 'not a session of this screen');
      }
      const body = checked.msg.body as Json | undefined;
      const shareId = grant.siteId ? shareFeed(grant.siteId) : null;
      if (body?.request === 'join' && body.ptype === 'publisher' && body.id === shareId) {
        // Only the host site and the floor holders share a screen, checked now.
        if (!deps.media.mayShare(grant.room, grant.siteId!))
          return refuseMessage(msg, 'share_not_allowed');
        shareHandles.add(msg.handle_id);
      }
      const sdp = (msg.jsep as Json | undefined)?.sdp;
      if (shareHandles.has(msg.handle_id) && typeof sdp === 'string' && /\nm=audio/.test(sdp))
        return refuseMessage(msg, 'a shared screen carries no sound');
      if (
        body?.request === 'join' &&
        body.ptype === 'publisher' &&
        typeof msg.transaction === 'string'
      )
        joins.set(msg.transaction, { msg: checked.msg, retried: false });
      toUpstream(JSON.stringify(checked.msg));
    });
    client.on('close', () => {
      clearInterval(window);
      clearInterval(recheck);
      sockets.delete(client);
      upstream.close();
    });
    client.on('error', () => {});
  }

  return {
    /** Handles the upgrade when it is the media path; false otherwise. */
    handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      if (path !== MEDIA_PATH) return false;
      open(req, socket, head).catch((err: unknown) => {
        log.error({ err }, 'media proxy upgrade failed');
        refuse(socket, 500, 'Internal Server Error');
      });
      return true;
    },
    close() {
      for (const socket of sockets.keys()) socket.close(1012, 'Service restart');
      wss.close();
    },
    get size() {
      return sockets.size;
    },
  };
}
