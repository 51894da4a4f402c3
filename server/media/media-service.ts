import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import Janode, { type JanodeConnection, type JanodeHandle, type JanodeSession } from 'janode';
import VideoRoomPlugin from 'janode/plugins/videoroom';
import type { Logger } from 'pino';
import type { DatabaseHandle } from '../../db/client.ts';
import { conferenceSites } from '../../db/schema/conferences.ts';
import { AppError } from '../../domain/errors.ts';
import { loadState } from '../../domain/live/event-store.ts';
import { setSiteMedia } from '../../domain/live/live-session.ts';
import { reduce } from '../../domain/live/reducer.ts';
import { linkState, type LinkStats } from '../../domain/media/link-quality.ts';
import { mediaToken, roomSecrets, siteFeed, siteOfFeed } from '../../domain/media/media-grant.ts';
import { openMicrophones } from '../../domain/media/program.ts';
import type { LiveState } from '../../protocol/live.ts';
import type { LiveHub, LiveSubscriber } from '../live-hub.ts';

Janode.Logger.setLevel('none');

interface Publisher {
  /** The audio stream's mid, which `moderate` needs. */
  audioMid: string | null;
  /** Whether Janus drops its audio now (null: not yet told). */
  muted: boolean | null;
}

interface Room {
  id: string;
  hostSiteId: string | null;
  siteIds: string[];
  state: LiveState;
  /** Sites publishing in the room, as the server's own participant sees them. */
  publishers: Map<string, Publisher>;
  /** Sites whose consoles report a link past the threshold. */
  degraded: Set<string>;
  /** Sites whose consoles report to this instance (the others' links are judged elsewhere). */
  reported: Set<string>;
  watcher: JanodeHandle | null;
  subscriber: LiveSubscriber;
  created: Promise<void> | null;
  chain: Promise<void>;
  closed: boolean;
}

export type MediaStatus = 'off' | 'connecting' | 'ready';

/**
 * The app's side of the media server: one VideoRoom room per open conference, created
 * and destroyed with the room admin key; microphones opened and closed in Janus as the
 * floor moves (`moderate`); the sites' media state written to the live log. Every
 * instance runs one; what they do is idempotent (rooms that exist, moderation already
 * applied, media changes already logged), so several can share one Janus.
 */
export function createMediaService(deps: {
  database: DatabaseHandle;
  hub: LiveHub;
  logger: Logger;
  secret: string;
  janus: { url: string; roomAdminKey: string } | null;
}) {
  const db = deps.database.db;
  const log = deps.logger.child({ module: 'media' });
  const instance = randomUUID().slice(0, 8);
  const rooms = new Map<string, Room>();
  let connection: JanodeConnection | null = null;
  let admin: JanodeHandle | null = null;
  let session: JanodeSession | null = null;
  let status: MediaStatus = deps.janus ? 'connecting' : 'off';
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  let attempt = 0;
  const roomClosedListeners = new Set<(conferenceId: string) => void>();

  /** A VideoRoom request; Janus's refusal (`error_code`) becomes an exception. */
  async function call(handle: JanodeHandle, body: Record<string, unknown>) {
    let response;
    try {
      response = await handle.message(body);
    } catch (err) {
      // janode throws Janus's refusals as "<code> <reason>".
      const code = /^(\d{3}) /.exec((err as Error).message)?.[1];
      if (code) Object.assign(err as Error, { janusCode: Number(code) });
      throw err;
    }
    const data = (response.plugindata?.data ?? {}) as Record<string, unknown>;
    if (typeof data.error_code === 'number') {
      const err = new Error(`janus ${String(body.request)}: ${String(data.error)}`);
      (err as Error & { janusCode?: number }).janusCode = data.error_code;
      throw err;
    }
    return data;
  }

  async function connect() {
    if (!deps.janus || stopped) return;
    try {
      const conn = await Janode.connect({
        address: { url: deps.janus.url },
        retry_time_secs: 1,
        max_retries: 1,
      });
      const lost = () => {
        if (connection !== conn) return;
        connection = null;
        admin = null;
        session = null;
        if (!stopped) {
          log.warn('media server connection lost; reconnecting');
          status = 'connecting';
          for (const room of rooms.values()) forgetJanusSide(room);
          schedule();
        }
      };
      conn.once(Janode.EVENT.CONNECTION_CLOSED!, lost);
      conn.once(Janode.EVENT.CONNECTION_ERROR!, lost);
      const sess = await conn.create(15);
      const handle = await sess.attach(VideoRoomPlugin);
      connection = conn;
      session = sess;
      admin = handle;
      status = 'ready';
      attempt = 0;
      log.info({ url: deps.janus.url }, 'media server connected');
      // After a Janus restart: the rooms of open conferences again.
      for (const room of rooms.values()) {
        void ensureCreated(room).catch((err: unknown) =>
          log.warn({ err, conferenceId: room.id }, 'room re-creation failed'),
        );
      }
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'media server not reachable');
      schedule();
    }
  }

  function schedule() {
    if (stopped) return;
    clearTimeout(retry);
    const delay = Math.min(5000, 250 * 2 ** attempt++) * (0.75 + Math.random() / 2);
    retry = setTimeout(() => void connect(), delay);
    retry.unref();
  }

  /** Janus went away: its rooms and participants with it. The sites' media is off. */
  function forgetJanusSide(room: Room) {
    room.watcher = null;
    room.created = null;
    room.publishers.clear();
    void queue(room, () => syncMediaState(room));
  }

  function queue(room: Room, work: () => Promise<void>) {
    room.chain = room.chain
      .then(work)
      .catch((err: unknown) => log.warn({ err, conferenceId: room.id }, 'media reconcile failed'));
    return room.chain;
  }

  async function ensureCreated(room: Room): Promise<void> {
    room.created ??= createInJanus(room).catch((err: unknown) => {
      room.created = null;
      throw err;
    });
    return room.created;
  }

  async function createInJanus(room: Room) {
    if (!deps.janus || !admin || !session) throw new AppError('unavailable');
    const sites = await db
      .select({ id: conferenceSites.id, isHost: conferenceSites.isHost })
      .from(conferenceSites)
      .where(eq(conferenceSites.conferenceId, room.id));
    room.siteIds = sites.map((s) => s.id);
    room.hostSiteId = sites.find((s) => s.isHost)?.id ?? null;
    const { secret, pin } = roomSecrets(deps.secret, room.id);
    const tokens = [
      mediaToken(deps.secret, room.id, { kind: 'viewer' }),
      ...sites.map((s) => mediaToken(deps.secret, room.id, { kind: 'site', siteId: s.id })),
    ];
    try {
      await call(admin, {
        request: 'create',
        room: room.id,
        admin_key: deps.janus.roomAdminKey,
        description: `conference ${room.id}`,
        secret,
        pin,
        is_private: true,
        require_pvtid: true,
        publishers: 100,
        bitrate: 1_000_000,
        fir_freq: 10,
        notify_joining: false,
        allowed: tokens,
      });
      log.info({ conferenceId: room.id }, 'media room created');
    } catch (err) {
      // Created by another instance (or before our restart): make sure the tokens are in.
      if ((err as { janusCode?: number }).janusCode !== 427) throw err;
      await call(admin, {
        request: 'allowed',
        room: room.id,
        secret,
        action: 'add',
        allowed: tokens,
      });
    }
    const watcher = await session.attach(VideoRoomPlugin);
    const E = VideoRoomPlugin.EVENT;
    watcher.on(E.VIDEOROOM_PUB_LIST!, (data) => onPublishers(room, watcher, data.publishers));
    const gone = (data: Record<string, unknown>) => {
      if (room.watcher !== watcher) return;
      const siteId = siteOfFeed(String(data.feed));
      if (siteId && room.publishers.delete(siteId)) {
        // Back later on a new link: judged afresh.
        room.degraded.delete(siteId);
        void queue(room, () => syncMediaState(room));
      }
    };
    watcher.on(E.VIDEOROOM_UNPUBLISHED!, gone);
    watcher.on(E.VIDEOROOM_LEAVING!, gone);
    watcher.on(E.VIDEOROOM_DESTROYED!, () => {
      if (room.watcher === watcher) forgetJanusSide(room);
    });
    const joined = await call(watcher, {
      request: 'join',
      room: room.id,
      ptype: 'publisher',
      id: `watch-${instance}`,
      display: 'server',
      token: tokens[0],
      pin,
    });
    room.watcher = watcher;
    onPublishers(room, watcher, joined.publishers);
  }

  function onPublishers(room: Room, watcher: JanodeHandle, list: unknown) {
    if (room.watcher && room.watcher !== watcher) return;
    for (const p of (list as { id?: string; feed?: string; streams?: unknown[] }[]) ?? []) {
      const siteId = siteOfFeed(String(p.feed ?? p.id));
      if (!siteId) continue;
      const streams = (p.streams ?? []) as { type: string; mid: string; moderated?: boolean }[];
      const audio = streams.find((s) => s.type === 'audio');
      room.publishers.set(siteId, {
        audioMid: audio?.mid ?? null,
        muted: audio ? (audio.moderated ?? false) : null,
      });
    }
    void queue(room, () => reconcile(room));
  }

  /** Microphones as the floor says, then the media state in the live log. */
  async function reconcile(room: Room) {
    if (room.closed) return;
    if (room.state.phase === 'ended') return closeRoom(room);
    if (admin && room.watcher) {
      const open = openMicrophones(room.state, room.hostSiteId);
      const { secret } = roomSecrets(deps.secret, room.id);
      for (const [siteId, pub] of room.publishers) {
        if (pub.audioMid === null) continue;
        const mute = !open.has(siteId);
        if (pub.muted === mute) continue;
        await call(admin, {
          request: 'moderate',
          room: room.id,
          secret,
          id: siteFeed(siteId),
          mid: pub.audioMid,
          mute,
        });
        pub.muted = mute;
      }
    }
    await syncMediaState(room);
  }

  async function syncMediaState(room: Room) {
    if (room.closed) return;
    const media = new Map<string, 'off' | 'live' | 'degraded'>();
    for (const siteId of new Set([...room.siteIds, ...Object.keys(room.state.sites)])) {
      // A link is judged by the instance its console reports to; another instance keeps
      // what the log says rather than calling it recovered.
      const degraded = room.reported.has(siteId)
        ? room.degraded.has(siteId)
        : room.state.sites[siteId]?.media === 'degraded';
      media.set(siteId, !room.publishers.has(siteId) ? 'off' : degraded ? 'degraded' : 'live');
    }
    await setSiteMedia({ db, conferenceId: room.id, media });
  }

  async function closeRoom(room: Room) {
    room.closed = true;
    rooms.delete(room.id);
    await deps.hub.unsubscribe(room.subscriber);
    if (admin && room.created) {
      const { secret } = roomSecrets(deps.secret, room.id);
      await call(admin, { request: 'destroy', room: room.id, secret }).catch((err: unknown) => {
        if ((err as { janusCode?: number }).janusCode !== 426) throw err;
      });
      log.info({ conferenceId: room.id }, 'media room destroyed');
    }
    for (const listener of roomClosedListeners) listener(room.id);
  }

  /** The room of an open conference, following its live state from now on. */
  async function openRoom(conferenceId: string): Promise<void> {
    if (status !== 'ready') throw new AppError('unavailable');
    let room = rooms.get(conferenceId);
    if (!room) {
      const state = await loadState(db, conferenceId);
      const created: Room = {
        id: conferenceId,
        hostSiteId: null,
        siteIds: [],
        state,
        publishers: new Map(),
        degraded: new Set(),
        reported: new Set(),
        watcher: null,
        created: null,
        chain: Promise.resolve(),
        closed: false,
        subscriber: {
          conferenceId,
          seq: state.seq,
          siteId: null,
          view: { full: true, participant: true, sites: new Set() },
          send(text) {
            const message = JSON.parse(text) as
              | { t: 'events'; events: Parameters<typeof reduce>[1][] }
              | { t: 'snapshot'; state: LiveState };
            if (message.t === 'snapshot') created.state = message.state;
            else if (message.t === 'events')
              created.state = message.events.reduce(reduce, created.state);
            else return;
            void queue(created, () => reconcile(created));
          },
        },
      };
      room = created;
      rooms.set(conferenceId, room);
      await deps.hub.subscribe(room.subscriber, { events: [], seq: state.seq });
    }
    await ensureCreated(room);
  }

  return {
    get status(): MediaStatus {
      return status;
    },
    /** The media server's client API, for the browsers' proxy. */
    janusUrl: deps.janus?.url ?? null,
    start() {
      if (deps.janus) void connect();
    },
    openRoom,
    /** Removes a participant (a site console replaced by a newer one of the same site). */
    async kick(conferenceId: string, feed: string) {
      if (!admin) return;
      const { secret } = roomSecrets(deps.secret, conferenceId);
      await call(admin, { request: 'kick', room: conferenceId, secret, id: feed }).catch(() => {});
    },
    /** A console's link report: relayed to the chairs, and past a threshold, logged. */
    async reportStats(conferenceId: string, siteId: string, stats: LinkStats) {
      await deps.hub.sendMediaStats(conferenceId, siteId, stats);
      const room = rooms.get(conferenceId);
      if (!room) return;
      room.reported.add(siteId);
      const before = room.degraded.has(siteId) ? 'degraded' : 'good';
      const after = linkState(before, stats);
      if (after === before) return;
      if (after === 'degraded') room.degraded.add(siteId);
      else room.degraded.delete(siteId);
      await queue(room, () => syncMediaState(room));
    },
    onRoomClosed(listener: (conferenceId: string) => void) {
      roomClosedListeners.add(listener);
      return () => roomClosedListeners.delete(listener);
    },
    async stop() {
      stopped = true;
      clearTimeout(retry);
      for (const room of rooms.values()) await deps.hub.unsubscribe(room.subscriber);
      await Promise.all([...rooms.values()].map((r) => r.chain));
      rooms.clear();
      const conn = connection;
      connection = null;
      await session?.destroy().catch(() => {});
      await conn?.close().catch(() => {});
      status = deps.janus ? 'connecting' : 'off';
    },
  };
}

export type MediaService = ReturnType<typeof createMediaService>;
