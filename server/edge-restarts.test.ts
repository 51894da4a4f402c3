import { describe, expect, it } from 'vitest';
import { edgeRestarts } from './edge.ts';

describe('edgeRestarts', () => {
  it('starts an edge that lived again after half a second', () => {
    const r = edgeRestarts();
    for (let i = 0; i < 20; i++) expect(r.died(60_000)).toEqual({ delayMs: 500 });
  });

  it('waits longer after each early death, and gives up after five in a row', () => {
    const r = edgeRestarts();
    expect([1, 2, 3, 4].map(() => r.died(200))).toEqual([
      { delayMs: 500 },
      { delayMs: 1000 },
      { delayMs: 2000 },
      { delayMs: 4000 },
    ]);
    expect(r.died(200)).toBe('give up');
  });

  it('counts again from an edge that lived', () => {
    const r = edgeRestarts();
    for (let i = 0; i < 4; i++) r.died(100);
    expect(r.died(30_000)).toEqual({ delayMs: 500 });
    for (let i = 0; i < 4; i++) expect(r.died(100)).not.toBe('give up');
    expect(r.died(100)).toBe('give up');
  });

  it('never waits more than 8 s', () => {
    const r = edgeRestarts({ giveUpAfter: 100 });
    const delays = Array.from({ length: 10 }, () => r.died(0));
    expect(delays.at(-1)).toEqual({ delayMs: 8000 });
  });
});
