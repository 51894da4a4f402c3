import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Janode from 'janode';
import VideoRoomPlugin from 'janode/plugins/videoroom';
import type { BrowserContext, Page } from 'playwright-core';
import { mediaToken, roomSecrets } from '../../domain/media/media-grant.ts';
import { launchBrowser } from './browser.ts';

Janode.Logger.setLevel('none');

/**
 * Chromium for media: fake device permission (no mDNS candidates), sound without a gesture,
 * and no throttling of pages Chromium deems hidden (each site's console is its own window:
 * a throttled one would draw its synthetic camera, and so encode, a frame a second).
 */
export function launchMediaBrowser() {
  return launchBrowser([
    '--autoplay-policy=no-user-gesture-required',
    '--use-fake-ui-for-media-stream',
    '--disable-background-timer-throttling',
    '--disable-backgrounding-occluded-windows',
    '--disable-renderer-backgrounding',
  ]);
}

/**
 * The site's "camera and microphone": a canvas filled with the site's own colour, its
 * name and a moving marker, and a tone of its own frequency — so every screen's
 * picture can be told apart by sampling it.
 */
export async function syntheticDevices(
  context: BrowserContext,
  site: { label: string; rgb: [number, number, number]; freq: number },
) {
  await context.addInitScript((s) => {
    const fake = async () => {
      const canvas = document.createElement('canvas');
      canvas.width = 640;
      canvas.height = 360;
      const g = canvas.getContext('2d')!;
      let x = 0;
      setInterval(() => {
        g.fillStyle = `rgb(${s.rgb.join(',')})`;
        g.fillRect(0, 0, 640, 360);
        g.fillStyle = '#fff';
        g.font = 'bold 64px sans-serif';
        g.fillText(s.label, 40, 120);
        g.fillRect((x = (x + 8) % 600), 300, 40, 40);
      }, 40);
      const audio = new AudioContext();
      const osc = audio.createOscillator();
      osc.frequency.value = s.freq;
      const dest = audio.createMediaStreamDestination();
      osc.connect(dest);
      osc.start();
      return new MediaStream([
        ...canvas.captureStream(25).getVideoTracks(),
        ...dest.stream.getAudioTracks(),
      ]);
    };
    navigator.mediaDevices.getUserMedia = fake;
  }, site);
}

/** The average colour of a video's centre-left, where the site's colour shows. */
export async function sampleVideo(page: Page, selector: string) {
  return page.evaluate((sel) => {
    const video = document.querySelector<HTMLVideoElement>(sel);
    if (!video || video.readyState < 2 || !video.videoWidth) return null;
    const canvas = document.createElement('canvas');
    canvas.width = 64;
    canvas.height = 36;
    const g = canvas.getContext('2d')!;
    g.drawImage(video, 0, 0, 64, 36);
    const d = g.getImageData(2, 20, 8, 8).data;
    let r = 0,
      gr = 0,
      b = 0;
    for (let i = 0; i < d.length; i += 4) {
      r += d[i]!;
      gr += d[i + 1]!;
      b += d[i + 2]!;
    }
    const n = d.length / 4;
    return {
      rgb: [r / n, gr / n, b / n] as [number, number, number],
      frames: video.getVideoPlaybackQuality().totalVideoFrames,
    };
  }, selector);
}

export function closeTo(a: [number, number, number], b: [number, number, number], tol = 40) {
  return a.every((v, i) => Math.abs(v - b[i]!) <= tol);
}

/**
 * Asks Janus itself (not a page) who is in the room and whose audio it drops: a
 * participant of its own joins with the viewers' token, as the app's probe does.
 */
export async function askJanus(dataDir: string, conferenceId: string) {
  const cfg = readFileSync(join(dataDir, 'janus', 'janus.transport.websockets.jcfg'), 'utf8');
  const port = /ws_port = (\d+)/.exec(cfg)![1];
  const secret = readFileSync(join(dataDir, 'session-secret'), 'utf8').trim();
  const conn = await Janode.connect({ address: { url: `ws://127.0.0.1:${port}` } });
  try {
    return await probe(conn);
  } catch (err) {
    // janode throws Janus's refusals ("426 No such room (…)").
    return { error: (err as Error).message, publishers: [] };
  } finally {
    await conn.close().catch(() => {});
  }
  async function probe(conn: Awaited<ReturnType<typeof Janode.connect>>) {
    const session = await conn.create();
    const handle = await session.attach(VideoRoomPlugin);
    const response = await handle.message({
      request: 'join',
      room: conferenceId,
      ptype: 'publisher',
      id: `test-probe-${Date.now()}`,
      token: mediaToken(secret, conferenceId, { kind: 'viewer' }),
      pin: roomSecrets(secret, conferenceId).pin,
    });
    const data = response.plugindata?.data as {
      publishers?: { id: string; streams?: { type: string; moderated?: boolean }[] }[];
      error?: string;
    };
    if (data.error) return { error: data.error, publishers: [] };
    return {
      error: null,
      publishers: (data.publishers ?? []).map((p) => ({
        feed: p.id,
        audioMuted: !!p.streams?.find((s) => s.type === 'audio')?.moderated,
      })),
    };
  }
}

/** A site's "shared screen": a canvas of its own colour with a caption (instead of a real screen). */
export async function syntheticScreen(
  context: BrowserContext,
  screen: { label: string; rgb: [number, number, number] },
) {
  await context.addInitScript((s) => {
    navigator.mediaDevices.getDisplayMedia = async () => {
      const canvas = document.createElement('canvas');
      canvas.width = 960;
      canvas.height = 540;
      const g = canvas.getContext('2d')!;
      setInterval(() => {
        g.fillStyle = `rgb(${s.rgb.join(',')})`;
        g.fillRect(0, 0, 960, 540);
        g.fillStyle = '#000';
        g.font = 'bold 72px sans-serif';
        g.fillText(s.label, 60, 140);
      }, 40);
      return canvas.captureStream(15);
    };
  }, screen);
}

/** The average colour of a video around (fx, fy), fractions of its width and height. */
export async function sampleVideoAt(page: Page, selector: string, fx: number, fy: number) {
  return page.evaluate(
    ([sel, x, y]) => {
      const video = document.querySelector<HTMLVideoElement>(sel as string);
      if (!video || video.readyState < 2 || !video.videoWidth) return null;
      const canvas = document.createElement('canvas');
      canvas.width = 128;
      canvas.height = 72;
      const g = canvas.getContext('2d')!;
      g.drawImage(video, 0, 0, 128, 72);
      const d = g.getImageData(
        Math.round((x as number) * 128) - 3,
        Math.round((y as number) * 72) - 3,
        6,
        6,
      ).data;
      let r = 0,
        gr = 0,
        b = 0;
      for (let i = 0; i < d.length; i += 4) {
        r += d[i]!;
        gr += d[i + 1]!;
        b += d[i + 2]!;
      }
      const n = d.length / 4;
      return [r / n, gr / n, b / n] as [number, number, number];
    },
    [selector, fx, fy] as const,
  );
}
