import { BurstyRateLimiter, RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

/**
 * What one live WebSocket may cost the server. The counters are in this instance's
 * memory (`rate-limiter-flexible`'s memory store): a user's sockets on two instances
 * are counted on each separately.
 */
export interface WsLimits {
  /** Messages one socket may send per second… */
  socketPerSecond: number;
  /** …plus this many more in any 10 s (a reconnecting screen resends its pending commands). */
  socketBurst: number;
  /** Messages per second across all the sockets of one signed-in user… */
  userPerSecond: number;
  /** …plus this many more in any 10 s. */
  userBurst: number;
  /** A socket that had this many messages dropped within `floodWindowS` is closed (1008). */
  floodDrops: number;
  floodWindowS: number;
  /** Messages waiting to be handled per socket; more are dropped like messages over the rate. */
  maxPending: number;
  /**
   * A socket's subscribes run at most this often: those arriving meanwhile wait, replacing
   * each other, and only the last runs (a burst of them costs two catch-ups).
   */
  subscribeEveryMs: number;
  /** Bytes queued to a socket after a send beyond which it is dropped: it is not reading. */
  maxBufferedBytes: number;
  /** Largest message a screen may send; a larger frame closes the socket with 1009. */
  maxPayloadBytes: number;
  /** Every socket is pinged this often, and dropped when nothing came back since the last ping;
   * its session and rights are checked again at the same pace. */
  heartbeatMs: number;
  /** A site console (subscribed with its siteId) is pinged this often… */
  sitePingMs: number;
  /** …and dropped when nothing (pong or message) came from it for this long, so that its
   * site shows offline within seconds of a silent network loss. */
  siteSilenceMs: number;
}

export const WS_LIMITS: WsLimits = {
  socketPerSecond: 20,
  socketBurst: 40,
  userPerSecond: 60,
  userBurst: 120,
  // Ten times the socket's rate, kept up for five seconds.
  floodDrops: 10 * 20 * 5,
  floodWindowS: 5,
  maxPending: 100,
  subscribeEveryMs: 250,
  maxBufferedBytes: 4 * 1024 * 1024,
  maxPayloadBytes: 64 * 1024,
  heartbeatMs: 15_000,
  sitePingMs: 2_000,
  siteSilenceMs: 6_000,
};

/** The verdict on one incoming message. */
export type Admission = 'accept' | 'drop';

/**
 * Rate limits for incoming messages, per socket and per user, with a burst allowance
 * each, and the flood counter that closes a socket which keeps sending far past them.
 */
export function createMessageLimiter(limits: WsLimits) {
  const bursty = (prefix: string, perSecond: number, burst: number) =>
    new BurstyRateLimiter(
      new RateLimiterMemory({ keyPrefix: prefix, points: perSecond, duration: 1 }),
      new RateLimiterMemory({
        keyPrefix: `${prefix}-burst`,
        points: Math.max(1, burst),
        duration: 10,
      }),
    );
  const perSocket = bursty('ws-socket', limits.socketPerSecond, limits.socketBurst);
  const perUser = bursty('ws-user', limits.userPerSecond, limits.userBurst);
  const drops = new RateLimiterMemory({
    keyPrefix: 'ws-drops',
    points: limits.floodDrops,
    duration: limits.floodWindowS,
  });
  const refused = (err: unknown) => {
    if (err instanceof RateLimiterRes) return false;
    throw err;
  };

  return {
    /** Whether a message of this socket (and user) may be handled now. */
    async admit(socketKey: string, userId: string | null): Promise<Admission> {
      try {
        await perSocket.consume(socketKey);
        if (userId) await perUser.consume(userId);
        return 'accept';
      } catch (err) {
        refused(err);
        return 'drop';
      }
    },
    /** Counts one dropped message; false when the socket is flooding (close it). */
    async dropped(socketKey: string): Promise<boolean> {
      return drops.consume(socketKey).then(() => true, refused);
    },
  };
}

export type MessageLimiter = ReturnType<typeof createMessageLimiter>;

/**
 * Live commands sent over HTTP (`POST /conferences/{id}/live/commands`) per person: a
 * script must not flood the live log where a socket could not. A person at a console
 * sends a few a minute; past 10 a second (plus 20 in any 10 s) the answer is 429.
 */
export const HTTP_COMMAND_LIMITS = { userPerSecond: 10, userBurst: 20 };

export function createCommandLimiter(
  limits: Pick<WsLimits, 'userPerSecond' | 'userBurst'> = HTTP_COMMAND_LIMITS,
) {
  const limiter = new BurstyRateLimiter(
    new RateLimiterMemory({ keyPrefix: 'http-live', points: limits.userPerSecond, duration: 1 }),
    new RateLimiterMemory({
      keyPrefix: 'http-live-burst',
      points: Math.max(1, limits.userBurst),
      duration: 10,
    }),
  );
  return async (userId: string): Promise<boolean> =>
    limiter.consume(userId).then(
      () => true,
      (err: unknown) => {
        if (err instanceof RateLimiterRes) return false;
        throw err;
      },
    );
}
