import type { z } from 'zod';
import type { LinkStats as LinkStatsSchema } from '../../protocol/media.ts';

/** What a site console measures of its own link, every few seconds (WebRTC statistics). */
export type LinkStats = z.infer<typeof LinkStatsSchema>;

/** Worse than this is a degraded link; better than the lower bound is recovered. */
export const DEGRADED = { lossPct: 8, rttMs: 600 } as const;
export const RECOVERED = { lossPct: 3, rttMs: 400 } as const;
/**
 * Reports in a row past the upper thresholds before a link counts as degraded (about 9 s
 * at one report every 3 s): a spike of a few seconds (a busy hall PC, a moment of loss)
 * does not turn a site's picture off for the rest of the session.
 */
export const DEGRADE_AFTER = 3;

export interface LinkHealth {
  state: 'good' | 'degraded';
  /** Reports in a row past the upper thresholds while still good. */
  bad: number;
}

/**
 * The link's state after one report, with hysteresis: a link degrades after
 * DEGRADE_AFTER reports in a row past the upper thresholds and recovers only under the
 * lower ones, so a link on the edge does not flap in the live log.
 */
export function linkState(previous: LinkHealth, s: LinkStats): LinkHealth {
  if (previous.state === 'good') {
    const past = s.lossPct >= DEGRADED.lossPct || s.rttMs >= DEGRADED.rttMs;
    const bad = past ? previous.bad + 1 : 0;
    return bad >= DEGRADE_AFTER ? { state: 'degraded', bad: 0 } : { state: 'good', bad };
  }
  return s.lossPct <= RECOVERED.lossPct && s.rttMs <= RECOVERED.rttMs
    ? { state: 'good', bad: 0 }
    : previous;
}

/** A score for sorting the chair's grid: higher is worse (problems first). */
export function trouble(s: LinkStats | undefined, media: 'off' | 'live' | 'degraded'): number {
  if (media === 'off') return 3;
  if (media === 'degraded') return 2;
  if (!s) return 1;
  return Math.min(0.99, s.lossPct / 100 + s.rttMs / 10_000);
}
