import { useTranslation } from '../i18n/use-translation.ts';
import { getLiveView } from '../../domain/live/live-session.ts';
import { openTurns } from '../../domain/live/reducer.ts';
import { LiveTimer } from '../components/live-timer.tsx';
import { answeredName } from '../components/live/speaker.tsx';
import { formatTime } from '../i18n/format.ts';
import { PageTitle } from '../components/page-title.tsx';
import { publicConferencePage } from '../forms.ts';
import { useLiveSession, useServerClock } from '../live/use-live-session.ts';
import type { Route } from './+types/live-display';
import { DisplayMedia } from '../components/media/live-media.tsx';
import { mediaAccess } from '../live/media-access.ts';
import { isDisplayToken } from '../../domain/media/media-grant.ts';

/** Full screen, no site header: the hall's big screen. */
export const handle = { bare: true };

export function loader(args: Route.LoaderArgs) {
  return publicConferencePage(args, async (scope) => {
    // Picture and sound only for a signed-in participant's screen or with the organiser's
    // display token; anyone else gets the text display.
    const token = new URL(args.request.url).searchParams.get('token');
    const media = await mediaAccess(args.context, scope.conferenceId, { displayToken: token });
    const hall = isDisplayToken(args.context.secret, scope.conferenceId, token);
    return {
      state: (await getLiveView({ ...scope, hall })).state,
      hallToken: hall ? token : null,
      media: media.grant ? media : ({ status: 'closed', grant: null } as const),
      displayToken: media.grant && token ? token : null,
    };
  });
}

export default function LiveDisplay({ loaderData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const { conference } = loaderData;
  const { state, connected, lost, serverNow } = useLiveSession(conference.id, loaderData.state, {
    displayToken: loaderData.hallToken ?? undefined,
  });
  const now = useServerClock(serverNow);
  // Paused, ended and a lost connection are said plainly, across the whole screen.
  const banner = lost
    ? 'lostBanner'
    : state.phase === 'paused'
      ? 'pausedBanner'
      : state.phase === 'ended'
        ? 'endedBanner'
        : state.phase === 'not_started'
          ? 'notStartedBanner'
          : null;
  const floor = openTurns(state);
  const next = state.queue.map((id) => state.requests[id]!).find((r) => r?.status === 'queued');
  const announcement = state.announcements.at(-1);
  return (
    <div className={`display display-${state.phase}${lost ? ' display-lost' : ''}`}>
      <PageTitle>{`${t('live.display')} – ${conference.title}`}</PageTitle>
      <header className="display-head">
        <h1 className="display-title">{conference.title}</h1>
        <span className="display-clock">
          <span className="visually-hidden">{t('desk.clock')}: </span>
          {now === null ? '' : formatTime(now)}
        </span>
        <span className={connected ? 'conn conn-on' : 'conn conn-off'}>
          {t(`live.phase.${state.phase}`)}
          {connected ? '' : ` · ${t('live.reconnecting')}`}
        </span>
      </header>
      {state.rehearsal && (
        <p className="display-banner display-rehearsal">{t('desk.rehearsalBanner')}</p>
      )}
      {banner && (
        <p className={`display-banner display-banner-${banner}`} role="status">
          {t(`desk.${banner}`)}
        </p>
      )}
      {state.agendaTitle && <p className="display-item">{state.agendaTitle}</p>}
      <DisplayMedia
        conferenceId={conference.id}
        access={loaderData.media}
        state={state}
        displayToken={loaderData.displayToken ?? undefined}
      />
      <main className="display-floor" aria-live="polite">
        {floor.length === 0 && <p className="display-empty">{t('live.noFloor')}</p>}
        {floor.map((turn) => (
          <section key={turn.id} className="display-speaker">
            <p className="display-name">{turn.delegateName ?? turn.siteName}</p>
            {turn.delegateName && <p className="display-site">{turn.siteName}</p>}
            {turn.themeTitle && <p className="display-theme">{turn.themeTitle}</p>}
            {answeredName(state.turns, turn) && (
              <p className="display-theme">
                {t('desk.answering', { who: answeredName(state.turns, turn) })}
              </p>
            )}
            <LiveTimer turn={turn} now={now} pausedAt={state.pausedAt} big />
          </section>
        ))}
      </main>
      {state.display && <p className="display-contribution">{state.display.title}</p>}
      <footer className="display-foot">
        {next && (
          <p>
            {t('live.next')}: <strong>{next.siteName}</strong>
            {next.delegateName ? ` — ${next.delegateName}` : ''}
          </p>
        )}
        {announcement && <p className="display-announcement">{announcement.text}</p>}
      </footer>
    </div>
  );
}
