import type { LiveState } from '../../protocol/live.ts';
import { useReportPhase } from './live-phase.ts';
import { useAlerts } from './use-alerts.ts';
import { useLiveSession, useServerClock } from './use-live-session.ts';

/**
 * What every live console runs: the session, the server's clock, the header's status
 * kept in step, and the alerts for the desk (`siteId` unset) or for one site.
 */
export function useConsole(
  conferenceId: string,
  initial: LiveState,
  opts: { siteId?: string } = {},
) {
  const live = useLiveSession(conferenceId, initial, opts);
  const now = useServerClock(live.serverNow);
  useReportPhase(live.state);
  const alerts = useAlerts(live.state, { desk: !opts.siteId, siteId: opts.siteId });
  return { live, now, alerts };
}

export type ConsoleSession = ReturnType<typeof useConsole>;
