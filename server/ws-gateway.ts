import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocketServer, type WebSocket } from 'ws';
import { errorBody } from '../app/i18n/error-body.ts';
import { getT, isLanguage } from '../app/i18n/i18n.ts';
import type { Database } from '../db/database.ts';
import type { Actor } from '../domain/auth/policies.ts';
import { resolveSession, sessionActor } from '../domain/auth/sessions.ts';
import { AppError, toAppError } from '../domain/errors.ts';
import {
  catchUp,
  executeLiveCommand,
  liveRights,
  requireLiveViewer,
} from '../domain/live/live-session.ts';
import { viewFor } from '../domain/live/views.ts';
import type { Language } from '../protocol/common.ts';
import { ClientMessage } from '../protocol/live.ts';
import type { LinkStats } from '../domain/media/link-quality.ts';
import { parseInput } from '../domain/validation.ts';
import { LANG_COOKIE, SESSION_COOKIE, readCookies } from '../app/cookies.ts';
import { isCrossOriginWrite } from './http/origin-check.ts';
import type { LiveHub, LiveSubscriber } from './live-hub.ts';

export const WS_PATH = '/ws';
const HEARTBEAT_MS = 15_000;

interface Client {
  socket: WebSocket;
  actor: Actor | null;
  /** The signed-in session the socket was opened with, checked again before it acts. */
  sessionId: string | null;
  lang: Language;
  alive: boolean;
  subscription: LiveSubscriber | null;
  /** When this screen last reported its link (reports beyond one a second are dropped). */
  statsAt: number;
}

/**
 * The WebSocket endpoint on the app's own HTTP server. Screens subscribe to a
 * conference's live session (resuming after their last seq) and send commands;
 * events come back through the hub. Closing sends 1012 (service restart) so that
 * screens reconnect to another instance or after the restart.
 */
export function attachGateway(
  server: Server,
  deps: {
    db: Database;
    secret: string;
    logger: Logger;
    publicOrigin: string | null;
    hub: LiveHub;
    /** Link reports of site consoles go to the media service. */
    media?: { reportStats(conferenceId: string, siteId: string, stats: LinkStats): Promise<void> };
    /** Other WebSocket endpoints on the same server (the media proxy): true when handled. */
    otherUpgrade?: (req: IncomingMessage, socket: Duplex, head: Buffer) => boolean;
    /** How often sockets are pinged and their sessions checked again. */
    heartbeatMs?: number;
  },
) {
  const heartbeatMs = deps.heartbeatMs ?? HEARTBEAT_MS;
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const clients = new Set<Client>();

  const refuse = (socket: Duplex, status: string) => {
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  };
  const send = (ws: WebSocket, message: unknown) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
  };
  const failure = (client: Client, err: unknown) => {
    if (!toAppError(err)) deps.logger.error({ err }, 'live message failed');
    return errorBody(err, getT(client.lang)).body.error;
  };

  /**
   * A socket opened signed in whose session has ended (signed out, password changed,
   * account disabled) is closed: it may neither act nor keep receiving a participant's
   * view. 4401 tells the screen to sign in again.
   */
  async function stillSignedIn(client: Client): Promise<boolean> {
    if (!client.sessionId) return true;
    const actor = await sessionActor({ db: deps.db, sessionId: client.sessionId });
    if (actor) {
      client.actor = actor;
      return true;
    }
    client.socket.close(4401, 'Session ended');
    return false;
  }

  async function handle(client: Client, raw: string) {
    let message: ClientMessage;
    let json: unknown;
    try {
      json = JSON.parse(raw);
      message = parseInput(ClientMessage, json);
    } catch (err) {
      // Which field was wrong, and for which command, so the screen can say so.
      const commandId = (json as { commandId?: unknown } | undefined)?.commandId;
      send(client.socket, {
        t: 'error',
        ...(typeof commandId === 'string' && commandId.length <= 100 && { commandId }),
        error: failure(client, json === undefined ? new AppError('bad_json') : err),
      });
      return;
    }
    if (message.t !== 'ping' && !(await stillSignedIn(client))) return;
    switch (message.t) {
      case 'ping':
        send(client.socket, { t: 'pong', clientTime: message.clientTime, serverTime: Date.now() });
        return;
      case 'subscribe':
        try {
          const access = await requireLiveViewer(deps.db, client.actor, message.conferenceId);
          const rights = liveRights(access);
          // Only a site's own screens (or the chair's) count for its presence.
          const siteId =
            message.siteId && (rights.operatorSites.has(message.siteId) || rights.chair)
              ? message.siteId
              : null;
          if (client.subscription) await deps.hub.unsubscribe(client.subscription);
          const subscription: LiveSubscriber = {
            conferenceId: message.conferenceId,
            seq: message.after ?? 0,
            siteId,
            view: viewFor(access),
            send: (text) => {
              if (client.socket.readyState === client.socket.OPEN) client.socket.send(text);
            },
          };
          client.subscription = subscription;
          const missed = await catchUp({
            db: deps.db,
            actor: client.actor,
            conferenceId: message.conferenceId,
            after: message.after,
          });
          if (
            client.subscription === subscription &&
            client.socket.readyState === client.socket.OPEN
          ) {
            await deps.hub.subscribe(subscription, missed);
          }
        } catch (err) {
          send(client.socket, { t: 'error', error: failure(client, err) });
        }
        return;
      case 'media_stats': {
        // Only a site's own console, subscribed as that site, reports its link.
        const sub = client.subscription;
        if (sub?.conferenceId !== message.conferenceId || sub.siteId !== message.siteId) return;
        if (Date.now() - client.statsAt < 1000) return;
        client.statsAt = Date.now();
        await deps.media
          ?.reportStats(message.conferenceId, message.siteId, message.stats)
          .catch((err: unknown) => deps.logger.warn({ err }, 'media stats failed'));
        return;
      }
      case 'command':
        try {
          const result = await executeLiveCommand({
            db: deps.db,
            actor: client.actor,
            conferenceId: message.conferenceId,
            commandId: message.commandId,
            command: message.command,
          });
          send(client.socket, {
            t: 'ack',
            commandId: message.commandId,
            seq: result.seq,
            duplicate: result.duplicate,
          });
        } catch (err) {
          // Refused: only the sender hears about it, and nothing changed.
          send(client.socket, {
            t: 'error',
            commandId: message.commandId,
            error: failure(client, err),
          });
        }
        return;
    }
  }

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== WS_PATH) {
      if (deps.otherUpgrade?.(req, socket, head)) return;
      return refuse(socket, '404 Not Found');
    }
    const ownOrigins = [`http://${req.headers.host}`, `https://${req.headers.host}`];
    if (deps.publicOrigin) ownOrigins.push(deps.publicOrigin);
    // A page on another site must not open a socket with this site's cookie.
    if (isCrossOriginWrite({ method: 'POST', headers: req.headers, ownOrigins })) {
      return refuse(socket, '403 Forbidden');
    }
    const cookies = readCookies(req.headers.cookie);
    const token = cookies[SESSION_COOKIE];
    (token ? resolveSession({ db: deps.db, token, secret: deps.secret }) : Promise.resolve(null))
      .then((session) => {
        wss.handleUpgrade(req, socket, head, (ws) => {
          const cookieLang = cookies[LANG_COOKIE];
          const client: Client = {
            socket: ws,
            actor: session?.actor ?? null,
            sessionId: session?.sessionId ?? null,
            lang: session?.actor.language ?? (isLanguage(cookieLang) ? cookieLang : 'vi'),
            alive: true,
            subscription: null,
            statsAt: 0,
          };
          clients.add(client);
          // One message at a time per screen, in the order sent.
          let queue = Promise.resolve();
          ws.on('pong', () => (client.alive = true));
          ws.on('close', () => {
            clients.delete(client);
            if (client.subscription) void deps.hub.unsubscribe(client.subscription);
          });
          ws.on('error', (err) => deps.logger.debug({ err }, 'websocket error'));
          ws.on('message', (data) => {
            queue = queue.then(() => handle(client, String(data)));
          });
          send(ws, {
            t: 'hello',
            serverTime: Date.now(),
            user: client.actor ? { id: client.actor.id, name: client.actor.name } : null,
          });
        });
      })
      .catch((err: unknown) => {
        deps.logger.error({ err }, 'websocket upgrade failed');
        refuse(socket, '500 Internal Server Error');
      });
  });

  const heartbeat = setInterval(() => {
    for (const client of clients) {
      if (!client.alive) {
        client.socket.terminate();
        continue;
      }
      client.alive = false;
      client.socket.ping();
      // A session ended on any instance stops this socket within one beat.
      if (client.sessionId) {
        stillSignedIn(client).catch((err: unknown) =>
          deps.logger.warn({ err }, 'websocket session check failed'),
        );
      }
    }
  }, heartbeatMs);
  heartbeat.unref();

  return {
    get size() {
      return clients.size;
    },
    /** Drops every socket without a closing handshake, like a crash (tests). */
    terminate() {
      clearInterval(heartbeat);
      for (const client of clients) client.socket.terminate();
      wss.close();
    },
    /** Closes every socket with `code` and stops accepting new ones. */
    close(code = 1012, reason = 'Service restart') {
      clearInterval(heartbeat);
      for (const client of clients) client.socket.close(code, reason);
      wss.close();
    },
  };
}
