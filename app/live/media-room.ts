import type { MediaGrant } from '../../protocol/media.ts';
import type { LinkStats } from '../../domain/media/link-quality.ts';

// The part of janus.js (janus-gateway 1.1.x) this module uses.
interface Handle {
  send(o: {
    message: Record<string, unknown>;
    jsep?: unknown;
    success?: () => void;
    error?: (e: unknown) => void;
  }): void;
  createOffer(o: {
    tracks: unknown[];
    success: (jsep: unknown) => void;
    error: (e: unknown) => void;
  }): void;
  createAnswer(o: {
    jsep: unknown;
    tracks: unknown[];
    success: (jsep: unknown) => void;
    error: (e: unknown) => void;
  }): void;
  replaceTracks(o: { tracks: unknown[]; success?: () => void; error?: (e: unknown) => void }): void;
  handleRemoteJsep(o: { jsep: unknown }): void;
  hangup(): void;
  detach(o?: unknown): void;
  webrtcStuff: { pc?: RTCPeerConnection };
}
interface JanusSession {
  attach(o: {
    plugin: string;
    success: (h: Handle) => void;
    error: (e: unknown) => void;
    onmessage?: (msg: Record<string, unknown>, jsep?: unknown) => void;
    onremotetrack?: (track: MediaStreamTrack, mid: string, on: boolean) => void;
    webrtcState?: (up: boolean) => void;
    iceState?: (state: string) => void;
  }): void;
  destroy(o?: unknown): void;
}
interface JanusStatic {
  init(o: { debug: boolean | string[]; dependencies: unknown; callback: () => void }): void;
  useDefaultDependencies(o: { adapter: unknown }): unknown;
  new (o: {
    server: string;
    iceServers: RTCIceServer[];
    success: () => void;
    error: (e: unknown) => void;
    destroyed?: () => void;
  }): JanusSession;
}

let loading: Promise<JanusStatic> | null = null;
/** janus.js and webrtc-adapter, loaded in the browser only when a page needs media. */
function loadJanus(): Promise<JanusStatic> {
  loading ??= Promise.all([import('janus-gateway'), import('webrtc-adapter')]).then(
    ([janus, adapter]) =>
      new Promise<JanusStatic>((resolve) => {
        const Janus = janus.default as unknown as JanusStatic;
        Janus.init({
          debug: false,
          dependencies: Janus.useDefaultDependencies({ adapter: adapter.default }),
          callback: () => resolve(Janus),
        });
      }),
  );
  return loading;
}

interface Stream {
  type: string;
  mid: string;
}
export type MediaRoomStatus = 'connecting' | 'live' | 'reconnecting' | 'closed';

export interface MediaRoomEvents {
  status(status: MediaRoomStatus, detail?: string): void;
  /** The program's picture (the floor holder's, else the host's) changed track or site. */
  program(track: MediaStreamTrack | null, siteId: string | null): void;
  /** Audio of the other sites (muted ones carry nothing: Janus drops it). */
  audio(stream: MediaStream): void;
  /** The chair's grid: one low-layer picture per publishing site. */
  tiles(tiles: Map<string, MediaStreamTrack>): void;
  /** Sites publishing now. */
  publishers(siteIds: Set<string>): void;
  /** Janus closed (or opened) this site's microphone. */
  moderated(muted: boolean): void;
}

/**
 * One screen in a conference's media room, through the app's proxy: publishes the
 * site's camera and microphone (site consoles), watches the program and hears the
 * other sites (every screen), and, for the chair, the grid of every site's low layer.
 * Reconnects by itself (network cut, Janus restart) and publishes again.
 */
export class MediaRoom {
  private janus: JanusSession | null = null;
  private pub: Handle | null = null;
  private program: Handle | null = null;
  private audioSub: Handle | null = null;
  private grid: Handle | null = null;
  private privateId: number | null = null;
  private publishers = new Map<string, Stream[]>();
  private programFeed: string | null = null;
  private programSubMid: string | null = null;
  private wantedProgram: string | null = null;
  private audioFeeds = new Set<string>();
  private gridFeeds = new Set<string>();
  private gridTracks = new Map<string, MediaStreamTrack>();
  private midToFeed = new Map<string, string>();
  private audioStream = new MediaStream();
  private local: MediaStream | null = null;
  private stopped = false;
  private attempt = 0;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private generation = 0;
  private lastBytes: { at: number; bytes: number } | null = null;

  constructor(
    private readonly opts: {
      conferenceId: string;
      grant: MediaGrant;
      /** The hall display's token (instead of a session). */
      displayToken?: string;
      /** Subscribe to every site's low layer (the chair's grid). */
      grid?: boolean;
      on: MediaRoomEvents;
    },
  ) {}

  private get feedOfSite() {
    return (siteId: string) => `site-${siteId}`;
  }

  start(local: MediaStream | null) {
    this.local = local;
    window.addEventListener('offline', this.onOffline);
    window.addEventListener('online', this.onOnline);
    void this.connect();
  }

  // The network is gone: leave the room at once (the chair sees it), and come back
  // (and publish again) as soon as it returns.
  private onOffline = () => {
    if (this.stopped) return;
    this.teardown();
    clearTimeout(this.retry);
    this.opts.on.status('reconnecting', 'offline');
  };
  private onOnline = () => {
    if (this.stopped) return;
    clearTimeout(this.retry);
    this.attempt = 0;
    void this.connect();
  };

  /** The camera or microphone changed (device choice), or publishing starts or stops. */
  setLocal(local: MediaStream | null) {
    this.local = local;
    if (!this.pub || !this.opts.grant.publish || this.privateId === null) return; // on join
    if (!local) {
      this.pub.send({ message: { request: 'unpublish' } });
      this.published = false;
      return;
    }
    if (!this.published) return this.publish(this.generation);
    // Same session, new devices: no renegotiation, no gap in the log.
    this.pub.replaceTracks({
      tracks: [
        ...local
          .getAudioTracks()
          .slice(0, 1)
          .map((capture) => ({ type: 'audio', mid: '0', capture })),
        ...local
          .getVideoTracks()
          .slice(0, 1)
          .map((capture) => ({ type: 'video', mid: '1', capture })),
      ],
    });
    this.applyAudioOnly();
  }

  /** A weak link: stop sending pictures (the chair's click or the site's own), keep the sound. */
  setAudioOnly(on: boolean) {
    this.audioOnly = on;
    this.applyAudioOnly();
  }
  private audioOnly = false;
  private published = false;

  private applyAudioOnly() {
    for (const track of this.local?.getVideoTracks() ?? []) track.enabled = !this.audioOnly;
    if (this.published)
      this.pub?.send({ message: { request: 'configure', video: !this.audioOnly } });
  }

  /** Show this site's picture as the program (`null`: the host's). */
  setProgram(siteId: string | null) {
    this.wantedProgram = siteId ? this.feedOfSite(siteId) : null;
    this.updateProgram();
  }

  stop() {
    this.stopped = true;
    window.removeEventListener('offline', this.onOffline);
    window.removeEventListener('online', this.onOnline);
    clearTimeout(this.retry);
    this.teardown();
    this.opts.on.status('closed');
  }

  private teardown() {
    this.generation++;
    try {
      this.janus?.destroy({ unload: true, notifyDestroyed: false });
    } catch {
      // already gone
    }
    this.janus = this.pub = this.program = this.audioSub = this.grid = null;
    this.privateId = null;
    this.published = false;
    this.publishers.clear();
    this.programFeed = this.programSubMid = null;
    this.audioFeeds.clear();
    this.gridFeeds.clear();
    this.gridTracks.clear();
    this.midToFeed.clear();
    for (const t of this.audioStream.getTracks()) this.audioStream.removeTrack(t);
    this.lastBytes = null;
  }

  private reconnect(detail: string) {
    trace(`reconnect: ${detail}`);
    if (this.stopped || !navigator.onLine) return;
    this.teardown();
    this.opts.on.status('reconnecting', detail);
    clearTimeout(this.retry);
    const delay = Math.min(8000, 500 * 2 ** this.attempt++) * (0.75 + Math.random() / 2);
    this.retry = setTimeout(() => void this.connect(), delay);
  }

  private async connect() {
    const generation = ++this.generation;
    this.opts.on.status(this.attempt ? 'reconnecting' : 'connecting');
    const Janus = await loadJanus();
    if (this.stopped || generation !== this.generation) return;
    const q = new URLSearchParams({ conference: this.opts.conferenceId });
    if (this.opts.grant.siteId) q.set('site', this.opts.grant.siteId);
    if (this.opts.displayToken) q.set('display', this.opts.displayToken);
    const server = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/media/janus?${q}`;
    const janus = new Janus({
      server,
      // No public STUN server: candidates come from this machine and the TURN server the operator sets.
      iceServers: this.opts.grant.iceServers,
      success: () => this.attachPublisher(janus, generation),
      error: (e) => this.reconnect(String(e)),
      destroyed: () => undefined,
    });
    this.janus = janus;
  }

  private alive(generation: number) {
    return !this.stopped && generation === this.generation;
  }

  private attachPublisher(janus: JanusSession, generation: number) {
    const { grant } = this.opts;
    janus.attach({
      plugin: 'janus.plugin.videoroom',
      error: (e) => this.reconnect(String(e)),
      success: (handle) => {
        if (!this.alive(generation)) return;
        this.pub = handle;
        handle.send({
          message: {
            request: 'join',
            room: grant.room,
            ptype: 'publisher',
            id: grant.publish ? grant.feed : `view-${randomHex(6)}`,
            token: grant.token,
          },
        });
      },
      onmessage: (msg, jsep) => {
        if (!this.alive(generation)) return;
        if (jsep) this.pub?.handleRemoteJsep({ jsep });
        this.onRoomMessage(msg, generation);
      },
      iceState: (state) => {
        if (state === 'failed' && this.alive(generation)) this.reconnect('ice failed');
      },
    });
  }

  private onRoomMessage(msg: Record<string, unknown>, generation: number) {
    const kind = msg.videoroom;
    trace(`room: ${JSON.stringify(msg).slice(0, 200)}`);
    if (kind === 'joined') {
      this.attempt = 0;
      this.privateId = msg.private_id as number;
      this.opts.on.status('live');
      this.addPublishers(msg.publishers);
      if (this.opts.grant.publish && this.local) this.publish(generation);
      this.attachSubscribers(generation);
    } else if (kind === 'destroyed') {
      this.reconnect('room closed');
    } else if (kind === 'event') {
      if (msg.error_code) {
        this.reconnect(String(msg.error));
        return;
      }
      if (msg.publishers) this.addPublishers(msg.publishers);
      const gone = (msg.unpublished ?? msg.leaving) as string | undefined;
      if (typeof gone === 'string' && gone !== 'ok') this.removePublisher(gone);
      if (msg.moderation && msg.id === this.opts.grant.feed)
        this.opts.on.moderated(msg.moderation === 'muted');
    }
  }

  private publish(generation: number) {
    const local = this.local;
    if (!this.pub || !local) return;
    const audio = local.getAudioTracks()[0];
    const video = local.getVideoTracks()[0];
    this.pub.createOffer({
      tracks: [
        ...(audio ? [{ type: 'audio', capture: audio, recv: false }] : []),
        // Simulcast: small tiles (the chair's grid) take the low layer.
        ...(video ? [{ type: 'video', capture: video, recv: false, simulcast: true }] : []),
      ],
      success: (jsep) => {
        if (!this.alive(generation)) return;
        this.pub?.send({
          message: { request: 'configure', audio: !!audio, video: !!video && !this.audioOnly },
          jsep,
        });
        this.published = true;
        for (const track of local.getVideoTracks()) track.enabled = !this.audioOnly;
      },
      error: (e) => this.reconnect(`publish: ${String(e)}`),
    });
  }

  private addPublishers(list: unknown) {
    for (const p of (list as { id: string; streams?: Stream[] }[] | undefined) ?? []) {
      if (!p.id.startsWith('site-')) continue;
      this.publishers.set(p.id, p.streams ?? []);
    }
    this.changed();
  }

  private removePublisher(feed: string) {
    if (!this.publishers.delete(feed)) return;
    this.gridTracks.delete(feed);
    this.changed();
  }

  private changed() {
    this.opts.on.publishers(
      new Set([...this.publishers.keys()].map((f) => f.slice('site-'.length))),
    );
    this.updateProgram();
    this.updateAudio();
    this.updateGrid();
  }

  private attachSubscribers(generation: number) {
    this.program = null;
    this.updateProgram(generation);
    this.updateAudio(generation);
    this.updateGrid(generation);
  }

  private programTarget(): string | null {
    const host = this.opts.grant.hostSiteId;
    const wanted = this.wantedProgram ?? (host ? this.feedOfSite(host) : null);
    // A console on air shows its own camera (Janus does not send a publisher itself).
    if (wanted && wanted === this.opts.grant.feed && this.opts.grant.publish) return wanted;
    return wanted && this.publishers.has(wanted) ? wanted : null;
  }

  private videoMid(feed: string) {
    return this.publishers.get(feed)?.find((s) => s.type === 'video')?.mid ?? null;
  }

  private updateProgram(generation = this.generation) {
    if (!this.janus || this.privateId === null) return;
    const target = this.programTarget();
    trace(
      `program: want ${this.wantedProgram} target ${target} have ${this.programFeed} sub ${!!this.program}/${this.programSubMid}`,
    );
    if (target === this.programFeed) return;
    const own = target !== null && target === this.opts.grant.feed;
    const mid = target && !own ? this.videoMid(target) : null;
    if (!target || !mid) {
      // Nobody to show: drop the subscription (its stream died with the publisher).
      this.program?.detach();
      this.program = null;
      this.programFeed = this.programSubMid = null;
      this.programTrack = null;
      this.opts.on.program(null, own ? this.opts.grant.siteId : null);
      return;
    }
    const siteId = target.slice('site-'.length);
    if (this.program && this.programSubMid) {
      this.programFeed = target;
      // Switching without renegotiating; Janus asks the new site for a keyframe.
      this.program.send({
        message: {
          request: 'switch',
          streams: [{ feed: target, mid, sub_mid: this.programSubMid }],
        },
      });
      this.opts.on.program(this.programTrack, siteId);
      return;
    }
    if (this.program) return; // being set up
    this.programFeed = target;
    this.subscribe(generation, [{ feed: target, mid }], 'program', (track, subMid, on) => {
      if (track.kind !== 'video') return;
      this.programSubMid = subMid;
      this.programTrack = on ? track : null;
      this.opts.on.program(this.programTrack, this.programFeed?.slice('site-'.length) ?? null);
      // The floor may have moved while the subscription was being set up.
      if (on) this.updateProgram();
    });
  }
  private programTrack: MediaStreamTrack | null = null;

  private updateAudio(generation = this.generation) {
    if (!this.janus || this.privateId === null) return;
    const want = new Set(
      [...this.publishers.keys()].filter(
        (f) =>
          f !== this.opts.grant.feed && this.publishers.get(f)!.some((s) => s.type === 'audio'),
      ),
    );
    const add = [...want].filter((f) => !this.audioFeeds.has(f));
    const remove = [...this.audioFeeds].filter((f) => !want.has(f));
    if (!add.length && !remove.length) return;
    const streams = (feeds: string[]) =>
      feeds.map((feed) => ({
        feed,
        mid: this.publishers.get(feed)?.find((s) => s.type === 'audio')?.mid,
      }));
    for (const f of add) this.audioFeeds.add(f);
    for (const f of remove) this.audioFeeds.delete(f);
    if (!this.audioSub) {
      if (!add.length) return;
      this.subscribe(generation, streams(add), 'audio', (track, _mid, on) => {
        if (track.kind !== 'audio') return;
        if (on) this.audioStream.addTrack(track);
        else this.audioStream.removeTrack(track);
        this.opts.on.audio(this.audioStream);
      });
      return;
    }
    this.audioSub.send({
      message: {
        request: 'update',
        ...(add.length && { subscribe: streams(add) }),
        ...(remove.length && { unsubscribe: remove.map((feed) => ({ feed })) }),
      },
    });
  }

  private updateGrid(generation = this.generation) {
    if (!this.opts.grid || !this.janus || this.privateId === null) return;
    const want = new Set([...this.publishers.keys()].filter((f) => this.videoMid(f)));
    const add = [...want].filter((f) => !this.gridFeeds.has(f));
    const remove = [...this.gridFeeds].filter((f) => !want.has(f));
    if (!add.length && !remove.length) {
      this.opts.on.tiles(new Map(this.gridTracks));
      return;
    }
    for (const f of add) this.gridFeeds.add(f);
    for (const f of remove) {
      this.gridFeeds.delete(f);
      this.gridTracks.delete(f);
    }
    const streams = (feeds: string[]) => feeds.map((feed) => ({ feed, mid: this.videoMid(feed) }));
    if (!this.grid) {
      if (!add.length) return;
      this.subscribe(generation, streams(add), 'grid', (track, mid, on) => {
        if (track.kind !== 'video') return;
        const feed = this.midToFeed.get(`grid:${mid}`);
        if (!feed) return;
        if (on) this.gridTracks.set(feed, track);
        else this.gridTracks.delete(feed);
        this.opts.on.tiles(new Map([...this.gridTracks].map(([f, t]) => [f.slice(5), t])));
      });
      return;
    }
    this.grid.send({
      message: {
        request: 'update',
        ...(add.length && { subscribe: streams(add) }),
        ...(remove.length && { unsubscribe: remove.map((feed) => ({ feed })) }),
      },
    });
  }

  /** A subscriber handle: joins with the publisher's private id, answers Janus's offers. */
  private subscribe(
    generation: number,
    streams: { feed: string; mid?: string | null }[],
    kind: 'program' | 'audio' | 'grid',
    onTrack: (track: MediaStreamTrack, mid: string, on: boolean) => void,
  ) {
    const { grant } = this.opts;
    this.janus?.attach({
      plugin: 'janus.plugin.videoroom',
      error: (e) => this.reconnect(String(e)),
      success: (handle) => {
        if (!this.alive(generation)) return handle.detach();
        if (kind === 'program') this.program = handle;
        else if (kind === 'audio') this.audioSub = handle;
        else this.grid = handle;
        handle.send({
          message: {
            request: 'join',
            room: grant.room,
            ptype: 'subscriber',
            private_id: this.privateId,
            token: grant.token,
            streams: streams.map((s) =>
              kind === 'grid' ? { ...s, substream: 0, temporal: 0 } : s,
            ),
          },
        });
      },
      onmessage: (msg, jsep) => {
        if (!this.alive(generation)) return;
        trace(`${kind}: ${JSON.stringify(msg).slice(0, 200)}`);
        const list = msg.streams as { mid: string; feed_id?: string }[] | undefined;
        for (const s of list ?? [])
          if (s.feed_id) this.midToFeed.set(`${kind}:${s.mid}`, s.feed_id);
        if (kind === 'program' && list?.[0] && msg.videoroom === 'attached') {
          this.programSubMid = list.find((s) => s.feed_id)?.mid ?? this.programSubMid;
        }
        const handle =
          kind === 'program' ? this.program : kind === 'audio' ? this.audioSub : this.grid;
        if (!jsep || !handle) return;
        handle.createAnswer({
          jsep,
          tracks: [{ type: 'data' }],
          success: (answer) => handle.send({ message: { request: 'start' }, jsep: answer }),
          error: (e) => this.reconnect(`answer: ${String(e)}`),
        });
      },
      onremotetrack: (track, mid, on) => {
        if (this.alive(generation)) onTrack(track, mid, on);
      },
    });
  }

  /** The publisher's link, measured by the browser (sent to the chair every few seconds). */
  async stats(): Promise<LinkStats | null> {
    const pc = this.pub?.webrtcStuff.pc;
    if (!pc) return null;
    const report = await pc.getStats();
    let bytes = 0;
    let loss = 0;
    let rtt = 0;
    let level = 0;
    report.forEach((s: Record<string, unknown>) => {
      if (s.type === 'outbound-rtp') bytes += Number(s.bytesSent ?? 0);
      if (s.type === 'remote-inbound-rtp') {
        loss = Math.max(loss, Number(s.fractionLost ?? 0) * 100);
        rtt = Math.max(rtt, Number(s.roundTripTime ?? 0) * 1000);
      }
      if (s.type === 'media-source' && s.kind === 'audio') level = Number(s.audioLevel ?? 0);
    });
    const now = performance.now();
    const before = this.lastBytes;
    this.lastBytes = { at: now, bytes };
    const kbps = before ? ((bytes - before.bytes) * 8) / Math.max(1, now - before.at) : 0;
    return {
      bitrateKbps: Math.max(0, Math.round(kbps)),
      lossPct: Math.min(100, Math.round(loss * 10) / 10),
      rttMs: Math.min(60_000, Math.round(rtt)),
      audioLevel: Math.min(1, Math.max(0, level)),
    };
  }
}

/** The last things the media room did, for support (`window.mediaLog` in the console). */
function trace(text: string) {
  const w = window as unknown as { mediaLog?: string[] };
  (w.mediaLog ??= []).push(`${new Date().toISOString().slice(11, 23)} ${text}`);
  if (w.mediaLog.length > 300) w.mediaLog.splice(0, 100);
}

function randomHex(bytes: number) {
  return [...crypto.getRandomValues(new Uint8Array(bytes))]
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('');
}
