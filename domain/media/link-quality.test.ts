import { describe, expect, it } from 'vitest';
import { DEGRADE_AFTER, linkState, trouble, type LinkHealth } from './link-quality.ts';

const ok = { bitrateKbps: 800, lossPct: 0, rttMs: 40, audioLevel: 0.2 };

describe('linkState', () => {
  it('degrades after reports in a row past a threshold and recovers only well under it', () => {
    const good: LinkHealth = { state: 'good', bad: 0 };
    expect(linkState(good, ok)).toEqual(good);
    // One spike, even a long way past, is not a degraded link; a good report resets it.
    const spike = linkState(good, { ...ok, rttMs: 2000 });
    expect(spike).toEqual({ state: 'good', bad: 1 });
    expect(linkState(spike, ok)).toEqual(good);
    let h = good;
    for (let i = 0; i < DEGRADE_AFTER - 1; i++) h = linkState(h, { ...ok, lossPct: 10 });
    expect(h.state).toBe('good');
    h = linkState(h, { ...ok, rttMs: 700 });
    expect(h.state).toBe('degraded');
    // On the edge: stays degraded (no flapping).
    expect(linkState(h, { ...ok, lossPct: 5 }).state).toBe('degraded');
    expect(linkState(h, { ...ok, lossPct: 2, rttMs: 100 })).toEqual(good);
  });
  it('sorts problems first', () => {
    const scores = [trouble(ok, 'live'), trouble(ok, 'degraded'), trouble(undefined, 'off')];
    expect([...scores].sort((a, b) => b - a)).toEqual([scores[2], scores[1], scores[0]]);
  });
});
