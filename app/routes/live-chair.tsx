import { useState } from 'react';
import { useTranslation } from '../i18n/use-translation.ts';
import { getAgenda } from '../../domain/conferences/agenda.ts';
import { topContributions } from '../../domain/contributions/top-contributions.ts';
import { getLiveView } from '../../domain/live/live-session.ts';
import { AgendaPanel, AnnouncementsPanel, DisplayPanel } from '../components/live/chair-panels.tsx';
import { ChatPanel } from '../components/live/chat-panel.tsx';
import { ConsoleBar } from '../components/live/console-bar.tsx';
import { FloorPanel } from '../components/live/floor-panel.tsx';
import { QueuePanel } from '../components/live/queue-panel.tsx';
import { SessionControls } from '../components/live/session-controls.tsx';
import { SiteBoard } from '../components/live/site-board.tsx';
import { SpokenPanel } from '../components/live/spoken-panel.tsx';
import { LiveStatus } from '../components/live-status.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { conferenceScope, pageData } from '../forms.ts';
import { useConsole } from '../live/use-console.ts';
import { useConference } from './conference-layout.tsx';
import { ChairMedia } from '../components/media/live-media.tsx';
import { mediaAccess } from '../live/media-access.ts';
import { displayToken as hallDisplayToken } from '../../domain/media/media-grant.ts';
import type { Route } from './+types/live-chair';

export async function loader(args: Route.LoaderArgs) {
  return pageData(args.request, async () => {
    const scope = conferenceScope(args);
    const [view, agenda, top] = await Promise.all([
      getLiveView(scope),
      getAgenda(scope),
      topContributions({ db: scope.db, conferenceId: scope.conferenceId, limit: 8 }),
    ]);
    const media = await mediaAccess(args.context, scope.conferenceId);
    // The hall display's link with picture and sound: the organiser's and the chair's to hand out.
    const displayToken = view.rights.chair
      ? hallDisplayToken(args.context.secret, scope.conferenceId)
      : null;
    return {
      state: view.state,
      rights: view.rights,
      agenda: agenda.items,
      top,
      media,
      displayToken,
    };
  });
}

/** The chair's console: the session, the floor, the queue, the agenda and every site. */
export default function LiveChair({ loaderData, params }: Route.ComponentProps) {
  const { t } = useTranslation();
  const { conference, sites } = useConference();
  const { live, now, alerts } = useConsole(params.conferenceId, loaderData.state);
  const { state, connected, command, linkStats } = live;
  const [chatSite, setChatSite] = useState<string | null>(null);
  const displayUrl = `/hoi-nghi/${conference.slug}/man-hinh`;
  return (
    <div className="live-console">
      <PageTitle>{`${t('live.console')} – ${conference.title}`}</PageTitle>
      <div className="live-head">
        <h2>{t('live.console')}</h2>
        <LiveStatus phase={state.phase} connected={connected} />
        <SessionControls state={state} command={command} now={now} />
        <a href={displayUrl} target="_blank" rel="noreferrer">
          {t('live.display')}
        </a>
        {loaderData.displayToken && (
          <a
            href={`${displayUrl}?token=${loaderData.displayToken}`}
            target="_blank"
            rel="noreferrer"
          >
            {t('media.displayLink')}
          </a>
        )}
      </div>
      <ConsoleBar live={live} alerts={alerts} />
      <ChairMedia
        conferenceId={params.conferenceId}
        access={loaderData.media}
        state={state}
        command={command}
        linkStats={linkStats}
      />
      <div className="live-grid">
        <FloorPanel
          state={state}
          command={command}
          now={now}
          sites={sites}
          defaultMinutes={conference.defaultTurnMinutes}
        />
        <QueuePanel
          state={state}
          command={command}
          now={now}
          defaultMinutes={conference.defaultTurnMinutes}
        />
        <AgendaPanel state={state} command={command} agenda={loaderData.agenda} />
        <SiteBoard state={state} sites={sites} onChat={setChatSite} />
        <ChatPanel
          state={state}
          command={command}
          sites={sites}
          siteId={chatSite}
          onSiteChange={setChatSite}
          desk
        />
        <SpokenPanel state={state} now={now} />
        <AnnouncementsPanel state={state} command={command} />
        <DisplayPanel state={state} command={command} top={loaderData.top} />
      </div>
    </div>
  );
}
