import { randomUUID } from 'node:crypto';
import { WebSocket } from 'ws';
import { initialLiveState, reduce } from '../../domain/live/reducer.ts';
import {
  ServerMessage,
  type LiveCommand,
  type LiveEvent,
  type LiveState,
} from '../../protocol/live.ts';

/**
 * A screen as the browser runs it: keeps its own state with the shared reducer and
 * checks that every event arrives once, in order, with no gap.
 */
export class LiveClient {
  state: LiveState | null = null;
  readonly applied: number[] = [];
  readonly errors: { commandId?: string; error: { code: string; message: string } }[] = [];
  readonly socket: WebSocket;
  private waiters: { test: () => boolean; resolve: () => void }[] = [];
  private replies = new Map<string, (m: Record<string, unknown>) => void>();
  closedWith: number | null = null;

  private constructor(url: string, cookie?: string, headers: Record<string, string> = {}) {
    const origin = new URL(url).origin;
    this.socket = new WebSocket(`${origin.replace('http', 'ws')}/ws`, {
      headers: { origin, ...(cookie ? { cookie } : {}), ...headers },
    });
    // The server's messages are checked as a browser screen checks them.
    this.socket.on('message', (data) =>
      this.onMessage(ServerMessage.parse(JSON.parse(String(data))) as Record<string, unknown>),
    );
    this.socket.on('close', (code) => (this.closedWith = code));
  }

  /** `headers`: more of the upgrade request's (an `x-forwarded-for` behind a proxy). */
  static async connect(
    url: string,
    cookie?: string,
    headers?: Record<string, string>,
  ): Promise<LiveClient> {
    const client = new LiveClient(url, cookie, headers);
    await new Promise<void>((resolve, reject) => {
      client.socket.once('open', () => resolve());
      client.socket.once('error', reject);
    });
    return client;
  }

  private onMessage(m: Record<string, unknown>) {
    if (m.t === 'snapshot') {
      this.state = m.state as LiveState;
    } else if (m.t === 'events') {
      for (const e of m.events as LiveEvent[]) {
        const current = this.state ?? initialLiveState(String(m.conferenceId));
        if (e.seq !== current.seq + 1)
          throw new Error(`gap or repeat: have ${current.seq}, got ${e.seq}`);
        this.state = reduce(current, e);
        this.applied.push(e.seq);
      }
    } else if (m.t === 'ack' || (m.t === 'error' && m.commandId)) {
      this.replies.get(String(m.commandId))?.(m);
    }
    if (m.t === 'error') this.errors.push(m as never);
    for (const w of [...this.waiters]) {
      if (w.test()) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  }

  subscribe(conferenceId: string, opts: { after?: number; siteId?: string } = {}) {
    this.socket.send(JSON.stringify({ t: 'subscribe', conferenceId, ...opts }));
  }

  /** Sends a command; resolves with the server's ack or error for it. */
  command(conferenceId: string, command: LiveCommand, commandId = randomUUID()) {
    return new Promise<Record<string, unknown>>((resolve) => {
      this.replies.set(commandId, resolve);
      this.socket.send(JSON.stringify({ t: 'command', conferenceId, commandId, command }));
    });
  }

  /** Waits until the state satisfies `test` (events are pushed, so this is soon). */
  until(test: (s: LiveState) => boolean, ms = 10_000): Promise<void> {
    const check = () => !!this.state && test(this.state);
    if (check()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`timed out; state seq ${this.state?.seq}`)),
        ms,
      );
      this.waiters.push({ test: check, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }

  close() {
    this.socket.close();
  }
}
