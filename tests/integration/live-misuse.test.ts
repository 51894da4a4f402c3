import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { conferenceMembers } from '../../db/schema/conferences.ts';
import { livePresence } from '../../db/schema/live.ts';
import type { Actor } from '../../domain/auth/policies.ts';
import { executeLiveCommand } from '../../domain/live/live-session.ts';
import { parseEnv } from '../../server/env.ts';
import { createLogger } from '../../server/logger.ts';
import { startInstance } from '../../server/server.ts';
import type { WsLimits } from '../../server/ws-limits.ts';
import { LiveClient } from '../support/live-client.ts';
import { startTcpProxy } from '../support/tcp-proxy.ts';
import { sendJson, startTestApp, TEST_SECRET, type TestApp } from '../support/test-app.ts';

let app: TestApp;
let chair: string;
let conferenceId: string;
const sites: string[] = [];
const operators: string[] = [];
const instances: Awaited<ReturnType<typeof startInstance>>[] = [];

const api = (method: string, path: string, body?: unknown, cookie = chair) =>
  body === undefined
    ? fetch(`${app.url}/api/v1${path}`, { method, headers: { cookie, origin: app.url } })
    : sendJson(`${app.url}/api/v1${path}`, method, body, { cookie, origin: app.url });
const post = (path: string, body: unknown, cookie = chair) =>
  api('POST', path, body, cookie).then((r) => r.json());
/** The chair, as the use cases see them (announcements go straight through, unthrottled). */
let chairActor: Actor;
const announce = (text: string, id = conferenceId) =>
  executeLiveCommand({
    db: app.database.db,
    actor: chairActor,
    conferenceId: id,
    commandId: randomUUID(),
    command: { type: 'announcement.post', text },
  });

async function newConference(title: string, visibility: 'public' | 'internal' = 'public') {
  const conf = await post('/conferences', {
    title,
    theme: 'Thử',
    organiser: 'Ban Tổ chức',
    startsAt: '2026-12-18T01:00:00Z',
    endsAt: '2026-12-18T04:00:00Z',
    visibility,
  });
  await post(`/conferences/${conf.id}/status`, { status: 'scheduled' });
  return conf.id as string;
}

/** A person with a role in a conference, signed in: their cookie, and ids to take it away. */
async function member(id: string, role: string, siteId: string | null = null) {
  const user = await app.createUser();
  const [row] = await app.database.db
    .insert(conferenceMembers)
    .values({ conferenceId: id, userId: user.id, role: role as 'chair', siteId })
    .returning();
  const cookie = await app.signIn(user.email, user.password);
  return { ...user, cookie, memberId: row!.id };
}

/** Another instance on the same database, with its own WebSocket limits. */
async function instanceWith(limits: Partial<WsLimits>) {
  const instance = await startInstance(
    {
      env: parseEnv({ LOG_LEVEL: 'silent' }),
      database: app.database,
      secret: TEST_SECRET,
      logger: createLogger('silent'),
      version: 'test',
      wsLimits: limits,
    },
    { port: 0, host: '127.0.0.1' },
  );
  instances.push(instance);
  return instance;
}

async function screen(url: string, id: string, cookie?: string, siteId?: string) {
  const client = await LiveClient.connect(url, cookie);
  client.subscribe(id, siteId ? { siteId } : {});
  await client.until(() => true);
  return client;
}

/** Resolves with the close code and reason (they arrive within `ms`, or it rejects). */
function closing(client: LiveClient) {
  return new Promise<{ code: number; reason: string }>((resolve) => {
    if (client.socket.readyState === client.socket.CLOSED)
      return resolve({ code: client.closedWith ?? 0, reason: '' });
    client.socket.once('close', (code, reason) => resolve({ code, reason: String(reason) }));
  });
}
const within = <T>(promise: Promise<T>, ms: number, what: string) =>
  Promise.race([
    promise,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms),
    ),
  ]);

beforeAll(async () => {
  app = await startTestApp();
  const admin = await app.createUser({ roles: ['admin'] });
  chair = await app.signIn(admin.email, admin.password);
  chairActor = {
    id: admin.id,
    email: admin.email,
    name: 'Chủ trì',
    language: 'vi',
    roles: ['admin'],
  };
  conferenceId = await newConference('Phiên thử sức chịu đựng');
  for (const name of ['Điểm cầu Điện Biên', 'Điểm cầu Cà Mau']) {
    sites.push((await post(`/conferences/${conferenceId}/sites`, { name, unitName: name })).id);
  }
  for (const siteId of sites) {
    operators.push((await member(conferenceId, 'site_operator', siteId)).cookie);
  }
});
afterAll(async () => {
  for (const instance of instances) await instance.kill();
  await app.close();
});

describe('a live socket used against the server', () => {
  it('is dropped once it stops reading and its unsent bytes pass the cap', async () => {
    // Snapshots of a few hundred kilobytes, asked for as fast as the screen likes.
    const id = await newConference('Phiên thử màn hình không đọc');
    const text = 'Thông báo dài về chương trình làm việc của các điểm cầu. '.repeat(8);
    for (let i = 0; i < 50; i++) await announce(`${i} ${text}`.slice(0, 500), id);
    const cap = 256 * 1024;
    const other = await instanceWith({
      maxBufferedBytes: cap,
      socketPerSecond: 100_000,
      socketBurst: 100_000,
      floodDrops: 1_000_000,
      subscribeEveryMs: 0,
    });
    const reader = await screen(other.url, id);
    const hostile = await screen(other.url, id);
    const snapshotBytes = JSON.stringify(hostile.state).length;
    expect(snapshotBytes).toBeGreaterThan(20_000);
    expect(other.gateway.size).toBe(2);

    hostile.socket.pause(); // reads nothing more, keeps sending
    let asked = 0;
    const asking = setInterval(() => {
      if (hostile.socket.readyState !== hostile.socket.OPEN) return;
      hostile.subscribe(id);
      asked++;
    }, 5);
    try {
      // The server lets go of it: only the screen that reads is left.
      await vi.waitFor(() => expect(other.gateway.size).toBe(1), {
        timeout: 20_000,
        interval: 50,
      });
    } finally {
      clearInterval(asking);
    }
    expect(asked).toBeGreaterThan(0);
    await announce('Sau khi màn hình không đọc bị ngắt', id);
    await reader.until(
      (s) => s.announcements.at(-1)?.text === 'Sau khi màn hình không đọc bị ngắt',
    );
    // Once it reads again it finds the connection cut, without a closing handshake.
    const closed = closing(hostile);
    hostile.socket.resume();
    expect((await within(closed, 10_000, 'dropped socket closes')).code).toBe(1006);
    reader.close();
  });

  it('limits a screen sending 1,000 messages a second: one error, then 1008; other screens keep their events', async () => {
    const board = await screen(app.url, conferenceId, chair);
    const display = await screen(app.url, conferenceId);
    const hostile = await screen(app.url, conferenceId);
    const closed = closing(hostile);
    let sent = 0;
    const flood = setInterval(() => {
      for (let i = 0; i < 10 && hostile.socket.readyState === hostile.socket.OPEN; i++) {
        hostile.socket.send(JSON.stringify({ t: 'ping', clientTime: Date.now() }));
        sent++;
      }
    }, 10);
    // Meanwhile the chair keeps the session going.
    const texts: string[] = [];
    for (let i = 0; i < 5; i++) {
      const text = `Thông báo trong lúc bị tấn công ${i}`;
      texts.push(text);
      expect((await board.command(conferenceId, { type: 'announcement.post', text })).t).toBe(
        'ack',
      );
    }
    const { code, reason } = await within(closed, 10_000, 'flooding socket closed');
    clearInterval(flood);
    expect(code).toBe(1008);
    expect(reason).toMatch(/too many messages/i);
    expect(sent).toBeGreaterThan(500);
    const limited = hostile.errors.filter((e) => e.error.code === 'rate_limited');
    expect(limited).toHaveLength(1);
    expect(limited[0]!.error.message).toMatch(/quá nhiều tin/);
    for (const s of [board, display]) {
      await s.until((st) => texts.every((t) => st.announcements.some((a) => a.text === t)));
      expect(s.socket.readyState).toBe(s.socket.OPEN);
    }
    board.close();
    display.close();
  });

  it('counts the messages of all of one person’s sockets together', async () => {
    const other = await instanceWith({
      socketPerSecond: 1000,
      socketBurst: 1,
      userPerSecond: 10,
      userBurst: 1,
      floodDrops: 1_000_000,
    });
    const person = await member(conferenceId, 'delegate', sites[0]!);
    const mine = await Promise.all(
      [1, 2, 3].map(() => LiveClient.connect(other.url, person.cookie)),
    );
    const stranger = await LiveClient.connect(other.url, operators[1]);
    let pongs = 0;
    let strangerPongs = 0;
    for (const s of mine) s.socket.on('message', (d) => (pongs += +String(d).includes('"pong"')));
    stranger.socket.on('message', (d) => (strangerPongs += +String(d).includes('"pong"')));
    for (const s of [...mine, stranger])
      for (let i = 0; i < (s === stranger ? 8 : 15); i++)
        s.socket.send(JSON.stringify({ t: 'ping', clientTime: 0 }));
    // Another person's socket, within their own limit, is not affected.
    await vi.waitFor(() => expect(strangerPongs).toBe(8), { timeout: 5000 });
    await vi.waitFor(
      () =>
        expect(mine.flatMap((s) => s.errors).map((e) => e.error.code)).toContain('rate_limited'),
      { timeout: 5000 },
    );
    // 45 sent, at most two one-second windows' worth (plus the burst) handled.
    expect(pongs).toBeLessThanOrEqual(2 * 10 + 2);
    for (const s of [...mine, stranger]) s.close();
  });

  it('runs 3,000 subscribes sent in one burst a few times, not 3,000', async () => {
    // Rates raised so that coalescing, not the rate limit, is what is measured.
    const other = await instanceWith({
      socketPerSecond: 100_000,
      socketBurst: 100_000,
      userPerSecond: 100_000,
      userBurst: 100_000,
      floodDrops: 1_000_000,
    });
    const client = await LiveClient.connect(other.url, chair);
    let snapshots = 0;
    client.socket.on('message', (d) => (snapshots += +String(d).startsWith('{"t":"snapshot"')));
    for (let i = 0; i < 3000; i++) client.subscribe(conferenceId);
    await client.until(() => true);
    // Settled: a command's event arrives after whatever subscribes were still running.
    const ack = client.command(conferenceId, {
      type: 'announcement.post',
      text: 'Sau loạt đăng ký',
    });
    expect((await within(ack, 10_000, 'command after the burst')).t).toBe('ack');
    await client.until((s) => s.announcements.at(-1)?.text === 'Sau loạt đăng ký');
    await new Promise((r) => setTimeout(r, 300));
    expect(snapshots).toBeGreaterThanOrEqual(1);
    expect(snapshots).toBeLessThanOrEqual(3);
    expect(client.errors).toEqual([]);
    client.close();
  });

  it('closes a socket that sends a frame over 64 KB with 1009 and says why', async () => {
    const client = await LiveClient.connect(app.url);
    const closed = closing(client);
    client.socket.send(JSON.stringify({ t: 'ping', clientTime: 0, pad: 'x'.repeat(64 * 1024) }));
    const { code, reason } = await within(closed, 5000, 'oversize frame closes');
    expect(code).toBe(1009);
    expect(reason).toMatch(/64 KB/);
  });
});

describe('live rights follow the account on open sockets', () => {
  it('a removed role on an internal conference: error, then 4403, within seconds', async () => {
    const id = await newConference('Phiên nội bộ thử quyền', 'internal');
    const site: string = (
      await post(`/conferences/${id}/sites`, { name: 'Điểm cầu Huế', unitName: 'Huế' })
    ).id;
    const op = await member(id, 'site_operator', site);
    const socket = await screen(app.url, id, op.cookie, site);
    const board = await screen(app.url, id, chair);
    await board.until((s) => s.sites[site]?.online === true);
    const closed = closing(socket);
    expect((await api('DELETE', `/conferences/${id}/members/${op.memberId}`)).status).toBe(204);
    const { code } = await within(closed, 5000, 'socket of a removed operator closed');
    expect(code).toBe(4403);
    expect(socket.errors.at(-1)?.error).toMatchObject({
      code: 'forbidden',
      message: 'Tài khoản của bạn không còn quyền theo dõi phiên họp này.',
    });
    // Its site no longer counts as connected.
    await board.until((s) => s.sites[site]?.online === false, 10_000);
    board.close();
  });

  it('a chair demoted to a site operator gets a fresh snapshot for the new view', async () => {
    const id = await newConference('Phiên thử hạ quyền');
    const site: string = (
      await post(`/conferences/${id}/sites`, { name: 'Điểm cầu Nghệ An', unitName: 'Nghệ An' })
    ).id;
    const person = await member(id, 'chair');
    const secretary = await member(id, 'secretary');
    await post(
      `/conferences/${id}/live/commands`,
      { commandId: randomUUID(), command: { type: 'minutes.add', text: 'Biên bản mật' } },
      secretary.cookie,
    );
    const socket = await screen(app.url, id, person.cookie);
    expect(socket.state!.minutes).toHaveLength(1);
    const snapshots: number[] = [];
    socket.socket.on('message', (d) => {
      if (String(d).startsWith('{"t":"snapshot"')) snapshots.push(Date.now());
    });
    const assigned = await api('POST', `/conferences/${id}/members`, {
      email: person.email,
      role: 'site_operator',
      siteId: site,
    });
    expect(assigned.status).toBe(201);
    expect((await api('DELETE', `/conferences/${id}/members/${person.memberId}`)).status).toBe(204);
    await socket.until((s) => s.minutes.length === 0, 5000);
    expect(snapshots.length).toBeGreaterThanOrEqual(1);
    // What follows is redacted for the new view too, and the socket stays open.
    await post(
      `/conferences/${id}/live/commands`,
      { commandId: randomUUID(), command: { type: 'minutes.add', text: 'Biên bản mật 2' } },
      secretary.cookie,
    );
    await announce('Sau khi hạ quyền', id);
    await socket.until((s) => s.announcements.at(-1)?.text === 'Sau khi hạ quyền');
    expect(JSON.stringify(socket.state)).not.toContain('Biên bản mật');
    expect(socket.socket.readyState).toBe(socket.socket.OPEN);
    socket.close();
  });

  it('a disabled account, a sign-out or a password reset closes the socket with 4401 without it sending anything', async () => {
    for (const end of ['disable', 'sign out', 'password reset'] as const) {
      const person = await member(conferenceId, 'delegate', sites[1]!);
      const socket = await screen(app.url, conferenceId, person.cookie);
      const closed = closing(socket);
      if (end === 'disable') {
        const res = await api('PATCH', `/users/${person.id}`, { disabled: true });
        expect(res.status).toBe(200);
      } else if (end === 'sign out') {
        expect((await api('POST', '/auth/logout', undefined, person.cookie)).status).toBe(204);
      } else {
        const res = await api('PATCH', `/users/${person.id}`, {
          password: 'Gió mùa đông bắc tràn về Lạng Sơn',
        });
        expect(res.status).toBe(200);
      }
      expect((await within(closed, 5000, end)).code, end).toBe(4401);
    }
  });
});

describe('presence', () => {
  it('a site console whose network dies silently shows offline within 10 s, and online again when it is back', async () => {
    const proxy = await startTcpProxy(new URL(app.url).port ? Number(new URL(app.url).port) : 80);
    const site = sites[0]!;
    const board = await screen(app.url, conferenceId, chair);
    try {
      const console = await screen(proxy.url, conferenceId, operators[0], site);
      await board.until((s) => s.sites[site]?.online === true, 10_000);
      proxy.stall();
      await board.until((s) => s.sites[site]?.online === false, 10_000);
      expect(console.socket.readyState).toBe(console.socket.OPEN); // it never learnt
      proxy.resume();
      // Its old connection is gone; the console comes back as a browser does.
      await within(closing(console), 10_000, 'stale connection closes');
      const back = await screen(proxy.url, conferenceId, operators[0], site);
      await board.until((s) => s.sites[site]?.online === true, 10_000);
      back.close();
    } finally {
      board.close();
      await proxy.close();
    }
  });

  it('forgets presence rows of an instance that died a minute ago', async () => {
    const dead = randomUUID();
    await app.database.db.insert(livePresence).values({
      conferenceId,
      siteId: sites[1]!,
      instanceId: dead,
      screens: 1,
      seenAt: sql`now() - interval '2 minutes'`,
    });
    await vi.waitFor(
      async () =>
        expect(
          await app.database.db
            .select()
            .from(livePresence)
            .where(eq(livePresence.instanceId, dead)),
        ).toEqual([]),
      { timeout: 10_000, interval: 200 },
    );
  });
});
