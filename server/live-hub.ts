import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { DatabaseHandle } from '../db/client.ts';
import { LIVE_CHANNEL, readEvents } from '../domain/live/event-store.ts';
import {
  conferencesWithPresence,
  forgetInstance,
  forgetStalePresence,
  recordPresence,
  sweepPresence,
} from '../domain/live/presence.ts';
import type { LiveState } from '../protocol/live.ts';
import { redactEvent, viewKey, type LiveView } from '../domain/live/views.ts';
import type { LiveEvent } from '../protocol/live.ts';

/** A screen watching one conference. */
export interface LiveSubscriber {
  conferenceId: string;
  /** The last sequence number this screen has been sent. */
  seq: number;
  /** Set for a site console: counts as a screen of that site. */
  siteId: string | null;
  /** What this screen may see (events are redacted for it). */
  view: LiveView;
  /**
   * Sends one serialised message (the hub serialises once per group of screens). The
   * gateway's sender drops a socket whose unsent bytes pass its cap, so a screen that does
   * not read is never fed without bound.
   */
  send(text: string): void;
}

const PRESENCE_EVERY_MS = 3000;
/** Link statistics travel beside the log, like presence: never through the conference lock. */
const MEDIA_CHANNEL = 'live_media';

/**
 * Fans the live events out to this instance's screens. Any instance may append
 * events; PostgreSQL NOTIFY tells every instance, which reads the new events in
 * `seq` order and sends each screen exactly those it has not had.
 */
export function createLiveHub(deps: {
  database: DatabaseHandle;
  logger: Logger;
  /** Each event fanned out, with the time since it was appended (server/metrics/). */
  metrics?: { eventSent(seconds: number): void };
}) {
  const db = deps.database.db;
  const instanceId = randomUUID();
  const subscribers = new Map<string, Set<LiveSubscriber>>();
  /** Per conference, the last event measured: each event's lag is observed once. */
  const measured = new Map<string, number>();
  const chains = new Map<string, Promise<void>>();
  let stopListening: (() => Promise<void>) | null = null;
  let stopListeningMedia: (() => Promise<void>) | null = null;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  /** Runs work for one conference after the work queued before it, never in parallel. */
  function serial(conferenceId: string, work: () => Promise<void>): Promise<void> {
    const next = (chains.get(conferenceId) ?? Promise.resolve())
      .then(work)
      .catch((err: unknown) => deps.logger.error({ err, conferenceId }, 'live fan-out failed'));
    chains.set(conferenceId, next);
    return next;
  }

  /** Conferences with a fan-out queued that has not started yet. */
  const fanOutWaiting = new Map<string, Promise<void>>();

  /**
   * Sends every screen of the conference what it has not had. A request made while a
   * fan-out waits for its turn is answered by that one: it has not started, so it will
   * read everything committed so far for every screen registered so far. Without this,
   * 2,000 screens arriving from a dead instance queued 2,000 fan-outs (each a read of the
   * log) one after the other, and every screen waited for all of them.
   */
  function fanOut(conferenceId: string): Promise<void> {
    const waiting = fanOutWaiting.get(conferenceId);
    if (waiting) return waiting;
    const run = serial(conferenceId, async () => {
      fanOutWaiting.delete(conferenceId);
      const subs = subscribers.get(conferenceId);
      if (!subs?.size) return;
      // From the screen furthest behind: one that joined while events were in
      // flight still gets every event after its own seq, with no gap.
      let from = Math.min(...[...subs].map((s) => s.seq));
      for (;;) {
        const events = await readEvents(db, conferenceId, from, 1000);
        if (!events.length) break;
        // Screens at the same seq with the same view get the same message: serialise it
        // once for them all.
        const groups = new Map<string, { seq: number; view: LiveView; subs: LiveSubscriber[] }>();
        for (const sub of subs) {
          const key = `${sub.seq}|${viewKey(sub.view)}`;
          const group = groups.get(key);
          if (group) group.subs.push(sub);
          else groups.set(key, { seq: sub.seq, view: sub.view, subs: [sub] });
        }
        for (const { seq, view, subs: group } of groups.values()) {
          const fresh = events.filter((e) => e.seq > seq).map((e) => redactEvent(e, view));
          if (!fresh.length) continue;
          const text = JSON.stringify({ t: 'events', conferenceId, events: fresh });
          const last = fresh.at(-1)!.seq;
          for (const sub of group) {
            sub.send(text);
            sub.seq = last;
          }
        }
        // Handed to every socket: how long after it was appended (each event once).
        const now = Date.now();
        const done = measured.get(conferenceId) ?? 0;
        for (const e of events) if (e.seq > done) deps.metrics?.eventSent((now - e.at) / 1000);
        measured.set(conferenceId, Math.max(done, events.at(-1)!.seq));
        from = events.at(-1)!.seq;
        if (events.length < 1000) break;
      }
    });
    fanOutWaiting.set(conferenceId, run);
    return run;
  }

  function writePresence(conferenceId: string, siteId: string) {
    const screens = [...(subscribers.get(conferenceId) ?? [])].filter(
      (s) => s.siteId === siteId,
    ).length;
    return recordPresence({ db, conferenceId, siteId, instanceId, screens });
  }

  const sweep = (conferenceId: string) => sweepPresence({ db, conferenceId });

  async function heartbeat() {
    await forgetStalePresence(db);
    const conferences = new Set(subscribers.keys());
    for (const id of await conferencesWithPresence(db)) conferences.add(id);
    for (const conferenceId of conferences) {
      await serial(conferenceId, async () => {
        const sites = new Set(
          [...(subscribers.get(conferenceId) ?? [])].map((s) => s.siteId).filter(Boolean),
        );
        for (const siteId of sites) await writePresence(conferenceId, siteId!);
        await sweep(conferenceId);
      });
    }
  }

  return {
    instanceId,
    async start() {
      stopListening = await deps.database.listen(
        LIVE_CHANNEL,
        (payload) => {
          const conferenceId = payload.split(':')[0];
          if (conferenceId && subscribers.has(conferenceId)) void fanOut(conferenceId);
        },
        // Notifications may have been lost while disconnected: read what is new.
        () => {
          for (const conferenceId of subscribers.keys()) void fanOut(conferenceId);
        },
      );
      stopListeningMedia = await deps.database.listen(MEDIA_CHANNEL, (payload) => {
        const [conferenceId, siteId, json] = payload.split('|', 3);
        const subs = conferenceId ? subscribers.get(conferenceId) : undefined;
        if (!subs || !siteId || !json) return;
        // Raw statistics go to the chair's screens only (full view), never to the public.
        const text = `{"t":"media_stats","conferenceId":"${conferenceId}","siteId":"${siteId}","stats":${json}}`;
        for (const sub of subs) if (sub.view.full && sub.siteId === null) sub.send(text);
      });
      const tick = () => {
        timer = setTimeout(() => {
          heartbeat()
            .catch((err: unknown) => deps.logger.warn({ err }, 'live presence heartbeat failed'))
            .finally(() => !closed && tick());
        }, PRESENCE_EVERY_MS);
        timer.unref();
      };
      tick();
    },

    /**
     * Registers a screen after sending it what it missed: the events after `after`,
     * or the whole state (`snapshot`) for a first load or when far behind.
     */
    subscribe(
      sub: LiveSubscriber,
      catchUp: { snapshot: LiveState } | { events: LiveEvent[]; seq: number },
    ) {
      return serial(sub.conferenceId, async () => {
        if ('snapshot' in catchUp) {
          sub.send(
            JSON.stringify({
              t: 'snapshot',
              conferenceId: sub.conferenceId,
              state: catchUp.snapshot,
            }),
          );
          sub.seq = catchUp.snapshot.seq;
        } else {
          if (catchUp.events.length)
            sub.send(
              JSON.stringify({
                t: 'events',
                conferenceId: sub.conferenceId,
                events: catchUp.events,
              }),
            );
          sub.seq = catchUp.events.at(-1)?.seq ?? sub.seq;
        }
        let set = subscribers.get(sub.conferenceId);
        if (!set) subscribers.set(sub.conferenceId, (set = new Set()));
        set.add(sub);
        if (sub.siteId) {
          await writePresence(sub.conferenceId, sub.siteId);
          await sweep(sub.conferenceId);
        }
      }).then(() => fanOut(sub.conferenceId));
    },

    /** A site console's link report, to every instance's chair screens of the conference. */
    async sendMediaStats(conferenceId: string, siteId: string, stats: object) {
      const payload = `${conferenceId}|${siteId}|${JSON.stringify(stats)}`;
      await db.execute(sql`select pg_notify(${MEDIA_CHANNEL}, ${payload})`);
    },

    /**
     * Stops sending to a screen. A site console's presence is written at once (its last
     * screen gone: offline now rather than at the next heartbeat), also when it was not yet
     * registered (closed while subscribing), unless `keepPresence`: the same screen is
     * subscribing again as the same site, which writes it then, with no offline blip.
     */
    unsubscribe(sub: LiveSubscriber, opts: { keepPresence?: boolean } = {}) {
      const set = subscribers.get(sub.conferenceId);
      if (set?.delete(sub) && !set.size) {
        subscribers.delete(sub.conferenceId);
        measured.delete(sub.conferenceId);
      }
      if (!sub.siteId || closed || opts.keepPresence) return Promise.resolve();
      return serial(sub.conferenceId, async () => {
        await writePresence(sub.conferenceId, sub.siteId!);
        await sweep(sub.conferenceId);
      });
    },

    /** Screens subscribed on this instance, per conference. */
    screensByConference() {
      return new Map([...subscribers].map(([id, set]) => [id, set.size]));
    },

    get size() {
      let n = 0;
      for (const set of subscribers.values()) n += set.size;
      return n;
    },

    async close() {
      closed = true;
      clearTimeout(timer);
      await stopListening?.();
      await stopListeningMedia?.();
      await Promise.all(chains.values());
      // Leave no screens counted for this instance; the others' sweeps mark them offline.
      await forgetInstance({ db, instanceId }).catch(() => {});
    },
  };
}

export type LiveHub = ReturnType<typeof createLiveHub>;
