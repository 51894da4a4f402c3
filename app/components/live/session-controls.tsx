import { useTranslation } from 'react-i18next';
import type { LiveState } from '../../../protocol/live.ts';
import type { SendCommand } from './types.ts';

/** The chair's session buttons: technical check, start, pause, resume, end. */
export function SessionControls({
  state,
  command,
  displayUrl,
}: {
  state: LiveState;
  command: SendCommand;
  displayUrl: string;
}) {
  const { t } = useTranslation();
  const phase = state.phase;
  const button = (label: string, run: () => void, secondary = false) => (
    <button className={secondary ? 'button button-secondary' : 'button'} onClick={run}>
      {label}
    </button>
  );
  return (
    <div className="inline-actions" aria-label={t('live.console')}>
      {phase === 'not_started' &&
        button(t('live.openCheck'), () => void command({ type: 'session.open_check' }), true)}
      {(phase === 'not_started' || phase === 'technical_check') &&
        button(t('live.start'), () => void command({ type: 'session.start' }))}
      {phase === 'in_progress' &&
        button(t('live.pause'), () => void command({ type: 'session.pause' }), true)}
      {phase === 'paused' &&
        button(t('live.resume'), () => void command({ type: 'session.resume' }))}
      {(phase === 'in_progress' || phase === 'paused') &&
        button(t('live.end'), () => void command({ type: 'session.end' }), true)}
      <a href={displayUrl} target="_blank" rel="noreferrer">
        {t('live.display')}
      </a>
    </div>
  );
}
