import { describe, expect, it } from 'vitest';
import { linkState, trouble } from './link-quality.ts';

const ok = { bitrateKbps: 800, lossPct: 0, rttMs: 40, audioLevel: 0.2 };

describe('linkState', () => {
  it('degrades past a threshold and recovers only well under it', () => {
    expect(linkState('good', ok)).toBe('good');
    expect(linkState('good', { ...ok, lossPct: 10 })).toBe('degraded');
    expect(linkState('good', { ...ok, rttMs: 700 })).toBe('degraded');
    // On the edge: stays degraded (no flapping).
    expect(linkState('degraded', { ...ok, lossPct: 5 })).toBe('degraded');
    expect(linkState('degraded', { ...ok, lossPct: 2, rttMs: 100 })).toBe('good');
  });
  it('sorts problems first', () => {
    const scores = [trouble(ok, 'live'), trouble(ok, 'degraded'), trouble(undefined, 'off')];
    expect([...scores].sort((a, b) => b - a)).toEqual([scores[2], scores[1], scores[0]]);
  });
});
