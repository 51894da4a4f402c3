import { useTranslation } from '../i18n/use-translation.ts';
import { Link } from 'react-router';
import { getLiveView } from '../../domain/live/live-session.ts';
import { listRecordings } from '../../domain/media/recordings.ts';
import { LivePlayer, RecordingPlayer } from '../components/media/public-player.tsx';
import { openTurns, spokenSeconds } from '../../domain/live/reducer.ts';
import { LiveStatus } from '../components/live-status.tsx';
import { LiveTimer } from '../components/live-timer.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { publicConferencePage } from '../forms.ts';
import { formatTime } from '../i18n/format.ts';
import { useLiveSession, useServerClock } from '../live/use-live-session.ts';
import type { Route } from './+types/live-public';

export function loader(args: Route.LoaderArgs) {
  return publicConferencePage(args, async (scope) => ({
    state: (await getLiveView(scope)).state,
    recording: (await listRecordings(scope))[0] ?? null,
  }));
}

export default function LivePublic({ loaderData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const { conference } = loaderData;
  const { state, connected, serverNow } = useLiveSession(conference.id, loaderData.state);
  const now = useServerClock(serverNow);
  const floor = openTurns(state);
  const done = state.turns.filter((x) => x.endedAt !== null);
  return (
    <section>
      <PageTitle>{`${t('live.publicLive')} – ${conference.title}`}</PageTitle>
      <p className="breadcrumb">
        <Link to={`/hoi-nghi/${conference.slug}`}>{conference.title}</Link>
      </p>
      <h1>{t('live.publicLive')}</h1>
      {/* A rehearsal is not the session: the public page waits for the real one. */}
      <LiveStatus phase={state.rehearsal ? 'not_started' : state.phase} connected={connected} />
      <div className="live-watch">
        {state.phase === 'ended' && loaderData.recording ? (
          <RecordingPlayer recording={loaderData.recording} />
        ) : (
          <LivePlayer conferenceId={conference.id} state={state} />
        )}
        <div>
          {state.agendaTitle && (
            <p className="lead">
              {t('live.item')}: <strong>{state.agendaTitle}</strong>
            </p>
          )}
          {state.phase !== 'ended' && (
            <section className="panel" aria-live="polite">
              <h2>{t('live.floor')}</h2>
              {floor.length === 0 && <p className="muted">{t('live.noFloor')}</p>}
              {floor.map((turn) => (
                <p key={turn.id} className="speaker">
                  <strong className="speaker-name">{turn.delegateName ?? turn.siteName}</strong>
                  {turn.delegateName ? ` — ${turn.siteName}` : ''}
                  {turn.themeTitle ? ` · ${turn.themeTitle}` : ''}{' '}
                  <LiveTimer turn={turn} now={now} pausedAt={state.pausedAt} />
                </p>
              ))}
            </section>
          )}
        </div>
      </div>
      <h2>{t('live.timeline')}</h2>
      {done.length === 0 ? (
        <p className="muted">{t('live.noTurns')}</p>
      ) : (
        <ol className="timeline">
          {done.map((turn) => {
            const seconds = spokenSeconds(turn, turn.endedAt ?? turn.startedAt);
            return (
              <li key={turn.id}>
                <span className="muted">{formatTime(turn.startedAt)}</span>{' '}
                <strong>{turn.delegateName ?? turn.siteName}</strong>
                {turn.delegateName ? ` — ${turn.siteName}` : ''}
                {turn.themeTitle ? ` · ${turn.themeTitle}` : ''} ·{' '}
                {t('live.spoke', { m: Math.floor(seconds / 60), s: seconds % 60 })}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
