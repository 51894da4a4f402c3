import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import Janode, { type JanodeConnection, type JanodeHandle, type JanodeSession } from 'janode';
import VideoRoomPlugin from 'janode/plugins/videoroom';
import type { Logger } from 'pino';
import type { DatabaseHandle } from '../../db/client.ts';
import { conferenceSites, conferences } from '../../db/schema/conferences.ts';
import { LIVE_ACCESS_CHANNEL, parseAccessChange } from '../../domain/auth/access-changes.ts';
import { AppError } from '../../domain/errors.ts';
import { loadState } from '../../domain/live/event-store.ts';
import { setMediaState } from '../../domain/live/live-session.ts';
import { reduce } from '../../domain/live/reducer.ts';
import { linkState, type LinkHealth, type LinkStats } from '../../domain/media/link-quality.ts';
import {
  mediaToken,
  roomSecrets,
  shareFeed,
  siteFeed,
  siteOfFeed,
  siteOfShare,
} from '../../domain/media/media-grant.ts';
import { mayShare, openMicrophones } from '../../domain/media/program.ts';
import type { LiveState } from '../../protocol/live.ts';
import type { LiveHub, LiveSubscriber } from '../live-hub.ts';

Janode.Logger.setLevel('none');

interface Publisher {
  /** The audio stream's mid, which `moderate` needs. */
  audioMid: string | null;
  videoMid: string | null;
  /** The picture comes in simulcast layers (a forward then picks the best one). */
  simulcast: boolean;
  /** Whether Janus drops its audio now (null: not yet told). */
  muted: boolean | null;
}

interface Room {
  id: string;
  hostSiteId: string | null;
  siteIds: string[];
  siteNames: Map<string, string>;
  state: LiveState;
  /** Sites publishing in the room, as the server's own participant sees them. */
  publishers: Map<string, Publisher>;
  /** Sites sharing a screen (`share-<site>` feeds), oldest first, with their video mid. */
  shares: Map<string, string | null>;
  /** The conference asks for recording (its setting). */
  record: boolean;
  /** Whether Janus records the room now (null: not known yet). */
  recording: boolean | null;
  /** Sites whose consoles report a link past the threshold. */
  degraded: Set<string>;
  /** Each reporting site's link as judged from its reports so far (linkState). */
  links: Map<string, LinkHealth>;
  /** Sites whose consoles report to this instance (the others' links are judged elsewhere). */
  reported: Set<string>;
  watcher: JanodeHandle | null;
  subscriber: LiveSubscriber;
  created: Promise<void> | null;
  chain: Promise<void>;
  closed: boolean;
}

export type MediaStatus = 'off' | 'connecting' | 'ready';

/** What the program is made of now, for the public stream's encoder. */
export interface ProgramSources {
  conferenceId: string;
  state: LiveState;
  hostSiteId: string | null;
  /** Publishing sites and their stream mids. */
  publishers: ReadonlyMap<
    string,
    { audioMid: string | null; videoMid: string | null; simulcast: boolean }
  >;
  /** The shared screen in the program (its site and video mid), if any. */
  content: { siteId: string; videoMid: string | null } | null;
  siteNames: ReadonlyMap<string, string>;
}

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
  /** Where Janus writes recordings: `<dir>/<conferenceId>/` (a folder Janus sees at the same path). */
  recordingsDir: string;
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
  const changeListeners = new Set<(conferenceId: string) => void>();
  let stopListening: (() => Promise<void>) | null = null;

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
    room.recording = null;
    room.publishers.clear();
    room.shares.clear();
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
      .select({
        id: conferenceSites.id,
        name: conferenceSites.name,
        isHost: conferenceSites.isHost,
      })
      .from(conferenceSites)
      .where(eq(conferenceSites.conferenceId, room.id));
    room.siteIds = sites.map((s) => s.id);
    room.siteNames = new Map(sites.map((s) => [s.id, s.name]));
    room.hostSiteId = sites.find((s) => s.isHost)?.id ?? null;
    room.record = await recordingWanted(room.id);
    const recDir = join(deps.recordingsDir, room.id);
    await mkdir(recDir, { recursive: true });
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
        record: room.record,
        rec_dir: recDir,
      });
      room.recording = room.record;
      log.info({ conferenceId: room.id, record: room.record }, 'media room created');
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
      room.recording = null; // as it was left: set again below
    }
    const watcher = await session.attach(VideoRoomPlugin);
    const E = VideoRoomPlugin.EVENT;
    watcher.on(E.VIDEOROOM_PUB_LIST!, (data) => onPublishers(room, watcher, data.publishers));
    const gone = (data: Record<string, unknown>) => {
      if (room.watcher !== watcher) return;
      const shared = siteOfShare(String(data.feed));
      if (shared && room.shares.delete(shared)) {
        void queue(room, () => reconcile(room));
        return;
      }
      const siteId = siteOfFeed(String(data.feed));
      if (siteId && room.publishers.delete(siteId)) {
        // Back later on a new link: judged afresh.
        room.degraded.delete(siteId);
        room.links.delete(siteId);
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

  async function recordingWanted(conferenceId: string): Promise<boolean> {
    const [row] = await db
      .select({ recording: conferences.recording })
      .from(conferences)
      .where(eq(conferences.id, conferenceId));
    return row?.recording ?? false;
  }

  function onPublishers(room: Room, watcher: JanodeHandle, list: unknown) {
    if (room.watcher && room.watcher !== watcher) return;
    for (const p of (list as { id?: string; feed?: string; streams?: unknown[] }[]) ?? []) {
      const feed = String(p.feed ?? p.id);
      const streams = (p.streams ?? []) as {
        type: string;
        mid: string;
        moderated?: boolean;
        simulcast?: boolean;
      }[];
      const videoStream = streams.find((s) => s.type === 'video');
      const video = videoStream?.mid ?? null;
      const shared = siteOfShare(feed);
      if (shared) {
        room.shares.delete(shared); // newest last
        room.shares.set(shared, video);
        continue;
      }
      const siteId = siteOfFeed(feed);
      if (!siteId) continue;
      const audio = streams.find((s) => s.type === 'audio');
      room.publishers.set(siteId, {
        audioMid: audio?.mid ?? null,
        videoMid: video,
        simulcast: !!videoStream?.simulcast,
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
      // Only the host and the floor holders share a screen: the others' shares end.
      for (const siteId of [...room.shares.keys()]) {
        if (mayShare(room.state, room.hostSiteId, siteId)) continue;
        room.shares.delete(siteId);
        await call(admin, { request: 'kick', room: room.id, secret, id: shareFeed(siteId) }).catch(
          (err: unknown) => log.warn({ err, conferenceId: room.id }, 'share kick failed'),
        );
      }
      if (room.recording !== room.record) {
        await call(admin, {
          request: 'enable_recording',
          room: room.id,
          secret,
          record: room.record,
        });
        room.recording = room.record;
        log.info({ conferenceId: room.id, record: room.record }, 'media room recording');
      }
    }
    await syncMediaState(room);
    for (const listener of changeListeners) listener(room.id);
  }

  /** The newest share still allowed: what the program shows beside the speaker. */
  function contentOf(room: Room): { siteId: string; videoMid: string | null } | null {
    const last = [...room.shares].filter(([siteId]) =>
      mayShare(room.state, room.hostSiteId, siteId),
    );
    const [siteId, videoMid] = last.at(-1) ?? [];
    return siteId ? { siteId, videoMid: videoMid ?? null } : null;
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
    await setMediaState({
      db,
      conferenceId: room.id,
      media,
      content: room.watcher ? (contentOf(room)?.siteId ?? null) : null,
      recording: room.watcher ? !!room.recording : false,
    });
  }

  async function closeRoom(room: Room) {
    // The session is over: no site publishes, nothing is shared or recorded any more.
    await setMediaState({
      db,
      conferenceId: room.id,
      media: new Map(room.siteIds.map((id) => [id, 'off' as const])),
      content: null,
      recording: false,
    }).catch((err: unknown) => log.warn({ err, conferenceId: room.id }, 'media state not written'));
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
        siteNames: new Map(),
        state,
        publishers: new Map(),
        shares: new Map(),
        record: false,
        recording: null,
        degraded: new Set(),
        links: new Map(),
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
      if (!deps.janus) return;
      void connect();
      // The recording setting changed: applied to the open room at once.
      void deps.database
        .listen(LIVE_ACCESS_CHANNEL, (payload) => {
          const change = parseAccessChange(payload);
          const room = change && 'conferenceId' in change ? rooms.get(change.conferenceId) : null;
          if (!room) return;
          void queue(room, async () => {
            room.record = await recordingWanted(room.id);
            await reconcile(room);
          });
        })
        .then((stop) => {
          if (stopped) void stop();
          else stopListening = stop;
        })
        .catch((err: unknown) => log.warn({ err }, 'could not listen for setting changes'));
    },
    /** Whether the site may share its screen now (the proxy asks before a share joins). */
    mayShare(conferenceId: string, siteId: string): boolean {
      const room = rooms.get(conferenceId);
      return !!room && mayShare(room.state, room.hostSiteId, siteId);
    },
    /** The program's parts now, for the public stream; null when the room is not open here. */
    programSources(conferenceId: string): ProgramSources | null {
      const room = rooms.get(conferenceId);
      if (!room || !room.watcher) return null;
      return {
        conferenceId,
        state: room.state,
        hostSiteId: room.hostSiteId,
        publishers: room.publishers,
        content: contentOf(room),
        siteNames: room.siteNames,
      };
    },
    /** Called after each reconcile of a room (floor, publishers, shares changed). */
    onChange(listener: (conferenceId: string) => void) {
      changeListeners.add(listener);
      return () => changeListeners.delete(listener);
    },
    /**
     * Janus forwards a publisher's streams to `host:port`s (the public stream's encoder).
     * Returns each forwarder's id and, for a stream given an `rtcp_port`, the port of
     * Janus's RTCP socket for it (a PLI sent there asks the publisher for a keyframe).
     */
    async forward(
      conferenceId: string,
      feed: string,
      host: string,
      streams: {
        mid: string;
        port: number;
        pt?: number;
        simulcast?: boolean;
        rtcp_port?: number;
      }[],
    ): Promise<{ streamId: number; rtcpPort: number | null }[]> {
      if (!admin || !deps.janus) throw new AppError('unavailable');
      const { secret } = roomSecrets(deps.secret, conferenceId);
      const data = await call(admin, {
        request: 'rtp_forward',
        room: conferenceId,
        publisher_id: feed,
        secret,
        admin_key: deps.janus.roomAdminKey,
        host,
        streams,
      });
      return ((data.forwarders ?? []) as { stream_id: number; local_rtcp_port?: number }[]).map(
        (f) => ({ streamId: f.stream_id, rtcpPort: f.local_rtcp_port ?? null }),
      );
    },
    async stopForward(conferenceId: string, feed: string, streamId: number) {
      if (!admin || !deps.janus) return;
      const { secret } = roomSecrets(deps.secret, conferenceId);
      await call(admin, {
        request: 'stop_rtp_forward',
        room: conferenceId,
        publisher_id: feed,
        stream_id: streamId,
        secret,
        admin_key: deps.janus.roomAdminKey,
      }).catch(() => {});
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
      const before = room.links.get(siteId) ?? { state: 'good', bad: 0 };
      const after = linkState(before, stats);
      room.links.set(siteId, after);
      if (after.state === before.state) return;
      if (after.state === 'degraded') room.degraded.add(siteId);
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
      await stopListening?.();
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
