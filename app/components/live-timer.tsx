import { useTranslation } from 'react-i18next';
import { remainingSeconds } from '../../domain/live/reducer.ts';
import type { Turn } from '../../protocol/live.ts';

function clock(seconds: number) {
  const s = Math.abs(seconds);
  return `${seconds < 0 ? '+' : ''}${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

/**
 * Counts down from the server's start time (clock offset corrected); over time it
 * counts up in red. Before hydration it shows the allowed time.
 */
export function LiveTimer({
  turn,
  now,
  big = false,
}: {
  turn: Turn;
  now: number | null;
  big?: boolean;
}) {
  const { t } = useTranslation();
  const left =
    now === null ? turn.allowedSeconds + turn.extensionSeconds : remainingSeconds(turn, now);
  const over = left < 0;
  const warn = !over && left <= 30;
  return (
    <span
      className={`timer${big ? ' timer-big' : ''}${over ? ' timer-over' : warn ? ' timer-warn' : ''}`}
      role="timer"
      aria-label={over ? t('live.overTime') : t('live.timeLeft')}
      data-seconds={left}
    >
      {clock(left)}
      {over && <span className="timer-label"> {t('live.overTime')}</span>}
    </span>
  );
}
