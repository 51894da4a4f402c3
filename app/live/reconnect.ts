/**
 * How long a screen waits before its next attempt to reconnect the live socket: "full
 * jitter" exponential backoff (a random wait between 0 and min(cap, base × 2^(attempt−1))).
 * When an instance dies, thousands of screens lose their socket in the same millisecond;
 * the random spread keeps them from all arriving at the other instance at once, and the
 * cap keeps a screen trying at least every few seconds. Browser screens
 * (use-live-session.ts) and the benchmarks' screens (bench/instance-loss.ts) use this one
 * function, so what is measured is what browsers do.
 */
export const RECONNECT_BASE_MS = 1000;
export const RECONNECT_CAP_MS = 5000;

/** `attempt` counts from 1 (the first retry after a loss); `random` in [0, 1). */
export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(
    RECONNECT_CAP_MS,
    RECONNECT_BASE_MS * 2 ** Math.min(Math.max(attempt, 1) - 1, 10),
  );
  return Math.floor(random() * ceiling);
}
