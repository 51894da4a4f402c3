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

type SubKind = 'program' | 'audio' | 'grid' | 'content';
/** One subscriber handle and where its negotiation stands. */
interface Sub {
  handle: Handle | null;
  /** Attaching: no second handle for the same kind meanwhile. */
  attaching: boolean;
  /** A join or update in flight, until its offer is answered. */
  busy: boolean;
  /** The wanted feeds changed while busy: sync again afterwards. */
  dirty: boolean;
  answering: boolean;
  /** Janus's newest offer not answered yet. */
  offer: unknown;
  /** Feeds this handle is subscribed to (audio, grid). */
  feeds: Set<string>;
  /** Its stream mids and the feeds they carry. */
  mids: Map<string, string>;
}
const newSub = (): Sub => ({
  handle: null,
  attaching: false,
  busy: false,
  dirty: false,
  answering: false,
  offer: null,
  feeds: new Set(),
  mids: new Map(),
});
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
  /** The shared screen shown beside the program (null: none). */
  content?(track: MediaStreamTrack | null, siteId: string | null): void;
  /** This site's own screen share ended (the turn ended, the server refused it, or it was stopped). */
  shareEnded?(reason: string | null): void;
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
  /** The three subscriptions: the program's picture, the others' sound, the chair's grid. */
  private subs: Record<SubKind, Sub> = {
    program: newSub(),
    audio: newSub(),
    grid: newSub(),
    content: newSub(),
  };
  private wantedContent: string | null = null;
  private contentFeed: string | null = null;
  private share: { handle: Handle | null; stream: MediaStream } | null = null;
  private privateId: number | null = null;
  private publishers = new Map<string, Stream[]>();
  private programFeed: string | null = null;
  private programSubMid: string | null = null;
  private wantedProgram: string | null = null;
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
      /** Sites whose sound this screen does not play (the hall display: the host's own hall). */
      silent?: string[];
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
    const video = this.local?.getVideoTracks()[0] ?? null;
    if (video) video.enabled = !this.audioOnly;
    trace(`audio only: ${this.audioOnly} (published: ${this.published})`);
    if (!this.published) return;
    // Nothing at all on the video m-line (not black frames): the weak link only carries sound.
    const sender = this.pub?.webrtcStuff.pc
      ?.getTransceivers()
      .find((t) => t.mid === '1' || t.sender.track?.kind === 'video')?.sender;
    if (sender) {
      sender
        .replaceTrack(this.audioOnly ? null : video)
        .catch((e: unknown) => trace(`audio only: ${String(e)}`));
    }
    this.pub?.send({ message: { request: 'configure', video: !this.audioOnly } });
  }

  /** Show this site's picture as the program (`null`: the host's). */
  setProgram(siteId: string | null) {
    this.wantedProgram = siteId ? this.feedOfSite(siteId) : null;
    this.updateProgram();
  }

  /** Show this site's shared screen beside the program (`null`: none). */
  setContent(siteId: string | null) {
    this.wantedContent = siteId ? `share-${siteId}` : null;
    this.updateContent();
  }

  private updateContent(generation = this.generation) {
    if (!this.janus || this.privateId === null) return;
    // This site's own share: its own capture, not a subscription (Janus sends a
    // publisher nothing of itself).
    const own = !!this.share && this.wantedContent === `share-${this.opts.grant.siteId}`;
    const mid = this.wantedContent && !own ? this.videoMid(this.wantedContent) : null;
    const target = own ? 'own' : mid ? this.wantedContent : null;
    if (target === this.contentFeed) return;
    this.subs.content.handle?.detach();
    this.subs.content = newSub();
    this.contentFeed = target;
    this.opts.on.content?.(
      own ? (this.share?.stream.getVideoTracks()[0] ?? null) : null,
      own ? this.opts.grant.siteId : null,
    );
    if (target && mid) this.attachSubscriber(generation, 'content', [{ feed: target, mid }]);
  }

  /**
   * Shares a screen (this site console's second publisher, video only). Resolves once
   * published; rejects with the server's reason (only the host and the floor holders may).
   */
  startShare(stream: MediaStream): Promise<void> {
    const { grant } = this.opts;
    const track = stream.getVideoTracks()[0];
    if (!this.janus || !grant.publish || !track) return Promise.reject(new Error('not_ready'));
    if (this.share) this.endShare(null);
    const share: { handle: Handle | null; stream: MediaStream } = { handle: null, stream };
    this.share = share;
    track.addEventListener('ended', () => {
      if (this.share === share) this.endShare('stopped');
    });
    return new Promise((resolve, reject) => {
      const fail = (e: unknown) => {
        if (this.share === share) this.endShare(null, false);
        reject(e instanceof Error ? e : new Error(String(e)));
      };
      this.janus?.attach({
        plugin: 'janus.plugin.videoroom',
        error: fail,
        success: (handle) => {
          if (this.share !== share) return handle.detach();
          share.handle = handle;
          handle.send({
            message: {
              request: 'join',
              room: grant.room,
              ptype: 'publisher',
              id: `share-${grant.siteId}`,
              token: grant.token,
            },
            error: fail,
          });
        },
        onmessage: (msg, jsep) => {
          if (this.share !== share) return;
          trace(`share: ${JSON.stringify(msg).slice(0, 200)}`);
          if (jsep) share.handle?.handleRemoteJsep({ jsep });
          if (msg.videoroom === 'joined') {
            share.handle?.createOffer({
              tracks: [{ type: 'video', capture: track, recv: false }],
              success: (offer) => {
                share.handle?.send({
                  message: { request: 'configure', audio: false, video: true },
                  jsep: offer,
                });
                this.updateContent();
                resolve();
              },
              error: fail,
            });
          } else if (msg.error_code) {
            fail(new Error(String(msg.error)));
          } else if (msg.leaving || msg.unpublished === 'ok') {
            // Janus removed it: the turn ended.
            this.endShare('ended');
          }
        },
      });
    });
  }

  /** Stops this site's screen share. */
  stopShare() {
    if (this.share) this.endShare('stopped');
  }

  private endShare(reason: string | null, notify = true) {
    const share = this.share;
    this.share = null;
    if (!share) return;
    try {
      share.handle?.send({ message: { request: 'leave' } });
      share.handle?.detach();
    } catch {
      // gone with the session
    }
    for (const t of share.stream.getTracks()) t.stop();
    if (this.contentFeed === 'own') this.updateContent();
    if (notify) this.opts.on.shareEnded?.(reason);
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
    this.janus = this.pub = null;
    this.subs = { program: newSub(), audio: newSub(), grid: newSub(), content: newSub() };
    this.contentFeed = null;
    if (this.share) this.endShare('reconnect');
    this.privateId = null;
    this.published = false;
    this.publishers.clear();
    this.programFeed = this.programSubMid = null;
    this.gridTracks.clear();
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
        // Audio only asked for before (or while) publishing: applied now.
        this.applyAudioOnly();
      },
      error: (e) => this.reconnect(`publish: ${String(e)}`),
    });
  }

  private addPublishers(list: unknown) {
    for (const p of (list as { id: string; streams?: Stream[] }[] | undefined) ?? []) {
      if (!p.id.startsWith('site-') && !p.id.startsWith('share-')) continue;
      this.publishers.set(p.id, p.streams ?? []);
    }
    this.changed();
  }

  private removePublisher(feed: string) {
    if (!this.publishers.delete(feed)) return;
    this.changed();
  }

  private changed() {
    this.opts.on.publishers(
      new Set(
        [...this.publishers.keys()]
          .filter((f) => f.startsWith('site-'))
          .map((f) => f.slice('site-'.length)),
      ),
    );
    this.updateProgram();
    this.updateAudio();
    this.updateGrid();
    this.updateContent();
  }

  private attachSubscribers(generation: number) {
    this.updateProgram(generation);
    this.updateAudio(generation);
    this.updateGrid(generation);
    this.updateContent(generation);
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

  private audioMid(feed: string) {
    return this.publishers.get(feed)?.find((s) => s.type === 'audio')?.mid ?? null;
  }

  private updateProgram(generation = this.generation) {
    if (!this.janus || this.privateId === null) return;
    const sub = this.subs.program;
    const target = this.programTarget();
    trace(`program: want ${this.wantedProgram} target ${target} have ${this.programFeed}`);
    if (target === this.programFeed) return;
    const own = target !== null && target === this.opts.grant.feed;
    const mid = target && !own ? this.videoMid(target) : null;
    if (!target || !mid) {
      // Nobody to show: drop the subscription (its stream died with the publisher).
      sub.handle?.detach();
      this.subs.program = newSub();
      this.programFeed = this.programSubMid = null;
      this.programTrack = null;
      this.opts.on.program(null, own ? this.opts.grant.siteId : null);
      return;
    }
    if (sub.attaching || sub.busy) {
      sub.dirty = true; // set up first; comes back here once the offer is answered
      return;
    }
    const siteId = target.slice('site-'.length);
    if (sub.handle && this.programSubMid) {
      this.programFeed = target;
      // Switching without renegotiating; Janus asks the new site for a keyframe.
      sub.handle.send({
        message: {
          request: 'switch',
          streams: [{ feed: target, mid, sub_mid: this.programSubMid }],
        },
      });
      this.opts.on.program(this.programTrack, siteId);
      return;
    }
    this.programFeed = target;
    this.attachSubscriber(generation, 'program', [{ feed: target, mid }]);
  }
  private programTrack: MediaStreamTrack | null = null;

  /** Every other site's sound (muted ones carry nothing: Janus drops it). */
  private updateAudio(generation = this.generation) {
    const want = new Map<string, string>();
    for (const feed of this.publishers.keys()) {
      const mid = this.audioMid(feed);
      const muted = this.opts.silent?.some((siteId) => feed === this.feedOfSite(siteId));
      if (feed !== this.opts.grant.feed && mid && !muted) want.set(feed, mid);
    }
    this.syncSubscription(generation, 'audio', want);
  }

  /** The chair's grid: every site's picture, low layer. */
  private updateGrid(generation = this.generation) {
    if (!this.opts.grid) return;
    const want = new Map<string, string>();
    for (const feed of this.publishers.keys()) {
      const mid = this.videoMid(feed);
      if (mid && feed.startsWith('site-')) want.set(feed, mid);
    }
    this.syncSubscription(generation, 'grid', want);
    this.emitTiles();
  }

  private emitTiles() {
    const tiles = new Map<string, MediaStreamTrack>();
    for (const [mid, track] of this.gridTracks) {
      const feed = this.subs.grid.mids.get(mid);
      if (feed && this.subs.grid.feeds.has(feed)) tiles.set(feed.slice('site-'.length), track);
    }
    this.opts.on.tiles(tiles);
  }

  /**
   * Brings a multi-stream subscription to `want` (feed → its mid): one `update` at a
   * time, the next only once Janus's offer for it has been answered, so two offers are
   * never answered at once.
   */
  private syncSubscription(generation: number, kind: 'audio' | 'grid', want: Map<string, string>) {
    if (!this.janus || this.privateId === null) return;
    const sub = this.subs[kind];
    if (sub.attaching || sub.busy) {
      sub.dirty = true;
      return;
    }
    const add = [...want.keys()].filter((f) => !sub.feeds.has(f));
    const remove = [...sub.feeds].filter((f) => !want.has(f));
    if (!add.length && !remove.length) return;
    const streams = add.map((feed) => ({
      feed,
      mid: want.get(feed),
      ...(kind === 'grid' && { substream: 0, temporal: 0 }),
    }));
    for (const f of add) sub.feeds.add(f);
    for (const f of remove) sub.feeds.delete(f);
    if (!sub.handle) {
      if (add.length) this.attachSubscriber(generation, kind, streams);
      return;
    }
    sub.busy = true;
    sub.handle.send({
      message: {
        request: 'update',
        ...(add.length && { subscribe: streams }),
        ...(remove.length && { unsubscribe: remove.map((feed) => ({ feed })) }),
      },
      error: () => this.settled(generation, kind),
    });
  }

  /** A subscription's negotiation is over: apply what changed meanwhile. */
  private settled(generation: number, kind: SubKind) {
    const sub = this.subs[kind];
    sub.busy = false;
    if (!sub.dirty || !this.alive(generation)) return;
    sub.dirty = false;
    if (kind === 'audio') this.updateAudio(generation);
    else if (kind === 'grid') this.updateGrid(generation);
    else if (kind === 'content') this.updateContent(generation);
    else this.updateProgram(generation);
  }

  /** A subscriber handle: joins with the publisher's private id, answers Janus's offers in turn. */
  private attachSubscriber(
    generation: number,
    kind: SubKind,
    streams: { feed: string; mid?: string | null }[],
  ) {
    const { grant } = this.opts;
    const sub = this.subs[kind];
    sub.attaching = true;
    this.janus?.attach({
      plugin: 'janus.plugin.videoroom',
      error: (e) => this.reconnect(String(e)),
      success: (handle) => {
        if (!this.alive(generation) || this.subs[kind] !== sub) return handle.detach();
        sub.handle = handle;
        sub.attaching = false;
        sub.busy = true;
        handle.send({
          message: {
            request: 'join',
            room: grant.room,
            ptype: 'subscriber',
            private_id: this.privateId,
            token: grant.token,
            streams,
          },
        });
      },
      onmessage: (msg, jsep) => {
        if (!this.alive(generation) || this.subs[kind] !== sub) return;
        trace(`${kind}: ${JSON.stringify(msg).slice(0, 200)}`);
        const list = msg.streams as { mid: string; feed_id?: string }[] | undefined;
        for (const s of list ?? []) if (s.feed_id) sub.mids.set(s.mid, s.feed_id);
        if (kind === 'program' && msg.videoroom === 'attached') {
          this.programSubMid = list?.find((s) => s.feed_id)?.mid ?? this.programSubMid;
        }
        if (msg.error_code) return this.settled(generation, kind);
        if (!jsep) return;
        sub.offer = jsep;
        this.answer(generation, kind);
      },
      onremotetrack: (track, mid, on) => {
        if (!this.alive(generation) || this.subs[kind] !== sub) return;
        this.onTrack(kind, track, mid, on);
      },
    });
  }

  /** Answers the newest offer of a subscription, one at a time. */
  private answer(generation: number, kind: SubKind) {
    const sub = this.subs[kind];
    if (sub.answering || !sub.offer || !sub.handle) return;
    const jsep = sub.offer;
    sub.offer = null;
    sub.answering = true;
    const handle = sub.handle;
    const next = () => {
      sub.answering = false;
      if (sub.offer) this.answer(generation, kind);
      else this.settled(generation, kind);
    };
    handle.createAnswer({
      jsep,
      tracks: [{ type: 'data' }],
      success: (answer) => {
        handle.send({ message: { request: 'start' }, jsep: answer });
        next();
      },
      error: (e) => {
        // An offer overtaken by a newer one: answer that instead; otherwise start over.
        if (sub.offer) return next();
        trace(`${kind} answer failed: ${String(e)}`);
        this.reconnect(`answer: ${String(e)}`);
      },
    });
  }

  private gridTracks = new Map<string, MediaStreamTrack>();

  private onTrack(kind: SubKind, track: MediaStreamTrack, mid: string, on: boolean) {
    if (kind === 'content') {
      if (track.kind !== 'video') return;
      this.opts.on.content?.(
        on ? track : null,
        on && this.contentFeed?.startsWith('share-')
          ? this.contentFeed.slice('share-'.length)
          : null,
      );
    } else if (kind === 'program') {
      if (track.kind !== 'video') return;
      this.programSubMid = mid;
      this.programTrack = on ? track : null;
      this.opts.on.program(this.programTrack, this.programFeed?.slice('site-'.length) ?? null);
      // The floor may have moved while the subscription was being set up.
      if (on) this.updateProgram();
    } else if (kind === 'audio') {
      if (track.kind !== 'audio') return;
      if (on) this.audioStream.addTrack(track);
      else this.audioStream.removeTrack(track);
      this.opts.on.audio(this.audioStream);
    } else {
      if (track.kind !== 'video') return;
      if (on) this.gridTracks.set(mid, track);
      else this.gridTracks.delete(mid);
      this.emitTiles();
    }
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
