import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conferenceMembers, conferences } from '../../db/schema/conferences.ts';
import { recordings } from '../../db/schema/recordings.ts';
import { setMediaState } from '../../domain/live/live-session.ts';
import {
  claimAssembly,
  finishAssembly,
  markRawDeleted,
  queueAssembly,
  rawToDelete,
  reportProgress,
} from '../../domain/media/recordings.ts';
import { releaseLease, takeLease } from '../../server/media/lease.ts';
import { sendJson, startTestApp, type TestApp } from '../support/test-app.ts';

let app: TestApp;
let organiser: string;
let mediaDir: string;
const chapters = [
  {
    start: 0,
    end: 12.5,
    title: 'Điểm cầu chính Hà Nội',
    siteName: 'Điểm cầu chính Hà Nội',
    delegateName: null,
    themeTitle: null,
  },
  {
    start: 12.5,
    end: 30,
    title: 'Điểm cầu Huế — Trần Thị B — Chuyển đổi số',
    siteName: 'Điểm cầu Huế',
    delegateName: 'Trần Thị B',
    themeTitle: 'Chuyển đổi số',
  },
];

const post = (path: string, body: unknown, cookie = organiser) =>
  sendJson(`${app.url}/api/v1${path}`, 'POST', body, { cookie, origin: app.url }).then(
    async (r) => ({ status: r.status, json: r.status === 204 ? null : await r.json() }),
  );
const get = (path: string, cookie?: string, headers: Record<string, string> = {}) =>
  fetch(`${app.url}${path}`, { headers: { ...headers, ...(cookie && { cookie }) } });

async function conference(opts: { recording: boolean; visibility?: 'public' | 'internal' }) {
  const { json: conf } = await post('/conferences', {
    title: `Hội nghị ghi hình ${Math.random().toString(36).slice(2, 8)}`,
    theme: 'Thử ghi hình',
    organiser: 'Ban Tổ chức',
    startsAt: '2026-12-18T01:00:00Z',
    endsAt: '2026-12-18T04:00:00Z',
    recording: opts.recording,
    visibility: opts.visibility ?? 'public',
  });
  await post(`/conferences/${conf.id}/status`, { status: 'scheduled' });
  await post(`/conferences/${conf.id}/sites`, {
    name: 'Điểm cầu chính Hà Nội',
    unitName: 'Hà Nội',
    isHost: true,
  });
  return conf.id as string;
}
let no = 0;
const command = (conferenceId: string, c: unknown) =>
  post(`/conferences/${conferenceId}/live/commands`, {
    commandId: `recordings-test-${++no}-${Date.now()}`,
    command: c,
  });

/** A session with the room recorded (as the media service logs it), then ended. */
async function recordedSession(conferenceId: string, recorded = true) {
  await command(conferenceId, { type: 'session.open_check' });
  if (recorded)
    await setMediaState({
      db: app.database.db,
      conferenceId,
      media: new Map(),
      recording: true,
    });
  await command(conferenceId, { type: 'session.start' });
  await command(conferenceId, { type: 'session.end' });
}

beforeAll(async () => {
  mediaDir = mkdtempSync(join(tmpdir(), 'doithoai-media-'));
  app = await startTestApp({ env: { MEDIA_DIR: mediaDir } });
  const admin = await app.createUser({ roles: ['admin'] });
  organiser = await app.signIn(admin.email, admin.password);
});

afterAll(async () => {
  await app?.close();
  rmSync(mediaDir, { recursive: true, force: true });
});

describe('recording jobs', () => {
  it('a recorded session queues one assembly per end; an unrecorded one none', async () => {
    const recorded = await conference({ recording: true });
    await recordedSession(recorded);
    const first = await queueAssembly({ db: app.database.db, conferenceId: recorded });
    expect(first?.status).toBe('queued');
    // Every instance that had the room asks: still one job.
    expect(await queueAssembly({ db: app.database.db, conferenceId: recorded })).toBeNull();
    const plain = await conference({ recording: false });
    await recordedSession(plain, false);
    expect(await queueAssembly({ db: app.database.db, conferenceId: plain })).toBeNull();
    await app.database.db.delete(recordings).where(eq(recordings.conferenceId, recorded));
  });

  it('one instance runs a job; another takes it over only once it went quiet', async () => {
    const id = await conference({ recording: true });
    await recordedSession(id);
    const job = await queueAssembly({ db: app.database.db, conferenceId: id });
    const [a, b] = await Promise.all([
      claimAssembly(app.database.db, 'instance-a'),
      claimAssembly(app.database.db, 'instance-b'),
    ]);
    const claimed = [a, b].filter((r) => r?.id === job!.id);
    expect(claimed).toHaveLength(1);
    const holder = claimed[0]!.holder!;
    const other = holder === 'instance-a' ? 'instance-b' : 'instance-a';
    expect(await claimAssembly(app.database.db, other)).toBeNull();
    expect(await reportProgress(app.database.db, job!.id, holder, 0.5, 'segment 3/6')).toBe(true);
    // Quiet for over a minute: taken over, and the first instance learns it lost it.
    await app.database.db
      .update(recordings)
      .set({ heartbeatAt: sql`now() - interval '2 minutes'` })
      .where(eq(recordings.id, job!.id));
    expect((await claimAssembly(app.database.db, other))?.id).toBe(job!.id);
    expect(await reportProgress(app.database.db, job!.id, holder, 0.6, 'segment 4/6')).toBe(false);
    await finishAssembly(app.database.db, job!.id, { ok: false, error: 'janus-pp-rec: bad file' });
  });

  it('organisers see every job with its progress; the public sees only what is ready', async () => {
    const id = await conference({ recording: true });
    await recordedSession(id);
    const job = (await queueAssembly({ db: app.database.db, conferenceId: id }))!;
    const mine = await (await get(`/api/v1/conferences/${id}/recordings`, organiser)).json();
    expect(mine).toMatchObject([{ id: job.id, status: 'queued', url: null }]);
    expect(await (await get(`/api/v1/conferences/${id}/recordings`)).json()).toEqual([]);

    await claimAssembly(app.database.db, 'instance-a');
    await finishAssembly(app.database.db, job.id, {
      ok: true,
      path: `recordings/${id}/${job.id}.mp4`,
      durationSeconds: 30,
      bytes: 1000,
      chapters,
    });
    mkdirSync(join(mediaDir, 'recordings', id), { recursive: true });
    writeFileSync(join(mediaDir, 'recordings', id, `${job.id}.mp4`), Buffer.alloc(1000, 7));
    const [pub] = await (await get(`/api/v1/conferences/${id}/recordings`)).json();
    expect(pub).toMatchObject({ status: 'ready', durationSeconds: 30, error: null, step: '' });
    expect(pub.chapters.map((c: { siteName: string }) => c.siteName)).toEqual([
      'Điểm cầu chính Hà Nội',
      'Điểm cầu Huế',
    ]);

    // The file with ranges (players seek), and its chapters as WebVTT.
    const whole = await get(pub.url);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    expect((await whole.arrayBuffer()).byteLength).toBe(1000);
    const part = await get(pub.url, undefined, { range: 'bytes=100-199' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe('bytes 100-199/1000');
    const past = await get(pub.url, undefined, { range: 'bytes=5000-' });
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe('bytes */1000');
    const vtt = await (await get(pub.url.replace('.mp4', '.vtt'))).text();
    expect(vtt).toContain('WEBVTT');
    expect(vtt).toContain(
      '00:00:12.500 --> 00:00:30.000\nĐiểm cầu Huế — Trần Thị B — Chuyển đổi số',
    );
  });

  it('an internal conference’s recording and stream are for its participants only', async () => {
    const id = await conference({ recording: true, visibility: 'internal' });
    await recordedSession(id);
    const job = (await queueAssembly({ db: app.database.db, conferenceId: id }))!;
    await claimAssembly(app.database.db, 'instance-a');
    await finishAssembly(app.database.db, job.id, {
      ok: true,
      path: `recordings/${id}/${job.id}.mp4`,
      durationSeconds: 30,
      bytes: 10,
      chapters,
    });
    mkdirSync(join(mediaDir, 'recordings', id), { recursive: true });
    writeFileSync(join(mediaDir, 'recordings', id, `${job.id}.mp4`), Buffer.alloc(10));
    const url = `/media/recordings/${id}/${job.id}.mp4`;
    expect((await get(url)).status).toBe(404);
    expect((await get(`/media/live/${id}/index.m3u8`)).status).toBe(404);
    expect((await get(`/api/v1/conferences/${id}/recordings`)).status).toBe(404);
    // A delegate of the conference may watch it.
    const delegate = await app.createUser();
    const [site] = await (await get(`/api/v1/conferences/${id}/sites`, organiser)).json();
    await app.database.db
      .insert(conferenceMembers)
      .values({ conferenceId: id, userId: delegate.id, role: 'delegate', siteId: site.id });
    const cookie = await app.signIn(delegate.email, delegate.password);
    const res = await get(url, cookie);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toContain('private');
  });

  it('bad paths and ids are 404, never a file outside the media folder', async () => {
    const id = await conference({ recording: true });
    writeFileSync(join(mediaDir, 'secret.txt'), 'not for you');
    for (const path of [
      `/media/recordings/${id}/..%2Fsecret.txt`,
      `/media/recordings/${id}/00000000-0000-4000-8000-000000000000.mp4`,
      `/media/recordings/not-a-uuid/x.mp4`,
      `/media/live/${id}/..%2F..%2Fsecret.txt`,
      `/media/live/${id}/seg-abc-00001.ts`,
      `/media/live/${id}/index.m3u8%00`,
      `/media/live/00000000-0000-4000-8000-000000000000/index.m3u8`,
    ]) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect(await res.text()).not.toContain('not for you');
    }
    // In session, before the first segment: an empty live playlist (players keep asking).
    const waiting = await get(`/media/live/${id}/index.m3u8`);
    expect(waiting.status).toBe(200);
    expect(waiting.headers.get('content-type')).toContain('mpegurl');
    expect(await waiting.text()).toContain('#EXTM3U');
  });
});

describe('raw recordings', () => {
  it('go once assembled and the session can no longer be reopened, unless kept', async () => {
    const db = app.database.db;
    const id = await conference({ recording: true });
    await recordedSession(id);
    const job = (await queueAssembly({ db, conferenceId: id }))!;
    await claimAssembly(db, 'instance-a');
    await finishAssembly(db, job.id, {
      ok: true,
      path: `recordings/${id}/${job.id}.mp4`,
      durationSeconds: 1,
      bytes: 1,
      chapters,
    });
    const listed = async () =>
      (await rawToDelete(db, 30 * 60_000)).some((r) => r.conferenceId === id);
    expect(await listed()).toBe(false); // within the reopen window
    await db
      .update(recordings)
      .set({ finishedAt: sql`now() - interval '31 minutes'` })
      .where(eq(recordings.id, job.id));
    expect(await listed()).toBe(true);
    // Reopened (live again): its raw files are being written.
    await db.update(conferences).set({ status: 'live' }).where(eq(conferences.id, id));
    expect(await listed()).toBe(false);
    await db
      .update(conferences)
      .set({ status: 'ended', keepRawRecordings: true })
      .where(eq(conferences.id, id));
    expect(await listed()).toBe(false);
    await db.update(conferences).set({ keepRawRecordings: false }).where(eq(conferences.id, id));
    await markRawDeleted(db, id);
    expect(await listed()).toBe(false);
  });
});

describe('media leases', () => {
  it('one holder at a time; another takes it once it lapses', async () => {
    const db = app.database.db;
    const key = `program:test-${Date.now()}`;
    expect(await takeLease(db, key, 'a', 60_000)).toBe(true);
    expect(await takeLease(db, key, 'b', 60_000)).toBe(false);
    expect(await takeLease(db, key, 'a', 60_000)).toBe(true); // renewed
    await db.execute(
      sql`update media_leases set expires_at = now() - interval '1 second' where key = ${key}`,
    );
    expect(await takeLease(db, key, 'b', 60_000)).toBe(true);
    await releaseLease(db, key, 'a'); // not the holder: nothing happens
    expect(await takeLease(db, key, 'a', 60_000)).toBe(false);
    await releaseLease(db, key, 'b');
    expect(await takeLease(db, key, 'a', 60_000)).toBe(true);
  });
});
