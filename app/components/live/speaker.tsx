import type { ReactNode } from 'react';
import { useTranslation } from '../../i18n/use-translation.ts';
import type { Turn } from '../../../protocol/live.ts';
import { LiveTimer } from '../live-timer.tsx';

/** Who a turn answers ("Trả lời: Điểm cầu Lào Cai"), when it answers one. */
export function answeredName(turns: readonly Turn[], turn: Turn): string | null {
  const question = turn.answersTurnId ? turns.find((q) => q.id === turn.answersTurnId) : null;
  return question ? (question.delegateName ?? question.siteName) : null;
}

/** Who speaks (the delegate, else the site), from where, on what, whom they answer, the time left. */
export function Speaker({
  turn,
  turns,
  now,
  pausedAt,
  children,
}: {
  turn: Turn;
  turns: readonly Turn[];
  now: number | null;
  pausedAt: number | null;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const answers = answeredName(turns, turn);
  return (
    <div className="speaker">
      <p className="speaker-name">{turn.delegateName ?? turn.siteName}</p>
      <p className="muted">
        {[turn.delegateName && turn.siteName, turn.themeTitle].filter(Boolean).join(' · ')}
      </p>
      {answers && <p className="speaker-answers">{t('desk.answering', { who: answers })}</p>}
      <LiveTimer turn={turn} now={now} pausedAt={pausedAt} />
      {children}
    </div>
  );
}
