import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { appendFile, mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { createSocket, type Socket } from 'node:dgram';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Database } from '../../db/database.ts';
import { conferences } from '../../db/schema/conferences.ts';
import { loadState } from '../../domain/live/event-store.ts';
import { shareFeed, siteFeed } from '../../domain/media/media-grant.ts';
import { programPlan, type ProgramPlan } from '../../domain/media/program.ts';
import { releaseLease, takeLease } from './lease.ts';
import type { MediaService } from './media-service.ts';
import { PROGRAM_FPS, programAudioFilter, programVideoFilter } from './program-layout.ts';

/** Seconds per HLS segment (a keyframe starts each one). */
export const SEGMENT_SECONDS = 2;
const LEASE_MS = 15_000;
const STALL_MS = 12_000;
const VP8_PT = 96;
const OPUS_PT = 111;

interface Run {
  key: string;
  id: string;
  child: ChildProcess;
  forwards: { feed: string; streamId: number }[];
  startedAt: number;
  exited: Promise<void>;
  /** The end of ffmpeg's messages. */
  tail(): string;
}

interface Stream {
  conferenceId: string;
  run: Run | null;
  /** Work on this stream, one step at a time. */
  chain: Promise<void>;
  leased: boolean;
  visibility: 'public' | 'internal' | null;
  restarts: number;
  /** Encoder exits in a row (each one waits longer before the next try). */
  failures: number;
}

/** Binds a UDP socket; resolves with it, or null when the port is taken. */
function bindUdp(port: number): Promise<Socket | null> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    socket.once('error', () => resolve(null));
    socket.bind(port, '127.0.0.1', () => resolve(socket));
  });
}
const closeUdp = (socket: Socket) => new Promise<void>((r) => socket.close(() => r()));

/**
 * A free even UDP port on 127.0.0.1 whose next port is free too: one RTP input of
 * ffmpeg (it listens for RTCP on the port after).
 */
async function freeUdpPair(): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    const first = await bindUdp(0);
    if (!first) throw new Error('no UDP port');
    const port = first.address().port;
    const even = port % 2 === 0 ? port : port + 1;
    const a = even === port ? first : await bindUdp(even);
    const b = a ? await bindUdp(even + 1) : null;
    await Promise.all(
      [first, a, b].filter((x, i, all) => x && all.indexOf(x) === i).map((x) => closeUdp(x!)),
    );
    if (a && b) return even;
    if (attempt > 20) throw new Error('no free UDP port pair');
  }
}

/** RTCP PLI (RFC 4585): "send a keyframe". Janus passes it on to the publisher. */
const PLI = Buffer.from([0x81, 206, 0, 2, 0, 0, 0, 1, 0, 0, 0, 0]);

/** Resolves once some process (ffmpeg) has bound each of the UDP `ports`, or after `ms`. */
async function listening(ports: number[], ms: number) {
  const deadline = Date.now() + ms;
  for (;;) {
    // Bound UDP sockets of this network namespace ("sl local_address:port …", in hex),
    // IPv4 and IPv6 (ffmpeg may bind either).
    const tables = await Promise.all(
      ['/proc/net/udp', '/proc/net/udp6'].map((f) => readFile(f, 'utf8').catch(() => '')),
    );
    if (!tables.join('')) return new Promise((r) => setTimeout(r, 500)); // not Linux: wait a little
    const bound = new Set(
      tables
        .flatMap((t) => t.split('\n').slice(1))
        .map((line) => parseInt(line.trim().split(/\s+/)[1]?.split(':').at(-1) ?? '', 16)),
    );
    if (ports.every((p) => bound.has(p)) || Date.now() > deadline) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

const sdp = (kind: 'video' | 'audio', port: number, source: string) =>
  [
    'v=0',
    'o=- 0 0 IN IP4 127.0.0.1',
    's=program',
    `c=IN IP4 ${source}`,
    't=0 0',
    kind === 'video'
      ? `m=video ${port} RTP/AVP ${VP8_PT}\na=rtpmap:${VP8_PT} VP8/90000`
      : `m=audio ${port} RTP/AVP ${OPUS_PT}\na=rtpmap:${OPUS_PT} opus/48000/2`,
    '',
  ].join('\n');

/**
 * The public live stream of each public conference in session: the program (the
 * floor holder, else the host; a shared screen as the chair lays it out; the open
 * microphones mixed) composed by ffmpeg from Janus's RTP forwards and packaged as HLS
 * under `<mediaDir>/live/<conferenceId>/`, served as static files (a CDN may sit in
 * front). One instance encodes a conference (a lease in the database); when the
 * program changes, ffmpeg starts again with the new inputs and the playlist carries a
 * discontinuity. See docs/decisions/0008-public-stream-as-hls.md.
 */
export function createProgramStream(deps: {
  db: Database;
  media: MediaService;
  logger: Logger;
  mediaDir: string;
  /** Where Janus sends the forwards: this instance's address as Janus reaches it. */
  forwardHost: string;
  /** Janus's address, for keyframe requests to its forwarders' RTCP sockets. */
  janusHost: string;
  ffmpeg?: string;
}) {
  const log = deps.logger.child({ module: 'program-stream' });
  const holder = randomUUID();
  const streams = new Map<string, Stream>();
  const ffmpeg = deps.ffmpeg ?? 'ffmpeg';
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let offChange: (() => void) | null = null;

  const liveDir = (conferenceId: string) => join(deps.mediaDir, 'live', conferenceId);

  function streamOf(conferenceId: string): Stream {
    let s = streams.get(conferenceId);
    if (!s) {
      s = {
        conferenceId,
        run: null,
        chain: Promise.resolve(),
        leased: false,
        visibility: null,
        restarts: 0,
        failures: 0,
      };
      streams.set(conferenceId, s);
    }
    return s;
  }

  function queue(s: Stream, work: () => Promise<void>) {
    s.chain = s.chain
      .then(work)
      .catch((err: unknown) =>
        log.warn({ err, conferenceId: s.conferenceId }, 'program stream step failed'),
      );
    return s.chain;
  }

  async function visibility(s: Stream) {
    const [row] = await deps.db
      .select({ visibility: conferences.visibility })
      .from(conferences)
      .where(eq(conferences.id, s.conferenceId));
    s.visibility = row?.visibility ?? null;
  }

  /** What the stream should be now: a plan, or null (nothing to stream). */
  function wanted(s: Stream): ProgramPlan | null {
    const sources = deps.media.programSources(s.conferenceId);
    if (!sources || s.visibility !== 'public') return null;
    const { state } = sources;
    if (state.rehearsal || (state.phase !== 'in_progress' && state.phase !== 'paused')) return null;
    return programPlan(sources);
  }

  async function evaluate(s: Stream) {
    if (stopped) return;
    if (s.visibility === null) await visibility(s);
    const plan = wanted(s);
    if (!plan) {
      // Ended (the room is closed then): the playlist says so, players stop asking.
      if (s.run) await finish(s, (await loadState(deps.db, s.conferenceId)).phase);
      return;
    }
    s.leased = await takeLease(deps.db, `program:${s.conferenceId}`, holder, LEASE_MS);
    if (!s.leased) {
      if (s.run) await stopRun(s);
      return;
    }
    if (s.run && s.run.key === plan.key && !(await stalled(s))) return;
    if (s.run) await stopRun(s);
    await startRun(s, plan);
  }

  async function stalled(s: Stream): Promise<boolean> {
    const run = s.run;
    if (!run || Date.now() - run.startedAt < STALL_MS) return false;
    const updated = await stat(join(liveDir(s.conferenceId), 'index.m3u8'))
      .then((st) => st.mtimeMs)
      .catch(() => 0);
    // Quiet since this run started (an older run's last write does not count).
    if (Date.now() - Math.max(updated, run.startedAt) < STALL_MS) return false;
    log.warn(
      { conferenceId: s.conferenceId, ffmpeg: run.tail() },
      'program stream stalled; starting again',
    );
    return true;
  }

  async function startRun(s: Stream, plan: ProgramPlan) {
    const dir = liveDir(s.conferenceId);
    await mkdir(dir, { recursive: true });
    const id = (Date.now() % 1e9).toString(36);
    const args = ['-hide_banner', '-loglevel', 'warning', '-nostdin'];
    const forwards: {
      feed: string;
      streams: { mid: string; port: number; pt: number; simulcast?: boolean }[];
    }[] = [];
    let index = 0;
    const ports: number[] = [];
    const input = async (kind: 'video' | 'audio', feed: string, mid: string, simulcast = false) => {
      const port = await freeUdpPair();
      const file = join(dir, `in-${id}-${index}.sdp`);
      await writeFile(file, sdp(kind, port, deps.janusHost));
      // No probing: the decoders learn the picture size from the first keyframe, and
      // ffmpeg opens every input's socket at once (probing one input at a time would
      // leave the others' keyframes to fall on closed ports).
      args.push(
        ...['-protocol_whitelist', 'file,udp,rtp', '-analyzeduration', '0', '-probesize', '32'],
        ...['-i', file],
      );
      ports.push(port);
      const entry = forwards.find((f) => f.feed === feed) ?? { feed, streams: [] };
      if (!forwards.includes(entry)) forwards.push(entry);
      entry.streams.push({
        mid,
        port,
        pt: kind === 'video' ? VP8_PT : OPUS_PT,
        // A simulcast picture is forwarded as one stream, its best layer.
        ...(simulcast && { simulcast: true }),
        // Janus opens an RTCP socket for the forward: keyframe requests go there.
        ...(kind === 'video' && { rtcp_port: port + 1 }),
      });
      return `${index++}:${kind === 'video' ? 'v' : 'a'}`;
    };
    const speaker = plan.speaker
      ? await input(
          'video',
          siteFeed(plan.speaker.siteId),
          plan.speaker.videoMid,
          plan.speaker.simulcast,
        )
      : null;
    const content = plan.content
      ? await input('video', shareFeed(plan.content.siteId), plan.content.videoMid)
      : null;
    const audio: string[] = [];
    for (const a of plan.audio) audio.push(await input('audio', siteFeed(a.siteId), a.mid));
    // Each input's clock starts at its first packet.
    const pre: string[] = [];
    const startAt = (label: string, video: boolean) => {
      const out = `p${pre.length}`;
      pre.push(`[${label}]${video ? 'setpts' : 'asetpts'}=PTS-STARTPTS[${out}]`);
      return out;
    };
    const speakerIn = speaker ? startAt(speaker, true) : null;
    const contentIn = content ? startAt(content, true) : null;
    const audioIn = audio.map((a) => startAt(a, false));
    const filter = [
      ...pre,
      programVideoFilter({
        layout: plan.layout,
        speaker: speakerIn,
        content: contentIn,
        slate: plan.slate,
        out: 'vc',
      }),
      `[vc]realtime[v]`,
      programAudioFilter({ inputs: audioIn, out: 'ac' }),
      `[ac]aresample=async=1000[a]`,
    ].join(';');
    args.push(
      '-filter_complex',
      filter,
      '-map',
      '[v]',
      '-map',
      '[a]',
      '-c:v',
      'libx264',
      '-preset',
      'veryfast',
      '-tune',
      'zerolatency',
      '-r',
      String(PROGRAM_FPS),
      '-g',
      String(PROGRAM_FPS * SEGMENT_SECONDS),
      '-keyint_min',
      String(PROGRAM_FPS * SEGMENT_SECONDS),
      '-sc_threshold',
      '0',
      '-b:v',
      '2500k',
      '-maxrate',
      '2500k',
      '-bufsize',
      '5000k',
      '-pix_fmt',
      'yuv420p',
      '-c:a',
      'aac',
      '-b:a',
      '128k',
      '-ar',
      '48000',
      '-ac',
      '2',
      '-f',
      'hls',
      '-hls_time',
      String(SEGMENT_SECONDS),
      '-hls_list_size',
      '8',
      '-hls_flags',
      'delete_segments+append_list+discont_start+omit_endlist+program_date_time+temp_file+independent_segments',
      '-hls_segment_filename',
      join(dir, `seg-${id}-%05d.ts`),
      join(dir, 'index.m3u8'),
    );
    const child = spawn(ffmpeg, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let tail = '';
    child.stderr?.on('data', (d: Buffer) => {
      tail = (tail + String(d)).slice(-2000);
    });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.once('exit', (code, signal) => {
      if (s.run?.child !== child) return;
      log.warn({ conferenceId: s.conferenceId, code, signal, tail }, 'program encoder exited');
      s.run = null;
      s.failures = Date.now() - run.startedAt > 30_000 ? 1 : s.failures + 1;
      const delay = Math.min(30_000, 1000 * 2 ** (s.failures - 1));
      if (!stopped) setTimeout(() => void queue(s, () => evaluate(s)), delay).unref();
    });
    const run: Run = {
      key: plan.key,
      id,
      child,
      forwards: [],
      startedAt: Date.now(),
      exited,
      tail: () => tail,
    };
    s.run = run;
    // Janus forwards once ffmpeg listens on every port (it asks the publishers for a
    // keyframe then).
    await listening(ports, 5000);
    const rtcp: number[] = [];
    for (const f of forwards) {
      try {
        const made = await deps.media.forward(s.conferenceId, f.feed, deps.forwardHost, f.streams);
        for (const m of made) {
          run.forwards.push({ feed: f.feed, streamId: m.streamId });
          if (m.rtcpPort) rtcp.push(m.rtcpPort);
        }
      } catch (err) {
        log.warn({ err, conferenceId: s.conferenceId, feed: f.feed }, 'rtp forward failed');
      }
    }
    // Janus does not ask for a keyframe when a forward starts: ffmpeg cannot decode a
    // picture until one comes, so ask now and a few times more (some may be lost).
    void askKeyframes(run, rtcp);
    s.restarts++;
    log.info({ conferenceId: s.conferenceId, key: plan.key }, 'program stream (re)started');
  }

  async function askKeyframes(run: Run, ports: number[]) {
    if (!ports.length) return;
    const socket = createSocket('udp4');
    socket.on('error', () => {});
    for (const delay of [0, 500, 1000, 2000, 4000]) {
      await new Promise((r) => setTimeout(r, delay));
      if (run.child.exitCode !== null) break;
      for (const port of ports) socket.send(PLI, port, deps.janusHost);
    }
    socket.close();
  }

  async function stopRun(s: Stream) {
    const run = s.run;
    if (!run) return;
    s.run = null;
    for (const f of run.forwards) await deps.media.stopForward(s.conferenceId, f.feed, f.streamId);
    run.child.kill('SIGINT');
    const kill = setTimeout(() => run.child.kill('SIGKILL'), 3000);
    await run.exited;
    clearTimeout(kill);
    await removeInputs(s.conferenceId, run.id);
  }

  /** The SDP files of a run (the playlist and its segments stay for the viewers). */
  async function removeInputs(conferenceId: string, runId: string) {
    const dir = liveDir(conferenceId);
    const files = await readdir(dir).catch(() => [] as string[]);
    await Promise.all(
      files
        .filter((f) => f.startsWith(`in-${runId}-`))
        .map((f) => rm(join(dir, f), { force: true })),
    );
  }

  /** The session is over (or the stream not wanted): the playlist ends. */
  async function finish(s: Stream, phase: string | undefined) {
    const run = s.run;
    if (!run) return;
    s.run = null;
    for (const f of run.forwards) await deps.media.stopForward(s.conferenceId, f.feed, f.streamId);
    run.child.kill('SIGINT');
    const kill = setTimeout(() => run.child.kill('SIGKILL'), 3000);
    await run.exited;
    clearTimeout(kill);
    await removeInputs(s.conferenceId, run.id);
    const playlist = join(liveDir(s.conferenceId), 'index.m3u8');
    if (phase === 'ended') {
      const text = await readFile(playlist, 'utf8').catch(() => '');
      if (text && !text.includes('#EXT-X-ENDLIST')) await appendFile(playlist, '#EXT-X-ENDLIST\n');
    }
    await releaseLease(deps.db, `program:${s.conferenceId}`, holder);
    s.leased = false;
  }

  return {
    start() {
      offChange = deps.media.onChange((conferenceId) => {
        const s = streamOf(conferenceId);
        void queue(s, () => evaluate(s));
      });
      // Renew leases, notice stalls, take over a stream whose instance stopped.
      timer = setInterval(() => {
        for (const s of streams.values()) {
          s.visibility = null; // public or internal may have changed
          void queue(s, () => evaluate(s));
        }
      }, LEASE_MS / 3);
      timer.unref();
    },
    /** Visibility changed (public/internal): looked up again. */
    refresh(conferenceId: string) {
      const s = streams.get(conferenceId);
      if (!s) return;
      s.visibility = null;
      void queue(s, () => evaluate(s));
    },
    /** Restarts of the encoder so far (tests, metrics). */
    runs(conferenceId: string) {
      return streams.get(conferenceId)?.restarts ?? 0;
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      offChange?.();
      await Promise.all(
        [...streams.values()].map((s) =>
          queue(s, async () => {
            if (s.run) await finish(s, undefined);
          }),
        ),
      );
    },
  };
}

export type ProgramStream = ReturnType<typeof createProgramStream>;
