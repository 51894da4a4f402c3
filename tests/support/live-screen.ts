import { randomUUID } from 'node:crypto';
import { WebSocket } from 'ws';
import { reconnectDelay } from '../../app/live/reconnect.ts';
import { reduce } from '../../domain/live/reducer.ts';
import type { LiveCommand, LiveEvent, LiveState } from '../../protocol/live.ts';

/**
 * A live screen that behaves as the browser's (app/live/use-live-session.ts) does over a
 * lost connection: reconnects with the same jittered backoff (`reconnectDelay`), resumes
 * after its last seq, and sends commands not yet answered again with the same id. It
 * counts what the browser would silently mend: an event received twice, a gap. Used by
 * the fault tests (tests/chaos/) and bench/instance-loss.ts, many per process: messages
 * are parsed with JSON.parse only, and the state is kept only with `track`.
 */
export class LiveScreen {
  /** The last seq applied (null before the first snapshot). */
  seq: number | null = null;
  state: LiveState | null = null;
  /** Events applied, in order (their seqs), when `record` is set. */
  readonly applied: number[] = [];
  /** The seq of the first snapshot, and how many events were applied after it. */
  firstSeq: number | null = null;
  appliedCount = 0;
  duplicates = 0;
  gaps = 0;
  snapshots = 0;
  /** Connections tried (the first one included). */
  attempts = 0;
  /** nginx's `X-Upstream` of each connection, in order (the instance that took it). */
  readonly upstreams: (string | null)[] = [];
  /** When the socket last closed unasked, and when it was open and subscribed again. */
  lostAt: number | null = null;
  /** Open again after the loss (`reopenedAt`), and subscribed with events flowing (`resumedAt`). */
  reopenedAt: number | null = null;
  resumedAt: number | null = null;
  readonly errors: unknown[] = [];
  private socket: WebSocket | null = null;
  private attempt = 0;
  private stopped = false;
  private retry: NodeJS.Timeout | undefined;
  private subscribed = false;
  private waiters: { test: () => boolean; resolve: () => void }[] = [];
  private pending = new Map<
    string,
    { command: LiveCommand; resolve: (m: Record<string, unknown>) => void }
  >();

  constructor(
    readonly baseUrl: string,
    readonly conferenceId: string,
    readonly opts: {
      cookie?: string;
      track?: boolean;
      record?: boolean;
      /** Called with each batch of new events (after the gap/duplicate checks). */
      onEvents?: (events: LiveEvent[], screen: LiveScreen) => void;
      /** Subscribe at all (a chair may only send commands). */
      subscribe?: boolean;
    } = {},
  ) {}

  /** Opens the socket (and subscribes); resolves once subscribed (or open, without). */
  start(): Promise<void> {
    this.connect();
    return this.until(() => (this.opts.subscribe === false ? this.isOpen : this.subscribed));
  }

  get isOpen() {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  /** The instance that has the socket now (nginx's X-Upstream of the current connection). */
  get upstream() {
    return this.upstreams.at(-1) ?? null;
  }

  private connect() {
    this.attempts++;
    const origin = new URL(this.baseUrl).origin;
    const ws = new WebSocket(`${origin.replace('http', 'ws')}/ws`, {
      headers: { origin, ...(this.opts.cookie ? { cookie: this.opts.cookie } : {}) },
    });
    this.socket = ws;
    ws.on('upgrade', (res) => {
      const u = res.headers['x-upstream'];
      this.upstreams.push(typeof u === 'string' ? u : null);
    });
    ws.on('open', () => {
      this.attempt = 0;
      if (this.lostAt !== null && this.reopenedAt === null) this.reopenedAt = Date.now();
      if (this.opts.subscribe !== false) this.subscribe();
      else this.resumed();
      // Commands not yet answered go again with the same id: applied once.
      for (const [commandId, p] of this.pending) this.sendCommand(commandId, p.command);
      this.notify();
    });
    ws.on('message', (data) => this.onMessage(JSON.parse(String(data)) as Record<string, unknown>));
    ws.on('error', () => {});
    ws.on('close', () => {
      if (this.socket !== ws) return;
      this.subscribed = false;
      this.socket = null;
      if (this.stopped) return;
      this.lostAt = Date.now();
      this.reopenedAt = null;
      this.resumedAt = null;
      this.attempt++;
      this.retry = setTimeout(() => this.connect(), reconnectDelay(this.attempt));
      this.notify();
    });
  }

  private subscribe() {
    this.socket?.send(
      JSON.stringify({
        t: 'subscribe',
        conferenceId: this.conferenceId,
        ...(this.seq !== null ? { after: this.seq } : {}),
      }),
    );
  }

  private resumed() {
    this.subscribed = true;
    if (this.lostAt !== null && this.resumedAt === null) this.resumedAt = Date.now();
  }

  private onMessage(m: Record<string, unknown>) {
    if (m.t === 'snapshot') {
      const state = m.state as LiveState;
      this.snapshots++;
      this.seq = state.seq;
      this.firstSeq ??= state.seq;
      if (this.opts.track) this.state = state;
      this.resumed();
    } else if (m.t === 'events') {
      const fresh: LiveEvent[] = [];
      for (const e of m.events as LiveEvent[]) {
        if (this.seq !== null && e.seq <= this.seq) {
          this.duplicates++;
          continue;
        }
        if (this.seq !== null && e.seq !== this.seq + 1) {
          // A gap: counted, and asked again from what the screen has (as the browser does).
          this.gaps++;
          this.subscribe();
          break;
        }
        this.seq = e.seq;
        this.appliedCount++;
        if (this.opts.track && this.state) this.state = reduce(this.state, e);
        if (this.opts.record) this.applied.push(e.seq);
        fresh.push(e);
      }
      // A resume with nothing missed answers with no events: the first events are the sign.
      this.resumed();
      if (fresh.length) this.opts.onEvents?.(fresh, this);
    } else if (m.t === 'ack' || (m.t === 'error' && m.commandId)) {
      const p = this.pending.get(String(m.commandId));
      this.pending.delete(String(m.commandId));
      p?.resolve(m);
    } else if (m.t === 'error') {
      this.errors.push(m.error);
    }
    this.notify();
  }

  private sendCommand(commandId: string, command: LiveCommand) {
    if (this.isOpen)
      this.socket!.send(
        JSON.stringify({ t: 'command', conferenceId: this.conferenceId, commandId, command }),
      );
  }

  /**
   * Sends a command (or keeps it until the socket is open again); resolves with the
   * server's `ack` or `error` for it.
   */
  command(command: LiveCommand, commandId = randomUUID()) {
    return new Promise<Record<string, unknown>>((resolve) => {
      this.pending.set(commandId, { command, resolve });
      this.sendCommand(commandId, command);
    });
  }

  /** Commands sent (or waiting) with no answer yet. */
  get unanswered() {
    return this.pending.size;
  }

  private notify() {
    for (const w of [...this.waiters]) {
      if (w.test()) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  }

  /** Resolves when `test` holds (checked on every message and connection change). */
  until(test: () => boolean, timeoutMs = 30_000): Promise<void> {
    if (test()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.resolve !== done);
        reject(new Error(`live screen: condition not met in ${timeoutMs} ms (seq ${this.seq})`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      this.waiters.push({ test, resolve: done });
    });
  }

  close() {
    this.stopped = true;
    clearTimeout(this.retry);
    this.socket?.terminate();
    this.socket = null;
  }
}
