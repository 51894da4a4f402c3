import { describe, expect, it } from 'vitest';
import { RECONNECT_BASE_MS, RECONNECT_CAP_MS, reconnectDelay } from './reconnect.ts';

describe('reconnectDelay', () => {
  it('doubles the window per attempt up to the cap', () => {
    const top = () => 0.999999;
    expect(reconnectDelay(1, top)).toBe(RECONNECT_BASE_MS - 1);
    expect(reconnectDelay(2, top)).toBe(2 * RECONNECT_BASE_MS - 1);
    expect(reconnectDelay(3, top)).toBe(4 * RECONNECT_BASE_MS - 1);
    expect(reconnectDelay(50, top)).toBe(RECONNECT_CAP_MS - 1);
    expect(reconnectDelay(0, top)).toBe(RECONNECT_BASE_MS - 1);
  });

  it('spreads screens that lost their socket together over the whole window', () => {
    const delays = Array.from({ length: 2000 }, () => reconnectDelay(1));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...delays)).toBeLessThan(RECONNECT_BASE_MS);
    // Every tenth of the window gets some of them: no burst at one instant.
    const buckets = new Set(delays.map((d) => Math.floor((d / RECONNECT_BASE_MS) * 10)));
    expect(buckets.size).toBe(10);
  });
});
