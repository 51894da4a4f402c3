import type { z } from 'zod';
import type { LinkStats as LinkStatsSchema } from '../../protocol/media.ts';

/** What a site console measures of its own link, every few seconds (WebRTC statistics). */
export type LinkStats = z.infer<typeof LinkStatsSchema>;

/** Worse than this is a degraded link; better than the lower bound is recovered. */
export const DEGRADED = { lossPct: 8, rttMs: 600 } as const;
export const RECOVERED = { lossPct: 3, rttMs: 400 } as const;

/**
 * The link's state after one report, with hysteresis: a link degrades past the upper
 * thresholds and recovers only under the lower ones, so a link on the edge does not
 * flap in the live log.
 */
export function linkState(previous: 'good' | 'degraded', s: LinkStats): 'good' | 'degraded' {
  if (previous === 'good') {
    return s.lossPct >= DEGRADED.lossPct || s.rttMs >= DEGRADED.rttMs ? 'degraded' : 'good';
  }
  return s.lossPct <= RECOVERED.lossPct && s.rttMs <= RECOVERED.rttMs ? 'good' : 'degraded';
}

/** A score for sorting the chair's grid: higher is worse (problems first). */
export function trouble(s: LinkStats | undefined, media: 'off' | 'live' | 'degraded'): number {
  if (media === 'off') return 3;
  if (media === 'degraded') return 2;
  if (!s) return 1;
  return Math.min(0.99, s.lossPct / 100 + s.rttMs / 10_000);
}
