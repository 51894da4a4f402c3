import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { turnServers } from './turn.ts';

describe('turnServers', () => {
  it('mints coturn REST credentials that expire', () => {
    const now = Date.UTC(2026, 11, 18, 1, 0, 0);
    const [server] = turnServers(
      { urls: ['turn:turn.example:3478'], secret: 'bi-mat' },
      'site-x',
      now,
    );
    expect(server!.username).toBe(`${now / 1000 + 12 * 3600}:site-x`);
    expect(server!.credential).toBe(
      createHmac('sha1', 'bi-mat').update(server!.username).digest('base64'),
    );
  });
  it('gives nothing without a TURN server', () => {
    expect(turnServers(null, 'x')).toEqual([]);
  });
});
