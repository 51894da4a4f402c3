import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Janode from 'janode';
import VideoRoomPlugin from 'janode/plugins/videoroom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { mediaToken, roomSecrets } from '../../domain/media/media-grant.ts';
import { startJanus, type JanusProcess } from '../../server/media/janus-process.ts';
import { sendJson, startTestApp, TEST_SECRET, type TestApp } from '../support/test-app.ts';

// Runs inside the private network namespace (scripts/test.sh), with a Janus of its own.

Janode.Logger.setLevel('none');

let janus: JanusProcess;
let app: TestApp;
let admin: string;
const dir = mkdtempSync(join(tmpdir(), 'janus-rooms-'));

async function ok(path: string, body?: unknown, cookie = admin) {
  const res =
    body === undefined
      ? await fetch(`${app.url}/api/v1${path}`, { headers: { cookie } })
      : await sendJson(`${app.url}/api/v1${path}`, 'POST', body, { cookie });
  const json = res.status === 204 ? null : await res.json();
  if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}
const status = async (path: string, cookie: string) =>
  (await fetch(`${app.url}/api/v1${path}`, { headers: { cookie } })).status;

/** A conference with two sites, each with its own operator, its session in technical check. */
async function conferenceWithSites() {
  const conf = await ok('/conferences', {
    title: 'Kiểm tra phòng hình',
    theme: 'Phòng họp trực tuyến',
    organiser: 'Ban Tổ chức',
    startsAt: '2026-12-18T01:00:00Z',
    endsAt: '2026-12-18T04:00:00Z',
    siteChairApproval: false,
    defaultTurnMinutes: 5,
    themes: ['Chủ đề'],
  });
  await ok(`/conferences/${conf.id}/status`, { status: 'scheduled' });
  const sites = [];
  for (const [i, name] of ['Điểm cầu Sơn La', 'Điểm cầu Gia Lai'].entries()) {
    const site = await ok(`/conferences/${conf.id}/sites`, {
      name,
      unitName: name,
      isHost: i === 0,
    });
    const user = await app.createUser();
    await ok(`/conferences/${conf.id}/members`, {
      email: user.email,
      role: 'site_operator',
      siteId: site.id,
    });
    sites.push({ id: site.id, cookie: await app.signIn(user.email, user.password) });
  }
  return { id: conf.id as string, sites };
}
let n = 0;
const command = (conferenceId: string, c: unknown) =>
  ok(`/conferences/${conferenceId}/live/commands`, {
    commandId: `rooms-${++n}-${Date.now()}`,
    command: c,
  });

/** Whether Janus has the room (a participant of our own tries to join it). */
async function roomExists(url: string, conferenceId: string) {
  const conn = await Janode.connect({ address: { url } });
  try {
    const handle = await (await conn.create()).attach(VideoRoomPlugin);
    await handle.message({
      request: 'join',
      room: conferenceId,
      ptype: 'publisher',
      id: `probe-${Date.now()}`,
      token: mediaToken(TEST_SECRET, conferenceId, { kind: 'viewer' }),
      pin: roomSecrets(TEST_SECRET, conferenceId).pin,
    });
    return true;
  } catch (err) {
    if (/No such room/.test((err as Error).message)) return false;
    throw err;
  } finally {
    await conn.close().catch(() => {});
  }
}

/** A browser's socket to the media proxy, sending Janus messages and reading the answers. */
function proxySocket(conferenceId: string, cookie: string, site?: string) {
  const q = new URLSearchParams({ conference: conferenceId, ...(site && { site }) });
  const ws = new WebSocket(`${app.url.replace('http', 'ws')}/media/janus?${q}`, 'janus-protocol', {
    headers: { cookie },
  });
  const inbox: Record<string, unknown>[] = [];
  ws.on('message', (d) => inbox.push(JSON.parse(String(d)) as Record<string, unknown>));
  let t = 0;
  const ask = async (msg: Record<string, unknown>) => {
    const transaction = `t${++t}`;
    ws.send(JSON.stringify({ ...msg, transaction }));
    for (let i = 0; i < 100; i++) {
      const answer = inbox.find((m) => m.transaction === transaction && m.janus !== 'ack');
      if (answer) return answer;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`no answer to ${JSON.stringify(msg)}`);
  };
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) => reject(new Error(`refused ${res.statusCode}`)));
    ws.once('error', reject);
  });
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  return { ws, ask, opened, closed };
}

async function joinAs(socket: ReturnType<typeof proxySocket>, body: Record<string, unknown>) {
  const session = (await socket.ask({ janus: 'create' })) as { data: { id: number } };
  const handle = (await socket.ask({
    janus: 'attach',
    plugin: 'janus.plugin.videoroom',
    session_id: session.data.id,
  })) as {
    data: { id: number };
  };
  return socket.ask({
    janus: 'message',
    session_id: session.data.id,
    handle_id: handle.data.id,
    body,
  });
}
const pluginData = (m: Record<string, unknown>) =>
  (m.plugindata as { data: Record<string, unknown> } | undefined)?.data;

beforeAll(async () => {
  janus = await startJanus({ dir, iceEnforce: 'vmedia0' });
  app = await startTestApp({ janus: { url: janus.url, roomAdminKey: janus.roomAdminKey } });
  const user = await app.createUser({ roles: ['admin'] });
  admin = await app.signIn(user.email, user.password);
  for (let i = 0; i < 100 && app.instance.media.status !== 'ready'; i++)
    await new Promise((r) => setTimeout(r, 50));
  expect(app.instance.media.status).toBe('ready');
}, 60_000);
afterAll(async () => {
  await app?.close();
  await janus?.stop();
});

describe('media rooms and tokens', () => {
  it('hands a site only its own token, and none while the conference is not open', async () => {
    const conf = await conferenceWithSites();
    const [a, b] = conf.sites as [{ id: string; cookie: string }, { id: string; cookie: string }];
    // Not open yet: no token for anyone.
    expect(await status(`/conferences/${conf.id}/media?site=${a.id}`, a.cookie)).toBe(409);
    await command(conf.id, { type: 'session.open_check' });
    const grant = await ok(`/conferences/${conf.id}/media?site=${a.id}`, undefined, a.cookie);
    expect(grant).toMatchObject({ room: conf.id, feed: `site-${a.id}`, publish: true });
    expect(await status(`/conferences/${conf.id}/media?site=${b.id}`, a.cookie)).toBe(403);
    // An anonymous visitor gets nothing (the public watches the program stream instead).
    expect(await status(`/conferences/${conf.id}/media`, '')).toBe(401);

    // Through the proxy: B's console presenting A's token, or A's identity, is refused.
    const asB = proxySocket(conf.id, b.cookie, b.id);
    await asB.opened;
    const stolen = await joinAs(asB, {
      request: 'join',
      room: conf.id,
      ptype: 'publisher',
      id: `site-${b.id}`,
      token: grant.token,
    });
    expect(stolen).toMatchObject({
      janus: 'error',
      error: { reason: 'token not valid for this screen' },
    });
    const bGrant = await ok(`/conferences/${conf.id}/media?site=${b.id}`, undefined, b.cookie);
    const impersonate = await joinAs(asB, {
      request: 'join',
      room: conf.id,
      ptype: 'publisher',
      id: `site-${a.id}`,
      token: bGrant.token,
    });
    expect(impersonate).toMatchObject({ janus: 'error' });
    // Room management stays with the app.
    const create = await joinAs(asB, { request: 'create', room: 'mine', admin_key: 'guess' });
    expect(create).toMatchObject({ janus: 'error', error: { reason: 'request not allowed' } });
    // Another screen's Janus session cannot be named.
    const foreign = await asB.ask({ janus: 'keepalive', session_id: 1 });
    expect(foreign).toMatchObject({
      janus: 'error',
      error: { reason: 'not a session of this screen' },
    });
    // Its own identity and token: joined (Janus checked the token and the pin the proxy added).
    const own = await joinAs(asB, {
      request: 'join',
      room: conf.id,
      ptype: 'publisher',
      id: `site-${b.id}`,
      token: bGrant.token,
    });
    expect(pluginData(own)).toMatchObject({ videoroom: 'joined', id: `site-${b.id}` });
    // A site's token cannot open a room of another conference.
    const other = await conferenceWithSites();
    await command(other.id, { type: 'session.open_check' });
    const cross = await joinAs(asB, {
      request: 'join',
      room: other.id,
      ptype: 'publisher',
      id: `site-${b.id}`,
      token: bGrant.token,
    });
    expect(cross).toMatchObject({ janus: 'error', error: { reason: 'not this room' } });
    // A socket for a site the user does not operate is refused at the door.
    await expect(proxySocket(conf.id, b.cookie, a.id).opened).rejects.toThrow(/403/);
    asB.ws.close();
  });

  it('re-creates the rooms after a Janus restart; screens are told to reconnect', async () => {
    const conf = await conferenceWithSites();
    await command(conf.id, { type: 'session.open_check' });
    const a = conf.sites[0]!;
    const grant = await ok(`/conferences/${conf.id}/media?site=${a.id}`, undefined, a.cookie);
    const socket = proxySocket(conf.id, a.cookie, a.id);
    await socket.opened;
    const joined = await joinAs(socket, {
      request: 'join',
      room: conf.id,
      ptype: 'publisher',
      id: grant.feed,
      token: grant.token,
    });
    expect(pluginData(joined)).toMatchObject({ videoroom: 'joined' });
    expect(await roomExists(janus.url, conf.id)).toBe(true);

    const port = Number(new URL(janus.url).port);
    janus.child.kill('SIGKILL');
    expect(await socket.closed).toBe(1012);
    janus = await startJanus({
      dir,
      iceEnforce: 'vmedia0',
      wsPort: port,
      roomAdminKey: janus.roomAdminKey,
    });
    await expect
      .poll(() => roomExists(janus.url, conf.id), { timeout: 15_000, interval: 300 })
      .toBe(true);
    // A screen coming back joins again.
    const again = proxySocket(conf.id, a.cookie, a.id);
    await again.opened;
    const rejoined = await joinAs(again, {
      request: 'join',
      room: conf.id,
      ptype: 'publisher',
      id: grant.feed,
      token: grant.token,
    });
    expect(pluginData(rejoined)).toMatchObject({ videoroom: 'joined' });
    again.ws.close();
  });

  it('destroys the room when the session ends, and closes its screens', async () => {
    const conf = await conferenceWithSites();
    await command(conf.id, { type: 'session.open_check' });
    const a = conf.sites[0]!;
    const socket = proxySocket(conf.id, a.cookie, a.id);
    await socket.opened;
    expect(await roomExists(janus.url, conf.id)).toBe(true);
    await command(conf.id, { type: 'session.start' });
    await command(conf.id, { type: 'session.end' });
    expect(await socket.closed).toBe(4410);
    await expect.poll(() => roomExists(janus.url, conf.id), { timeout: 5000 }).toBe(false);
    expect(await status(`/conferences/${conf.id}/media?site=${a.id}`, a.cookie)).toBe(409);
  });
});
