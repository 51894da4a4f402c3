import { createContext, useContext, useEffect } from 'react';
import type { LiveState } from '../../protocol/live.ts';

type Phase = Pick<LiveState, 'phase' | 'rehearsal'>;

/** Lets a live console tell the conference's header where the session stands. */
export const LivePhaseContext = createContext<(phase: Phase | null) => void>(() => {});

/** The conference's status as its live session says it (a rehearsal changes nothing). */
export function statusOf<S extends string>(stored: S, live: Phase | null): S | 'live' | 'ended' {
  if (!live || live.rehearsal) return stored;
  if (live.phase === 'in_progress' || live.phase === 'paused') return 'live';
  if (live.phase === 'ended') return 'ended';
  return stored;
}

/** A live console keeps the header's status badge in step with the session. */
export function useReportPhase(state: LiveState) {
  const report = useContext(LivePhaseContext);
  const { phase, rehearsal } = state;
  useEffect(() => {
    report({ phase, rehearsal });
  }, [report, phase, rehearsal]);
  useEffect(() => () => report(null), [report]);
}
