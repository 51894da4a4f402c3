import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInPage, watchErrors } from '../support/browser.ts';
import {
  closeTo,
  launchMediaBrowser,
  sampleVideoAt,
  syntheticDevices,
  syntheticScreen,
} from '../support/media.ts';
import { startServer, type ServerProcess } from '../support/server-process.ts';

// Runs inside the media tests' private network namespace (scripts/test.sh): Janus,
// ffmpeg, the app and Chromium talk over a veth carrying 127.0.0.1 only.

let server: ServerProcess;
let browser: Browser;
let admin: string;
let conferenceId: string;
let slug: string;
const PASSWORD = 'mat-khau-chuong-trinh-2026';

type Rgb = [number, number, number];
interface Site {
  id: string;
  name: string;
  email: string;
  label: string;
  rgb: Rgb;
  freq: number;
}
const sites: Site[] = [];
/** What a site shares: a screen of its own colour. */
const SCREEN: Rgb = [230, 200, 40];

async function api(path: string, body?: unknown, cookie = admin) {
  const res = await fetch(`${server.url}/api/v1${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = res.status === 204 ? null : await res.json();
  return { status: res.status, json };
}
async function ok(path: string, body?: unknown) {
  const r = await api(path, body);
  expect(r.status, `${path}: ${JSON.stringify(r.json)}`).toBeLessThan(300);
  return r.json;
}
async function login(email: string, password: string) {
  const res = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  return res.headers.getSetCookie()[0]!.split(';')[0]!;
}
let commandNo = 0;
const command = (c: unknown) =>
  ok(`/conferences/${conferenceId}/live/commands`, {
    commandId: `program-test-${++commandNo}-${Date.now()}`,
    command: c,
  });
const snapshot = async () => (await ok(`/conferences/${conferenceId}/live`)).snapshot;

beforeAll(async () => {
  server = await startServer({
    args: ['--demo'],
    env: { JANUS_URL: '', JANUS_ICE_ENFORCE: 'vmedia0' },
  });
  expect(server.output()).toContain('Video: started Janus');
  browser = await launchMediaBrowser();
  admin = await login(server.demo!.email, server.demo!.password);
  const conf = await ok('/conferences', {
    title: 'Hội nghị trực tuyến thử chương trình ghi hình',
    theme: 'Ghép chương trình và truyền hình trực tiếp',
    organiser: 'Ban Tổ chức',
    startsAt: '2026-12-18T01:00:00Z',
    endsAt: '2026-12-18T04:00:00Z',
    siteChairApproval: false,
    defaultTurnMinutes: 5,
    themes: ['Chuyển đổi số'],
    recording: true,
  });
  conferenceId = conf.id;
  slug = conf.slug;
  expect(conf.recording).toBe(true);
  await ok(`/conferences/${conferenceId}/status`, { status: 'scheduled' });
  const plan: [string, boolean, string, Rgb, number][] = [
    ['Điểm cầu chính Hà Nội', true, 'HN', [200, 30, 30], 300],
    ['Điểm cầu Lào Cai', false, 'LC', [30, 160, 40], 440],
    ['Điểm cầu Huế', false, 'HUE', [30, 60, 200], 550],
  ];
  for (const [i, [name, isHost, label, rgb, freq]] of plan.entries()) {
    const site = await ok(`/conferences/${conferenceId}/sites`, { name, unitName: name, isHost });
    const email = `chuongtrinh${i}@doithoai.example`;
    await ok('/users', { email, name: `Kỹ thuật ${label}`, password: PASSWORD });
    await ok(`/conferences/${conferenceId}/members`, {
      email,
      role: 'site_operator',
      siteId: site.id,
    });
    sites.push({ id: site.id, name, email, label, rgb, freq });
  }
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Which site's colour (or the shared screen's) a video shows around (fx, fy). */
async function colourAt(page: Page, selector: string, fx: number, fy: number) {
  const rgb = await sampleVideoAt(page, selector, fx, fy);
  if (!rgb) return null;
  if (closeTo(rgb, SCREEN, 50)) return 'SCREEN';
  return sites.find((s) => closeTo(rgb, s.rgb, 50))?.label ?? `rgb(${rgb.map(Math.round)})`;
}

const PLAYER = '[data-testid=live-player] video';

/** Waits for the public stream to show `label` at (fx, fy); on failure, says what the encoder did. */
async function expectStream(page: Page, fx: number, fy: number, label: string, timeout = 30_000) {
  const failed = await expect
    .poll(() => colourAt(page, PLAYER, fx, fy), { timeout, interval: 1000 })
    .toBe(label)
    .then(
      () => null,
      (err: Error) => err,
    );
  if (!failed) return;
  const log = server
    .output()
    .split('\n')
    .filter((l) => /program|forward|encoder|share/i.test(l))
    .slice(-30)
    .join('\n');
  throw new Error(`${failed.message}\n${log}`);
}

describe.sequential('the program as one stream', () => {
  const consoles: { site: Site; context: BrowserContext; page: Page; errors: string[] }[] = [];
  let viewer: { page: Page; errors: string[] };
  const turns: string[] = [];
  /** When the public saw the screen beside Lào Cai, and the screen alone (test clock, ms). */
  const marks = { sideBySide: 0, contentOnly: 0, laoCaiStarted: 0, janusKilled: 0 };

  it('sites publish while Janus records; a phone without an account waits for the start', async () => {
    await command({ type: 'session.open_check' });
    for (const site of sites) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      await syntheticDevices(context, site);
      await syntheticScreen(context, { label: `Trình chiếu ${site.label}`, rgb: SCREEN });
      const page = await context.newPage();
      const errors = watchErrors(page);
      await signInPage(page, server.url, site.email, PASSWORD);
      await page.goto(
        `${server.url}/quan-ly/hoi-nghi/${conferenceId}/diem-cau/${site.id}/truc-tiep`,
      );
      await page.getByRole('button', { name: 'Bật camera và micrô' }).click();
      consoles.push({ site, context, page, errors });
    }
    await expect
      .poll(
        async () =>
          Object.values((await snapshot()).sites).filter(
            (s) => (s as { media: string }).media === 'live',
          ).length,
        { timeout: 40_000 },
      )
      .toBe(3);
    // The room is recorded: every site console says so.
    await expect.poll(async () => (await snapshot()).recording, { timeout: 10_000 }).toBe(true);
    for (const c of consoles) await c.page.getByTestId('recording').waitFor();

    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    const page = await phone.newPage();
    viewer = { page, errors: watchErrors(page) };
    await page.goto(`${server.url}/hoi-nghi/${slug}/truc-tiep`);
    await page.getByTestId('stream-notice').filter({ hasText: 'chưa bắt đầu' }).waitFor();
  });

  it('the session starts: the public stream shows the host, then follows the floor', async () => {
    await command({ type: 'session.start' });
    await expectStream(viewer.page, 0.9, 0.35, 'HN', 45_000);
    await command({ type: 'floor.grant', siteId: sites[1]!.id });
    await expectStream(viewer.page, 0.9, 0.35, 'LC', 30_000);
    // Who speaks, from where, beside the picture.
    await viewer.page.locator('.speaker').getByText('Điểm cầu Lào Cai').first().waitFor();
  });

  it('a site without the floor cannot share its screen; the floor holder can, beside the speaker', async () => {
    const hue = consoles[2]!;
    // The button says why it is off; pressed anyway (as a forged page would), the server refuses.
    await hue.page.getByText('Chỉ điểm cầu trung tâm và điểm cầu đang được giao lời').waitFor();
    await hue.page.getByRole('button', { name: 'Chia sẻ màn hình' }).click({ force: true });
    await hue.page.getByTestId('share-error').filter({ hasText: 'Máy chủ từ chối' }).waitFor();
    expect((await snapshot()).content).toBeNull();

    const laoCai = consoles[1]!;
    await laoCai.page.getByRole('button', { name: 'Chia sẻ màn hình' }).click();
    await laoCai.page.getByRole('button', { name: 'Dừng chia sẻ màn hình' }).waitFor();
    // The sharing site sees what everyone sees: its screen beside its camera.
    await laoCai.page.locator('[data-testid=program][data-layout=speaker_content]').waitFor();
    await expect
      .poll(async () => (await snapshot()).content?.siteId ?? null, { timeout: 15_000 })
      .toBe(sites[1]!.id);
    // Speaker and content (the default layout): the screen large on the left, the speaker right.
    await expectStream(viewer.page, 0.3, 0.7, 'SCREEN', 30_000);
    expect(await colourAt(viewer.page, PLAYER, 0.9, 0.52)).toBe('LC');
    marks.sideBySide = Date.now();
    // Every screen lays it out the same way: Huế's console shows the screen beside the speaker.
    await hue.page.locator('[data-testid=program][data-layout=speaker_content]').waitFor();
    // The chair shows the content alone.
    await command({ type: 'program.layout', layout: 'content' });
    await expectStream(viewer.page, 0.9, 0.52, 'SCREEN', 30_000);
    marks.contentOnly = Date.now();
    await command({ type: 'program.layout', layout: 'speaker_content' });
    await expectStream(viewer.page, 0.9, 0.52, 'LC', 30_000);
  });

  it('the turn ends: the share stops by itself and the floor moves on', async () => {
    const live = await snapshot();
    const turn = live.turns.find((t: { endedAt: number | null }) => t.endedAt === null);
    turns.push(turn.id);
    marks.laoCaiStarted = turn.startedAt;
    await command({ type: 'floor.end', turnId: turn.id });
    await consoles[1]!.page
      .getByText('Đã dừng chia sẻ màn hình: lượt phát biểu đã kết thúc.')
      .waitFor({ timeout: 15_000 });
    await expect.poll(async () => (await snapshot()).content, { timeout: 10_000 }).toBeNull();
    await expectStream(viewer.page, 0.9, 0.35, 'HN', 30_000);
    await command({ type: 'floor.grant', siteId: sites[2]!.id });
    await expectStream(viewer.page, 0.9, 0.35, 'HUE', 30_000);
    // Hold it a little, then back to the host.
    await new Promise((r) => setTimeout(r, 4000));
    const hueTurn = (await snapshot()).turns.find(
      (t: { endedAt: number | null }) => t.endedAt === null,
    );
    await command({ type: 'floor.end', turnId: hueTurn.id });
  });

  it('Janus restarts while recording: the sites come back, the recording has a gap, not a loss', async () => {
    const pid = Number(readFileSync(join(server.dataDir, 'janus', 'janus.pid'), 'utf8'));
    process.kill(pid, 'SIGKILL');
    marks.janusKilled = Date.now();
    const live = async () =>
      Object.values((await snapshot()).sites).filter(
        (s) => (s as { media: string }).media === 'live',
      ).length;
    await expect.poll(live, { timeout: 15_000 }).toBe(0);
    await expect.poll(live, { timeout: 60_000 }).toBe(3);
    await expect.poll(async () => (await snapshot()).recording, { timeout: 10_000 }).toBe(true);
    // The public stream shows the host again.
    await expectStream(viewer.page, 0.9, 0.35, 'HN', 45_000);
  });

  it('the session ends: the recording is assembled with a chapter per turn', async () => {
    await command({ type: 'session.end' });
    await viewer.page
      .getByTestId('stream-notice')
      .filter({ hasText: 'đã kết thúc' })
      .waitFor({ timeout: 15_000 });
    // The playlist says the stream is over (players and caches stop asking).
    await expect
      .poll(
        async () =>
          (
            await (await fetch(`${server.url}/media/live/${conferenceId}/index.m3u8`)).text()
          ).includes('#EXT-X-ENDLIST'),
        { timeout: 15_000 },
      )
      .toBe(true);
    // Nothing is recorded any more: the consoles stop saying so.
    await expect
      .poll(() => consoles[0]!.page.getByTestId('recording').count(), { timeout: 10_000 })
      .toBe(0);
    const ready = await expect
      .poll(
        async () => {
          const list = (await api(`/conferences/${conferenceId}/recordings`)).json as {
            status: string;
            error: string | null;
          }[];
          return list[0]?.status === 'failed' ? `failed: ${list[0].error}` : list[0]?.status;
        },
        { timeout: 240_000, interval: 2000 },
      )
      .toBe('ready')
      .then(
        () => null,
        (e: Error) => e,
      );
    if (ready) throw new Error(`${ready.message}\n${server.output().slice(-3000)}`);
    const [recording] = (await api(`/conferences/${conferenceId}/recordings`)).json;
    const file = join(server.dataDir, 'media', 'recordings', conferenceId, `${recording.id}.mp4`);
    expect(existsSync(file)).toBe(true);
    const probe = JSON.parse(
      spawnSync(
        'ffprobe',
        [
          '-v',
          'error',
          '-print_format',
          'json',
          '-show_format',
          '-show_streams',
          '-show_chapters',
          file,
        ],
        { encoding: 'utf8' },
      ).stdout,
    ) as {
      format: { duration: string };
      streams: { codec_name: string; codec_type: string }[];
      chapters: { start_time: string; end_time: string; tags?: { title?: string } }[];
    };
    // Picture and sound (ffmpeg adds a data track for the chapters).
    expect(
      probe.streams
        .filter((s) => s.codec_type !== 'data')
        .map((s) => s.codec_name)
        .sort(),
    ).toEqual(['aac', 'h264']);
    // The program runs from the start to the end of the session (the live log's clock).
    const expected = recording.chapters.at(-1).end;
    expect(Math.abs(Number(probe.format.duration) - expected)).toBeLessThan(2);
    // Host, Lào Cai, host, Huế, host.
    expect(recording.chapters.map((c: { siteName: string }) => c.siteName)).toEqual([
      'Điểm cầu chính Hà Nội',
      'Điểm cầu Lào Cai',
      'Điểm cầu chính Hà Nội',
      'Điểm cầu Huế',
      'Điểm cầu chính Hà Nội',
    ]);
    expect(probe.chapters).toHaveLength(5);
    for (const [i, c] of probe.chapters.entries()) {
      expect(Math.abs(Number(c.start_time) - recording.chapters[i].start)).toBeLessThan(0.1);
      expect(c.tags?.title).toContain(recording.chapters[i].siteName);
      // The host between turns is chairing; a turn is named by its site.
      expect(c.tags?.title?.endsWith(' — Điều hành')).toBe(!recording.chapters[i].turn);
    }
    // A frame in each chapter shows the right site's picture.
    const colourOfFrame = (t: number, fx: number, fy: number): string => {
      const out = spawnSync(
        'ffmpeg',
        [
          '-v',
          'error',
          '-ss',
          String(t),
          '-i',
          file,
          '-frames:v',
          '1',
          '-vf',
          'scale=128:72',
          '-f',
          'rawvideo',
          '-pix_fmt',
          'rgb24',
          '-',
        ],
        { maxBuffer: 1 << 20 },
      ).stdout;
      const x0 = Math.round(fx * 128) - 3;
      const y0 = Math.round(fy * 72) - 3;
      const sum: Rgb = [0, 0, 0];
      for (let y = y0; y < y0 + 6; y++)
        for (let x = x0; x < x0 + 6; x++)
          for (let k = 0; k < 3; k++) sum[k] = sum[k]! + out[(y * 128 + x) * 3 + k]!;
      const rgb = sum.map((v) => v / 36) as Rgb;
      if (closeTo(rgb, SCREEN, 50)) return 'SCREEN';
      // The slate where a picture is missing (dark grey, 0x1e1e1e).
      if (closeTo(rgb, [30, 30, 30], 12)) return 'rgb(30,30,30)';
      return sites.find((s) => closeTo(rgb, s.rgb, 50))?.label ?? `rgb(${rgb.map(Math.round)})`;
    };
    const labels = recording.chapters
      .slice(0, 4)
      .map((c: { start: number; end: number }) =>
        colourOfFrame(c.start + Math.min(2, (c.end - c.start) / 2), 0.9, 0.35),
      );
    expect(labels).toEqual(['HN', expect.stringMatching(/LC|SCREEN/), 'HN', 'HUE']);
    const at = (wall: number) => recording.chapters[1].start + (wall - marks.laoCaiStarted) / 1000;
    // The host's last chapter: a gap while Janus restarted (the slate), then the host again.
    const last = recording.chapters[4];
    const afterKill = [0.5, 1, 1.5, 2, 2.5, 3, 4, 5, 6].map((d) =>
      colourOfFrame(at(marks.janusKilled) + d, 0.9, 0.35),
    );
    expect(afterKill, afterKill.join(' ')).toContain('rgb(30,30,30)');
    expect(colourOfFrame(last.end - 1.5, 0.9, 0.35)).toBe('HN');
    // Lào Cai's chapter has its shared screen as the public saw it: beside the speaker,
    // then alone (the public saw each a few seconds after the recording has it).
    expect(colourOfFrame(at(marks.sideBySide) - 1, 0.3, 0.7)).toBe('SCREEN');
    expect(colourOfFrame(at(marks.sideBySide) - 1, 0.9, 0.52)).toBe('LC');
    expect(colourOfFrame(at(marks.contentOnly) - 1, 0.9, 0.52)).toBe('SCREEN');
    // Each chapter lasts as long as its turn did.
    const spoken = (await snapshot()).turns as { startedAt: number; endedAt: number }[];
    expect(
      Math.abs(
        recording.chapters[1].end -
          recording.chapters[1].start -
          (spoken[0]!.endedAt - spoken[0]!.startedAt) / 1000,
      ),
    ).toBeLessThan(0.5);
    // Janus's restart left two files of the host's camera: both in the program.
    const raw = readdirSync(join(server.dataDir, 'media', 'raw', conferenceId));
    expect(
      raw.filter((f) => f.includes(`site-${sites[0]!.id}`) && f.includes('-video-')),
    ).toHaveLength(2);
    // Raw files are deleted only after the reopen window: still there now.
    expect(
      readdirSync(join(server.dataDir, 'media', 'raw', conferenceId)).some((f) =>
        f.endsWith('.mjr'),
      ),
    ).toBe(true);

    // Players can seek: the file is served with ranges.
    const res = await fetch(`${server.url}${recording.url}`, { headers: { range: 'bytes=0-99' } });
    expect(res.status).toBe(206);
    expect((await res.arrayBuffer()).byteLength).toBe(100);
    const vtt = await (await fetch(`${server.url}${recording.url.replace('.mp4', '.vtt')}`)).text();
    expect(vtt).toContain('WEBVTT');
    expect(vtt).toContain('Điểm cầu Huế');
  }, 300_000);

  it('the public conference page plays the recording, chapter by chapter', async () => {
    await viewer.page.goto(`${server.url}/hoi-nghi/${slug}`);
    const player = viewer.page.getByTestId('recording-player');
    await player.waitFor();
    await player.getByRole('button', { name: /Điểm cầu Huế/ }).click();
    await expect
      .poll(() => colourAt(viewer.page, '[data-testid=recording-player] video', 0.9, 0.35), {
        timeout: 15_000,
      })
      .toBe('HUE');
    for (const c of [...consoles, viewer]) {
      expect(
        c.errors.filter(
          (e) =>
            !e.includes('share_not_allowed') &&
            // Janus restarting: consoles retrying meanwhile are told 503.
            !(e.includes('/media/janus') && e.includes('503')) &&
            !e.includes('WebSocket is already in CLOSING or CLOSED state'),
        ),
      ).toEqual([]);
    }
  });
});
