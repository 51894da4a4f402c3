import { useEffect } from 'react';
import { useTranslation } from '../../i18n/use-translation.ts';
import { useRevalidator } from 'react-router';
import type { RecordingView } from '../../../domain/media/recordings.ts';
import { RecordingPlayer } from './public-player.tsx';

const size = (bytes: number | null) =>
  bytes === null
    ? ''
    : `${(bytes / 1024 / 1024).toLocaleString('vi-VN', { maximumFractionDigits: 1 })} MB`;
const minutes = (s: number | null) =>
  s === null ? '' : `${Math.floor(s / 60)}:${String(Math.round(s % 60)).padStart(2, '0')}`;

/**
 * The conference's recording jobs for its organisers: waiting, assembling (progress,
 * refreshed every few seconds), failed (why), ready (the player with its chapters).
 */
export function RecordingJobs({ recordings }: { recordings: RecordingView[] }) {
  const { t } = useTranslation();
  const { revalidate, state } = useRevalidator();
  const busy = recordings.some((r) => r.status === 'queued' || r.status === 'running');
  useEffect(() => {
    if (!busy) return;
    const timer = setInterval(() => {
      if (state === 'idle') void revalidate();
    }, 3000);
    return () => clearInterval(timer);
  }, [busy, revalidate, state]);
  if (!recordings.length) return null;
  const [newest, ...older] = recordings;
  return (
    <section className="panel" data-testid="recording-jobs">
      <h2>{t('stream.recordingTitle')}</h2>
      {[newest!, ...older].map((r, i) => (
        <div key={r.id} className="recording-job">
          {r.status === 'queued' && <p role="status">{t('stream.queued')}</p>}
          {r.status === 'running' && (
            <p role="status">
              {t('stream.running', { percent: Math.round(r.progress * 100) })}{' '}
              <progress max={1} value={r.progress} />
            </p>
          )}
          {r.status === 'failed' && (
            <p className="alert alert-error">{t('stream.failed', { error: r.error ?? '' })}</p>
          )}
          {r.status === 'ready' && (
            <>
              <p>
                {t('stream.ready', { duration: minutes(r.durationSeconds), size: size(r.bytes) })}
              </p>
              {i === 0 && <RecordingPlayer recording={r} />}
            </>
          )}
        </div>
      ))}
    </section>
  );
}
