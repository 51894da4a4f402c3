import { useState } from 'react';
import { useTranslation } from '../../i18n/use-translation.ts';
import { REOPEN_WINDOW_MS, type LiveState } from '../../../protocol/live.ts';
import { formatTime } from '../../i18n/format.ts';
import { LiveDialog } from './live-dialog.tsx';
import type { SendCommand } from './types.ts';

type Ask = 'end' | 'rehearsalStart' | 'rehearsalFinish' | null;

/**
 * The chair's session buttons: technical check, start, pause, resume, end (asked
 * first, and reopened for a while after), and the rehearsal before the real session.
 */
export function SessionControls({
  state,
  command,
  now,
}: {
  state: LiveState;
  command: SendCommand;
  now: number | null;
}) {
  const { t } = useTranslation();
  const [ask, setAsk] = useState<Ask>(null);
  const phase = state.phase;
  const button = (label: string, run: () => void, secondary = false) => (
    <button
      type="button"
      className={secondary ? 'button button-secondary' : 'button'}
      onClick={run}
    >
      {label}
    </button>
  );
  const reopenUntil = state.endedAt !== null ? state.endedAt + REOPEN_WINDOW_MS : null;
  const canReopen =
    phase === 'ended' && reopenUntil !== null && (now === null || now < reopenUntil);
  const run = (c: Parameters<SendCommand>[0]) => {
    setAsk(null);
    void command(c);
  };
  return (
    <div className="inline-actions" role="group" aria-label={t('live.console')}>
      {phase === 'not_started' &&
        !state.rehearsal &&
        button(t('desk.rehearsalStart'), () => setAsk('rehearsalStart'), true)}
      {state.rehearsal && button(t('desk.rehearsalFinish'), () => setAsk('rehearsalFinish'), true)}
      {phase === 'not_started' &&
        button(t('live.openCheck'), () => void command({ type: 'session.open_check' }), true)}
      {(phase === 'not_started' || phase === 'technical_check') &&
        button(t('live.start'), () => void command({ type: 'session.start' }))}
      {phase === 'in_progress' &&
        button(t('live.pause'), () => void command({ type: 'session.pause' }), true)}
      {phase === 'paused' &&
        button(t('live.resume'), () => void command({ type: 'session.resume' }))}
      {(phase === 'in_progress' || phase === 'paused') &&
        button(t('live.end'), () => setAsk('end'), true)}
      {canReopen && (
        <>
          {button(t('desk.reopen'), () => void command({ type: 'session.reopen' }))}
          <span className="muted">{t('desk.reopenUntil', { time: formatTime(reopenUntil) })}</span>
        </>
      )}
      {state.rehearsals > 0 && !state.rehearsal && (
        <span className="muted">{t('desk.rehearsalsDone', { count: state.rehearsals })}</span>
      )}
      <LiveDialog
        open={ask === 'end'}
        title={t('desk.confirmEndTitle')}
        body={<p>{t('desk.confirmEndBody', { minutes: REOPEN_WINDOW_MS / 60_000 })}</p>}
        confirmLabel={t('live.end')}
        danger
        onConfirm={() => run({ type: 'session.end' })}
        onClose={() => setAsk(null)}
      />
      <LiveDialog
        open={ask === 'rehearsalStart'}
        title={t('desk.rehearsalStartTitle')}
        body={<p>{t('desk.rehearsalStartBody')}</p>}
        confirmLabel={t('desk.rehearsalStart')}
        onConfirm={() => run({ type: 'rehearsal.start' })}
        onClose={() => setAsk(null)}
      />
      <LiveDialog
        open={ask === 'rehearsalFinish'}
        title={t('desk.rehearsalFinishTitle')}
        body={<p>{t('desk.rehearsalFinishBody')}</p>}
        confirmLabel={t('desk.rehearsalFinish')}
        danger
        onConfirm={() => run({ type: 'rehearsal.finish' })}
        onClose={() => setAsk(null)}
      />
    </div>
  );
}
