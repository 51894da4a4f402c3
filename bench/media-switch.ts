// Media benchmark: the program switch and Janus's load with 10, 20 and 40 sites on one
// Janus (VideoRoom, Janus 1.1.x) on this machine.
//
//   node --import tsx bench/media-switch.ts [--sites 10,20,40] [--rounds 20] [--consoles 2]
//       [--join-after] [--no-docs]
//
// --join-after opens the screens before the sites publish (as in a session) instead of
// after; BENCH_DEBUG=1 logs the screens' Janus requests, socket closes and failed
// WebRTC calls.
//
// As root (or with unprivileged user namespaces) it re-runs itself inside a private
// network namespace (scripts/media-namespace.sh), like the media tests: Janus, the app,
// Chromium and the stand-in sites talk over a veth carrying 127.0.0.1, nothing leaves
// the machine, and every process it started ends with it (PID namespace).
//
// Sites: Janus VideoRoom *remote publishers* (`add_remote_publisher`), one per site, fed
// with pre-encoded RTP by a replayer process (this file, `--role sender`): Opus audio
// (SSRC 1000, mid 0) and VP8 simulcast video, 320x180 and 640x360 (SSRCs 1010 and 1011,
// mid 1), each site a solid colour of its own with noise. Clips are encoded once with
// ffmpeg and cached under /tmp. The replayer answers keyframe requests as Chrome does
// (a keyframe at the next frame, at most one per 300 ms).
//
// Subscribers: the chair console (Chromium, program + every site's low layer + audio),
// `--consoles` site consoles (Chromium, program + audio; the site being measured is
// one of them), and for the remaining sites one light subscriber each (a peer
// connection in one Chromium page whose frames are dropped before the decoder: Janus
// does its full work, the browser decodes nothing). Reference in the same run: a
// Chromium page subscribed straight to Janus, switched with a raw VideoRoom `switch`.
//
// Results go to docs/performance.md (section "Media: program switch and Janus load").
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { JanodeHandle } from 'janode';
import type { Browser, Page } from 'playwright-core';
import { readIvf, readOggOpus, rtpHeader, vp8Packets, type Frame } from './support/rtp-packets.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const self = fileURLToPath(import.meta.url);
const { values } = parseArgs({
  options: {
    sites: { type: 'string', default: '10,20,40' },
    rounds: { type: 'string', default: '20' },
    consoles: { type: 'string', default: '2' },
    'no-docs': { type: 'boolean', default: false },
    /** Open the screens first, then add the sites (as in a session); default: sites first. */
    'join-after': { type: 'boolean', default: false },
    role: { type: 'string', default: 'bench' },
  },
});

const FPS = 25;
const CLIP_SECONDS = 8;
const CLIP_DIR = join(tmpdir(), 'doithoai-media-switch', 'clips-v2');
/** Chrome answers at most one keyframe request per 300 ms (kMinKeyframeSendIntervalMs). */
const KEYFRAME_MIN_INTERVAL_MS = 300;
/** Janus 1.1.x remote publishers: SSRC = 1000 + mindex * 10 + substream. */
const SSRC_AUDIO = 1000;
const SSRC_LOW = 1010;
const SSRC_HIGH = 1011;
const PT_OPUS = 111;
const PT_VP8 = 96;
const SWITCH_TIMEOUT_MS = 8000;
const SECRET = 'bench-secret-media-switch-0123456789abcdef';

// ---------------------------------------------------------------------------------
// Stand-in sites: colours, clips, RTP

const LEVELS = [25, 95, 165, 235];
/** A site's colour: 64 combinations, neighbours far apart. */
function colour(i: number): [number, number, number] {
  const k = (i * 23 + 5) % 64;
  return [LEVELS[k % 4]!, LEVELS[(k >> 2) % 4]!, LEVELS[(k >> 4) % 4]!];
}
const hex = (rgb: number[]) => rgb.map((v) => v.toString(16).padStart(2, '0')).join('');

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr!.on('data', (c) => (err += c));
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${cmd} failed (${code}): ${err.slice(-2000)}`)),
    );
  });
}

/** One clip per site (cached): VP8 640x360 and 320x180, Opus tone; one keyframe, at the start. */
async function ensureClips(count: number) {
  mkdirSync(CLIP_DIR, { recursive: true });
  const missing = Array.from({ length: count }, (_, i) => i).filter(
    (i) => !existsSync(join(CLIP_DIR, `site-${i}`, 'done')),
  );
  if (!missing.length) return;
  console.log(`encoding ${missing.length} site clips into ${CLIP_DIR} (once)…`);
  const encodeOne = async (i: number) => {
    const tmp = mkdtempSync(join(CLIP_DIR, `.tmp-${i}-`));
    const vp8 = (kbps: number) => [
      '-c:v',
      'libvpx',
      '-deadline',
      'realtime',
      '-cpu-used',
      '16',
      '-b:v',
      `${kbps}k`,
      '-g',
      '100000',
      '-keyint_min',
      '100000',
      // Keyframes no larger than Chrome's VP8 encoder allows (9× a frame's share).
      '-max-intra-rate',
      '900',
      '-auto-alt-ref',
      '0',
      '-lag-in-frames',
      '0',
      '-f',
      'ivf',
    ];
    await run('ffmpeg', [
      '-hide_banner',
      '-loglevel',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      `color=c=0x${hex(colour(i))}:s=640x360:r=${FPS}:d=${CLIP_SECONDS},noise=alls=14:allf=t+u`,
      '-f',
      'lavfi',
      '-i',
      `sine=frequency=${300 + 20 * i}:sample_rate=48000:d=${CLIP_SECONDS}`,
      '-filter_complex',
      '[0:v]split=2[h][l0];[l0]scale=320:180[l]',
      '-map',
      '[h]',
      ...vp8(500),
      join(tmp, 'high.ivf'),
      '-map',
      '[l]',
      ...vp8(150),
      join(tmp, 'low.ivf'),
      '-map',
      '1:a',
      '-ac',
      '1',
      '-c:a',
      'libopus',
      '-b:a',
      '32k',
      '-frame_duration',
      '20',
      '-application',
      'voip',
      '-f',
      'ogg',
      join(tmp, 'audio.ogg'),
    ]);
    writeFileSync(join(tmp, 'done'), new Date().toISOString());
    rmSync(join(CLIP_DIR, `site-${i}`), { recursive: true, force: true });
    renameSync(tmp, join(CLIP_DIR, `site-${i}`));
  };
  const queue = [...missing];
  await Promise.all(
    [0, 1].map(async () => {
      for (let i = queue.shift(); i !== undefined; i = queue.shift()) await encodeOne(i);
    }),
  );
}

// ---------------------------------------------------------------------------------
// The replayer (`--role sender`): every site's RTP to its remote publisher's port.

interface SenderSite {
  index: number;
  clip: number;
  port: number;
  rtcpPort: number;
}
type SenderCommand =
  { type: 'start'; sites: SenderSite[] } | { type: 'keyframe'; index: number } | { type: 'stats' };

function runSender() {
  interface Live {
    index: number;
    sock: dgram.Socket;
    port: number;
    rtcpPort: number;
    high: Frame[];
    low: Frame[];
    audio: Buffer[];
    pos: number;
    frameNo: number;
    nextFrameAt: number;
    audioPos: number;
    audioNo: number;
    nextAudioAt: number;
    seq: Map<number, number>;
    ts: Map<number, number>;
    pic: Map<number, number>;
    lastKeyAt: number;
    keyWanted: boolean;
    desyncAt: number;
    plis: number;
    keyframes: number;
  }
  const sites = new Map<number, Live>();
  let packets = 0;
  let bytes = 0;
  const rnd = (n: number) => Math.floor(Math.random() * n);

  const send = (s: Live, pkt: Buffer, port = s.port) => {
    packets++;
    bytes += pkt.length;
    s.sock.send(pkt, port, '127.0.0.1');
  };
  const nextSeq = (s: Live, ssrc: number) => {
    const v = s.seq.get(ssrc)!;
    s.seq.set(ssrc, (v + 1) & 0xffff);
    return v;
  };
  const sendVideo = (s: Live, ssrc: number, frame: Frame) => {
    const pic = s.pic.get(ssrc)!;
    s.pic.set(ssrc, (pic + 1) & 0x7fff);
    const ts = (s.ts.get(ssrc)! + s.frameNo * (90000 / FPS)) >>> 0;
    const chunks = vp8Packets(frame.data, pic);
    chunks.forEach((c, i) =>
      send(
        s,
        Buffer.concat([rtpHeader(PT_VP8, i === chunks.length - 1, nextSeq(s, ssrc), ts, ssrc), c]),
      ),
    );
  };
  const tick = () => {
    const now = performance.now();
    for (const s of sites.values()) {
      if (now - s.nextFrameAt > 500) s.nextFrameAt = now; // starved: no catch-up burst
      while (now >= s.nextFrameAt) {
        // A keyframe request (Janus's PLI, or a switch seen by the bench) restarts the clip,
        // whose first frame is a keyframe: as an encoder would, at the next frame.
        if (s.desyncAt && now >= s.desyncAt) {
          s.desyncAt = 0;
          s.pos = 0;
        }
        if (s.keyWanted && now - s.lastKeyAt >= KEYFRAME_MIN_INTERVAL_MS) {
          s.keyWanted = false;
          s.pos = 0;
        }
        const high = s.high[s.pos % s.high.length]!;
        const low = s.low[s.pos % s.low.length]!;
        if (high.key) {
          s.lastKeyAt = now;
          s.keyframes++;
        }
        sendVideo(s, SSRC_LOW, low);
        sendVideo(s, SSRC_HIGH, high);
        s.pos = (s.pos + 1) % s.high.length;
        s.frameNo++;
        s.nextFrameAt += 1000 / FPS;
      }
      if (now - s.nextAudioAt > 500) s.nextAudioAt = now;
      while (now >= s.nextAudioAt) {
        const ts = (s.ts.get(SSRC_AUDIO)! + s.audioNo * 960) >>> 0;
        send(
          s,
          Buffer.concat([
            rtpHeader(PT_OPUS, false, nextSeq(s, SSRC_AUDIO), ts, SSRC_AUDIO),
            s.audio[s.audioPos]!,
          ]),
        );
        s.audioPos = (s.audioPos + 1) % s.audio.length;
        s.audioNo++;
        s.nextAudioAt += 20;
      }
    }
  };

  const start = async (list: SenderSite[]) => {
    for (const site of list) {
      const dir = join(CLIP_DIR, `site-${site.clip}`);
      const sock = dgram.createSocket('udp4');
      await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
      const now = performance.now();
      const s: Live = {
        index: site.index,
        sock,
        port: site.port,
        rtcpPort: site.rtcpPort,
        high: readIvf(join(dir, 'high.ivf')),
        low: readIvf(join(dir, 'low.ivf')),
        audio: readOggOpus(join(dir, 'audio.ogg')),
        pos: 0,
        frameNo: 0,
        nextFrameAt: now + rnd(40),
        audioPos: 0,
        audioNo: 0,
        nextAudioAt: now + rnd(20),
        seq: new Map([SSRC_AUDIO, SSRC_LOW, SSRC_HIGH].map((x) => [x, rnd(65536)])),
        ts: new Map([SSRC_AUDIO, SSRC_LOW, SSRC_HIGH].map((x) => [x, rnd(2 ** 31)])),
        pic: new Map([SSRC_LOW, SSRC_HIGH].map((x) => [x, rnd(32768)])),
        lastKeyAt: -1e9,
        keyWanted: false,
        // Sites do not all loop (and send their loop keyframe) at the same moment.
        desyncAt: now + rnd(CLIP_SECONDS * 1000),
        plis: 0,
        keyframes: 0,
      };
      // Janus sends keyframe requests (RTCP PLI/FIR) to the address its RTCP port last
      // heard from: tell it ours, and keep telling it.
      const rr = Buffer.from([0x80, 201, 0, 1, 0, 0, 0x03, 0xe8]);
      send(s, rr, s.rtcpPort);
      setInterval(() => send(s, rr, s.rtcpPort), 1000).unref();
      sock.on('message', (msg) => {
        for (let off = 0; off + 4 <= msg.length;) {
          const fmt = msg[off]! & 0x1f;
          const pt = msg[off + 1]!;
          if (pt === 206 && (fmt === 1 || fmt === 4)) {
            s.plis++;
            s.keyWanted = true;
          }
          off += (msg.readUInt16BE(off + 2) + 1) * 4;
        }
      });
      sites.set(site.index, s);
    }
    setInterval(tick, 4);
    process.send!({ type: 'ready' });
  };

  process.on('message', (m: SenderCommand) => {
    if (m.type === 'start') void start(m.sites);
    else if (m.type === 'keyframe') {
      const s = sites.get(m.index);
      if (s) s.keyWanted = true;
    } else if (m.type === 'stats') {
      process.send!({
        type: 'stats',
        packets,
        bytes,
        plis: [...sites.values()].reduce((a, s) => a + s.plis, 0),
        keyframes: [...sites.values()].reduce((a, s) => a + s.keyframes, 0),
      });
    }
  });
  process.on('disconnect', () => process.exit(0));
}

// ---------------------------------------------------------------------------------
// Code run in the pages (injected as a script): colour watcher and raw subscribers.

const PAGE_HELPERS = String.raw`
window.bench = (() => {
  let canvas = null, g = null;
  const classify = (video, palette) => {
    if (!canvas) {
      canvas = document.createElement('canvas');
      canvas.width = 64; canvas.height = 36;
      g = canvas.getContext('2d', { willReadFrequently: true });
    }
    g.drawImage(video, 0, 0, 64, 36);
    const d = g.getImageData(2, 20, 8, 8).data;
    let r = 0, gr = 0, b = 0;
    for (let i = 0; i < d.length; i += 4) { r += d[i]; gr += d[i + 1]; b += d[i + 2]; }
    const n = d.length / 4, rgb = [r / n, gr / n, b / n];
    let idx = -1, dist = 1e9;
    palette.forEach((c, i) => {
      const x = Math.max(...c.map((v, j) => Math.abs(v - rgb[j])));
      if (x < dist) { dist = x; idx = i; }
    });
    return { idx, dist, rgb: rgb.map(Math.round) };
  };
  const sample = (selector, palette) => {
    const v = document.querySelector(selector);
    if (!v || v.readyState < 2 || !v.videoWidth) return null;
    return { ...classify(v, palette), frames: v.getVideoPlaybackQuality().totalVideoFrames, width: v.videoWidth };
  };
  const watches = new Map();
  // Resolves with the time (epoch ms) of the first frame of the target colour shown by
  // the video: requestVideoFrameCallback's presentation time, or a 15 ms poll.
  const watch = ({ key, selector, palette, target, timeoutMs }) => {
    let done = false, settle, hooked = null;
    const promise = new Promise((r) => (settle = r));
    const finish = (result) => { if (done) return; done = true; clearInterval(timer); clearTimeout(limit); settle(result); };
    const test = (at, how) => {
      const v = document.querySelector(selector);
      if (!v || v.readyState < 2 || !v.videoWidth) return;
      const c = classify(v, palette);
      if (c.idx === target && c.dist <= 40) finish({ at: performance.timeOrigin + at, how, dist: c.dist });
    };
    const hook = () => {
      const v = document.querySelector(selector);
      if (!v || v === hooked || !v.requestVideoFrameCallback) return;
      hooked = v;
      const cb = (now, meta) => {
        if (done || hooked !== v) return;
        test(meta.presentationTime || now, 'frame');
        v.requestVideoFrameCallback(cb);
      };
      v.requestVideoFrameCallback(cb);
    };
    const timer = setInterval(() => { hook(); test(performance.now(), 'poll'); }, 15);
    const limit = setTimeout(() => finish({ at: null }), timeoutMs);
    hook();
    watches.set(key, promise);
    return true;
  };
  const result = (key) => watches.get(key);
  const now = () => performance.timeOrigin + performance.now();

  // Raw subscribers (the reference, and the light ones whose frames are dropped).
  const subs = new Map();
  let worker = null;
  const dropper = () => {
    if (worker) return worker;
    const code = 'onrtctransform = (e) => { const t = e.transformer; const o = t.options; let n = 0;' +
      ' t.readable.pipeTo(new WritableStream({ write() { n++; if (o.kind === "video" && (n === 1 || n % 25 === 0)) postMessage({ id: o.id, frames: n }); } })); };';
    worker = new Worker(URL.createObjectURL(new Blob([code], { type: 'text/javascript' })));
    worker.onmessage = (e) => { const s = subs.get(e.data.id); if (s) s.frames = e.data.frames; };
    return worker;
  };
  const scriptTransform = typeof RTCRtpScriptTransform !== 'undefined';
  const subscribe = async ({ id, sdp, light }) => {
    const config = { iceServers: [] };
    if (light && !scriptTransform) config.encodedInsertableStreams = true;
    const pc = new RTCPeerConnection(config);
    const s = { pc, frames: 0 };
    subs.set(id, s);
    pc.ontrack = (e) => {
      if (light) {
        if (scriptTransform) {
          e.receiver.transform = new RTCRtpScriptTransform(dropper(), { id, kind: e.track.kind });
        } else {
          const { readable } = e.receiver.createEncodedStreams();
          const kind = e.track.kind;
          readable.pipeTo(new WritableStream({ write() { if (kind === 'video') s.frames++; } }));
        }
      } else if (e.track.kind === 'video') {
        const v = document.createElement('video');
        v.muted = true; v.autoplay = true; v.playsInline = true; v.id = 'v-' + id;
        v.width = 320; v.height = 180;
        v.srcObject = new MediaStream([e.track]);
        document.body.append(v);
        v.play().catch(() => {});
      }
    };
    await pc.setRemoteDescription({ type: 'offer', sdp });
    await pc.setLocalDescription(await pc.createAnswer());
    await new Promise((r) => {
      if (pc.iceGatheringState === 'complete') return r();
      const t = setTimeout(r, 3000);
      pc.addEventListener('icegatheringstatechange', () => {
        if (pc.iceGatheringState === 'complete') { clearTimeout(t); r(); }
      });
    });
    return pc.localDescription.sdp;
  };
  const frames = () => [...subs.values()].map((s) => s.frames);
  const states = () => [...subs.values()].map((s) => s.pc.connectionState);
  return { sample, watch, result, now, subscribe, frames, states, scriptTransform };
})();
`;

interface BenchApi {
  sample(
    selector: string,
    palette: number[][],
  ): { idx: number; dist: number; rgb: number[]; frames: number; width: number } | null;
  watch(a: {
    key: string;
    selector: string;
    palette: number[][];
    target: number;
    timeoutMs: number;
  }): boolean;
  result(key: string): Promise<{ at: number | null; how?: string; dist?: number }>;
  now(): number;
  subscribe(a: { id: string; sdp: string; light: boolean }): Promise<string>;
  frames(): number[];
  states(): string[];
  scriptTransform: boolean;
}
/** The page's `window`, with the helpers (evaluated functions cannot close over ours). */
type BenchWindow = { bench: BenchApi };

// ---------------------------------------------------------------------------------
// Load: /proc

const TICK = 100; // USER_HZ
function procTicks(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(f[11]) + Number(f[12]);
  } catch {
    return 0;
  }
}
function rssMb(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return Number(kb ?? 0) / 1024;
  } catch {
    return 0;
  }
}
function chromiumPids(): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readFileSync(`/proc/${name}/cmdline`, 'utf8').includes('chromium'))
        pids.push(Number(name));
    } catch {
      // gone
    }
  }
  return pids;
}
function machineTicks(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.split(/\s+/).slice(1).map(Number);
  const idle = line[3]! + line[4]!;
  const total = line.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

function percentile(sorted: number[], p: number) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------
// The benchmark

interface SwitchStats {
  times: number[];
  missed: number;
}
interface RunResult {
  sites: number;
  consoles: number;
  light: number;
  app: SwitchStats;
  appChair: SwitchStats;
  appRequest: number[];
  /** Grant to the live event on a WebSocket client in this process (the server's part). */
  appEvent: number[];
  appAfterRequest: number[];
  reference: SwitchStats;
  janusCpu: number;
  janusRssMax: number;
  janusRssStart: number;
  chromiumCpu: number;
  senderCpu: number;
  benchCpu: number;
  lightFps: number;
  machineCpu: number;
  seconds: number;
  sender: { packets: number; bytes: number; plis: number; keyframes: number };
  errors: string[];
}

async function runOnce(
  n: number,
  rounds: number,
  consoles: number,
  browser: Browser,
  joinAfter: boolean,
): Promise<RunResult> {
  const Janode = (await import('janode')).default;
  const VideoRoomPlugin = (await import('janode/plugins/videoroom')).default;
  const { WebSocket } = await import('ws');
  const { startJanus } = await import('../server/media/janus-process.ts');
  const { startInstance } = await import('../server/server.ts');
  const { parseEnv } = await import('../server/env.ts');
  const { createLogger } = await import('../server/logger.ts');
  const { insertUser } = await import('../domain/auth/users.ts');
  const { createTestDatabase } = await import('../tests/support/test-database.ts');
  const { loadServerBuild } = await import('../tests/support/server-build.ts');
  const { mediaToken, roomSecrets } = await import('../domain/media/media-grant.ts');
  Janode.Logger.setLevel('none');

  const cleanups: (() => Promise<unknown> | unknown)[] = [];
  const errors: string[] = [];
  const janusLog: string[] = [];
  try {
    const dir = mkdtempSync(join(tmpdir(), 'doithoai-media-switch-janus-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const janus = await startJanus({
      dir,
      iceEnforce: 'vmedia0',
      onLog: (line) => {
        janusLog.push(line);
        if (janusLog.length > 400) janusLog.shift();
      },
    });
    cleanups.push(() => janus.stop());
    // The app in this process, as tests/support/test-app.ts starts it, with its pages and
    // their assets (build/client).
    const database = await createTestDatabase();
    cleanups.push(() => database.close());
    const instance = await startInstance(
      {
        env: parseEnv({ LOG_LEVEL: 'silent' }),
        database,
        secret: SECRET,
        logger: createLogger('silent'),
        version: 'bench',
        build: await loadServerBuild(),
        clientDir: join(root, 'build/client'),
        janus: { url: janus.url, roomAdminKey: janus.roomAdminKey },
      },
      { port: 0, host: '127.0.0.1' },
    );
    cleanups.push(() => instance.kill());
    const app = { url: instance.url, instance };
    for (let i = 0; i < 200 && instance.media.status !== 'ready'; i++) await sleep(50);
    if (instance.media.status !== 'ready') throw new Error('the app did not reach Janus');
    let userNo = 0;
    const createUser = async (roles: 'admin'[] = []) => {
      const email = `do-tai-${n}-${++userNo}-${Date.now()}@doithoai.example`;
      const password = 'mat-khau-do-tai-2026';
      await insertUser(database.db, {
        email,
        name: `Đo tải ${userNo}`,
        password,
        roles,
        language: 'vi',
      });
      const res = await fetch(`${app.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
      });
      if (res.status !== 200) throw new Error(`sign-in failed: ${res.status}`);
      const cookie = res.headers.getSetCookie().find((c) => c.startsWith('dt_session='));
      return { email, cookie: cookie!.split(';')[0]! };
    };
    const admin = (await createUser(['admin'])).cookie;
    const call = async (path: string, body?: unknown, cookie = admin) => {
      const res = await fetch(`${app.url}/api/v1${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { 'content-type': 'application/json', cookie },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const json = res.status === 204 ? null : await res.json();
      if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
      return json;
    };
    const conf = await call('/conferences', {
      title: `Đo chuyển hình ${n} điểm cầu`,
      theme: 'Đo tải máy chủ hình',
      organiser: 'Ban Tổ chức',
      startsAt: '2026-12-18T01:00:00Z',
      endsAt: '2026-12-18T04:00:00Z',
      siteChairApproval: false,
      defaultTurnMinutes: 5,
      themes: ['Chủ đề'],
    });
    const conferenceId = conf.id as string;
    await call(`/conferences/${conferenceId}/status`, { status: 'scheduled' });
    // N publishing sites (the first is the host), then one site per console page: a console
    // joins as its own site (`site-<id>`), which cannot also be a remote publisher.
    const sites: { id: string; index: number }[] = [];
    for (let i = 0; i < n; i++) {
      const site = await call(`/conferences/${conferenceId}/sites`, {
        name: `Điểm cầu ${String(i + 1).padStart(2, '0')}`,
        unitName: `Đơn vị ${i + 1}`,
        isHost: i === 0,
      });
      sites.push({ id: site.id, index: i });
    }
    const consoleSites: { id: string; cookie: string }[] = [];
    for (let i = 0; i < consoles; i++) {
      const site = await call(`/conferences/${conferenceId}/sites`, {
        name: `Điểm cầu xem ${i + 1}`,
        unitName: `Đơn vị xem ${i + 1}`,
        isHost: false,
      });
      const user = await createUser();
      await call(`/conferences/${conferenceId}/members`, {
        email: user.email,
        role: 'site_operator',
        siteId: site.id,
      });
      consoleSites.push({ id: site.id, cookie: user.cookie });
    }
    let commandNo = 0;
    const command = (c: unknown) =>
      call(`/conferences/${conferenceId}/live/commands`, {
        commandId: `bench-${n}-${++commandNo}-${Date.now()}`,
        command: c,
      });
    await command({ type: 'session.open_check' });
    await command({ type: 'session.start' });
    await app.instance.media.openRoom(conferenceId);

    // Our own way to Janus: remote publishers, the reference and the light subscribers.
    const conn = await Janode.connect({ address: { url: janus.url } });
    cleanups.push(() => conn.close().catch(() => {}));
    const session = await conn.create(30);
    const control = await session.attach(VideoRoomPlugin);
    const { secret, pin } = roomSecrets(SECRET, conferenceId);
    const viewerToken = mediaToken(SECRET, conferenceId, { kind: 'viewer' });
    const feedIndex = new Map(sites.map((site) => [`site-${site.id}`, site.index]));
    let sender: ChildProcess | null = null;
    const fromSender = <T>(type: string) =>
      new Promise<T>((resolve) => {
        const on = (m: { type: string }) => {
          if (m.type !== type) return;
          sender!.off('message', on);
          resolve(m as T);
        };
        sender!.on('message', on);
      });
    const keyframe = (feed: string | undefined) => {
      const index = feed ? feedIndex.get(feed) : undefined;
      if (index !== undefined) sender?.send({ type: 'keyframe', index } satisfies SenderCommand);
    };
    /** Every site publishes: a remote publisher each, and the replayer feeding them. */
    const addSites = async () => {
      const senderSites: SenderSite[] = [];
      for (const site of sites) {
        const res = await control.message({
          request: 'add_remote_publisher',
          room: conferenceId,
          secret,
          id: `site-${site.id}`,
          display: `Điểm cầu ${site.index + 1}`,
          streams: [
            { type: 'audio', mid: '0', mindex: 0, codec: 'opus' },
            { type: 'video', mid: '1', mindex: 1, codec: 'vp8', simulcast: true },
          ],
        });
        const data = (res.plugindata?.data ?? {}) as {
          port?: number;
          rtcp_port?: number;
          error?: string;
        };
        if (!data.port || !data.rtcp_port)
          throw new Error(`add_remote_publisher: ${JSON.stringify(data)}`);
        senderSites.push({
          index: site.index,
          clip: site.index,
          port: data.port,
          rtcpPort: data.rtcp_port,
        });
      }
      const child = spawn(process.execPath, ['--import', 'tsx', self, '--role', 'sender'], {
        cwd: root,
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      sender = child;
      cleanups.push(() => child.kill('SIGKILL'));
      const ready = fromSender('ready');
      child.send({ type: 'start', sites: senderSites } satisfies SenderCommand);
      await ready;
    };
    if (!joinAfter) await addSites();

    // The participant whose private id our subscribers present (the room requires one).
    const owner = await session.attach(VideoRoomPlugin);
    const joined = await owner.message({
      request: 'join',
      room: conferenceId,
      ptype: 'publisher',
      id: `view-${Math.random().toString(16).slice(2, 14).padEnd(12, '0')}`,
      token: viewerToken,
      pin,
    });
    const privateId = (joined.plugindata?.data as { private_id: number }).private_id;

    const palette = Array.from({ length: n }, (_, i) => colour(i));
    const hostFeed = `site-${sites[0]!.id}`;

    // The app's screens: the chair console and the site consoles, signed in by cookie.
    const appPages: Page[] = [];
    const switchSent = new Map<Page, number>();
    const mediaSockets = new Map<string, number>();
    const screen = async (cookie: string, path: string) => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      cleanups.push(() => context.close().catch(() => {}));
      const [name, value] = cookie.split('=') as [string, string];
      await context.addCookies([{ name, value, url: app.url }]);
      await context.addInitScript(PAGE_HELPERS);
      if (process.env.BENCH_DEBUG)
        await context.addInitScript(() => {
          const w = window as unknown as { __wsCloses: unknown[] };
          w.__wsCloses = [];
          const proto = RTCPeerConnection.prototype as unknown as Record<
            string,
            (...a: unknown[]) => unknown
          >;
          for (const name of [
            'setRemoteDescription',
            'createAnswer',
            'setLocalDescription',
            'addIceCandidate',
          ]) {
            const orig = proto[name]!;
            proto[name] = function (this: RTCPeerConnection, ...a: unknown[]) {
              const state = this.signalingState;
              const r = orig.apply(this, a);
              if (r instanceof Promise)
                r.catch((err: unknown) => w.__wsCloses.push({ [name]: String(err), state }));
              return r;
            };
          }
          const Native = window.WebSocket;
          window.WebSocket = class extends Native {
            constructor(url: string | URL, protocols?: string | string[]) {
              super(url, protocols);
              this.addEventListener('close', (e) =>
                w.__wsCloses.push({ code: e.code, reason: e.reason, at: Date.now() }),
              );
              const close = this.close.bind(this);
              this.close = (code?: number, reason?: string) => {
                w.__wsCloses.push({ local: true, stack: new Error().stack?.slice(0, 900) });
                close(code, reason);
              };
            }
          };
        });
      const page = await context.newPage();
      page.on('pageerror', (err) => errors.push(`page: ${err.message}`));
      page.on('console', (msg) => {
        if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
      });
      // Each switch a screen sends is, for a browser publisher, a keyframe request that
      // Janus passes on at once; for a remote publisher Janus passes on one per second
      // only. The replayer hears of every switch, and answers as Chrome would.
      page.on('websocket', (ws) => {
        if (!ws.url().includes('/media/janus')) return;
        const opened = (mediaSockets.get(path) ?? 0) + 1;
        mediaSockets.set(path, opened);
        if (opened > 1) errors.push(`media socket opened again (${opened}) by ${path}`);
        const sentAt: number[] = [];
        const kinds = new Map<string, number>();
        ws.on('framesent', (f) => {
          sentAt.push(Date.now());
          const text = String(f.payload);
          const kind =
            /"request":"(\w+)"/.exec(text)?.[1] ?? /"janus":"(\w+)"/.exec(text)?.[1] ?? '?';
          kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
        });
        ws.on('framereceived', (f) => {
          const text = String(f.payload);
          if (process.env.BENCH_DEBUG && /"error"|error_code/.test(text))
            console.log(`  [ws ${path.slice(-12)} <-] ${text.slice(0, 300)}`);
        });
        ws.on('close', () => {
          const last = sentAt.at(-1) ?? 0;
          const recent = sentAt.filter((t) => t > last - 10_000).length;
          if (process.env.BENCH_DEBUG)
            console.log(
              `  [ws ${path.slice(-12)}] closed after ${sentAt.length} messages, ${recent} in its last 10 s: ${JSON.stringify([...kinds])}`,
            );
        });
        ws.on('framesent', (f) => {
          const text = String(f.payload);
          if (process.env.BENCH_DEBUG && text.includes('"request"'))
            console.log(`  [ws ${path.slice(-12)}] ${text.slice(0, 200)}`);
          if (!text.includes('"switch"')) return;
          switchSent.set(page, performance.timeOrigin + performance.now());
          try {
            const body = (JSON.parse(text) as { body?: { streams?: { feed?: string }[] } }).body;
            keyframe(body?.streams?.[0]?.feed);
          } catch {
            // not JSON
          }
        });
      });
      await page.goto(`${app.url}${path}`);
      appPages.push(page);
      return page;
    };
    const chair = await screen(admin, `/quan-ly/hoi-nghi/${conferenceId}/dieu-hanh`);
    const consolePages: Page[] = [];
    for (const c of consoleSites)
      consolePages.push(
        await screen(c.cookie, `/quan-ly/hoi-nghi/${conferenceId}/diem-cau/${c.id}/truc-tiep`),
      );
    const measured = consolePages[0] ?? chair;

    // Sites joining a room whose screens are open (as in a real session).
    if (joinAfter) {
      await sleep(3000);
      await addSites();
    }

    // Raw subscribers, straight to Janus.
    const rawContext = await browser.newContext();
    cleanups.push(() => rawContext.close().catch(() => {}));
    await rawContext.addInitScript(PAGE_HELPERS);
    const refPage = await rawContext.newPage();
    await refPage.goto('about:blank');
    const lightPage = await rawContext.newPage();
    await lightPage.goto('about:blank');
    const rawSub = async (
      page: Page,
      id: string,
      streams: { feed: string; mid: string }[],
      light: boolean,
    ) => {
      const handle = await session.attach(VideoRoomPlugin);
      const res = (await handle.message({
        request: 'join',
        room: conferenceId,
        ptype: 'subscriber',
        private_id: privateId,
        token: viewerToken,
        pin,
        streams,
      })) as { jsep?: { sdp: string }; plugindata?: { data?: Record<string, unknown> } };
      const offer = res.jsep?.sdp;
      if (!offer) throw new Error(`subscribe: ${JSON.stringify(res.plugindata?.data)}`);
      const list = (res.plugindata?.data?.streams ?? []) as { mid: string; type: string }[];
      // Light subscribers never ask for keyframes (no PLI/FIR negotiated): they decode nothing.
      const sdp = light ? offer.replace(/^a=rtcp-fb:\d+ (nack pli|ccm fir)\r\n/gm, '') : offer;
      const answer = await page.evaluate(
        (a) => (window as unknown as BenchWindow).bench.subscribe(a),
        { id, sdp, light },
      );
      await handle.message({ request: 'start' }, { type: 'answer', sdp: answer });
      return { handle, subMid: list.find((s) => s.type === 'video')!.mid };
    };
    const reference = await rawSub(refPage, 'ref', [{ feed: hostFeed, mid: '1' }], false);
    const lights: { handle: JanodeHandle; subMid: string }[] = [];
    const lightCount = Math.max(0, n - consoles);
    for (let i = 0; i < lightCount; i++) {
      const own = sites[i % n]!;
      const streams = [
        { feed: hostFeed, mid: '1' },
        ...sites.filter((s) => s.id !== own.id).map((s) => ({ feed: `site-${s.id}`, mid: '0' })),
      ];
      lights.push(await rawSub(lightPage, `light-${i}`, streams, true));
    }

    // The light subscribers follow the floor as a screen does: from the live log.
    const eventAt = new Map<string, number>();
    const live = new WebSocket(`${app.url.replace('http', 'ws')}/ws`, {
      headers: { cookie: admin, origin: app.url },
    });
    cleanups.push(() => live.terminate());
    await new Promise<void>((resolve, reject) => {
      live.once('open', () => resolve());
      live.once('error', reject);
    });
    live.send(JSON.stringify({ t: 'subscribe', conferenceId }));
    live.on('message', (data) => {
      const m = JSON.parse(String(data)) as {
        t: string;
        events?: { type: string; siteId?: string }[];
      };
      if (m.t !== 'events') return;
      for (const e of m.events ?? []) {
        if (e.type !== 'floor.granted' || !e.siteId) continue;
        eventAt.set(e.siteId, performance.timeOrigin + performance.now());
        const feed = `site-${e.siteId}`;
        keyframe(feed);
        for (const l of lights) {
          void l.handle
            .message({ request: 'switch', streams: [{ feed, mid: '1', sub_mid: l.subMid }] })
            .catch((err: unknown) => errors.push(`light switch: ${String(err)}`));
        }
      }
    });

    // Ready: every screen shows the host, the grid has every site, light subscribers get frames.
    const program = '[data-testid=program] video';
    const deadline = Date.now() + 90_000;
    const waitFor = async (what: string, ok: () => Promise<boolean>) => {
      while (!(await ok())) {
        if (Date.now() > deadline) {
          for (const [i, page] of [measured, chair, refPage].entries()) {
            await page
              .screenshot({ path: join(tmpdir(), `media-switch-${n}-${i}.png`) })
              .catch(() => {});
          }
          throw new Error(
            `not ready: ${what}\n${janusLog.slice(-30).join('\n')}\n${errors.join('\n')}`,
          );
        }
        await sleep(250);
      }
    };
    const shows = async (page: Page, selector: string, index: number) => {
      const s = await page.evaluate(
        (a) => (window as unknown as BenchWindow).bench.sample(a.selector, a.palette),
        { selector, palette },
      );
      return !!s && s.idx === index && s.dist <= 40;
    };
    for (const page of [measured, chair])
      await waitFor('program on the screens', () => shows(page, program, 0));
    await waitFor('reference', () => shows(refPage, '#v-ref', 0));
    await waitFor('chair grid', async () => {
      const live = await chair.evaluate(
        () =>
          [...document.querySelectorAll<HTMLVideoElement>('.site-grid video')].filter(
            (v) => v.readyState >= 2 && v.videoWidth > 0,
          ).length,
      );
      return live >= n;
    });
    await waitFor('light subscribers', async () => {
      const frames = await lightPage.evaluate(() =>
        (window as unknown as BenchWindow).bench.frames(),
      );
      return frames.every((f) => f > 0);
    });
    if (process.env.BENCH_DEBUG)
      for (const page of appPages)
        console.log(
          `  [closes ${page.url().slice(-12)}]`,
          JSON.stringify(
            await page.evaluate(() => (window as unknown as { __wsCloses: unknown[] }).__wsCloses),
          ),
        );
    const firstSample = await measured.evaluate(
      (a) => (window as unknown as BenchWindow).bench.sample(a.selector, a.palette),
      {
        selector: program,
        palette,
      },
    );
    console.log(
      `  ${n} sites ready: program ${firstSample?.width}px wide, host colour ${JSON.stringify(
        firstSample?.rgb,
      )} vs ${JSON.stringify(palette[0])}; light transform: ${await lightPage.evaluate(
        () => (window as unknown as BenchWindow).bench.scriptTransform,
      )}`,
    );
    await sleep(3000);

    // Clock offsets (page's epoch time minus ours), to time page events on our clock.
    const offsetOf = async (page: Page) => {
      let best = { rtt: Infinity, offset: 0 };
      for (let i = 0; i < 5; i++) {
        const a = performance.timeOrigin + performance.now();
        const p = await page.evaluate(() => (window as unknown as BenchWindow).bench.now());
        const b = performance.timeOrigin + performance.now();
        if (b - a < best.rtt) best = { rtt: b - a, offset: p - (a + b) / 2 };
      }
      return best.offset;
    };
    const offsets = new Map<Page, number>();
    for (const page of [measured, chair, refPage]) offsets.set(page, await offsetOf(page));

    // Load over the switching rounds.
    const janusPid = janus.child.pid!;
    const chromium = () => chromiumPids().reduce((a, p) => a + procTicks(p), 0);
    const before = {
      janus: procTicks(janusPid),
      chromium: chromium(),
      sender: procTicks(sender!.pid!),
      bench: process.cpuUsage(),
      lightFrames: (
        await lightPage.evaluate(() => (window as unknown as BenchWindow).bench.frames())
      ).reduce((a, b) => a + b, 0),
      machine: machineTicks(),
      at: performance.now(),
    };
    const senderStats = async () => {
      const p = fromSender<RunResult['sender'] & { type: string }>('stats');
      sender!.send({ type: 'stats' } satisfies SenderCommand);
      return p;
    };
    const senderBefore = await senderStats();
    const janusRssStart = rssMb(janusPid);
    let janusRssMax = janusRssStart;
    const rssTimer = setInterval(
      () => (janusRssMax = Math.max(janusRssMax, rssMb(janusPid))),
      1000,
    );
    cleanups.push(() => clearInterval(rssTimer));

    const now = () => performance.timeOrigin + performance.now();
    const watchOn = async (page: Page, key: string, selector: string, target: number) => {
      await page.evaluate((a) => (window as unknown as BenchWindow).bench.watch(a), {
        key,
        selector,
        palette,
        target,
        timeoutMs: SWITCH_TIMEOUT_MS,
      });
      return async () => {
        const r = await page.evaluate(
          (k) => (window as unknown as BenchWindow).bench.result(k),
          key,
        );
        return r.at === null ? null : r.at - offsets.get(page)!;
      };
    };
    const result = (): SwitchStats => ({ times: [], missed: 0 });
    const app_ = result();
    const appChair = result();
    const ref = result();
    const appRequest: number[] = [];
    const appEvent: number[] = [];
    const appAfterRequest: number[] = [];
    let current = 0;
    let refCurrent = 0;
    const pick = (not: number[]) => {
      for (;;) {
        const i = Math.floor(Math.random() * n);
        if (!not.includes(i)) return i;
      }
    };
    for (let round = 0; round < rounds; round++) {
      // Through the app: the chair's grant command, to the first frame of the new site.
      const target = pick([current]);
      const siteId = sites[target]!.id;
      const done = [
        await watchOn(measured, `app-${round}`, program, target),
        await watchOn(chair, `chair-${round}`, program, target),
      ];
      switchSent.delete(measured);
      eventAt.delete(siteId);
      const t0 = now();
      await command({ type: 'floor.grant', siteId });
      const [shown, chairShown] = (await Promise.all(done.map((d) => d()))) as [
        number | null,
        number | null,
      ];
      if (shown === null) app_.missed++;
      else {
        app_.times.push(shown - t0);
        const sent = switchSent.get(measured);
        if (sent !== undefined) {
          appRequest.push(sent - t0);
          appAfterRequest.push(shown - sent);
        }
      }
      const event = eventAt.get(siteId);
      if (event !== undefined) appEvent.push(event - t0);
      if (chairShown === null) appChair.missed++;
      else appChair.times.push(chairShown - t0);
      current = target;
      // One turn at a time: end the previous ones (the program stays on the newest).
      const state = await call(`/conferences/${conferenceId}/live`);
      for (const turn of (state.snapshot.turns as {
        id: string;
        siteId: string;
        endedAt: number | null;
      }[]) ?? []) {
        if (turn.endedAt === null && turn.siteId !== siteId)
          await command({ type: 'floor.end', turnId: turn.id });
      }
      await sleep(1200);

      // Reference: the same switch, straight to Janus, on a subscriber of its own.
      const refTarget = pick([refCurrent, current]);
      const refDone = await watchOn(refPage, `ref-${round}`, '#v-ref', refTarget);
      const r0 = now();
      const feed = `site-${sites[refTarget]!.id}`;
      keyframe(feed);
      await reference.handle.message({
        request: 'switch',
        streams: [{ feed, mid: '1', sub_mid: reference.subMid }],
      });
      const refShown = await refDone();
      if (refShown === null) ref.missed++;
      else ref.times.push(refShown - r0);
      refCurrent = refTarget;
      await sleep(1200);
      process.stdout.write(
        `  round ${round + 1}/${rounds}: app ${shown === null ? 'missed' : (shown - t0).toFixed(0)} ms, reference ${
          refShown === null ? 'missed' : (refShown - r0).toFixed(0)
        } ms\n`,
      );
    }
    clearInterval(rssTimer);
    const seconds = (performance.now() - before.at) / 1000;
    const machine = machineTicks();
    const pct = (ticks: number) => (100 * ticks) / TICK / seconds;
    const senderAfter = await senderStats();
    for (const s of [app_, appChair, ref]) s.times.sort((a, b) => a - b);
    return {
      sites: n,
      consoles,
      light: lightCount,
      app: app_,
      appChair,
      appRequest: appRequest.sort((a, b) => a - b),
      appEvent: appEvent.sort((a, b) => a - b),
      appAfterRequest: appAfterRequest.sort((a, b) => a - b),
      reference: ref,
      janusCpu: pct(procTicks(janusPid) - before.janus),
      janusRssStart,
      janusRssMax,
      chromiumCpu: pct(chromium() - before.chromium),
      senderCpu: pct(procTicks(sender!.pid!) - before.sender),
      benchCpu: (() => {
        const u = process.cpuUsage(before.bench);
        return (u.user + u.system) / 1e4 / seconds;
      })(),
      lightFps: lightCount
        ? ((
            await lightPage.evaluate(() => (window as unknown as BenchWindow).bench.frames())
          ).reduce((a, b) => a + b, 0) -
            before.lightFrames) /
          seconds /
          lightCount
        : NaN,
      machineCpu:
        (100 * cpus().length * (machine.busy - before.machine.busy)) /
        Math.max(1, machine.total - before.machine.total),
      seconds,
      sender: {
        packets: senderAfter.packets - senderBefore.packets,
        bytes: senderAfter.bytes - senderBefore.bytes,
        plis: senderAfter.plis - senderBefore.plis,
        keyframes: senderAfter.keyframes - senderBefore.keyframes,
      },
      errors,
    };
  } catch (err) {
    console.error(janusLog.slice(-40).join('\n'));
    throw err;
  } finally {
    for (const c of cleanups.reverse()) {
      try {
        await c();
      } catch {
        // going anyway
      }
    }
  }
}

/** What the largest run says, in words (numbers from this run). */
function reading(w: RunResult) {
  const f = (v: number) => (Number.isFinite(v) ? v.toFixed(0) : '–');
  const p95 = percentile(w.app.times, 95);
  const yes = (ok: boolean) => (ok ? 'met' : 'not met');
  return [
    `**Reading.** At ${w.sites} sites the switch through the app has p95 ${f(p95)} ms (goal p95 < 1 s: ${yes(p95 < 1000)}; aim 0.5 s: ${yes(p95 < 500)}); the same switch straight to Janus has p95 ${f(percentile(w.reference.times, 95))} ms.`,
    `The app's own part, grant → switch request, is p50 ${f(percentile(w.appRequest, 50))} / p95 ${f(percentile(w.appRequest, 95))} ms, of which the server's side (grant → live event) is p50 ${f(percentile(w.appEvent, 50))} / p95 ${f(percentile(w.appEvent, 95))} ms: the rest is the console's page (live message, React render, \`MediaRoom\`, janus.js) on a machine whose cores are busy.`,
    `After the request the screen waits for a keyframe: after a \`switch\` Janus forwards nothing of the new site until one, and a screen whose switch reaches Janus after another screen's switch has already drawn one waits for the next, which Chrome (and so the replayer) sends no sooner than 300 ms after the last.`,
    `Here the light subscribers, switched from Node as soon as the live event arrives, always switch first, so the measured console often pays that wait (switch request → frame p50 ${f(percentile(w.appAfterRequest, 50))} ms, against ${f(percentile(w.reference.times, 50))} ms for the lone reference switch): a worst case of what ${w.sites} real consoles, switching over a spread of some tens of milliseconds, would see.`,
    `Janus itself used ${w.janusCpu.toFixed(0)} % of one core and at most ${w.janusRssMax.toFixed(0)} MB with ${((w.sender.bytes * 8) / w.seconds / 1e6).toFixed(1)} Mbit/s of RTP coming in; each light subscriber received ${f(w.lightFps)} program frames/s (25 sent).`,
    w.machineCpu >= 190
      ? `The machine was saturated (${w.machineCpu.toFixed(0)} % of ${100 * cpus().length}): the Chromium screens (the chair's page decodes every site's low layer), not Janus, took most of it, and their slowness shows in the app's part and in the tail of the switch times.`
      : '',
    `"Other processes" is CPU not accounted to this benchmark's processes (other work on the machine during the run, kernel network processing). Keyframes sent by the replayer during the rounds: ${w.sender.keyframes} (each site's 8 s loop, and requests); PLIs it received from Janus: ${w.sender.plis}.`,
    w.errors.length ? `Errors seen in the pages: ${w.errors.slice(0, 3).join('; ')}.` : '',
  ]
    .filter(Boolean)
    .join(' ');
}

function section(
  results: RunResult[],
  opts: { rounds: number; consoles: number; minutes: number },
) {
  const f = (v: number) => (Number.isFinite(v) ? v.toFixed(0) : '–');
  const trio = (s: SwitchStats) =>
    `${f(percentile(s.times, 50))} / ${f(percentile(s.times, 95))} / ${f(s.times.at(-1) ?? NaN)}${
      s.missed ? ` (${s.missed} missed)` : ''
    }`;
  const janusVersion = spawnSync('/usr/bin/janus', ['--version'], { encoding: 'utf8' }).stdout;
  const version = /\(([\d.]+)\)/.exec(janusVersion ?? '')?.[1] ?? '?';
  const chromiumVersion = spawnSync('chromium', ['--version'], { encoding: 'utf8' }).stdout?.trim();
  const rows = results.map(
    (r) =>
      `| ${r.sites} | ${trio(r.app)} | ${trio(r.appChair)} | ${f(percentile(r.appEvent, 50))} / ${f(percentile(r.appEvent, 95))} | ${f(percentile(r.appRequest, 50))} / ${f(
        percentile(r.appRequest, 95),
      )} | ${f(percentile(r.appAfterRequest, 50))} / ${f(percentile(r.appAfterRequest, 95))} | ${trio(
        r.reference,
      )} |`,
  );
  const load = results.map(
    (r) =>
      `| ${r.sites} | ${1 + r.consoles} + ${r.light} light + 1 reference | ${r.janusCpu.toFixed(0)} % | ${r.janusRssStart.toFixed(
        0,
      )} → ${r.janusRssMax.toFixed(0)} MB | ${((r.sender.bytes * 8) / r.seconds / 1e6).toFixed(1)} Mbit/s | ${r.chromiumCpu.toFixed(
        0,
      )} % | ${r.benchCpu.toFixed(0)} % | ${r.senderCpu.toFixed(0)} % | ${Math.max(0, r.machineCpu - r.janusCpu - r.chromiumCpu - r.benchCpu - r.senderCpu).toFixed(0)} % | ${r.machineCpu.toFixed(0)} % of ${100 * cpus().length} |`,
  );
  const worst = results.at(-1);
  return [
    '## Media: program switch and Janus load',
    '',
    `Measured ${new Date().toISOString().slice(0, 16)}Z on ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Janus ${version} (Debian), ${chromiumVersion}, everything on this one machine in a private network namespace. Reproduce: \`node --import tsx bench/media-switch.ts\` as root (\`--sites 10,20,40 --rounds ${opts.rounds} --consoles ${opts.consoles}\`; about ${opts.minutes} minutes, plus about a minute to encode the clips the first time).`,
    '',
    "**Sites.** Browsers cannot stand in for 40 sites on two cores, so every site is a VideoRoom *remote publisher* (`add_remote_publisher`, id `site-<id>`, added with the room secret beside the app's own participants) fed by one replayer process (`bench/media-switch.ts --role sender`): per site an 8 s pre-encoded clip (ffmpeg, once, cached under /tmp) in a distinct solid colour with noise — VP8 simulcast 640x360 ≈ 500 kbit/s and 320x180 ≈ 150 kbit/s at 25 fps, Opus 32 kbit/s tone — sent as RTP to the publisher's one UDP port (Janus 1.1.2 tells the streams apart by SSRC: 1000 audio, 1010/1011 video layers). Like a browser, the replayer sends no periodic keyframe (only its loop, every 8 s) and answers keyframe requests (RTCP PLI/FIR from Janus) at the next frame, at most one per 300 ms (Chrome's `kMinKeyframeSendIntervalMs`). Janus 1.1.2 sends a remote publisher at most one PLI per second (`janus_videoroom_rtcp_pli_send`), where a browser publisher gets every one; so every `switch` request the bench sends or sees a screen send is also passed to the replayer as a keyframe request, as Janus would pass it to a browser.",
    '',
    `**Subscribers.** The chair console (Chromium, signed in as an administrator: the program, every site's low layer in the grid, every site's audio), ${opts.consoles} site consoles (Chromium, signed in as operators of ${opts.consoles} extra sites without camera: the program and every site's audio) and, for the other sites, one light subscriber each (a peer connection in one Chromium page, subscribed straight to Janus to the program and every other site's audio, following the floor from the live WebSocket; its frames are dropped before the decoder by an RTCRtpScriptTransform and it never asks for keyframes). So every site is subscribed to the program and Janus does the full work of each subscription; only ${1 + opts.consoles} screens decode. The app, the replayer and Chromium share the two cores with Janus. The sites publish before the screens open; with \`--join-after\` (screens first, as in a session) every screen restarted its media connection once while 40 sites joined at once (two renegotiation offers answered at the same time on one subscription, see \`app/live/media-room.ts\` \`subscribe\`), which is not what this table measures.`,
    '',
    `**Switch time** (ms, p50 / p95 / max over ${opts.rounds} switches per row): from the chair's \`floor.grant\` command (HTTP POST) to the first frame in the new site's colour on the screen's program video (requestVideoFrameCallback presentation time, or a 15 ms poll; page clocks aligned to the bench's). The measured screen is a site console; the chair console's program is timed too. "Grant → switch request" is the app's own part (command, log, live WebSocket, React, \`MediaRoom.switch\`, up to the moment the console's \`switch\` leaves the page), of which "grant → live event" is the server's side (until the \`floor.granted\` event reaches a live WebSocket client in the bench's process); "switch request → frame" is Janus, the keyframe and the decoder. Reference, in the same run between the app's switches: the same switch on a Chromium subscriber of its own, sent straight to Janus (janode \`switch\`), timed the same way. Goal: p95 under 1 s at 40 sites, aiming for 0.5 s.`,
    '',
    '| sites | site console (via the app) | chair console (via the app) | grant → live event p50 / p95 | grant → switch request p50 / p95 | switch request → frame p50 / p95 | direct `switch` to Janus (reference) |',
    '|---|---|---|---|---|---|---|',
    ...rows,
    '',
    '**Load** during the switching rounds (CPU in % of one core, averaged over the rounds; Janus RSS when the rounds start → highest seen):',
    '',
    '| sites | subscribers (decoding + light + reference) | Janus CPU | Janus RSS | RTP into Janus | Chromium CPU | app + bench CPU | replayer CPU | other processes | whole machine |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...load,
    '',
    ...(worst ? [reading(worst), ''] : []),
    '',
  ].join('\n');
}

async function main() {
  const siteCounts = values.sites!.split(',').map(Number);
  const rounds = Number(values.rounds);
  const consoles = Number(values.consoles);
  if (!readFileSync('/proc/net/dev', 'utf8').includes('vmedia0:')) {
    // Not yet in the namespace: run this script again inside one.
    const userns = process.getuid?.() === 0 ? [] : ['--user', '--map-root-user'];
    const child = spawn(
      'unshare',
      [
        ...userns,
        '--net',
        '--pid',
        '--fork',
        '--mount-proc',
        join(root, 'scripts/media-namespace.sh'),
        process.execPath,
        '--import',
        'tsx',
        self,
        ...process.argv.slice(2),
      ],
      { cwd: root, stdio: 'inherit' },
    );
    const code = await new Promise<number>((resolve) =>
      child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0))),
    );
    process.exit(code);
  }
  // PID 1 of the namespace: signals have no default action unless handled.
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => process.exit(130));
  const limit = setTimeout(() => {
    console.error('media-switch: over 15 minutes, giving up');
    process.exit(2);
  }, 15 * 60_000);
  limit.unref();

  spawnSync(process.execPath, [join(root, 'scripts/build-if-needed.mjs')], { stdio: 'inherit' });
  await ensureClips(Math.max(...siteCounts));
  const startedAt = performance.now();
  const { launchMediaBrowser } = await import('../tests/support/media.ts');
  const browser = await launchMediaBrowser();
  const results: RunResult[] = [];
  try {
    for (const n of siteCounts) {
      console.log(`${n} sites…`);
      const r = await runOnce(n, rounds, consoles, browser, values['join-after']!);
      results.push(r);
      console.log(
        `  app p50/p95 ${percentile(r.app.times, 50).toFixed(0)}/${percentile(r.app.times, 95).toFixed(0)} ms (missed ${r.app.missed}), reference ${percentile(r.reference.times, 50).toFixed(0)}/${percentile(r.reference.times, 95).toFixed(0)} ms; Janus ${r.janusCpu.toFixed(0)} % CPU, ${r.janusRssMax.toFixed(0)} MB; machine ${r.machineCpu.toFixed(0)} %`,
      );
      if (r.errors.length) console.log(`  errors: ${r.errors.slice(0, 5).join(' | ')}`);
    }
  } finally {
    await browser.close().catch(() => {});
  }
  const minutes = Math.ceil((performance.now() - startedAt) / 60_000);
  console.log(`done in ${minutes} min`);
  const text = section(results, { rounds, consoles, minutes });
  console.log(`\n${text}`);
  if (values['no-docs']) return;
  const path = join(root, 'docs/performance.md');
  let doc = readFileSync(path, 'utf8');
  const re = /## Media: program switch and Janus load[\s\S]*?(?=\n## |$)/;
  doc = re.test(doc) ? doc.replace(re, text) : `${doc.trimEnd()}\n\n${text}`;
  writeFileSync(path, doc);
  console.log(`written to ${path}`);
}

if (values.role === 'sender') runSender();
else
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
