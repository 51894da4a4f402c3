import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, open, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { programTimeline, type ProgramTimeline } from '../../domain/media/program-timeline.ts';
import type { LiveEvent, LiveEventBody } from '../../protocol/live.ts';
import {
  assembleFromSources,
  assembleRecording,
  collectSources,
  probeMedia,
  type AssemblyResult,
  type RecordingSource,
} from '../../server/media/assemble-recording.ts';
import { runMediaTool } from '../../server/media/media-tool.ts';
import { PROGRAM_FONT } from '../../server/media/program-layout.ts';
import { rtpToMjr } from '../support/mjr-files.ts';

// Real ffmpeg and janus-pp-rec on synthetic recordings: each site a colour and a tone.

const ROOM = '00000000-0000-4000-8000-00000000c0f0';
const HOST = '00000000-0000-4000-8000-0000000000b0';
const A = '00000000-0000-4000-8000-0000000000b1';
const B = '00000000-0000-4000-8000-0000000000b2';
const NAMES: Record<string, string> = {
  [HOST]: 'Điểm cầu Hà Nội',
  [A]: 'Điểm cầu Huế',
  [B]: 'Điểm cầu Đà Nẵng',
};
const TONES = { [HOST]: 440, [A]: 1000, [B]: 2500 } as Record<string, number>;
const T0 = Date.UTC(2026, 4, 19, 2, 0, 0);
const SIZE = { width: 320, height: 180 };
const at = (s: number) => T0 + s * 1000;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'assemble-recording-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const ffmpeg = (args: string[]) =>
  runMediaTool('ffmpeg', ['-nostdin', '-hide_banner', '-y', '-v', 'error', ...args]);

/** A VP8 camera of one colour with its site's name written on it. */
async function camera(
  path: string,
  colour: string,
  text: string,
  seconds: number,
  size = '320x240',
) {
  const label = `drawtext=fontfile=${PROGRAM_FONT}:text='${text}':fontsize=14:fontcolor=white:x=4:y=4`;
  await ffmpeg([
    ...['-f', 'lavfi', '-i', `color=c=${colour}:s=${size}:r=25:d=${seconds},${label}`],
    ...['-c:v', 'libvpx', '-b:v', '300k', '-deadline', 'realtime', '-cpu-used', '8', path],
  ]);
}

/** An Opus microphone playing one tone (mono unless `stereo`). */
async function microphone(path: string, frequency: number, seconds: number, stereo = false) {
  await ffmpeg([
    ...['-f', 'lavfi', '-i', `sine=f=${frequency}:r=48000:d=${seconds}`],
    ...(stereo ? ['-ac', '2'] : []),
    ...['-c:a', 'libopus', '-b:a', '64k', path],
  ]);
}

async function source(
  path: string,
  siteId: string,
  kind: 'site' | 'share',
  media: 'audio' | 'video',
  start: number,
): Promise<RecordingSource> {
  const probe = await probeMedia(path);
  const begin = start + probe.startTime * 1000;
  return {
    siteId,
    kind,
    media,
    path,
    start: begin,
    end: begin + probe.duration * 1000,
    channels: probe.channels,
  };
}

/** The frame at `t` seconds, scaled to 16×9 (area average), as RGB. */
async function thumbnail(file: string, t: number): Promise<Buffer> {
  const { stdout } = await ffmpeg([
    ...['-ss', t.toFixed(3), '-i', file, '-frames:v', '1'],
    ...['-vf', 'scale=16:9:flags=area', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'],
  ]);
  expect(stdout.length).toBe(16 * 9 * 3);
  return stdout;
}

/** The colour of a region of a 16×9 thumbnail: columns [x0, x1), rows [y0, y1). */
function colour(f: Buffer, x0: number, x1: number, y0: number, y1: number): string {
  const sum = [0, 0, 0];
  for (let y = y0; y < y1; y++)
    for (let x = x0; x < x1; x++) for (let c = 0; c < 3; c++) sum[c]! += f[(y * 16 + x) * 3 + c]!;
  const [r, g, b] = sum.map((v) => v / ((x1 - x0) * (y1 - y0))) as [number, number, number];
  const hi = (v: number) => v > 150;
  const lo = (v: number) => v < 100;
  if (Math.max(r, g, b) < 90 && Math.max(r, g, b) - Math.min(r, g, b) < 20) return 'dark';
  if (hi(r) && hi(g) && lo(b)) return 'yellow';
  if (hi(r) && lo(g) && lo(b)) return 'red';
  if (lo(r) && hi(g) && lo(b)) return 'green';
  if (lo(r) && lo(g) && hi(b)) return 'blue';
  return `other(${[r, g, b].map(Math.round).join(',')})`;
}
const centre = (f: Buffer) => colour(f, 6, 10, 3, 6);

/** Amplitude of each frequency in the left channel over [from, from + seconds). */
async function tones(file: string, from: number, seconds: number, frequencies: number[]) {
  const { stdout } = await ffmpeg([
    ...['-ss', from.toFixed(3), '-t', seconds.toFixed(3), '-i', file, '-vn'],
    ...['-af', 'pan=mono|c0=c0', '-ar', '48000', '-f', 'f32le', '-'],
  ]);
  const x = new Float32Array(stdout.buffer, stdout.byteOffset, stdout.length / 4);
  // Goertzel: the amplitude of one frequency.
  return frequencies.map((f) => {
    const w = (2 * Math.PI * f) / 48_000;
    let s1 = 0;
    let s2 = 0;
    for (const v of x) {
      const s = v + 2 * Math.cos(w) * s1 - s2;
      s2 = s1;
      s1 = s;
    }
    const power = s1 * s1 + s2 * s2 - 2 * Math.cos(w) * s1 * s2;
    return (2 * Math.sqrt(Math.max(0, power))) / x.length;
  });
}

async function probe(file: string) {
  const { stdout } = await runMediaTool('ffprobe', [
    ...['-v', 'error', '-of', 'json', '-show_chapters', '-show_format'],
    ...['-show_entries', 'stream=codec_type,codec_name,width,height,sample_rate,channels,duration'],
    file,
  ]);
  return JSON.parse(stdout.toString('utf8')) as {
    format: { duration: string; format_name: string };
    streams: {
      codec_type: string;
      codec_name: string;
      width?: number;
      height?: number;
      sample_rate?: string;
      channels?: number;
      duration: string;
    }[];
    chapters: { start_time: string; end_time: string; tags: { title: string } }[];
  };
}

/** The top-level MP4 boxes in order (faststart: `moov` before `mdat`). */
async function topBoxes(file: string): Promise<string[]> {
  const handle = await open(file, 'r');
  try {
    const boxes: string[] = [];
    const { size } = await handle.stat();
    const head = Buffer.alloc(16);
    for (let offset = 0; offset < size && boxes.length < 10;) {
      await handle.read(head, 0, 16, offset);
      let length = head.readUInt32BE(0);
      if (length === 1) length = Number(head.readBigUInt64BE(8));
      boxes.push(head.toString('latin1', 4, 8));
      if (length < 8) break;
      offset += length;
    }
    return boxes;
  } finally {
    await handle.close();
  }
}

let seq = 0;
const event = (s: number, body: LiveEventBody): LiveEvent =>
  ({ ...body, seq: ++seq, at: at(s), actor: null }) as LiveEvent;
const grant = (s: number, n: number, siteId: string, delegateName: string): LiveEvent =>
  event(s, {
    type: 'floor.granted',
    turnId: `00000000-0000-4000-8000-00000000000${n}`,
    requestId: null,
    siteId,
    siteName: NAMES[siteId]!,
    delegateName,
    themeId: null,
    themeTitle: 'Chuyển đổi số',
    contributionId: null,
    allowedSeconds: 300,
  });

describe('assembleFromSources', () => {
  let timeline: ProgramTimeline;
  let output: string;
  let result: AssemblyResult;
  const progress: [number, string][] = [];

  beforeAll(async () => {
    const raw = join(dir, 'synthetic');
    await mkdir(raw);
    const f = (name: string) => join(raw, name);
    // The host all along; A with a hole (4.8–5.5 s), then a file whose picture grows after
    // 0.2 s (a camera adapting to the link); B from
    // 6 s, its screen from 7.5 s (shared at 7 s: a slate first).
    await Promise.all([
      camera(f('host.webm'), 'blue', 'Hà Nội', 12),
      microphone(f('host.opus'), TONES[HOST]!, 11.5),
      camera(f('a1.webm'), 'red', 'Huế', 2.8),
      (async () => {
        await camera(f('a2-small.webm'), 'red', 'Huế', 0.2);
        await camera(f('a2-large.webm'), 'red', 'Huế 2', 3.3, '480x270');
        await writeFile(f('a2.txt'), `file 'a2-small.webm'\nfile 'a2-large.webm'\n`);
        await ffmpeg(['-f', 'concat', '-safe', '0', '-i', f('a2.txt'), '-c', 'copy', f('a2.webm')]);
      })(),
      microphone(f('a.opus'), TONES[A]!, 7, true),
      camera(f('b.webm'), 'lime', 'Đà Nẵng', 6),
      microphone(f('b.opus'), TONES[B]!, 6, true),
      camera(f('b-screen.webm'), 'yellow', 'Màn hình', 2.5, '640x360'),
    ]);
    const sources = await Promise.all([
      source(f('host.webm'), HOST, 'site', 'video', at(0)),
      // The host's microphone comes in late: silence before it.
      source(f('host.opus'), HOST, 'site', 'audio', at(0.5)),
      source(f('a1.webm'), A, 'site', 'video', at(2)),
      source(f('a2.webm'), A, 'site', 'video', at(5.5)),
      source(f('a.opus'), A, 'site', 'audio', at(2)),
      source(f('b.webm'), B, 'site', 'video', at(6)),
      source(f('b.opus'), B, 'site', 'audio', at(6)),
      source(f('b-screen.webm'), B, 'share', 'video', at(7.5)),
    ]);
    timeline = programTimeline({
      hostSiteId: HOST,
      hostSiteName: NAMES[HOST]!,
      events: [
        event(0, { type: 'session.started' }),
        grant(3, 1, A, 'Nguyễn Văn A'),
        grant(6, 2, B, 'Trần Thị B'),
        event(7, { type: 'content.shared', siteId: B, siteName: NAMES[B]! }),
        event(9, { type: 'content.stopped', siteId: B, siteName: NAMES[B]! }),
        event(10, { type: 'floor.ended', turnId: '00000000-0000-4000-8000-000000000002' }),
        event(12, { type: 'session.ended' }),
      ],
    });
    expect(timeline.segments.map((s) => [(s.start - T0) / 1000, s.layout])).toEqual([
      [0, 'speaker'],
      [3, 'speaker'],
      [6, 'speaker'],
      [7, 'speaker_content'],
      [9, 'speaker'],
      [10, 'speaker'],
    ]);
    output = join(dir, 'out', 'program.mp4');
    result = await assembleFromSources({
      sources,
      workDir: join(dir, 'work'),
      output,
      timeline,
      size: SIZE,
      onProgress: (fraction, step) => progress.push([fraction, step]),
    });
  }, 90_000);

  it('makes one MP4 of H.264 and AAC, as long as the session, moov first', async () => {
    const info = await probe(output);
    expect(Number(info.format.duration)).toBeCloseTo(12, 0);
    expect(Math.abs(result.durationSeconds - 12)).toBeLessThan(0.5);
    const video = info.streams.find((s) => s.codec_type === 'video')!;
    const audio = info.streams.find((s) => s.codec_type === 'audio')!;
    expect([video.codec_name, video.width, video.height]).toEqual(['h264', 320, 180]);
    expect([audio.codec_name, audio.sample_rate, audio.channels]).toEqual(['aac', '48000', 2]);
    // Picture and sound end together: segments do not drift apart.
    expect(Math.abs(Number(video.duration) - 12)).toBeLessThan(0.05);
    expect(Math.abs(Number(audio.duration) - 12)).toBeLessThan(0.05);
    const boxes = await topBoxes(output);
    expect(boxes.indexOf('moov')).toBeGreaterThan(-1);
    expect(boxes.indexOf('moov')).toBeLessThan(boxes.indexOf('mdat'));
    expect(result.bytes).toBeGreaterThan(10_000);
    expect(existsSync(`${output}.part`)).toBe(false);
  });

  it('writes a chapter per turn and for the host between them', async () => {
    // The host between turns chairs: said so, apart from a turn of its own.
    const titles = [
      'Điểm cầu Hà Nội — Điều hành',
      'Điểm cầu Huế — Nguyễn Văn A — Chuyển đổi số',
      'Điểm cầu Đà Nẵng — Trần Thị B — Chuyển đổi số',
      'Điểm cầu Hà Nội — Điều hành',
    ];
    expect(result.chapters).toEqual([0, 3, 6, 10].map((start, i) => ({ start, title: titles[i] })));
    const { chapters } = await probe(output);
    expect(chapters.map((c) => [Number(c.start_time), c.tags.title])).toEqual(
      [0, 3, 6, 10].map((start, i) => [start, titles[i]]),
    );
    expect(Number(chapters.at(-1)!.end_time)).toBeCloseTo(12, 1);
  });

  it("shows each chapter's site in the middle of it", async () => {
    const middles = result.chapters.map(
      (c, i) => (c.start + (result.chapters[i + 1]?.start ?? 12)) / 2,
    );
    const frames = await Promise.all(middles.map((t) => thumbnail(output, t)));
    expect([frames[0]!, frames[1]!, frames[3]!].map(centre)).toEqual(['blue', 'red', 'blue']);
    // B's chapter, middle at 8 s: its screen large on the left, its camera on the right.
    expect(colour(frames[2]!, 2, 10, 3, 6)).toBe('yellow');
    expect(colour(frames[2]!, 13, 15, 4, 5)).toBe('green');
  });

  it('puts a slate where a recording is missing, and follows a change of resolution', async () => {
    const [hole, afterHole, bAlone, screenNotYet] = await Promise.all(
      [5.15, 5.85, 6.5, 7.2].map((t) => thumbnail(output, t)),
    );
    expect(centre(hole!)).toBe('dark');
    expect(centre(afterHole!)).toBe('red');
    expect(centre(bAlone!)).toBe('green');
    expect(colour(screenNotYet!, 2, 10, 3, 6)).toBe('dark');
    expect(colour(screenNotYet!, 13, 15, 4, 5)).toBe('green');
  });

  it("mixes the host's sound with the speaker's, at full level", async () => {
    const freqs = [TONES[HOST]!, TONES[A]!, TONES[B]!];
    const [host, a, b, hostAgain] = await Promise.all(
      [1, 3.5, 6.5, 10.5].map((t) => tones(output, t, 1, freqs)),
    );
    const heard = (levels: number[]) => levels.map((l) => (l > 0.05 ? 1 : l < 0.01 ? 0 : l));
    expect(heard(host!)).toEqual([1, 0, 0]);
    expect(heard(a!)).toEqual([1, 1, 0]);
    // A's microphone still has sound at 6.5 s: not in the program after its turn.
    expect(heard(b!)).toEqual([1, 0, 1]);
    expect(heard(hostAgain!)).toEqual([1, 0, 0]);
    // The host's mono microphone on both sides at its own level (1/8), from 0.5 s.
    expect(host![0]).toBeCloseTo(0.125, 1);
    const [before, from] = await Promise.all(
      [0.05, 0.55].map((t) => tones(output, t, 0.4, [TONES[HOST]!])),
    );
    expect(before![0]).toBeLessThan(0.01);
    expect(from![0]).toBeGreaterThan(0.1);
  });

  it('leaves out the time between an end and a reopening', async () => {
    const reopened = programTimeline({
      hostSiteId: HOST,
      hostSiteName: NAMES[HOST]!,
      events: [
        event(0, { type: 'session.started' }),
        grant(3, 1, A, 'Nguyễn Văn A'),
        event(5, { type: 'session.ended' }),
        event(8, { type: 'session.reopened' }),
        event(8.5, { type: 'session.resumed' }),
        event(10, { type: 'session.ended' }),
      ],
    });
    expect(reopened.cuts.map((c) => [(c.start - T0) / 1000, (c.end - T0) / 1000])).toEqual([
      [5, 8],
    ]);
    const out = join(dir, 'reopened', 'program.mp4');
    const made = await assembleFromSources({
      sources: [],
      workDir: join(dir, 'reopened-work'),
      output: out,
      timeline: reopened,
      size: SIZE,
    });
    // 10 s of wall clock, 3 of them closed: 7 s of program.
    expect(Math.abs(made.durationSeconds - 7)).toBeLessThan(0.3);
    expect(made.chapters.map((c) => c.start)).toEqual([0, 3, 5]);
    const { chapters } = await probe(out);
    expect(Number(chapters.at(-1)!.end_time)).toBeCloseTo(7, 0);
  });

  it('reports progress after each segment, up to the end', () => {
    expect(progress).toHaveLength(timeline.segments.length + 1);
    expect(progress.map(([f]) => f)).toEqual([...progress.map(([f]) => f)].sort((x, y) => x - y));
    expect(progress.at(-1)).toEqual([1, 'joined']);
  });

  it('stops ffmpeg when aborted, leaving no output', async () => {
    const controller = new AbortController();
    const long: ProgramTimeline = {
      ...timeline,
      end: at(600),
      segments: [{ ...timeline.segments[0]!, end: at(600) }],
      chapters: [{ ...timeline.chapters[0]!, end: at(600) }],
    };
    const steps: string[] = [];
    const target = join(dir, 'aborted', 'program.mp4');
    setTimeout(() => controller.abort(new Error('cancelled by the test')), 500);
    await expect(
      assembleFromSources({
        sources: [],
        workDir: join(dir, 'aborted-work'),
        output: target,
        timeline: long,
        onProgress: (_, step) => steps.push(step),
        signal: controller.signal,
      }),
    ).rejects.toThrow('cancelled by the test');
    // Ten minutes of 720p cannot be encoded in that time: the run was killed, not awaited.
    expect(steps).toEqual([]);
    expect(existsSync(target)).toBe(false);
  });
});

describe('collectSources and assembleRecording', () => {
  const micros = T0 * 1000 + 250_000;
  const name = (feed: string, media: string, mindex: number, created = micros - 5000) =>
    `videoroom-${ROOM}-user-${feed}-${created}-${media}-${mindex}.mjr`;
  let raw: string;

  // Janus's .mjr files, made by sending ffmpeg's RTP to sockets (tests/support/mjr-files.ts).
  beforeAll(async () => {
    raw = join(dir, 'janus');
    await mkdir(raw);
    await rtpToMjr(
      {
        video: join(raw, name(`site-${HOST}`, 'video', 1)),
        audio: join(raw, name(`site-${HOST}`, 'audio', 0)),
      },
      micros,
      2,
    );
    // What must not stop the job: an empty file (a publisher gone at once), a broken one,
    // a data channel, a watcher's feed, and something that is no recording.
    await writeFile(join(raw, name(`site-${A}`, 'video', 1)), '');
    await writeFile(join(raw, name(`share-${A}`, 'video', 0)), 'MJR00002 not really');
    await writeFile(join(raw, name(`site-${B}`, 'data', 2)), '');
    await writeFile(join(raw, name('view-12345678', 'video', 0)), '');
    await writeFile(join(raw, 'notes.txt'), 'not a recording');
  }, 30_000);

  it('converts what Janus recorded, placed at its first frame, and skips what it cannot', async () => {
    const fractions: number[] = [];
    const { sources, skipped } = await collectSources({
      rawDir: raw,
      workDir: join(dir, 'collected'),
      onProgress: (f) => fractions.push(f),
    });
    expect(sources.map((s) => [s.siteId, s.kind, s.media]).sort()).toEqual([
      [HOST, 'site', 'audio'],
      [HOST, 'site', 'video'],
    ]);
    for (const s of sources) {
      expect(Math.abs(s.start - micros / 1000)).toBeLessThan(50);
      expect(Math.abs(s.end - s.start - 2000)).toBeLessThan(150);
      expect(existsSync(s.path)).toBe(true);
    }
    expect(skipped.map((s) => s.file).sort()).toEqual(
      [
        name(`site-${A}`, 'video', 1),
        name(`share-${A}`, 'video', 0),
        name(`site-${B}`, 'data', 2),
        name('view-12345678', 'video', 0),
      ].sort(),
    );
    expect(skipped.find((s) => s.file.includes('view-'))?.reason).toMatch(/unknown feed/);
    expect(fractions).toHaveLength(6);
    expect(fractions.at(-1)).toBe(1);
  });

  it('assembles the recording from the raw files and cleans its scratch folder', async () => {
    const start = micros / 1000;
    const timeline: ProgramTimeline = {
      start,
      end: start + 1800,
      hostSiteId: HOST,
      cuts: [],
      sites: { [HOST]: NAMES[HOST]! },
      segments: [
        { start, end: start + 1800, speakerSiteId: HOST, contentSiteId: null, layout: 'speaker' },
      ],
      chapters: [
        {
          start,
          end: start + 1800,
          siteId: HOST,
          siteName: NAMES[HOST]!,
          delegateName: null,
          themeTitle: null,
          turnId: null,
        },
      ],
    };
    const workDir = join(dir, 'scratch');
    const output = join(dir, 'recording.mp4');
    const fractions: number[] = [];
    const result = await assembleRecording({
      rawDir: raw,
      workDir,
      output,
      timeline,
      size: SIZE,
      onProgress: (f) => fractions.push(f),
    });
    expect(Math.abs(result.durationSeconds - 1.8)).toBeLessThan(0.1);
    expect(result.skipped).toHaveLength(4);
    expect(existsSync(workDir)).toBe(false);
    expect(await readdir(dir)).toContain('recording.mp4');
    expect(centre(await thumbnail(output, 0.9))).toBe('red');
    const [level] = await tones(output, 0.4, 1, [1000]);
    expect(level).toBeGreaterThan(0.05);
    // 6 files, 1 segment, the join.
    expect(fractions).toHaveLength(8);
    expect(fractions.at(-1)).toBe(1);
  });
});
