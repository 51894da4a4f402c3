import { useTranslation } from '../i18n/use-translation.ts';
import type { LivePhase } from '../../protocol/live.ts';

export function LiveStatus({ phase, connected }: { phase: LivePhase; connected: boolean }) {
  const { t } = useTranslation();
  return (
    <p className="live-status">
      <span className={`badge badge-phase-${phase}`}>{t(`live.phase.${phase}`)}</span>{' '}
      <span className={connected ? 'conn conn-on' : 'conn conn-off'} role="status">
        {connected ? t('live.connected') : t('live.reconnecting')}
      </span>
    </p>
  );
}
