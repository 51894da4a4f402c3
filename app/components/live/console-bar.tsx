import { useTranslation } from '../../i18n/use-translation.ts';
import type { ConsoleSession } from '../../live/use-console.ts';

/**
 * What a console says about itself above its panels: a rehearsal, alerts (with the
 * sound switch), commands waiting for the connection, resent or dropped, and the
 * last refusal with its command id and the fields at fault.
 */
export function ConsoleBar({ live, alerts: alerting }: Omit<ConsoleSession, 'now'>) {
  const { t } = useTranslation();
  const { state, connected, pending, notices, lastError } = live;
  const { alerts, muted, toggleMuted, dismiss } = alerting;
  return (
    <div className="console-bar">
      {state.rehearsal && (
        <p className="rehearsal-banner" role="status">
          {t('desk.rehearsalBanner')}
        </p>
      )}
      <div className="console-bar-row">
        <button
          type="button"
          className="button button-secondary button-small"
          aria-pressed={!muted}
          onClick={toggleMuted}
        >
          {muted ? t('desk.unmuteAlerts') : t('desk.muteAlerts')}
        </button>
        {/* Commands wait on screen only while the connection is down (else answered in ms). */}
        {!connected && pending.length > 0 && (
          <span className="badge badge-pending" role="status" data-testid="pending-commands">
            {t('desk.pending', { count: pending.length })}:{' '}
            {pending.map((p) => t(`commands.${p.command.type}`)).join(', ')}
          </span>
        )}
      </div>
      <div className="alerts" aria-live="assertive">
        {alerts.map((a) => (
          <p key={a.id} className="alert-line">
            <span>{a.text}</span>
            <button
              type="button"
              className="link-button"
              aria-label={`${t('desk.dismiss')}: ${a.text}`}
              onClick={() => dismiss(a.id)}
            >
              ×
            </button>
          </p>
        ))}
      </div>
      {notices.map((n) => (
        <div key={n.id} className="alert alert-success" role="status">
          {n.text}
        </div>
      ))}
      {lastError && (
        <div className="alert alert-error" role="alert">
          {lastError.commandId
            ? t('desk.refused', {
                id: lastError.commandId.slice(0, 8),
                message: lastError.message,
              })
            : lastError.message}
          {lastError.fields && (
            <ul>
              {Object.entries(lastError.fields).map(([field, why]) => (
                <li key={field}>
                  <code>{field}</code>: {why}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
