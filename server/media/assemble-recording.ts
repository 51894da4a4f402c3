import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { programOffset, type ProgramTimeline } from '../../domain/media/program-timeline.ts';
import type { ProgramLayout } from '../../protocol/live.ts';
import { MediaToolError, runMediaTool } from './media-tool.ts';
import {
  fitFilter,
  PROGRAM_AUDIO_RATE,
  PROGRAM_FPS,
  PROGRAM_SIZE,
  programAreas,
  programAudioFilter,
  programVideoFilter,
  slateFilter,
  type Size,
} from './program-layout.ts';

// After a session: Janus's recordings of each publisher (.mjr) → playable files on the
// wall clock (`collectSources`) → one MP4 of the program with a chapter per turn
// (`assembleFromSources`). Each timeline segment is encoded on its own with identical
// settings (video H.264, sound lossless), then the pieces are joined without re-encoding
// the picture; the sound is encoded to AAC once over the whole, so it cannot drift.

/** On a slate where a site's picture is missing. */
export const NO_PICTURE = 'Không có hình';

/** The parts of a VideoRoom recording's file name. */
export interface MjrName {
  room: string;
  /** The publisher: `site-<uuid>` (camera and microphone) or `share-<uuid>` (shared screen). */
  feed: string;
  /** When Janus created the file (µs since epoch). */
  createdMicros: number;
  media: 'audio' | 'video' | 'data';
  mindex: number;
}

const MJR_NAME = /^videoroom-(.+?)-user-(.+)-(\d+)-(audio|video|data)-(\d+)\.mjr$/;
const FEED = /^(site|share)-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/** `videoroom-<room>-user-<feed>-<createdMicros>-<audio|video|data>-<mindex>.mjr`, else null. */
export function parseMjrName(name: string): MjrName | null {
  const m = MJR_NAME.exec(name);
  if (!m) return null;
  return {
    room: m[1]!,
    feed: m[2]!,
    createdMicros: Number(m[3]),
    media: m[4] as MjrName['media'],
    mindex: Number(m[5]),
  };
}

/** The site behind a feed, and whether it is its camera (`site`) or its shared screen. */
export function feedOwner(feed: string): { kind: 'site' | 'share'; siteId: string } | null {
  const m = FEED.exec(feed);
  return m ? { kind: m[1] as 'site' | 'share', siteId: m[2]!.toLowerCase() } : null;
}

/** A playable file of one publisher's audio or video, placed on the wall clock. */
export interface RecordingSource {
  siteId: string;
  kind: 'site' | 'share';
  media: 'audio' | 'video';
  path: string;
  /** ms since epoch of the file's first frame, and of its end. */
  start: number;
  end: number;
  /** Audio channels (a mono one is put on both sides at full level). */
  channels: number | null;
}

export interface SkippedFile {
  file: string;
  reason: string;
}

type Progress = (fraction: number, step: string) => void;

/** Where a media file's timestamps start and how long it lasts (seconds). */
export async function probeMedia(
  path: string,
  signal?: AbortSignal,
): Promise<{ startTime: number; duration: number; channels: number | null }> {
  const { stdout } = await runMediaTool(
    'ffprobe',
    [
      ...['-v', 'error', '-of', 'json'],
      ...['-show_entries', 'format=start_time,duration:stream=codec_type,channels', path],
    ],
    { signal },
  );
  const info = JSON.parse(stdout.toString('utf8')) as {
    format?: { start_time?: string; duration?: string };
    streams?: { codec_type?: string; channels?: number }[];
  };
  const startTime = Number(info.format?.start_time ?? 0) || 0;
  let duration = Number(info.format?.duration);
  if (!Number.isFinite(duration)) {
    // No duration in the header: the end of the last packet.
    const packets = await runMediaTool(
      'ffprobe',
      [
        ...['-v', 'error', '-select_streams', '0', '-of', 'csv=p=0'],
        ...['-show_entries', 'packet=pts_time,duration_time', path],
      ],
      { signal },
    );
    const ends = packets.stdout
      .toString('utf8')
      .split('\n')
      .map((line) => line.split(',').map(Number))
      .map(([pts, d]) => (pts ?? NaN) + (Number.isFinite(d) ? d! : 0))
      .filter(Number.isFinite);
    duration = ends.length ? Math.max(...ends) - startTime : 0;
  }
  const audio = info.streams?.find((s) => s.codec_type === 'audio');
  return { startTime, duration, channels: audio?.channels ?? null };
}

/** janus-pp-rec's target extension for a codec of the .mjr header. */
function targetExtension(codec: string): string | null {
  const c = codec.toLowerCase();
  if (c === 'opus' || c === 'multiopus') return 'opus';
  if (c === 'vp8' || c === 'vp9') return 'webm';
  if (c === 'h264' || c === 'h265' || c === 'av1') return 'mp4';
  if (c === 'g711' || c === 'pcmu' || c === 'pcma' || c === 'g722' || c === 'l16') return 'wav';
  return null;
}

/**
 * Converts every VideoRoom recording in `rawDir` into a playable file in `workDir`, placed
 * on the wall clock by its header's `u` (when its first frame was written). A file that
 * cannot be used (empty, broken, a data channel, an unknown feed) is skipped with its
 * reason; the others go on.
 */
export async function collectSources(opts: {
  rawDir: string;
  workDir: string;
  onProgress?: Progress;
  signal?: AbortSignal;
}): Promise<{ sources: RecordingSource[]; skipped: SkippedFile[] }> {
  const { signal } = opts;
  const names = (await readdir(opts.rawDir)).filter((n) => n.endsWith('.mjr')).sort();
  await mkdir(opts.workDir, { recursive: true });
  const sources: RecordingSource[] = [];
  const skipped: SkippedFile[] = [];
  for (const [i, name] of names.entries()) {
    signal?.throwIfAborted();
    const result = await convertMjr(join(opts.rawDir, name), opts.workDir, signal);
    if ('reason' in result) skipped.push({ file: name, reason: result.reason });
    else sources.push(result);
    opts.onProgress?.((i + 1) / names.length, `converted ${name}`);
  }
  return { sources, skipped };
}

async function convertMjr(
  path: string,
  workDir: string,
  signal?: AbortSignal,
): Promise<RecordingSource | { reason: string }> {
  const name = basename(path);
  const parsed = parseMjrName(name);
  if (!parsed) return { reason: 'not a VideoRoom recording name' };
  if (parsed.media === 'data') return { reason: 'data channel' };
  const owner = feedOwner(parsed.feed);
  if (!owner) return { reason: `unknown feed ${parsed.feed}` };
  try {
    const { stdout } = await runMediaTool('janus-pp-rec', ['-o', '-j', path], { signal });
    const text = stdout.toString('utf8');
    const json = text.slice(text.indexOf('{'), text.lastIndexOf('}') + 1);
    if (!json) return { reason: 'no header (empty file?)' };
    const header = JSON.parse(json) as { t?: string; c?: string; u?: number; s?: number };
    const ext = targetExtension(String(header.c ?? ''));
    if (!ext) return { reason: `unsupported codec ${String(header.c)}` };
    const firstFrame = Number(header.u ?? header.s);
    if (!Number.isFinite(firstFrame) || firstFrame <= 0) return { reason: 'no time in header' };
    const target = join(workDir, name.replace(/\.mjr$/, `.${ext}`));
    await runMediaTool('janus-pp-rec', ['-o', path, target], { signal });
    const size = await stat(target).then(
      (s) => s.size,
      () => 0,
    );
    if (size === 0) return { reason: 'nothing to convert' };
    const probe = await probeMedia(target, signal);
    if (!(probe.duration > 0)) return { reason: 'no media in the converted file' };
    const start = firstFrame / 1000 + probe.startTime * 1000;
    return {
      siteId: owner.siteId,
      kind: owner.kind,
      media: parsed.media,
      path: target,
      start,
      end: start + probe.duration * 1000,
      channels: probe.channels,
    };
  } catch (err) {
    if (signal?.aborted) throw err;
    if (err instanceof MediaToolError || err instanceof SyntaxError)
      return { reason: err.message.slice(0, 500) };
    throw err;
  }
}

/** The inputs of one ffmpeg run, numbered as ffmpeg numbers them. */
class Inputs {
  readonly args: string[] = [];
  private count = 0;
  add(path: string, seekSeconds: number, seconds: number): number {
    // A camera's resolution changes mid-file: let the scaler take it, not a graph rebuild.
    this.args.push(
      ...['-reinit_filter', '0', '-ss', seekSeconds.toFixed(3), '-t', seconds.toFixed(3)],
      ...['-i', path],
    );
    return this.count++;
  }
}

/** The parts of `sources` covering [from, to) (ms since epoch), earliest first. */
function pieces(sources: RecordingSource[], from: number, to: number) {
  return sources
    .filter((s) => s.start < to && s.end > from)
    .sort((a, b) => a.start - b.start)
    .map((s) => {
      const a = Math.max(from, s.start);
      const b = Math.min(to, s.end);
      return {
        source: s,
        seek: (a - s.start) / 1000,
        seconds: (b - a) / 1000,
        delay: (a - from) / 1000,
      };
    })
    .filter((p) => p.seconds >= 0.001);
}

/**
 * One site's picture over [from, to) at the size of its place in the layout: its files
 * where they cover the time, a slate naming the site elsewhere.
 */
function pictureTrack(opts: {
  sources: RecordingSource[];
  from: number;
  to: number;
  size: Size;
  fps: number;
  slate: string;
  inputs: Inputs;
  out: string;
}): string {
  const { size, fps, out } = opts;
  const parts = [slateFilter({ text: opts.slate, size, fps, out: `${out}_0` })];
  let below = `${out}_0`;
  for (const [j, p] of pieces(opts.sources, opts.from, opts.to).entries()) {
    const k = opts.inputs.add(p.source.path, p.seek, p.seconds);
    parts.push(
      fitFilter({ input: `${k}:v`, size, out: `${out}_f${j}` }),
      `[${out}_f${j}]setpts=PTS+${p.delay.toFixed(3)}/TB[${out}_p${j}]`,
      // Where the file has ended (or not begun), the picture below shows.
      `[${below}][${out}_p${j}]overlay=eof_action=pass[${out}_${j + 1}]`,
    );
    below = `${out}_${j + 1}`;
  }
  parts.push(`[${below}]null[${out}]`);
  return parts.join(';');
}

/** Sites' sounds over [from, to), each piece in its place, as labels for the mix. */
function soundPieces(opts: {
  sources: RecordingSource[];
  from: number;
  to: number;
  inputs: Inputs;
  out: string;
}): { graph: string[]; labels: string[] } {
  const graph: string[] = [];
  const labels: string[] = [];
  for (const [j, p] of pieces(opts.sources, opts.from, opts.to).entries()) {
    const k = opts.inputs.add(p.source.path, p.seek, p.seconds);
    const label = `${opts.out}${j}`;
    const mono = p.source.channels === 1 ? 'pan=stereo|c0=c0|c1=c0,' : '';
    // Placed by its timestamps; holes (a lost stretch, the time before it) become silence.
    graph.push(
      `[${k}:a]${mono}asetpts=PTS+${p.delay.toFixed(3)}/TB,` +
        `aresample=${PROGRAM_AUDIO_RATE}:async=1:first_pts=0[${label}]`,
    );
    labels.push(label);
  }
  return { graph, labels };
}

function chapterTitle(c: ProgramTimeline['chapters'][number]): string {
  // Between turns the host site chairs: said so, so it reads apart from its own turns.
  if (!c.turnId) return `${c.siteName} — Điều hành`;
  return [c.siteName, c.delegateName, c.themeTitle].filter(Boolean).join(' — ');
}

/** A value in an ffmetadata file: `= ; # \` and line breaks escaped. */
function metadataValue(text: string): string {
  return text.replace(/[=;#\\\n]/g, (c) => `\\${c}`);
}

/** A line of a concat demuxer list. */
const concatLine = (path: string) => `file '${path.replace(/'/g, "'\\''")}'\n`;

export interface AssemblyResult {
  durationSeconds: number;
  /** Each chapter's start in seconds from the file's start, and its title. */
  chapters: { start: number; title: string }[];
  bytes: number;
}

/**
 * The program of `timeline` from `sources` into one MP4 at `output` (H.264 + AAC,
 * faststart, a chapter per turn). Works in `workDir`; writes `output` under a temporary
 * name and renames it when complete.
 */
export async function assembleFromSources(opts: {
  sources: RecordingSource[];
  workDir: string;
  output: string;
  timeline: ProgramTimeline;
  /** Picture size (default 1280×720); smaller for tests. */
  size?: Size;
  onProgress?: Progress;
  signal?: AbortSignal;
}): Promise<AssemblyResult> {
  const { timeline, signal, workDir } = opts;
  const size = opts.size ?? PROGRAM_SIZE;
  const fps = PROGRAM_FPS;
  await mkdir(workDir, { recursive: true });
  // Frame and sample positions from the program's start (cuts skipped): rounding never
  // accumulates.
  const offset = (t: number) => programOffset(timeline, t);
  const frameAt = (t: number) => Math.round((offset(t) * fps) / 1000);
  const sampleAt = (t: number) => Math.round((offset(t) * PROGRAM_AUDIO_RATE) / 1000);
  /** Back to the wall clock, within the segment that starts at `from` (no cut inside it). */
  const wallAt = (from: number, programMs: number) => from + (programMs - offset(from));
  if (frameAt(timeline.end) < 1) throw new Error('The program is too short to record.');
  const name = (siteId: string | null) => (siteId ? (timeline.sites[siteId] ?? '') : '');
  const slate = (siteId: string | null) => [NO_PICTURE, name(siteId)].filter(Boolean).join(' — ');
  const of = (siteId: string | null, kind: 'site' | 'share', media: 'audio' | 'video') =>
    siteId
      ? opts.sources.filter((s) => s.siteId === siteId && s.kind === kind && s.media === media)
      : [];

  const videoList: string[] = [];
  const audioList: string[] = [];
  const steps = timeline.segments.length + 1;
  for (const [i, segment] of timeline.segments.entries()) {
    signal?.throwIfAborted();
    const frames = frameAt(segment.end) - frameAt(segment.start);
    const samples = sampleAt(segment.end) - sampleAt(segment.start);
    // The picture's own window (whole frames), the sound's (whole samples).
    const vFrom = wallAt(segment.start, (frameAt(segment.start) * 1000) / fps);
    const vTo = wallAt(segment.start, (frameAt(segment.end) * 1000) / fps);
    const aFrom = wallAt(segment.start, (sampleAt(segment.start) * 1000) / PROGRAM_AUDIO_RATE);
    const aTo = wallAt(segment.start, (sampleAt(segment.end) * 1000) / PROGRAM_AUDIO_RATE);
    const inputs = new Inputs();
    const graph: string[] = [];
    const outputs: string[] = [];
    const tag = String(i).padStart(5, '0');
    if (frames > 0) {
      const layout: ProgramLayout = segment.layout;
      const areas = programAreas(layout, size);
      const track = (
        area: Size | undefined,
        siteId: string | null,
        kind: 'site' | 'share',
        out: string,
      ) => {
        if (!area) return null;
        graph.push(
          pictureTrack({
            sources: of(siteId, kind, 'video'),
            from: vFrom,
            to: vTo,
            size: area,
            fps,
            slate: slate(siteId),
            inputs,
            out,
          }),
        );
        return out;
      };
      const speaker = track(areas.speaker ?? undefined, segment.speakerSiteId, 'site', 'spk');
      const content = track(areas.content ?? undefined, segment.contentSiteId, 'share', 'cnt');
      graph.push(
        programVideoFilter({ layout, speaker, content, slate: NO_PICTURE, out: 'pgm', size, fps }),
        // Ended in the graph: with only `-frames:v`, ffmpeg 5.1 never exits (its sources are endless).
        `[pgm]trim=end_frame=${frames}[v]`,
      );
      const video = join(workDir, `v${tag}.mp4`);
      outputs.push(
        ...['-map', '[v]', '-frames:v', String(frames), '-an'],
        ...['-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-r', String(fps)],
        ...['-g', String(fps * 2), video],
      );
      videoList.push(video);
    }
    const heard = [...new Set([timeline.hostSiteId, segment.speakerSiteId])];
    const sound = soundPieces({
      sources: heard.flatMap((siteId) => of(siteId, 'site', 'audio')),
      from: aFrom,
      to: aTo,
      inputs,
      out: 'snd',
    });
    graph.push(
      ...sound.graph,
      programAudioFilter({ inputs: sound.labels, out: 'mix' }),
      `[mix]atrim=end_sample=${samples}[a]`,
    );
    const audio = join(workDir, `a${tag}.flac`);
    outputs.push(...['-map', '[a]', '-vn', '-c:a', 'flac', '-sample_fmt', 's16', audio]);
    audioList.push(audio);
    try {
      await runMediaTool(
        'ffmpeg',
        [
          ...['-nostdin', '-hide_banner', '-y', '-v', 'error', ...inputs.args],
          ...['-filter_complex', graph.join(';'), ...outputs],
        ],
        // Far slower than real time means stuck.
        { signal, timeoutMs: 120_000 + 5 * (segment.end - segment.start) },
      );
    } catch (err) {
      if (signal?.aborted) throw err;
      const at = (t: number) => ((t - timeline.start) / 1000).toFixed(3);
      throw new Error(
        `Segment ${i + 1} of ${timeline.segments.length} (${at(segment.start)}–${at(segment.end)} s) ` +
          `failed: ${(err as Error).message}`,
        { cause: err },
      );
    }
    opts.onProgress?.((i + 1) / steps, `segment ${i + 1} of ${timeline.segments.length}`);
  }

  // Chapters on the file's clock, in ms.
  const total = (frameAt(timeline.end) * 1000) / fps;
  const chapters = timeline.chapters
    .map((c) => ({
      start: Math.round(Math.max(0, offset(c.start))),
      end: Math.round(Math.min(total, offset(c.end))),
      title: chapterTitle(c),
    }))
    .filter((c) => c.end > c.start);
  const metadata =
    ';FFMETADATA1\n' +
    chapters
      .map(
        (c) =>
          `[CHAPTER]\nTIMEBASE=1/1000\nSTART=${c.start}\nEND=${c.end}\n` +
          `title=${metadataValue(c.title)}\n`,
      )
      .join('');
  const files = {
    video: join(workDir, 'video.txt'),
    audio: join(workDir, 'audio.txt'),
    metadata: join(workDir, 'chapters.txt'),
  };
  await writeFile(files.video, videoList.map(concatLine).join(''));
  await writeFile(files.audio, audioList.map(concatLine).join(''));
  await writeFile(files.metadata, metadata);
  await mkdir(dirname(opts.output), { recursive: true });
  const partial = `${opts.output}.part`;
  try {
    await runMediaTool(
      'ffmpeg',
      [
        ...['-nostdin', '-hide_banner', '-y', '-v', 'error'],
        ...['-f', 'concat', '-safe', '0', '-i', files.video],
        ...['-f', 'concat', '-safe', '0', '-i', files.audio],
        ...['-f', 'ffmetadata', '-i', files.metadata],
        ...['-map', '0:v', '-map', '1:a', '-map_metadata', '2', '-map_chapters', '2'],
        ...['-c:v', 'copy', '-c:a', 'aac', '-b:a', '128k', '-ar', String(PROGRAM_AUDIO_RATE)],
        ...['-ac', '2', '-movflags', '+faststart', '-f', 'mp4', partial],
      ],
      { signal },
    );
    await rename(partial, opts.output);
  } catch (err) {
    await rm(partial, { force: true });
    throw err;
  }
  const probe = await probeMedia(opts.output, signal);
  const bytes = (await stat(opts.output)).size;
  opts.onProgress?.(1, 'joined');
  return {
    durationSeconds: probe.duration,
    chapters: chapters.map((c) => ({ start: c.start / 1000, title: c.title })),
    bytes,
  };
}

/**
 * The recording of a session: converts the conference's Janus recordings (`rawDir`), then
 * assembles the program of `timeline` into `output`. `workDir` is created and removed.
 */
export async function assembleRecording(opts: {
  rawDir: string;
  workDir: string;
  output: string;
  timeline: ProgramTimeline;
  size?: Size;
  onProgress?: Progress;
  signal?: AbortSignal;
}): Promise<AssemblyResult & { skipped: SkippedFile[] }> {
  const { onProgress } = opts;
  const files = (await readdir(opts.rawDir)).filter((n) => n.endsWith('.mjr')).length;
  // Progress in steps: one per file to convert, one per segment, one to join.
  const steps = files + opts.timeline.segments.length + 1;
  const share = files / steps;
  await mkdir(opts.workDir, { recursive: true });
  try {
    const { sources, skipped } = await collectSources({
      rawDir: opts.rawDir,
      workDir: join(opts.workDir, 'sources'),
      onProgress: onProgress && ((f, step) => onProgress(f * share, step)),
      signal: opts.signal,
    });
    const result = await assembleFromSources({
      sources,
      workDir: join(opts.workDir, 'program'),
      output: opts.output,
      timeline: opts.timeline,
      size: opts.size,
      onProgress: onProgress && ((f, step) => onProgress(share + f * (1 - share), step)),
      signal: opts.signal,
    });
    return { ...result, skipped };
  } finally {
    await rm(opts.workDir, { recursive: true, force: true });
  }
}
