import type { ReactNode } from 'react';
import type { Turn } from '../../../protocol/live.ts';
import { LiveTimer } from '../live-timer.tsx';

/** Who speaks (the delegate, else the site), from where, on what, and the time left. */
export function Speaker({
  turn,
  now,
  children,
}: {
  turn: Turn;
  now: number | null;
  children?: ReactNode;
}) {
  return (
    <div className="speaker">
      <p className="speaker-name">{turn.delegateName ?? turn.siteName}</p>
      <p className="muted">
        {[turn.delegateName && turn.siteName, turn.themeTitle].filter(Boolean).join(' · ')}
      </p>
      <LiveTimer turn={turn} now={now} />
      {children}
    </div>
  );
}
