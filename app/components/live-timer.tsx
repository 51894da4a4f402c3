import { useTranslation } from '../i18n/use-translation.ts';
import { remainingSeconds } from '../../domain/live/reducer.ts';
import type { Turn } from '../../protocol/live.ts';

function clock(seconds: number) {
  const s = Math.abs(seconds);
  return `${seconds < 0 ? '+' : ''}${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

/** Where a turn stands: in time, in its last minute, over time. */
export function timerStage(left: number): 'ok' | 'last_minute' | 'over' {
  return left < 0 ? 'over' : left <= 60 ? 'last_minute' : 'ok';
}

/**
 * Counts down from the server's start time (clock offset corrected); stands still
 * while the session is paused; says so in its last minute and, over time, counts up
 * in red. Before hydration it shows the allowed time.
 */
export function LiveTimer({
  turn,
  now,
  pausedAt = null,
  big = false,
}: {
  turn: Turn;
  now: number | null;
  pausedAt?: number | null;
  big?: boolean;
}) {
  const { t } = useTranslation();
  const left =
    now === null
      ? turn.allowedSeconds + turn.extensionSeconds
      : remainingSeconds(turn, now, pausedAt);
  const stage = timerStage(left);
  const label =
    stage === 'over' ? t('desk.overTime') : stage === 'last_minute' ? t('desk.oneMinute') : null;
  return (
    <span
      className={`timer${big ? ' timer-big' : ''}${stage === 'over' ? ' timer-over' : stage === 'last_minute' ? ' timer-warn' : ''}${pausedAt !== null ? ' timer-paused' : ''}`}
      role="timer"
      aria-label={label ?? t('live.timeLeft')}
      data-seconds={left}
      data-stage={stage}
    >
      {clock(left)}
      {label && <span className="timer-label"> {label}</span>}
    </span>
  );
}
