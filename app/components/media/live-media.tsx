import { useEffect, useRef, useState } from 'react';
import { useTranslation } from '../../i18n/use-translation.ts';
import type { LinkStats } from '../../../domain/media/link-quality.ts';
import {
  mayShare,
  mediaOpen,
  openMicrophones,
  programSite,
} from '../../../domain/media/program.ts';
import type { LiveCommand, LiveState } from '../../../protocol/live.ts';
import { useMediaRoom, type MediaAccess } from '../../live/use-media.ts';
import type { MediaGrant } from '../../../protocol/media.ts';
import { Panel } from '../live/panel.tsx';
import {
  AudioOut,
  LocalDevices,
  MediaNotice,
  LayoutPicker,
  ProgramView,
  RecordingBadge,
  ShareControls,
  SiteGrid,
  useGrant,
} from './media-panels.tsx';

type Command = (c: LiveCommand) => Promise<unknown>;

function siteName(grant: { sites: { id: string; name: string }[] } | null, id: string | null) {
  return (id && grant?.sites.find((s) => s.id === id)?.name) || null;
}

/** The media room of a screen that follows the program (the floor holder, else the host). */
function useProgramRoom(
  conferenceId: string,
  grant: MediaGrant | null,
  state: LiveState,
  extra: Omit<
    Parameters<typeof useMediaRoom>[0],
    'conferenceId' | 'grant' | 'programSite' | 'contentSite'
  >,
) {
  const program = programSite(state, grant?.hostSiteId ?? null);
  // The shared screen, unless the chair shows the speaker alone.
  const contentSite = state.layout === 'speaker' ? null : (state.content?.siteId ?? null);
  const media = useMediaRoom({ conferenceId, grant, programSite: program, contentSite, ...extra });
  return {
    media,
    program,
    programName: siteName(grant, media.program.siteId ?? program),
    programAudioOnly: !!program && !!state.sites[program]?.audioOnly,
    content: contentSite
      ? { track: media.content.track, siteName: siteName(grant, contentSite) }
      : null,
  };
}

/** A site console's media: its camera and microphone, the program, the others' sound. */
export function SiteMedia({
  conferenceId,
  siteId,
  access,
  state,
  command,
  sendStats,
}: {
  conferenceId: string;
  siteId: string;
  access: MediaAccess;
  state: LiveState;
  command: Command;
  sendStats: (siteId: string, stats: LinkStats) => void;
}) {
  const { t } = useTranslation();
  const grant = useGrant(access, state, conferenceId, siteId);
  const [local, setLocal] = useState<MediaStream | null>(null);
  const [level, setLevel] = useState<number | null>(null);
  const audioOnly = state.sites[siteId]?.audioOnly ?? false;
  const { media, program, programName, content } = useProgramRoom(conferenceId, grant, state, {
    local,
    audioOnly,
    onStats: (stats) => {
      setLevel(stats.audioLevel);
      sendStats(siteId, stats);
    },
  });
  // A link past the threshold falls back to audio only by itself (a live event the
  // chair sees); going back to video is the site's or the chair's choice.
  const degraded = state.sites[siteId]?.media === 'degraded';
  const wasDegraded = useRef(degraded);
  useEffect(() => {
    if (degraded === wasDegraded.current) return;
    wasDegraded.current = degraded;
    // Once, when the link degrades: the site or the chair may turn video back on.
    if (degraded && !audioOnly) void command({ type: 'site.audio_only', siteId, audioOnly: true });
  }, [degraded, audioOnly, siteId, command]);
  // What the floor says; Janus enforces it (the moderation event confirms it).
  const micOpen = openMicrophones(state, grant?.hostSiteId ?? null).has(siteId);
  return (
    <Panel title={t('media.title')} wide>
      <RecordingBadge on={state.recording} />
      <MediaNotice
        access={access}
        status={media.status}
        open={mediaOpen(state)}
        ended={state.phase === 'ended'}
      />
      {grant && (
        <div className="media-layout">
          <ProgramView
            track={program === siteId ? (local?.getVideoTracks()[0] ?? null) : media.program.track}
            siteName={programName}
            audioOnly={program !== siteId && !!program && !!state.sites[program]?.audioOnly}
            content={content}
            layout={state.layout}
          />
          <LocalDevices
            local={local}
            onLocal={setLocal}
            micOpen={media.moderated === null ? micOpen : !media.moderated}
            mutedByChair={state.sites[siteId]?.muted ?? false}
            audioOnly={audioOnly}
            onAudioOnly={(on) => void command({ type: 'site.audio_only', siteId, audioOnly: on })}
            level={local ? level : null}
          />
          <ShareControls
            allowed={mayShare(state, grant.hostSiteId, siteId)}
            sharing={media.sharing}
            ended={media.shareEnded}
            onStart={media.startShare}
            onStop={media.stopShare}
          />
          <AudioOut stream={media.audio} />
        </div>
      )}
    </Panel>
  );
}

/** The chair's media: the program, and every site at once. */
export function ChairMedia({
  conferenceId,
  access,
  state,
  command,
  linkStats,
}: {
  conferenceId: string;
  access: MediaAccess;
  state: LiveState;
  command: Command;
  linkStats: Record<string, LinkStats>;
}) {
  const { t } = useTranslation();
  const grant = useGrant(access, state, conferenceId);
  const { media, programName, programAudioOnly, content } = useProgramRoom(
    conferenceId,
    grant,
    state,
    { local: null, grid: true },
  );
  return (
    <Panel title={t('media.title')} wide>
      <RecordingBadge on={state.recording} />
      <MediaNotice
        access={access}
        status={media.status}
        open={mediaOpen(state)}
        ended={state.phase === 'ended'}
      />
      {grant && (
        <div className="chair-media">
          <div>
            <ProgramView
              track={media.program.track}
              siteName={programName}
              audioOnly={programAudioOnly}
              content={content}
              layout={state.layout}
            />
            <LayoutPicker
              layout={state.layout}
              onChange={(layout) => void command({ type: 'program.layout', layout })}
            />
            <AudioOut stream={media.audio} />
          </div>
          <section aria-label={t('media.grid')}>
            <SiteGrid
              sites={grant.sites}
              state={state}
              tiles={media.tiles}
              linkStats={linkStats}
              command={command}
            />
          </section>
        </div>
      )}
    </Panel>
  );
}

/** The hall display's picture and sound. */
export function DisplayMedia({
  conferenceId,
  access,
  state,
  displayToken,
}: {
  conferenceId: string;
  access: MediaAccess;
  state: LiveState;
  displayToken?: string;
}) {
  const grant = access.grant && mediaOpen(state) ? access.grant : null;
  const { media, programName, programAudioOnly, content } = useProgramRoom(
    conferenceId,
    grant,
    state,
    {
      local: null,
      displayToken,
      // The hall display stands in the host's hall: playing the host's microphone back
      // into that room would echo. It plays every other site.
      silent: grant?.hostSiteId ? [grant.hostSiteId] : [],
    },
  );
  if (!grant) return null;
  return (
    <>
      <ProgramView
        track={media.program.track}
        siteName={programName}
        audioOnly={programAudioOnly}
        content={content}
        layout={state.layout}
        big
      />
      <AudioOut stream={media.audio} />
    </>
  );
}
