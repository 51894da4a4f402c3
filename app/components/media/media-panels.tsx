import { useEffect, useRef, useState } from 'react';
import { useTranslation } from '../../i18n/use-translation.ts';
import { trouble, type LinkStats } from '../../../domain/media/link-quality.ts';
import { mediaOpen } from '../../../domain/media/program.ts';
import {
  programLayouts,
  type LiveCommand,
  type LiveState,
  type ProgramLayout,
} from '../../../protocol/live.ts';
import { openTurns } from '../../../domain/live/reducer.ts';
import { MediaGrant } from '../../../protocol/media.ts';
import type { MediaAccess } from '../../live/use-media.ts';
import type { MediaRoomStatus } from '../../live/media-room.ts';

/** A video element playing one track (muted: sound goes through `AudioOut`). */
export function TrackVideo({
  track,
  label,
  className,
}: {
  track: MediaStreamTrack | null;
  label: string;
  className?: string;
}) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const video = ref.current;
    if (!video) return;
    video.srcObject = track ? new MediaStream([track]) : null;
    if (track) void video.play().catch(() => {});
  }, [track]);
  return <video ref={ref} className={className} aria-label={label} muted autoPlay playsInline />;
}

/** The other sites' sound. */
export function AudioOut({ stream }: { stream: MediaStream | null }) {
  const ref = useRef<HTMLAudioElement>(null);
  useEffect(() => {
    const audio = ref.current;
    if (!audio) return;
    audio.srcObject = stream;
    if (stream) void audio.play().catch(() => {});
  }, [stream]);
  return <audio ref={ref} autoPlay data-testid="media-audio" />;
}

/**
 * The grant this screen joins with: the loader's, or, when the session opened after
 * the page was loaded, one asked for then (a signed-in screen).
 */
export function useGrant(
  access: MediaAccess,
  state: LiveState,
  conferenceId: string,
  siteId?: string,
): MediaGrant | null {
  const [fetched, setFetched] = useState<MediaGrant | null>(null);
  const open = mediaOpen(state);
  useEffect(() => {
    if (access.grant || access.status !== 'closed' || !open) return;
    let cancelled = false;
    const q = siteId ? `?site=${siteId}` : '';
    void fetch(`/api/v1/conferences/${conferenceId}/media${q}`)
      .then((r) => (r.ok ? r.json() : null))
      .then((json) => {
        const parsed = MediaGrant.safeParse(json);
        if (!cancelled && parsed.success) setFetched(parsed.data);
      })
      .catch(() => {});
    return () => {
      cancelled = true;
    };
  }, [access, open, conferenceId, siteId]);
  if (!open) return null;
  return access.grant ?? fetched;
}

/** Why there is no picture (not configured, server not reachable, session not open). */
export function MediaNotice({
  access,
  status,
  open,
  ended,
}: {
  access: MediaAccess;
  status: MediaRoomStatus | null;
  open: boolean;
  ended?: boolean;
}) {
  const { t } = useTranslation();
  let text: string | null = null;
  if (access.status === 'off') text = t('media.off');
  else if (access.status === 'connecting') text = t('media.connectingServer');
  else if (!open) text = ended ? t('media.ended') : t('media.closed');
  else if (status && status !== 'live') text = t(`media.status.${status}`);
  if (!text) return null;
  return (
    <p className="media-notice" role="status">
      {text}
    </p>
  );
}

/**
 * The program: the floor holder's picture, else the host's, named; with a shared
 * screen, laid out as the chair chose (the same on every screen and in the stream).
 */
export function ProgramView({
  track,
  siteName,
  big,
  audioOnly,
  content,
  layout = 'speaker_content',
}: {
  track: MediaStreamTrack | null;
  siteName: string | null;
  big?: boolean;
  /** The program's site sends sound only (weak link): say so instead of a frozen picture. */
  audioOnly?: boolean;
  /** The shared screen, when one is shown. */
  content?: { track: MediaStreamTrack | null; siteName: string | null } | null;
  layout?: ProgramLayout;
}) {
  const { t } = useTranslation();
  const shown = content?.track && layout !== 'speaker' ? layout : 'speaker';
  return (
    <figure
      className={`program program-${shown}${big ? ' program-big' : ''}`}
      data-testid="program"
      data-layout={shown}
    >
      {shown !== 'speaker' && (
        <TrackVideo
          track={content!.track}
          label={t('media.contentOf', { site: content!.siteName ?? '' })}
          className="program-content"
        />
      )}
      {shown !== 'content' && (
        <TrackVideo
          track={audioOnly ? null : track}
          label={t('media.program')}
          className="program-video"
        />
      )}
      {shown === 'speaker' && (audioOnly || !track) && (
        <p className="program-empty">
          {audioOnly ? t('media.programAudioOnly', { site: siteName ?? '' }) : t('media.noProgram')}
        </p>
      )}
      <figcaption data-testid="program-site">
        {siteName ? t('media.programOf', { site: siteName }) : t('media.program')}
        {shown !== 'speaker' && content?.siteName && (
          <> · {t('media.contentOf', { site: content.siteName })}</>
        )}
      </figcaption>
    </figure>
  );
}

/** A site console's screen share: only the host and the floor holder may (the server checks). */
export function ShareControls({
  allowed,
  sharing,
  ended,
  onStart,
  onStop,
}: {
  allowed: boolean;
  sharing: boolean;
  ended: string | null;
  onStart: (stream: MediaStream) => Promise<void>;
  onStop: () => void;
}) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  async function start() {
    setError(null);
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
    } catch (err) {
      if ((err as Error).name !== 'NotAllowedError')
        setError(t('media.shareError', { message: (err as Error).message }));
      return;
    }
    try {
      await onStart(stream);
    } catch (err) {
      for (const track of stream.getTracks()) track.stop();
      const reason = (err as Error).message;
      setError(
        reason.includes('share_not_allowed')
          ? t('media.shareNotAllowed')
          : t('media.shareError', { message: reason }),
      );
    }
  }
  return (
    <div className="share-controls">
      {sharing ? (
        <button type="button" className="button button-secondary" onClick={onStop}>
          {t('media.stopShare')}
        </button>
      ) : (
        <button
          type="button"
          className="button button-secondary"
          onClick={() => void start()}
          aria-disabled={!allowed}
          aria-describedby={allowed ? undefined : 'share-hint'}
        >
          {t('media.share')}
        </button>
      )}
      {!allowed && !sharing && (
        <p className="field-hint" id="share-hint">
          {t('media.shareHint')}
        </p>
      )}
      {ended === 'ended' && !sharing && (
        <p className="alert" role="status">
          {t('media.shareEndedTurn')}
        </p>
      )}
      {error && (
        <p className="alert alert-error" role="alert" data-testid="share-error">
          {error}
        </p>
      )}
    </div>
  );
}

/** The chair's choice of how the program shows a shared screen. */
export function LayoutPicker({
  layout,
  onChange,
}: {
  layout: ProgramLayout;
  onChange: (layout: ProgramLayout) => void;
}) {
  const { t } = useTranslation();
  return (
    <fieldset className="layout-picker">
      <legend>{t('media.layout')}</legend>
      {programLayouts.map((l) => (
        <label key={l} className="check">
          <input
            type="radio"
            name="program-layout"
            value={l}
            checked={layout === l}
            onChange={() => onChange(l)}
          />{' '}
          {t(`media.layouts.${l}`)}
        </label>
      ))}
    </fieldset>
  );
}

/** Shown on every screen while the media server records. */
export function RecordingBadge({ on }: { on: boolean }) {
  const { t } = useTranslation();
  if (!on) return null;
  return (
    <span className="recording-badge" role="status" data-testid="recording">
      ● {t('media.recordingOn')}
    </span>
  );
}

/** Camera and microphone of a site console: device choice, preview, start and stop. */
export function LocalDevices({
  local,
  onLocal,
  micOpen,
  mutedByChair,
  audioOnly,
  onAudioOnly,
  level,
}: {
  local: MediaStream | null;
  onLocal: (stream: MediaStream | null) => void;
  micOpen: boolean | null;
  /** The chair closed this site's microphone (even with the floor). */
  mutedByChair?: boolean;
  audioOnly: boolean;
  onAudioOnly: (on: boolean) => void;
  level: number | null;
}) {
  const { t } = useTranslation();
  const [devices, setDevices] = useState<MediaDeviceInfo[]>([]);
  const [camera, setCamera] = useState('');
  const [mic, setMic] = useState('');
  const [error, setError] = useState<string | null>(null);

  async function open(cameraId = camera, micId = mic) {
    setError(null);
    try {
      const stream = await navigator.mediaDevices.getUserMedia({
        audio: micId ? { deviceId: { exact: micId } } : true,
        video:
          cameraId === 'none'
            ? false
            : {
                ...(cameraId && { deviceId: { exact: cameraId } }),
                width: { ideal: 1280 },
                height: { ideal: 720 },
              },
      });
      setDevices(await navigator.mediaDevices.enumerateDevices());
      for (const track of local?.getTracks() ?? []) track.stop();
      onLocal(stream);
    } catch (err) {
      setError(t('media.deviceError', { message: (err as Error).message }));
    }
  }
  function stop() {
    for (const track of local?.getTracks() ?? []) track.stop();
    onLocal(null);
  }
  const cameras = devices.filter((d) => d.kind === 'videoinput');
  const mics = devices.filter((d) => d.kind === 'audioinput');
  const videoTrack = local?.getVideoTracks()[0] ?? null;

  return (
    <div className="local-media">
      <TrackVideo track={videoTrack} label={t('media.preview')} className="preview" />
      {local && (
        <div className="device-choice">
          <label>
            {t('media.camera')}
            <select
              value={camera}
              onChange={(e) => {
                setCamera(e.target.value);
                void open(e.target.value, mic);
              }}
            >
              <option value="">—</option>
              {cameras.map((d, i) => (
                <option key={d.deviceId || i} value={d.deviceId}>
                  {d.label || `${t('media.camera')} ${i + 1}`}
                </option>
              ))}
              <option value="none">{t('media.noCamera')}</option>
            </select>
          </label>
          <label>
            {t('media.microphone')}
            <select
              value={mic}
              onChange={(e) => {
                setMic(e.target.value);
                void open(camera, e.target.value);
              }}
            >
              <option value="">—</option>
              {mics.map((d, i) => (
                <option key={d.deviceId || i} value={d.deviceId}>
                  {d.label || `${t('media.microphone')} ${i + 1}`}
                </option>
              ))}
            </select>
          </label>
        </div>
      )}
      {error && (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      )}
      <p className="media-actions">
        {local ? (
          <button type="button" className="button button-secondary" onClick={stop}>
            {t('media.stopPublishing')}
          </button>
        ) : (
          <button type="button" className="button" onClick={() => void open()}>
            {t('media.startPublishing')}
          </button>
        )}
        <label className="checkbox">
          <input
            type="checkbox"
            checked={audioOnly}
            onChange={(e) => onAudioOnly(e.target.checked)}
          />
          {t('media.audioOnly')}
        </label>
      </p>
      {local && micOpen !== null && (
        <p className={micOpen ? 'mic mic-open' : 'mic mic-closed'} data-testid="mic-state">
          {micOpen
            ? t('media.micOpen')
            : mutedByChair
              ? t('media.micMutedByChair')
              : t('media.micClosed')}
        </p>
      )}
      {level !== null && (
        <meter className="level" min={0} max={1} value={level} aria-label={t('media.level')} />
      )}
    </div>
  );
}

/**
 * Every site at once for the chair: name, picture (low layer), link quality; sites
 * with problems first. Fits 38 tiles on one screen.
 */
export function SiteGrid({
  sites: all,
  state,
  tiles,
  linkStats,
  command,
}: {
  sites: { id: string; name: string }[];
  state: LiveState;
  tiles: Map<string, MediaStreamTrack>;
  linkStats: Record<string, LinkStats>;
  command: (c: LiveCommand) => Promise<unknown>;
}) {
  const { t } = useTranslation();
  const speaking = new Set(openTurns(state).map((turn) => turn.siteId));
  const sites = all
    .map((site) => {
      const s = state.sites[site.id];
      const media = s?.media ?? 'off';
      return {
        siteId: site.id,
        siteName: site.name,
        media,
        muted: s?.muted ?? false,
        audioOnly: s?.audioOnly ?? false,
        // By state only (not each measurement), so tiles do not move under the chair's hand.
        score: trouble(
          undefined,
          media === 'off' ? 'off' : media === 'degraded' ? 'degraded' : 'live',
        ),
      };
    })
    .sort((a, b) => b.score - a.score || a.siteName.localeCompare(b.siteName, 'vi'));
  return (
    <ul className="site-grid" data-testid="site-grid">
      {sites.map((s) => {
        const stats = linkStats[s.siteId];
        return (
          <li
            key={s.siteId}
            className={`tile tile-${s.media}${speaking.has(s.siteId) ? ' tile-speaking' : ''}`}
            data-site={s.siteId}
          >
            <TrackVideo
              track={tiles.get(s.siteId) ?? null}
              label={s.siteName}
              className="tile-video"
            />
            <p className="tile-name">{s.siteName}</p>
            <p className="tile-state">
              {s.media !== 'off' && s.audioOnly
                ? t('media.audioOnlyShort')
                : t(`media.state.${s.media}`)}
              {s.muted ? ` · ${t('media.mutedByChair')}` : ''}
            </p>
            {stats && s.media !== 'off' && (
              <>
                <p className="tile-quality">
                  {t('media.quality', {
                    kbps: stats.bitrateKbps,
                    loss: stats.lossPct,
                    rtt: stats.rttMs,
                  })}
                </p>
                <meter
                  className="level"
                  min={0}
                  max={1}
                  value={stats.audioLevel}
                  aria-label={`${t('media.level')}: ${s.siteName}`}
                />
              </>
            )}
            <p className="tile-actions">
              <button
                type="button"
                className="button button-secondary button-small"
                onClick={() =>
                  void command({ type: 'site.mute', siteId: s.siteId, muted: !s.muted })
                }
              >
                {s.muted ? t('media.unmute') : t('media.mute')}
              </button>
              <label className="checkbox">
                <input
                  type="checkbox"
                  checked={s.audioOnly}
                  onChange={(e) =>
                    void command({
                      type: 'site.audio_only',
                      siteId: s.siteId,
                      audioOnly: e.target.checked,
                    })
                  }
                />
                {t('media.audioOnly')}
              </label>
            </p>
          </li>
        );
      })}
    </ul>
  );
}
