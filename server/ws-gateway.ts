import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { errorBody } from '../app/i18n/error-body.ts';
import { getT, isLanguage } from '../app/i18n/i18n.ts';
import type { DatabaseHandle } from '../db/client.ts';
import type { Database } from '../db/database.ts';
import { LIVE_ACCESS_CHANNEL, parseAccessChange } from '../domain/auth/access-changes.ts';
import type { Actor } from '../domain/auth/policies.ts';
import { resolveSession, sessionActor } from '../domain/auth/sessions.ts';
import type { ConferenceAccess } from '../domain/conferences/policies.ts';
import { AppError, toAppError } from '../domain/errors.ts';
import {
  catchUp,
  executeLiveCommand,
  liveRights,
  requireLiveViewer,
} from '../domain/live/live-session.ts';
import { screenView, viewKey } from '../domain/live/views.ts';
import { isDisplayToken } from '../domain/media/media-grant.ts';
import type { Language } from '../protocol/common.ts';
import { ClientMessage } from '../protocol/live.ts';
import type { LinkStats } from '../domain/media/link-quality.ts';
import { parseInput } from '../domain/validation.ts';
import { LANG_COOKIE, SESSION_COOKIE, readCookies } from '../app/cookies.ts';
import { isCrossOriginWrite } from './http/origin-check.ts';
import type { LiveHub, LiveSubscriber } from './live-hub.ts';
import { createMessageLimiter, WS_LIMITS, type WsLimits } from './ws-limits.ts';
import { countCommand, type Metrics } from './metrics/metrics.ts';

export const WS_PATH = '/ws';

/** Close codes a screen may see besides the standard ones (1008 misuse, 1009 too big, 1012 restart). */
export const CLOSE_SESSION_ENDED = 4401;
export const CLOSE_ACCESS_ENDED = 4403;
const TOO_BIG = 'Message too big: 64 KB at most';

type Subscribe = Extract<ClientMessage, { t: 'subscribe' }>;

interface Client {
  /** This socket's key in the rate limiter. */
  key: string;
  socket: WebSocket;
  address: string | undefined;
  actor: Actor | null;
  /** The signed-in session the socket was opened with, checked again before it acts. */
  sessionId: string | null;
  lang: Language;
  /** When a message, ping or pong last came from the screen, and when it was last pinged. */
  heardAt: number;
  pingedAt: number;
  subscription: LiveSubscriber | null;
  /** What the screen asked to watch: subscribed again as it is when its rights change. */
  wanted: Subscribe | null;
  /** When this screen last reported its link (reports beyond one a second are dropped). */
  statsAt: number;
  /** Messages and checks of this screen run one at a time, in order of arrival. */
  queue: Promise<void>;
  /** Messages waiting in `queue`. */
  pending: number;
  /** The rate limiter's verdicts, kept in order of arrival. */
  admission: Promise<void>;
  /** A subscribe waiting for its turn: a later one replaces it (coalesced). */
  nextSubscribe: Subscribe | null;
  /** When the screen's last subscribe started to run. */
  subscribedAt: number;
  recheckQueued: boolean;
  /** When this screen was last told it is over its limits (once per 10 s at most). */
  toldLimitedAt: number;
  /** Being closed: anything it still sends is ignored. */
  closing: boolean;
  /** A subscribe that failed because the database was unavailable: run again once it is back. */
  retry: Subscribe | null;
}

/** `ws` closes an oversize message with 1009 but no reason: this one says why. */
class GatewaySocket extends WebSocket {
  override close(code?: number, data?: string | Buffer): void {
    super.close(code, code === 1009 && data === undefined ? TOO_BIG : data);
  }
}

/**
 * The WebSocket endpoint on the app's own HTTP server. Screens subscribe to a
 * conference's live session (resuming after their last seq) and send commands;
 * events come back through the hub. Closing sends 1012 (service restart) so that
 * screens reconnect to another instance or after the restart.
 *
 * Misuse is bounded per socket (`ws-limits.ts`): messages over the rate are dropped (the
 * screen is told once) and a flood closes the socket (1008); a socket that does not read
 * is dropped once its unsent bytes pass a cap; subscribes in a burst run once. Rights
 * follow the account: a `live_access` notification (or the heartbeat) checks the sockets
 * concerned again.
 */
export async function attachGateway(
  server: Server,
  deps: {
    db: Database;
    secret: string;
    logger: Logger;
    publicOrigin: string | null;
    hub: LiveHub;
    /** LISTEN on the database, for `live_access` (checks sockets again at once). */
    listen?: DatabaseHandle['listen'];
    /** The database's LISTEN link: screens are told when it is lost and back. */
    availability?: Pick<DatabaseHandle, 'available' | 'onAvailability'>;
    /** Link reports of site consoles go to the media service. */
    media?: { reportStats(conferenceId: string, siteId: string, stats: LinkStats): Promise<void> };
    /** Other WebSocket endpoints on the same server (the media proxy): true when handled. */
    otherUpgrade?: (req: IncomingMessage, socket: Duplex, head: Buffer) => boolean;
    /** Limits and timings (tests lower them). */
    limits?: Partial<WsLimits>;
    /** The client's address as the HTTP app sees it (behind the trusted proxies). */
    clientAddress?: (req: IncomingMessage) => string | undefined;
    /** Commands accepted and refused, sockets dropped (server/metrics/). */
    metrics?: Pick<Metrics, 'command' | 'wsDropped'>;
  },
) {
  const limits: WsLimits = { ...WS_LIMITS, ...deps.limits };
  const limiter = createMessageLimiter(limits);
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: limits.maxPayloadBytes,
    WebSocket: GatewaySocket,
  });
  const clients = new Set<Client>();
  let socketCount = 0;

  const refuse = (socket: Duplex, status: string) => {
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  };

  /**
   * Every byte to a screen goes through here (the hub's fan-out too): a socket whose
   * unsent bytes pass the cap after a send is not reading, and is dropped, not fed.
   */
  const deliver = (client: Client, text: string) => {
    const ws = client.socket;
    if (ws.readyState !== ws.OPEN) return;
    ws.send(text);
    if (ws.bufferedAmount > limits.maxBufferedBytes) {
      deps.logger.warn(
        { user: client.actor?.id, address: client.address, buffered: ws.bufferedAmount },
        'live socket dropped: it does not read what it is sent',
      );
      deps.metrics?.wsDropped('slow_reader');
      client.closing = true;
      ws.terminate();
    }
  };
  const send = (client: Client, message: unknown) => deliver(client, JSON.stringify(message));
  const failure = (client: Client, err: unknown) => {
    if (!toAppError(err)) deps.logger.error({ err }, 'live message failed');
    return errorBody(err, getT(client.lang)).body.error;
  };

  /** Closes a socket on the server's initiative; one that does not answer is cut after 2 s. */
  function shut(client: Client, code: number, reason: string) {
    if (client.closing) return;
    client.closing = true;
    client.socket.close(code, reason);
    setTimeout(() => client.socket.terminate(), 2000).unref();
  }

  /**
   * A socket opened signed in whose session has ended (signed out, password changed,
   * account disabled) is closed: it may neither act nor keep receiving a participant's
   * view. 4401 tells the screen to sign in again.
   */
  async function stillSignedIn(client: Client, actor?: Promise<Actor | null>): Promise<boolean> {
    if (!client.sessionId) return true;
    const current = await (actor ?? sessionActor({ db: deps.db, sessionId: client.sessionId }));
    if (current) {
      client.actor = current;
      return true;
    }
    shut(client, CLOSE_SESSION_ENDED, 'Session ended');
    return false;
  }

  /** The site a screen counts for: its own (an operator's) or any (the chair's); else none. */
  function siteFor(access: ConferenceAccess, siteId: string | undefined): string | null {
    const rights = liveRights(access);
    return siteId && (rights.operatorSites.has(siteId) || rights.chair) ? siteId : null;
  }

  /** Runs `task` after the screen's earlier messages; false (and dropped) when too many wait. */
  function enqueue(client: Client, task: () => Promise<void>, counted = true): boolean {
    if (counted) {
      if (client.pending >= limits.maxPending) {
        dropped(client);
        return false;
      }
      client.pending++;
    }
    client.queue = client.queue
      .then(task)
      .catch((err: unknown) => deps.logger.error({ err }, 'live message failed'))
      .finally(() => {
        if (counted) client.pending--;
      });
    return true;
  }

  /** A message over the limits: dropped; the screen is told once; a flood closes it. */
  function dropped(client: Client) {
    const counted = limiter.dropped(client.key).then((within) => {
      if (client.closing) return;
      if (!within) {
        deps.logger.warn(
          { user: client.actor?.id, address: client.address },
          'live socket closed: message flood',
        );
        deps.metrics?.wsDropped('flood');
        shut(client, 1008, 'Too many messages');
        return;
      }
      const now = Date.now();
      if (now - client.toldLimitedAt < 10_000) return;
      client.toldLimitedAt = now;
      const err = new AppError('rate_limited', { messageKey: 'ws.rate_limited' });
      send(client, { t: 'error', error: failure(client, err) });
    });
    counted.catch((err: unknown) => deps.logger.error({ err }, 'live message failed'));
  }

  /** Counts a message against the limits, in order of arrival; `then` runs when admitted. */
  function admit(client: Client, then: () => void) {
    client.heardAt = Date.now();
    if (client.closing) return;
    client.admission = client.admission
      .then(async () => {
        if (client.closing) return;
        const verdict = await limiter.admit(client.key, client.actor?.id ?? null);
        if (verdict === 'accept') then();
        else dropped(client);
      })
      .catch((err: unknown) => deps.logger.error({ err }, 'live message failed'));
  }

  function accept(client: Client, data: RawData) {
    let message: ClientMessage;
    let json: unknown;
    try {
      json = JSON.parse(String(data));
      message = parseInput(ClientMessage, json);
    } catch (err) {
      // Which field was wrong, and for which command, so the screen can say so.
      const commandId = (json as { commandId?: unknown } | undefined)?.commandId;
      enqueue(client, async () =>
        send(client, {
          t: 'error',
          ...(typeof commandId === 'string' && commandId.length <= 100 && { commandId }),
          error: failure(client, json === undefined ? new AppError('bad_json') : err),
        }),
      );
      return;
    }
    switch (message.t) {
      case 'ping':
        // At once, not behind the queue: the screen estimates the clock offset from it.
        send(client, { t: 'pong', clientTime: message.clientTime, serverTime: Date.now() });
        return;
      case 'subscribe': {
        // Coalesced: while one waits for its turn (the one before it running, or having run
        // less than `subscribeEveryMs` ago), a later one replaces it.
        const waiting = client.nextSubscribe !== null;
        client.nextSubscribe = message;
        if (waiting) return;
        const queued = enqueue(client, async () => {
          const wait = client.subscribedAt + limits.subscribeEveryMs - Date.now();
          if (wait > 0) await sleep(wait);
          const next = client.nextSubscribe;
          client.nextSubscribe = null;
          if (!next || client.closing) return;
          client.subscribedAt = Date.now();
          await subscribe(client, next);
        });
        if (!queued) client.nextSubscribe = null;
        return;
      }
      default:
        enqueue(client, () => handle(client, message));
    }
  }

  /** A hall display holding the organiser's display token sees what participants see. */
  const isHall = (message: Subscribe) =>
    isDisplayToken(deps.secret, message.conferenceId, message.display);

  /**
   * Subscribes the screen to a conference, after sending it what it missed; `fresh` sends
   * a whole snapshot (its view changed: what it had may show what it may no longer see).
   */
  async function subscribe(client: Client, message: Subscribe, fresh = false) {
    client.retry = null;
    const previous = client.subscription;
    try {
      if (!(await stillSignedIn(client))) return;
      const access = await requireLiveViewer(deps.db, client.actor, message.conferenceId);
      // Only a site's own screens (or the chair's) count for its presence.
      const siteId = siteFor(access, message.siteId);
      const hall = isHall(message);
      const subscription: LiveSubscriber = {
        conferenceId: message.conferenceId,
        seq: fresh ? 0 : (message.after ?? 0),
        siteId,
        view: screenView(access, hall),
        send: (text) => deliver(client, text),
      };
      client.subscription = subscription;
      client.wanted = message;
      if (previous) {
        // The same site subscribing again stays online throughout.
        const same =
          previous.conferenceId === subscription.conferenceId && previous.siteId === siteId;
        await deps.hub.unsubscribe(previous, { keepPresence: same });
      }
      const missed = await catchUp({
        db: deps.db,
        actor: client.actor,
        conferenceId: message.conferenceId,
        after: fresh ? undefined : message.after,
        hall,
        // Checked above: a screen coming back from a dead instance costs one look-up less.
        access,
      });
      if (client.subscription !== subscription || client.socket.readyState !== client.socket.OPEN)
        return;
      await deps.hub.subscribe(subscription, missed);
      // Closed while the hub was registering it: take it out again.
      if (client.socket.readyState !== client.socket.OPEN) await deps.hub.unsubscribe(subscription);
    } catch (err) {
      if (client.subscription !== previous && client.subscription) {
        await deps.hub.unsubscribe(client.subscription);
        client.subscription = null;
        client.wanted = null;
      }
      if (toAppError(err)?.code === 'unavailable') client.retry = message;
      send(client, { t: 'error', error: failure(client, err) });
    }
  }

  async function handle(
    client: Client,
    message: Exclude<ClientMessage, Subscribe | { t: 'ping' }>,
  ) {
    try {
      if (!(await stillSignedIn(client))) return;
    } catch (err) {
      // The session could not be checked (the database down): a command is answered
      // with the reason at once, never left waiting.
      if (message.t !== 'command') throw err;
      deps.metrics?.command(message.command.type, { code: toAppError(err)?.code ?? 'internal' });
      send(client, { t: 'error', commandId: message.commandId, error: failure(client, err) });
      return;
    }
    switch (message.t) {
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
          const result = await countCommand(
            deps.metrics,
            message.command.type,
            executeLiveCommand({
              db: deps.db,
              actor: client.actor,
              conferenceId: message.conferenceId,
              commandId: message.commandId,
              command: message.command,
              // No HTTP request is in flight: the audit trail gets the socket's address.
              ip: client.address ?? null,
            }),
          );
          send(client, {
            t: 'ack',
            commandId: message.commandId,
            seq: result.seq,
            duplicate: result.duplicate,
          });
        } catch (err) {
          // Refused: only the sender hears about it, and nothing changed.
          send(client, { t: 'error', commandId: message.commandId, error: failure(client, err) });
        }
        return;
    }
  }

  /**
   * Checks sockets again, now: a session that ended closes with 4401; a screen no longer
   * allowed to watch its conference gets an error and 4403; a screen whose view or site
   * changed (a chair demoted, an operator moved) is subscribed again with a fresh snapshot
   * for its new view. One database look-up per session and per (person, conference).
   */
  function recheck(targets: Iterable<Client>) {
    const actors = new Map<string, Promise<Actor | null>>();
    const accesses = new Map<string, Promise<{ access: ConferenceAccess } | { err: unknown }>>();
    for (const client of targets) {
      if (client.closing || client.recheckQueued) continue;
      if (!client.sessionId && !client.subscription) continue;
      client.recheckQueued = true;
      const task = async () => {
        client.recheckQueued = false;
        if (client.closing) return;
        if (client.sessionId) {
          let actor = actors.get(client.sessionId);
          if (!actor) {
            actor = sessionActor({ db: deps.db, sessionId: client.sessionId });
            actors.set(client.sessionId, actor);
          }
          if (!(await stillSignedIn(client, actor))) return;
        }
        const sub = client.subscription;
        const wanted = client.wanted;
        if (!sub || !wanted) return;
        const key = `${client.actor?.id ?? ''}|${sub.conferenceId}`;
        let found = accesses.get(key);
        if (!found) {
          found = requireLiveViewer(deps.db, client.actor, sub.conferenceId).then(
            (access) => ({ access }),
            (err: unknown) => ({ err }),
          );
          accesses.set(key, found);
        }
        const result = await found;
        if ('err' in result) {
          if (toAppError(result.err)?.code !== 'not_found') throw result.err;
          const err = new AppError('forbidden', { messageKey: 'ws.access_ended' });
          send(client, { t: 'error', error: failure(client, err) });
          shut(client, CLOSE_ACCESS_ENDED, 'Live access ended');
          return;
        }
        const view = screenView(result.access, isHall(wanted));
        const siteId = siteFor(result.access, wanted.siteId);
        if (viewKey(view) === viewKey(sub.view) && siteId === sub.siteId) return;
        await subscribe(client, wanted, true);
      };
      enqueue(
        client,
        () =>
          task().catch((err: unknown) =>
            deps.logger.warn({ err }, 'websocket session or access check failed'),
          ),
        false,
      );
    }
  }

  const stopListening = deps.listen
    ? await deps.listen(
        LIVE_ACCESS_CHANNEL,
        (payload) => {
          const change = parseAccessChange(payload);
          if (!change) return;
          recheck(
            [...clients].filter((c) =>
              'userId' in change
                ? c.actor?.id === change.userId
                : c.subscription?.conferenceId === change.conferenceId,
            ),
          );
        },
        // Notifications may have been missed while the connection was down.
        () => recheck(clients),
      )
    : null;

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
      // An account that must first enrol a second factor acts as no one until it has.
      .then((resolved) => (resolved?.mustEnrolSecondFactor ? null : resolved))
      .then((session) => {
        wss.handleUpgrade(req, socket, head, (ws) => {
          const cookieLang = cookies[LANG_COOKIE];
          const client: Client = {
            key: `${process.pid}:${++socketCount}`,
            socket: ws,
            address: deps.clientAddress?.(req) ?? req.socket.remoteAddress,
            actor: session?.actor ?? null,
            sessionId: session?.sessionId ?? null,
            lang: session?.actor.language ?? (isLanguage(cookieLang) ? cookieLang : 'vi'),
            heardAt: Date.now(),
            pingedAt: 0,
            subscription: null,
            wanted: null,
            statsAt: 0,
            queue: Promise.resolve(),
            pending: 0,
            admission: Promise.resolve(),
            nextSubscribe: null,
            subscribedAt: 0,
            recheckQueued: false,
            toldLimitedAt: 0,
            closing: false,
            retry: null,
          };
          clients.add(client);
          ws.on('pong', () => (client.heardAt = Date.now()));
          // ws answers pings by itself; they still count against the limits.
          ws.on('ping', () => admit(client, () => {}));
          ws.on('message', (data) => admit(client, () => accept(client, data)));
          ws.on('close', () => {
            client.closing = true;
            clients.delete(client);
            if (client.subscription) void deps.hub.unsubscribe(client.subscription);
          });
          ws.on('error', (err) => deps.logger.debug({ err }, 'websocket error'));
          send(client, {
            t: 'hello',
            serverTime: Date.now(),
            user: client.actor ? { id: client.actor.id, name: client.actor.name } : null,
          });
          if (deps.availability && !deps.availability.available())
            send(client, { t: 'status', database: 'down' });
        });
      })
      .catch((err: unknown) => {
        // The database down: the screen tries again (with its backoff), no 500 logged.
        if (toAppError(err)?.code === 'unavailable') {
          deps.logger.warn({ err }, 'websocket upgrade refused: database unavailable');
          return refuse(socket, '503 Service Unavailable');
        }
        deps.logger.error({ err }, 'websocket upgrade failed');
        refuse(socket, '500 Internal Server Error');
      });
  });

  /**
   * Liveness. A site console must show offline within seconds when its network dies
   * without closing: pinged every `sitePingMs`, dropped after `siteSilenceMs` without a
   * word. Other screens: pinged every beat, dropped when the last ping went unanswered.
   */
  const silent = (client: Client, now: number) =>
    client.subscription?.siteId
      ? now - client.heardAt > limits.siteSilenceMs
      : client.pingedAt > client.heardAt && now - client.pingedAt > limits.heartbeatMs / 2;
  const ping = (client: Client, now: number) => {
    client.pingedAt = now;
    client.socket.ping();
  };

  const heartbeat = setInterval(() => {
    const now = Date.now();
    for (const client of clients) {
      if (client.subscription?.siteId) continue; // the site beat watches it
      if (silent(client, now)) {
        deps.metrics?.wsDropped('silent');
        client.socket.terminate();
      } else ping(client, now);
    }
    // A session ended or a right lost on any instance reaches this socket within one beat,
    // even if its notification was lost.
    recheck(clients);
  }, limits.heartbeatMs);
  heartbeat.unref();

  const siteTick = Math.min(1000, limits.sitePingMs / 2);
  let lastSiteTick = Date.now();
  const siteBeat = setInterval(() => {
    const now = Date.now();
    // This process was busy (a long task, a starved CPU): the pongs that came meanwhile
    // wait behind this timer. Judge nobody on this tick.
    const late = now - lastSiteTick > 3 * siteTick;
    lastSiteTick = now;
    for (const client of clients) {
      if (!client.subscription?.siteId) continue;
      if (!late && silent(client, now)) {
        deps.logger.info(
          { user: client.actor?.id, site: client.subscription.siteId },
          'site console silent: dropped',
        );
        deps.metrics?.wsDropped('silent');
        client.socket.terminate();
      } else if (now - client.pingedAt >= limits.sitePingMs - siteTick / 2) {
        ping(client, now);
      }
    }
  }, siteTick);
  siteBeat.unref();

  // The database lost or back: every screen hears it (it shows "reconnecting"; once back
  // it subscribes again after its seq and gets what it missed).
  const stopWatching = deps.availability?.onAvailability((up) => {
    deps.logger.warn({ up }, up ? 'database link back' : 'database link lost');
    const text = JSON.stringify({ t: 'status', database: up ? 'ok' : 'down' });
    for (const client of clients) {
      deliver(client, text);
      const retry = client.retry;
      if (!up || !retry || client.closing) continue;
      client.retry = null;
      enqueue(client, () => subscribe(client, retry), false);
    }
  });

  const stop = async () => {
    stopWatching?.();
    clearInterval(heartbeat);
    clearInterval(siteBeat);
    wss.close();
    await stopListening?.().catch(() => {});
  };

  return {
    get size() {
      return clients.size;
    },
    /** Drops every socket without a closing handshake, like a crash (tests). */
    async terminate() {
      for (const client of clients) client.socket.terminate();
      await stop();
    },
    /** Closes every socket with `code` and stops accepting new ones. */
    async close(code = 1012, reason = 'Service restart') {
      for (const client of clients) client.socket.close(code, reason);
      await stop();
    },
  };
}
