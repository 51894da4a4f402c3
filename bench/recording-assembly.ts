// Recording assembly: how long `assembleRecording` (server/media/assemble-recording.ts)
// takes for a realistic program, and how much disk Janus's raw files (.mjr) take.
//
//   node --import tsx bench/recording-assembly.ts [--minutes 5] [--no-docs]
//
// The program: 3 sites (the host and two others), each publishing its camera (VP8
// 1280x720, 25 fps, ~1 Mbit/s constant — the room's bitrate cap — a keyframe every 10 s as
// Janus's `fir_freq` asks, temporal noise so the encoder spends its whole budget) and its
// microphone (Opus 32 kbit/s mono, 20 ms packets) for the whole session; one site shares a
// screen (VP8 1280x720, 15 fps slides) for a minute; one site's camera drops out for 5 s
// and comes back as a new file; 5 turns. The clips are encoded once with ffmpeg (cached
// under /tmp), cut into RTP packets as a browser sends them and written as .mjr files
// (tests/support/mjr-files.ts), named as Janus names them, then `assembleRecording` runs on
// the folder exactly as the recording job does (janus-pp-rec, ffprobe, ffmpeg per segment,
// the join). Reference in the same run: the floor of any assembly, a plain ffmpeg
// re-encode of one site's camera over the same minutes with the same H.264 settings (and,
// beside it, only decoding that camera).
//
// Results go to docs/performance.md (section "Recording assembly").
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { programTimeline } from '../domain/media/program-timeline.ts';
import type { LiveEvent, LiveEventBody } from '../protocol/live.ts';
import { assembleRecording } from '../server/media/assemble-recording.ts';
import { PROGRAM_FONT, PROGRAM_FPS } from '../server/media/program-layout.ts';
import { writeMjr, type MjrPacket } from '../tests/support/mjr-files.ts';
import { readIvf, readOggOpus, rtpHeader, vp8Packets } from './support/rtp-packets.ts';
import { waitForQuiet, watchTests } from './support/test-runs.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '5' },
    'no-docs': { type: 'boolean', default: false },
  },
});
const MINUTES = Number(values.minutes);
const PROGRAM_S = Math.round(MINUTES * 60);
/** Sites publish a little before the session starts and until a little after it ends. */
const LEAD_S = 5;
const CLIP_S = PROGRAM_S + 2 * LEAD_S;
const CAMERA_KBPS = 1000;
const CAMERA_GOP = 250; // 10 s at 25 fps: Janus's fir_freq in the app's rooms
const SCREEN_FPS = 15;
const CLIP_DIR = join(tmpdir(), 'doithoai-recording-assembly', `clips-v1-${CLIP_S}s`);
const PT_VP8 = 96;
const PT_OPUS = 111;
const TICK_HZ = 100; // USER_HZ

const ROOM = '00000000-0000-4000-8000-00000000be0c';
const T0 = Date.UTC(2026, 11, 18, 1, 0, 0);
const at = (s: number) => T0 + s * 1000;

interface Site {
  id: string;
  name: string;
  tone: number;
  colour: string;
}
const HOST: Site = {
  id: '00000000-0000-4000-8000-0000000000a0',
  name: 'Điểm cầu chính Hà Nội',
  tone: 300,
  colour: '0xb02020',
};
const HUE: Site = {
  id: '00000000-0000-4000-8000-0000000000a1',
  name: 'Điểm cầu Huế',
  tone: 440,
  colour: '0x2040b0',
};
const DN: Site = {
  id: '00000000-0000-4000-8000-0000000000a2',
  name: 'Điểm cầu Đà Nẵng',
  tone: 550,
  colour: '0x20a040',
};
const SITES = [HOST, HUE, DN];

/** The program, scaled to its length: 5 turns, Đà Nẵng shares its screen for a minute. */
function plan() {
  const s = (x: number) => Math.round((x * PROGRAM_S) / 300);
  return {
    turns: [
      { site: HUE, from: s(20), to: s(65), delegate: 'Nguyễn Văn An' },
      { site: DN, from: s(70), to: s(160), delegate: 'Trần Thị Bình' },
      { site: HUE, from: s(165), to: s(200), delegate: 'Lê Văn Cường' },
      { site: DN, from: s(205), to: s(245), delegate: 'Phạm Thị Dung' },
      { site: HUE, from: s(250), to: s(290), delegate: 'Hoàng Văn Em' },
    ],
    share: { site: DN, from: s(85), to: s(85) + 60 },
    /** Huế's camera and microphone drop out (a new connection, new files). */
    dropout: { site: HUE, from: s(180), to: s(180) + 5 },
  };
}

// ---------------------------------------------------------------------------------
// Clips (cached) and .mjr files

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr!.on('data', (c) => (err = (err + c).slice(-3000)));
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${cmd} failed (${code}): ${err}`)),
    );
  });
}

const vp8 = (kbps: number, gop: number) => [
  ...['-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-threads', '2'],
  ...['-b:v', `${kbps}k`, '-minrate', `${kbps}k`, '-maxrate', `${kbps}k`],
  ...['-g', String(gop), '-keyint_min', String(gop), '-auto-alt-ref', '0', '-lag-in-frames', '0'],
  ...['-f', 'ivf'],
];

async function ensureClips() {
  mkdirSync(CLIP_DIR, { recursive: true });
  const text = (t: string, size: number, y: string) =>
    `drawtext=fontfile=${PROGRAM_FONT}:text='${t}':fontsize=${size}:fontcolor=white:box=1:boxcolor=black@0.5:x=(w-text_w)/2:y=${y}`;
  for (const [i, site] of SITES.entries()) {
    const dir = join(CLIP_DIR, `site-${i}`);
    if (existsSync(join(dir, 'done'))) continue;
    console.log(`encoding ${site.name}'s camera and microphone (${CLIP_S} s, once)…`);
    const tmp = mkdtempSync(join(CLIP_DIR, '.tmp-'));
    await run('ffmpeg', [
      ...['-hide_banner', '-loglevel', 'error', '-y'],
      ...['-f', 'lavfi', '-i', `testsrc2=s=1280x720:r=${PROGRAM_FPS}:d=${CLIP_S}`],
      ...['-f', 'lavfi', '-i', `sine=frequency=${site.tone}:sample_rate=48000:d=${CLIP_S}`],
      ...[
        '-filter_complex',
        `[0:v]drawbox=x=0:y=0:w=iw:h=ih/4:color=${site.colour}:t=fill,` +
          `${text(site.name, 56, '40')},noise=alls=10:allf=t+u[v]`,
      ],
      ...['-map', '[v]', ...vp8(CAMERA_KBPS, CAMERA_GOP), join(tmp, 'camera.ivf')],
      ...['-map', '1:a', '-ac', '1', '-c:a', 'libopus', '-b:a', '32k'],
      ...['-frame_duration', '20', '-application', 'voip', '-f', 'ogg', join(tmp, 'mic.ogg')],
    ]);
    writeFileSync(join(tmp, 'done'), new Date().toISOString());
    rmSync(dir, { recursive: true, force: true });
    await run('mv', [tmp, dir]);
  }
  const screen = join(CLIP_DIR, 'screen');
  if (!existsSync(join(screen, 'done'))) {
    console.log('encoding the shared screen (once)…');
    const tmp = mkdtempSync(join(CLIP_DIR, '.tmp-'));
    // Slides: a new page every 10 s, a little text moving (a pointer).
    await run('ffmpeg', [
      ...['-hide_banner', '-loglevel', 'error', '-y'],
      ...['-f', 'lavfi', '-i', `color=c=0xf4f1e8:s=1280x720:r=${SCREEN_FPS}:d=62`],
      ...[
        '-vf',
        `${text('Trang %{eif\\:trunc(t/10)+1\\:d} — Chuyển đổi số cấp xã', 48, '60')},` +
          `drawbox=x=100+mod(t*40\\,1000):y=400:w=40:h=40:color=red:t=fill,` +
          `drawgrid=w=160:h=90:t=1:c=gray@0.5`,
      ],
      ...vp8(500, SCREEN_FPS * 10),
      join(tmp, 'screen.ivf'),
    ]);
    writeFileSync(join(tmp, 'done'), new Date().toISOString());
    rmSync(screen, { recursive: true, force: true });
    await run('mv', [tmp, screen]);
  }
}

/** RTP packets of VP8 frames [from, to) at `fps`, as a browser sends them, timed from the first. */
function videoPackets(frames: Buffer[], fps: number): MjrPacket[] {
  const ssrc = (Math.random() * 2 ** 32) >>> 0;
  let seq = Math.floor(Math.random() * 65536);
  const ts0 = Math.floor(Math.random() * 2 ** 31);
  const pic0 = Math.floor(Math.random() * 32768);
  const out: MjrPacket[] = [];
  frames.forEach((frame, i) => {
    const chunks = vp8Packets(frame, (pic0 + i) & 0x7fff);
    const ts = ts0 + Math.round((i * 90000) / fps);
    chunks.forEach((c, j) =>
      out.push({
        at: (i * 1000) / fps,
        data: Buffer.concat([rtpHeader(PT_VP8, j === chunks.length - 1, seq++, ts, ssrc), c]),
      }),
    );
  });
  return out;
}

function audioPackets(packets: Buffer[]): MjrPacket[] {
  const ssrc = (Math.random() * 2 ** 32) >>> 0;
  let seq = Math.floor(Math.random() * 65536);
  const ts0 = Math.floor(Math.random() * 2 ** 31);
  return packets.map((p, i) => ({
    at: i * 20,
    data: Buffer.concat([rtpHeader(PT_OPUS, i === 0, seq++, ts0 + i * 960, ssrc), p]),
  }));
}

/** Writes the session's raw recordings as Janus would; returns bytes per site and feed kind. */
async function writeRecordings(dir: string) {
  const p = plan();
  const bytes = new Map<string, number>();
  const add = async (
    feed: string,
    media: 'audio' | 'video',
    mindex: number,
    startS: number,
    packets: MjrPacket[],
  ) => {
    const micros = Math.round(at(startS) * 1000);
    const name = `videoroom-${ROOM}-user-${feed}-${micros - 5000}-${media}-${mindex}.mjr`;
    await writeMjr(
      join(dir, name),
      { media, codec: media === 'video' ? 'vp8' : 'opus', firstFrameMicros: micros },
      packets,
    );
    const size = (await stat(join(dir, name))).size;
    bytes.set(feed, (bytes.get(feed) ?? 0) + size);
  };
  for (const [i, site] of SITES.entries()) {
    const clip = join(CLIP_DIR, `site-${i}`);
    const frames = readIvf(join(clip, 'camera.ivf')).map((f) => f.data);
    const opus = readOggOpus(join(clip, 'mic.ogg'));
    const feed = `site-${site.id}`;
    const pieces: [number, number][] =
      p.dropout.site === site
        ? [
            [-LEAD_S, p.dropout.from],
            [p.dropout.to, PROGRAM_S + LEAD_S],
          ]
        : [[-LEAD_S, PROGRAM_S + LEAD_S]];
    for (const [from, to] of pieces) {
      // A new connection starts with a keyframe: the clip's next one.
      let first = Math.round((from + LEAD_S) * PROGRAM_FPS);
      first = Math.ceil(first / CAMERA_GOP) * CAMERA_GOP;
      const last = Math.min(frames.length, Math.round((to + LEAD_S) * PROGRAM_FPS));
      const startS = first / PROGRAM_FPS - LEAD_S;
      await add(feed, 'video', 1, startS, videoPackets(frames.slice(first, last), PROGRAM_FPS));
      const a0 = Math.round(((startS + LEAD_S) * 1000) / 20);
      const a1 = Math.min(opus.length, Math.round(((to + LEAD_S) * 1000) / 20));
      await add(feed, 'audio', 0, startS, audioPackets(opus.slice(a0, a1)));
    }
  }
  const screen = readIvf(join(CLIP_DIR, 'screen', 'screen.ivf')).map((f) => f.data);
  // The screen's first frame half a second after the share began.
  const shareFrames = Math.round((p.share.to - p.share.from - 0.5) * SCREEN_FPS);
  await add(
    `share-${p.share.site.id}`,
    'video',
    0,
    p.share.from + 0.5,
    videoPackets(screen.slice(0, shareFrames), SCREEN_FPS),
  );
  return bytes;
}

function timeline() {
  const p = plan();
  let seq = 0;
  const events: LiveEvent[] = [];
  const event = (s: number, body: LiveEventBody) =>
    events.push({ ...body, seq: ++seq, at: at(s), actor: null } as LiveEvent);
  event(0, { type: 'session.started' });
  for (const [i, turn] of p.turns.entries()) {
    const turnId = `00000000-0000-4000-8000-0000000001${String(i).padStart(2, '0')}`;
    event(turn.from, {
      type: 'floor.granted',
      turnId,
      requestId: null,
      siteId: turn.site.id,
      siteName: turn.site.name,
      delegateName: turn.delegate,
      themeId: null,
      themeTitle: 'Chuyển đổi số từ cơ sở',
      contributionId: null,
      allowedSeconds: 300,
    });
    if (p.share.site === turn.site && p.share.from > turn.from && p.share.from < turn.to) {
      const ref = { siteId: p.share.site.id, siteName: p.share.site.name };
      event(p.share.from, { type: 'content.shared', ...ref });
      event(p.share.to, { type: 'content.stopped', ...ref });
    }
    event(turn.to, { type: 'floor.ended', turnId });
  }
  event(PROGRAM_S, { type: 'session.ended' });
  return programTimeline({ events, hostSiteId: HOST.id, hostSiteName: HOST.name });
}

// ---------------------------------------------------------------------------------
// Time and CPU

/** CPU seconds of this process and of its children that have ended (ffmpeg, janus-pp-rec). */
function cpuSeconds(): { own: number; children: number } {
  const f = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  return {
    own: (Number(f[11]) + Number(f[12])) / TICK_HZ,
    children: (Number(f[13]) + Number(f[14])) / TICK_HZ,
  };
}

/** Wall and CPU seconds of `work`, and what the rest of the machine used meanwhile (% of a core). */
async function timed<T>(work: () => Promise<T>) {
  const c0 = cpuSeconds();
  const m0 = machineTicks();
  const t0 = performance.now();
  const result = await work();
  const wall = (performance.now() - t0) / 1000;
  const c1 = cpuSeconds();
  const m1 = machineTicks();
  const cpu = c1.own - c0.own + (c1.children - c0.children);
  const busySeconds = (m1.busy - m0.busy) / TICK_HZ;
  return { result, wall, cpu, others: (100 * Math.max(0, busySeconds - cpu)) / wall };
}

async function ffmpegTimed(args: string[]) {
  return timed(() =>
    run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-nostdin', '-y', ...args]),
  );
}

// ---------------------------------------------------------------------------------

async function main() {
  await ensureClips();
  // No test run, and the rest of the machine nearly idle (two cores, shared).
  await waitForQuiet(() => []);
  const tests = watchTests();
  const startedAt = Date.now();
  const work = mkdtempSync(join(tmpdir(), 'doithoai-recording-assembly-'));
  try {
    const raw = join(work, 'raw');
    await mkdir(raw);
    const bytes = await writeRecordings(raw);
    const files = (await readdir(raw)).length;
    const tl = timeline();
    const load0 = loadavg()[0]!;

    // The assembly, as the recording job runs it; each step's end is noted.
    const steps: { at: number; cpu: number; step: string }[] = [];
    const c0 = cpuSeconds();
    const t0 = performance.now();
    const output = join(work, 'out', 'program.mp4');
    const assembly = await timed(() =>
      assembleRecording({
        rawDir: raw,
        workDir: join(work, 'scratch'),
        output,
        timeline: tl,
        onProgress: (_f, step) => {
          const c = cpuSeconds();
          steps.push({
            at: (performance.now() - t0) / 1000,
            cpu: c.own - c0.own + c.children - c0.children,
            step,
          });
        },
      }),
    );
    const outputBytes = (await stat(output)).size;
    const convertEnd = steps.filter((s) => s.step.startsWith('converted')).at(-1)!;
    const segmentSteps = steps.filter((s) => s.step.startsWith('segment'));
    const join_ = steps.at(-1)!;
    const lastSegment = segmentSteps.at(-1)!;
    const segTimes = segmentSteps.map((s, i) => {
      const prev = i === 0 ? convertEnd : segmentSteps[i - 1]!;
      const seg = tl.segments[i]!;
      return {
        seconds: (seg.end - seg.start) / 1000,
        offset: (seg.start - tl.start) / 1000,
        layout: seg.layout,
        wall: s.at - prev.at,
        cpu: s.cpu - prev.cpu,
      };
    });

    // Reference: one site's camera over the program's minutes, re-encoded with the same
    // H.264 settings as each segment of the assembly (and decoded only).
    await waitForQuiet(() => []);
    const camera = join(CLIP_DIR, 'site-0', 'camera.ivf');
    const reencode = await ffmpegTimed([
      ...['-ss', String(LEAD_S), '-t', String(PROGRAM_S), '-i', camera, '-an'],
      ...['-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p'],
      ...['-r', String(PROGRAM_FPS), '-g', String(PROGRAM_FPS * 2), join(work, 'reference.mp4')],
    ]);
    const decode = await ffmpegTimed([
      ...['-ss', String(LEAD_S), '-t', String(PROGRAM_S), '-i', camera, '-f', 'null', '-'],
    ]);
    const load1 = loadavg()[0]!;
    const testsDuring = tests.seenBetween(startedAt, Date.now());
    tests.stop();

    const f1 = (v: number) => v.toFixed(1);
    const rawSeconds = CLIP_S;
    const perSite = SITES.map((site) => {
      const b = bytes.get(`site-${site.id}`) ?? 0;
      // Huế's files cover 5 s less (its dropout).
      const covered = rawSeconds - (plan().dropout.site === site ? 5 : 0);
      return { site, bytes: b, perSecond: b / covered };
    });
    const shareBytes = bytes.get(`share-${plan().share.site.id}`) ?? 0;
    const mbPerHour = (bps: number) => (bps * 3600) / 1e6;
    const scale = 3600 / PROGRAM_S;
    const convertCpu = convertEnd.cpu;
    const segmentsWall = lastSegment.at - convertEnd.at;
    const segmentsCpu = lastSegment.cpu - convertEnd.cpu;
    const joinWall = join_.at - lastSegment.at;
    const joinCpu = join_.cpu - lastSegment.cpu;
    const hourWall = convertEnd.at * scale + segmentsWall * scale + joinWall * scale;
    const perProgramSecond = segTimes.map((s) => s.wall / s.seconds);
    const withContent = segTimes.filter((s) => s.layout !== 'speaker');
    const speakerOnly = segTimes.filter((s) => s.layout === 'speaker');
    const rate = (list: typeof segTimes, key: 'wall' | 'cpu') =>
      list.reduce((a, s) => a + s[key], 0) / list.reduce((a, s) => a + s.seconds, 0);
    const half = PROGRAM_S / 2;
    const early = speakerOnly.filter((s) => s.offset < half);
    const late = speakerOnly.filter((s) => s.offset >= half);

    const rows = [
      `| \`assembleRecording\`, whole (${files} .mjr files → one MP4) | ${f1(assembly.wall)} | ${f1(assembly.cpu)} | ${f1(PROGRAM_S / assembly.wall)}× | ${f1((assembly.wall * scale) / 60)} min |`,
      `| — converting the .mjr files (janus-pp-rec, ffprobe) | ${f1(convertEnd.at)} | ${f1(convertCpu)} | | ${f1((convertEnd.at * scale) / 60)} min |`,
      `| — ${tl.segments.length} segments (decode, compose, H.264 + FLAC) | ${f1(segmentsWall)} | ${f1(segmentsCpu)} | ${f1(PROGRAM_S / segmentsWall)}× | ${f1((segmentsWall * scale) / 60)} min |`,
      `| — the join (picture copied, sound to AAC, faststart) | ${f1(joinWall)} | ${f1(joinCpu)} | | ${f1((joinWall * scale) / 60)} min |`,
      `| reference: one camera re-encoded to H.264 (same settings) | ${f1(reencode.wall)} | ${f1(reencode.cpu)} | ${f1(PROGRAM_S / reencode.wall)}× | ${f1((reencode.wall * scale) / 60)} min |`,
      `| reference: one camera decoded only | ${f1(decode.wall)} | ${f1(decode.cpu)} | ${f1(PROGRAM_S / decode.wall)}× | ${f1((decode.wall * scale) / 60)} min |`,
    ];
    const disk = [
      ...perSite.map(
        (s) =>
          `| ${s.site.name} (camera + microphone, synthetic) | ${(s.bytes / 1e6).toFixed(1)} MB | ${(s.perSecond / 1000).toFixed(0)} KB/s | ${mbPerHour(s.perSecond).toFixed(0)} MB |`,
      ),
      `| shared screen, ${plan().share.to - plan().share.from} s (slides, 15 fps) | ${(shareBytes / 1e6).toFixed(1)} MB | ${(shareBytes / (plan().share.to - plan().share.from) / 1000).toFixed(0)} KB/s | ${mbPerHour(shareBytes / (plan().share.to - plan().share.from)).toFixed(0)} MB |`,
      `| a Chromium camera at the room's cap (1 Mbit/s video + 32 kbit/s Opus, ~110 packets/s, ~60 B per packet of RTP headers, extensions and .mjr framing; computed) | | ${((1e6 + 32e3) / 8 / 1000 + 6.6).toFixed(0)} KB/s | ${mbPerHour((1e6 + 32e3) / 8 + 6600).toFixed(0)} MB |`,
      `| the assembled MP4 (H.264 ${PROGRAM_FPS} fps 1280x720 veryfast, AAC 128k) | ${(outputBytes / 1e6).toFixed(1)} MB | ${(outputBytes / PROGRAM_S / 1000).toFixed(0)} KB/s | ${mbPerHour(outputBytes / PROGRAM_S).toFixed(0)} MB |`,
    ];
    const segLine = segTimes
      .map(
        (s) =>
          `${s.offset.toFixed(0)} s ${s.layout === 'speaker' ? 'S' : 'S+C'} ${(s.wall / s.seconds).toFixed(2)}`,
      )
      .join('; ');
    const medianOf = (xs: number[]) =>
      [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
    const section = [
      '## Recording assembly',
      '',
      `Measured ${new Date().toISOString().slice(0, 16)}Z on ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), ffmpeg ${ffmpegVersion()}, janus-pp-rec from Debian's janus-tools. Reproduce: \`node --import tsx bench/recording-assembly.ts\` (\`--minutes ${MINUTES}\`; about ${Math.ceil((assembly.wall + reencode.wall + decode.wall) / 60) + 1} minutes, plus a few minutes to encode the clips the first time). Each timed step began once no test run was going on and the rest of the machine used under 25 % of a core; while they ran, other work on the machine used ${assembly.others.toFixed(0)} % of a core during the assembly, ${reencode.others.toFixed(0)} % during the re-encode and ${decode.others.toFixed(0)} % during the decode (load average ${load0.toFixed(1)} → ${load1.toFixed(1)})${testsDuring ? '; a test run of another session overlapped part of it' : ''}.`,
      '',
      `**The program** (${MINUTES} min, ${tl.segments.length} segments, ${tl.chapters.length} chapters): 3 sites publishing for the whole session and ${LEAD_S} s on either side — a camera each (VP8 1280x720, ${PROGRAM_FPS} fps, ${CAMERA_KBPS} kbit/s constant, the room's bitrate cap, with temporal noise so the encoder spends all of it; a keyframe every 10 s, as the room's \`fir_freq\` asks) and a microphone (Opus 32 kbit/s mono); 5 turns; Đà Nẵng shares its screen (VP8 1280x720, 15 fps slides) for 60 s during its turn; Huế's camera drops out for 5 s during its second turn and comes back in new files (a slate fills the hole). The .mjr files are written as Janus writes them (RTP as a browser packetises it, \`tests/support/mjr-files.ts\`), ${files} files in all; then \`assembleRecording\` runs on the folder as the recording job does (1280x720 output). Reference, in the same run: the same ${MINUTES} minutes of one site's camera re-encoded by one ffmpeg with the assembly's H.264 settings (libx264 veryfast, yuv420p, ${PROGRAM_FPS} fps, a keyframe every 2 s): the floor of what any assembly of that picture costs; and the same camera only decoded.`,
      '',
      `Time in seconds (wall, and CPU of every process involved: ffmpeg, ffprobe, janus-pp-rec and Node); "speed" is program seconds per wall second. The 1-hour column scales each part linearly with the program's length (×${scale.toFixed(0)}): conversion with the length of the raw files, each segment with its own length, the join with the whole.`,
      '',
      `| step | wall s | CPU s | speed | 1-hour program (extrapolated) |`,
      '|---|---|---|---|---|',
      ...rows,
      '',
      `Per segment (start in the program, layout S = speaker, S+C = speaker and content, then wall seconds per program second): ${segLine}. Speaker-only segments cost ${rate(speakerOnly, 'wall').toFixed(2)} s per program second (${rate(speakerOnly, 'cpu').toFixed(2)} CPU s), those with the shared screen ${withContent.length ? rate(withContent, 'wall').toFixed(2) : '–'} (${withContent.length ? rate(withContent, 'cpu').toFixed(2) : '–'} CPU s); speaker-only segments in the first half ${early.length ? rate(early, 'wall').toFixed(2) : '–'}, in the second half ${late.length ? rate(late, 'wall').toFixed(2) : '–'} (median of all ${medianOf(perProgramSecond).toFixed(2)}).`,
      '',
      `**Disk** taken by the raw recordings (.mjr: RTP packets behind a 10-byte frame header), per site, and per hour:`,
      '',
      '| what | this run | per second | per hour |',
      '|---|---|---|---|',
      ...disk,
      '',
      reading({
        assemblyWall: assembly.wall,
        hourWall,
        reencodeWall: reencode.wall,
        decodeWall: decode.wall,
        convertWall: convertEnd.at,
        segmentsWall,
        perSiteMbHour: mbPerHour(perSite[0]!.perSecond),
        early: early.length ? rate(early, 'wall') : NaN,
        late: late.length ? rate(late, 'wall') : NaN,
        speaker: rate(speakerOnly, 'wall'),
        content: withContent.length ? rate(withContent, 'wall') : NaN,
        mp4MbHour: mbPerHour(outputBytes / PROGRAM_S),
      }),
      '',
    ].join('\n');
    console.log(`\n${section}`);
    if (values['no-docs']) return;
    const path = join(root, 'docs/performance.md');
    let doc = readFileSync(path, 'utf8');
    const re = /## Recording assembly[\s\S]*?(?=\n## |$)/;
    doc = re.test(doc) ? doc.replace(re, section) : `${doc.trimEnd()}\n\n${section}`;
    writeFileSync(path, doc);
    console.log(`written to ${path}`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

function reading(r: {
  assemblyWall: number;
  hourWall: number;
  reencodeWall: number;
  decodeWall: number;
  convertWall: number;
  segmentsWall: number;
  perSiteMbHour: number;
  early: number;
  late: number;
  speaker: number;
  content: number;
  mp4MbHour: number;
}) {
  const f1 = (v: number) => v.toFixed(1);
  const linear =
    Number.isFinite(r.early) && Number.isFinite(r.late)
      ? Math.abs(r.late - r.early) / r.early < 0.2
        ? `Segments late in the files cost what early ones do (${r.early.toFixed(2)} and ${r.late.toFixed(2)} s per program second): each segment's inputs are opened with \`-ss\` at its start, not read from the files' beginning, so the cost grows with the program's length, not its square — the linear extrapolation holds.`
        : `Segments late in the files cost more than early ones (${r.early.toFixed(2)} against ${r.late.toFixed(2)} s per program second): seeking into the files is not free, so the linear extrapolation is optimistic for long programs.`
      : '';
  return [
    `**Reading.** The ${MINUTES}-minute program took ${f1(r.assemblyWall)} s to assemble (${f1(r.assemblyWall / r.reencodeWall)}× the plain re-encode of one camera, ${f1(r.reencodeWall)} s); a 1-hour program would take about ${f1(r.hourWall / 60)} minutes on this machine, with the machine to itself.`,
    `Nearly all of it is the segments (${f1((100 * r.segmentsWall) / r.assemblyWall)} %): decoding the speaker's 1280x720 VP8 (${f1(r.decodeWall)} s for the ${MINUTES} minutes alone), composing and encoding H.264; a segment with the shared screen decodes two pictures yet costs ${Number.isFinite(r.content) ? `${(r.content / r.speaker).toFixed(1)}×` : 'about what'} a speaker-only one: the still slide fills three quarters of the frame and is cheap to encode, the noisy camera only the small box. Converting the .mjr files (every site's camera and microphone, not only what the program shows) took ${f1(r.convertWall)} s.`,
    linear,
    `The synthetic cameras carry noise, the worst case for the H.264 encoder (the MP4 comes out at ${r.mp4MbHour.toFixed(0)} MB per hour); a real camera's picture encodes faster and smaller.`,
    `Disk: a site at the room's 1 Mbit/s cap writes about ${r.perSiteMbHour.toFixed(0)} MB of .mjr per hour (camera and microphone), so a 3-hour session with 40 sites keeps about ${((r.perSiteMbHour * 3 * 40) / 1000).toFixed(0)} GB of raw files until they are deleted after the reopen window; a site whose camera sends less (a still picture, a lower layer) writes proportionally less.`,
  ]
    .filter(Boolean)
    .join(' ');
}

function ffmpegVersion(): string {
  const text = execFileSync('ffmpeg', ['-version'], { encoding: 'utf8' });
  return /ffmpeg version (\S+)/.exec(text)?.[1] ?? '?';
}

function machineTicks(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.split(/\s+/).slice(1).map(Number);
  const idle = line[3]! + line[4]!;
  return { busy: line.reduce((a, b) => a + b, 0) - idle, total: line.reduce((a, b) => a + b, 0) };
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
