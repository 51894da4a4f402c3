import { useTranslation } from '../i18n/use-translation.ts';
import { Link } from 'react-router';
import { getSiteDetail } from '../../domain/conferences/sites.ts';
import { getLiveView } from '../../domain/live/live-session.ts';
import { openTurns } from '../../domain/live/reducer.ts';
import { ChatPanel } from '../components/live/chat-panel.tsx';
import { ConsoleBar } from '../components/live/console-bar.tsx';
import { CheckInPanel, MyRequests, RequestPanel } from '../components/live/site-panels.tsx';
import { Speaker } from '../components/live/speaker.tsx';
import { LiveStatus } from '../components/live-status.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { conferenceScope, pageData } from '../forms.ts';
import { useConsole } from '../live/use-console.ts';
import { useConference } from './conference-layout.tsx';
import type { Route } from './+types/live-site';
import { Panel } from '../components/live/panel.tsx';
import { SiteMedia } from '../components/media/live-media.tsx';
import { mediaAccess } from '../live/media-access.ts';

export async function loader(args: Route.LoaderArgs) {
  return pageData(args.request, async () => {
    const scope = conferenceScope(args);
    const [{ site, delegates }, view] = await Promise.all([
      getSiteDetail({ ...scope, siteId: args.params.siteId }),
      getLiveView(scope),
    ]);
    const media = await mediaAccess(args.context, scope.conferenceId, { siteId: site.id });
    return {
      media,
      site: { id: site.id, name: site.name },
      delegates: delegates.map((d) => ({ id: d.id, name: d.name })),
      state: view.state,
    };
  });
}

/** A bridge point's console: roll call, who has the floor, asking for it, its requests. */
export default function LiveSite({ loaderData, params }: Route.ComponentProps) {
  const { t } = useTranslation();
  const { themes } = useConference();
  const { site, delegates } = loaderData;
  const { live, now, alerts } = useConsole(params.conferenceId, loaderData.state, {
    siteId: site.id,
  });
  const { state, connected, command, sendStats } = live;
  const cued = state.cued?.siteId === site.id;
  const floor = openTurns(state);
  const announcement = state.announcements.at(-1);
  return (
    <div className="live-console">
      <PageTitle>{`${t('live.siteConsole')} – ${site.name}`}</PageTitle>
      <p className="breadcrumb">
        <Link to={`/quan-ly/hoi-nghi/${params.conferenceId}/diem-cau/${site.id}`}>
          ← {site.name}
        </Link>
      </p>
      <div className="live-head">
        <h2>
          {t('live.siteConsole')}: {site.name}
        </h2>
        <LiveStatus phase={state.phase} connected={connected} />
      </div>
      {live.lost && (
        <p className="banner banner-lost" role="alert">
          {t('desk.lostBanner')}
        </p>
      )}
      {cued && (
        <p className="banner banner-cue" role="alert">
          {t('desk.cueNotice')}
        </p>
      )}
      <ConsoleBar live={live} alerts={alerts} />
      {announcement && (
        <p className="announcement" role="status">
          {t('live.announcements')}: {announcement.text}
        </p>
      )}
      <SiteMedia
        conferenceId={params.conferenceId}
        siteId={site.id}
        access={loaderData.media}
        state={state}
        command={command}
        sendStats={sendStats}
      />
      <div className="live-grid">
        <CheckInPanel state={state} command={command} site={site} />
        <Panel title={t('live.floor')}>
          {floor.length === 0 && <p className="muted">{t('live.noFloor')}</p>}
          {floor.map((turn) => (
            <Speaker
              key={turn.id}
              turn={turn}
              turns={state.turns}
              now={now}
              pausedAt={state.pausedAt}
            />
          ))}
          {state.agendaTitle && (
            <p>
              {t('live.item')}: <strong>{state.agendaTitle}</strong>
            </p>
          )}
        </Panel>
        <RequestPanel
          state={state}
          command={command}
          site={site}
          delegates={delegates}
          themes={themes}
        />
        <MyRequests state={state} command={command} site={site} />
        <ChatPanel state={state} command={command} sites={[site]} siteId={site.id} desk={false} />
      </div>
    </div>
  );
}
