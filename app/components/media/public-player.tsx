import { useEffect, useRef, useState } from 'react';
import { useTranslation } from '../../i18n/use-translation.ts';
import type { LiveState } from '../../../protocol/live.ts';
import type { RecordingView } from '../../../domain/media/recordings.ts';
import type Hls from 'hls.js';

/**
 * The public live stream (HLS, packaged on the server): plays on a phone without an
 * account, starts muted (browsers allow that without a tap) with a button for sound,
 * and tries again by itself while the stream is not there yet.
 */
export function LivePlayer({ conferenceId, state }: { conferenceId: string; state: LiveState }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLVideoElement>(null);
  const [playing, setPlaying] = useState(false);
  const [muted, setMuted] = useState(true);
  /** Waited long without a picture (no stream for this conference yet). */
  const [late, setLate] = useState(false);
  const streaming = !state.rehearsal && (state.phase === 'in_progress' || state.phase === 'paused');
  const src = `/media/live/${conferenceId}/index.m3u8`;

  useEffect(() => {
    const video = ref.current;
    if (!video || !streaming) return;
    let stopped = false;
    let hls: Hls | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const onPlaying = () => {
      setPlaying(true);
      setLate(false);
    };
    video.addEventListener('playing', onPlaying);
    const lateTimer = setTimeout(() => setLate(true), 20_000);
    const play = () => void video.play().catch(() => {});
    const start = async () => {
      if (stopped) return;
      const { default: HlsPlayer } = await import('hls.js');
      if (stopped) return;
      if (!HlsPlayer.isSupported()) {
        // Safari on iPhone plays HLS itself.
        video.src = src;
        play();
        return;
      }
      hls = new HlsPlayer({ liveSyncDurationCount: 2, manifestLoadingMaxRetry: 2 });
      hls.on(HlsPlayer.Events.ERROR, (_e, data) => {
        if (!data.fatal) return;
        // Not there yet (the first seconds), or the encoder started again: try again soon.
        hls?.destroy();
        hls = null;
        setPlaying(false);
        retry = setTimeout(() => void start(), 3000);
      });
      hls.on(HlsPlayer.Events.MANIFEST_PARSED, play);
      hls.loadSource(src);
      hls.attachMedia(video);
    };
    void start();
    return () => {
      stopped = true;
      clearTimeout(retry);
      clearTimeout(lateTimer);
      video.removeEventListener('playing', onPlaying);
      hls?.destroy();
      video.removeAttribute('src');
      setPlaying(false);
    };
  }, [src, streaming]);

  let notice: string | null = null;
  if (state.rehearsal || state.phase === 'not_started' || state.phase === 'technical_check')
    notice = t('stream.notStarted');
  else if (state.phase === 'ended') notice = t('stream.ended');
  else if (state.phase === 'paused') notice = t('stream.paused');
  else if (!playing) notice = late ? t('stream.late') : t('stream.connecting');

  return (
    <figure className="live-player" data-testid="live-player">
      {streaming && (
        <video
          ref={ref}
          className="live-player-video"
          muted={muted}
          playsInline
          autoPlay
          aria-label={t('stream.video')}
        />
      )}
      {notice && (
        <p className="live-player-notice" role="status" data-testid="stream-notice">
          {notice}
        </p>
      )}
      {streaming && playing && (
        <button
          type="button"
          className="button button-secondary live-player-sound"
          onClick={() => {
            setMuted(!muted);
            if (ref.current) ref.current.muted = !muted;
          }}
        >
          {muted ? t('stream.unmute') : t('stream.mute')}
        </button>
      )}
    </figure>
  );
}

const clock = (seconds: number) => {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n: number) => String(n).padStart(2, '0');
  return h ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
};

/** An assembled recording with its chapters: one per turn, each a link into the video. */
export function RecordingPlayer({ recording }: { recording: RecordingView }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLVideoElement>(null);
  if (!recording.url) return null;
  return (
    <figure className="recording" data-testid="recording-player">
      <video
        ref={ref}
        className="recording-video"
        controls
        preload="metadata"
        playsInline
        src={recording.url}
        aria-label={t('stream.recording')}
      >
        <track kind="chapters" src={recording.url.replace(/\.mp4$/, '.vtt')} default />
      </video>
      <figcaption>
        <h3>{t('stream.chapters')}</h3>
        <ol className="chapters">
          {recording.chapters.map((c) => (
            <li key={c.start}>
              <button
                type="button"
                className="link-button"
                onClick={() => {
                  const video = ref.current;
                  if (!video) return;
                  video.currentTime = c.start;
                  void video.play().catch(() => {});
                }}
              >
                <span className="muted">{clock(c.start)}</span> {c.siteName}
                {c.turn === false ? ` — ${t('stream.chairing')}` : ''}
                {c.delegateName ? ` — ${c.delegateName}` : ''}
                {c.themeTitle ? ` · ${c.themeTitle}` : ''}
              </button>
            </li>
          ))}
        </ol>
        <a href={recording.url} download>
          {t('stream.download')}
        </a>
      </figcaption>
    </figure>
  );
}
