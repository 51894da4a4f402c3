import { useEffect, useRef, useState } from 'react';
import type { MediaGrant } from '../../protocol/media.ts';
import type { LinkStats } from '../../domain/media/link-quality.ts';
import { MediaRoom, type MediaRoomStatus } from './media-room.ts';

const STATS_EVERY_MS = 3000;

/** What a page knows about media before the browser joins: from its loader. */
export type MediaAccess =
  { status: 'off' | 'connecting' | 'closed'; grant: null } | { status: 'ready'; grant: MediaGrant };

/**
 * Joins the conference's media room for this screen: publishes `local` (site consoles),
 * shows `programSite`'s picture, plays the other sites' sound, and for the chair,
 * the grid. Link statistics go to `onStats` every few seconds.
 */
export function useMediaRoom(opts: {
  conferenceId: string;
  grant: MediaGrant | null;
  programSite: string | null;
  /** The site whose shared screen the program shows beside the speaker. */
  contentSite?: string | null;
  local: MediaStream | null;
  grid?: boolean;
  /** Sites whose sound this screen does not play. */
  silent?: string[];
  audioOnly?: boolean;
  displayToken?: string;
  onStats?: (stats: LinkStats) => void;
}) {
  const roomRef = useRef<MediaRoom | null>(null);
  const [status, setStatus] = useState<MediaRoomStatus | null>(null);
  const [program, setProgram] = useState<{ track: MediaStreamTrack | null; siteId: string | null }>(
    { track: null, siteId: null },
  );
  const [audio, setAudio] = useState<MediaStream | null>(null);
  const [tiles, setTiles] = useState<Map<string, MediaStreamTrack>>(new Map());
  const [publishers, setPublishers] = useState<Set<string>>(new Set());
  const [moderated, setModerated] = useState<boolean | null>(null);
  const [content, setContent] = useState<{ track: MediaStreamTrack | null; siteId: string | null }>(
    { track: null, siteId: null },
  );
  const [sharing, setSharing] = useState(false);
  const [shareEnded, setShareEnded] = useState<string | null>(null);
  const localRef = useRef(opts.local);
  const statsRef = useRef(opts.onStats);
  const programRef = useRef(opts.programSite);
  const contentRef = useRef(opts.contentSite ?? null);
  useEffect(() => {
    localRef.current = opts.local;
    statsRef.current = opts.onStats;
    programRef.current = opts.programSite;
    contentRef.current = opts.contentSite ?? null;
  });
  const { grant, conferenceId, grid, displayToken } = opts;
  const silent = (opts.silent ?? []).join(',');

  useEffect(() => {
    if (!grant) return;
    const room = new MediaRoom({
      conferenceId,
      grant,
      grid,
      displayToken,
      silent: silent ? silent.split(',') : [],
      on: {
        status: (s) => setStatus(s),
        program: (track, siteId) => setProgram({ track, siteId }),
        audio: (stream) => setAudio(new MediaStream(stream.getTracks())),
        tiles: (t) => setTiles(t),
        publishers: (p) => setPublishers(p),
        moderated: (m) => setModerated(m),
        content: (track, siteId) => setContent({ track, siteId }),
        shareEnded: (reason) => {
          setSharing(false);
          setShareEnded(reason);
        },
      },
    });
    roomRef.current = room;
    room.setProgram(programRef.current);
    room.setContent(contentRef.current);
    room.start(localRef.current);
    const timer = setInterval(() => {
      void room.stats().then((s) => s && statsRef.current?.(s));
    }, STATS_EVERY_MS);
    return () => {
      clearInterval(timer);
      room.stop();
      roomRef.current = null;
    };
    // A new grant (another site, a new room) is a new room connection.
  }, [conferenceId, grant?.room, grant?.feed, grid, displayToken, silent]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    roomRef.current?.setProgram(opts.programSite);
  }, [opts.programSite]);

  useEffect(() => {
    roomRef.current?.setContent(opts.contentSite ?? null);
  }, [opts.contentSite]);

  useEffect(() => {
    roomRef.current?.setAudioOnly(!!opts.audioOnly);
  }, [opts.audioOnly, status]);

  const firstLocal = useRef(true);
  useEffect(() => {
    if (firstLocal.current) {
      firstLocal.current = false;
      return;
    }
    roomRef.current?.setLocal(opts.local);
  }, [opts.local]);

  /** Shares a screen; rejects with the server's reason. */
  const startShare = async (stream: MediaStream) => {
    const room = roomRef.current;
    if (!room) throw new Error('not_ready');
    setShareEnded(null);
    await room.startShare(stream);
    setSharing(true);
  };
  const stopShare = () => roomRef.current?.stopShare();

  return {
    status,
    program,
    audio,
    tiles,
    publishers,
    moderated,
    content,
    sharing,
    shareEnded,
    startShare,
    stopShare,
  };
}
