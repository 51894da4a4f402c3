import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.ts';
import { conferenceMembers } from '../../db/schema/conferences.ts';
import { conferenceSnapshots } from '../../db/schema/live.ts';
import { loadState, readEvents, SNAPSHOT_EVERY } from '../../domain/live/event-store.ts';
import { executeLiveCommand, setSiteConnections } from '../../domain/live/live-session.ts';
import { openTurns } from '../../domain/live/reducer.ts';
import { PUBLIC_VIEW, redactState, type LiveView } from '../../domain/live/views.ts';
import type { LiveEvent } from '../../protocol/live.ts';
import { parseEnv } from '../../server/env.ts';
import { createLogger } from '../../server/logger.ts';
import { startInstance } from '../../server/server.ts';
import { LiveClient } from '../support/live-client.ts';
import { sendJson, startTestApp, TEST_SECRET, type TestApp } from '../support/test-app.ts';

let app: TestApp;
let chair: string;
const operators: string[] = [];
let secretary: string;
let outsider: string;
let conferenceId: string;
const sites: string[] = [];

const post = (path: string, body: unknown, cookie = chair) =>
  sendJson(`${app.url}/api/v1${path}`, 'POST', body, { cookie }).then((r) => r.json());

beforeAll(async () => {
  app = await startTestApp();
  const admin = await app.createUser({ roles: ['admin'] });
  chair = await app.signIn(admin.email, admin.password);
  const conf = await post('/conferences', {
    title: 'Phiên trực tuyến thử',
    theme: 'Thử',
    organiser: 'Ban Tổ chức',
    startsAt: '2026-12-18T01:00:00Z',
    endsAt: '2026-12-18T04:00:00Z',
    themes: ['Chuyển đổi số'],
  });
  conferenceId = conf.id;
  await post(`/conferences/${conferenceId}/status`, { status: 'scheduled' });
  for (const name of ['Điểm cầu An Giang', 'Điểm cầu Gia Lai', 'Điểm cầu Sơn La']) {
    sites.push((await post(`/conferences/${conferenceId}/sites`, { name, unitName: name })).id);
  }
  for (const siteId of sites) {
    const user = await app.createUser();
    await app.database.db
      .insert(conferenceMembers)
      .values({ conferenceId, userId: user.id, role: 'site_operator', siteId });
    operators.push(await app.signIn(user.email, user.password));
  }
  const sec = await app.createUser();
  await app.database.db
    .insert(conferenceMembers)
    .values({ conferenceId, userId: sec.id, role: 'secretary' });
  secretary = await app.signIn(sec.email, sec.password);
  const out = await app.createUser();
  outsider = await app.signIn(out.email, out.password);
});
afterAll(() => app.close());

async function screen(cookie?: string, opts: { after?: number; siteId?: string } = {}) {
  const client = await LiveClient.connect(app.url, cookie);
  client.subscribe(conferenceId, opts);
  await client.until(() => true);
  return client;
}

describe('live session over WebSockets', () => {
  it('a chair and three sites run a short session and every screen agrees', async () => {
    const chairScreen = await screen(chair);
    const display = await screen();
    const siteScreens = await Promise.all(operators.map((c, i) => screen(c, { siteId: sites[i] })));
    const c = (command: Parameters<LiveClient['command']>[1], who = chairScreen) =>
      who.command(conferenceId, command);

    expect((await c({ type: 'session.open_check' })).t).toBe('ack');
    for (const [i, s] of siteScreens.entries()) {
      expect((await c({ type: 'site.check_in', siteId: sites[i]!, attendees: 20 + i }, s)).t).toBe(
        'ack',
      );
    }
    await c({ type: 'session.start' });
    await c(
      { type: 'floor.request', siteId: sites[1]!, delegateName: 'Rơ Mah Tuấn' },
      siteScreens[1],
    );
    await chairScreen.until((s) => s.queue.length === 1);
    const requestId = chairScreen.state!.queue[0]!;
    await c({ type: 'floor.grant', requestId });
    await display.until((s) => openTurns(s).length === 1);
    const turnId = openTurns(display.state!)[0]!.id;
    await c({ type: 'floor.extend', turnId, minutes: 2 });
    await c({ type: 'floor.end', turnId });
    await c({ type: 'session.end' });

    const server = await loadState(app.database.db, conferenceId);
    for (const s of [chairScreen, display, ...siteScreens]) {
      await s.until((st) => st.seq === server.seq);
      expect(s.state).toEqual(server);
    }
    expect(server.turns[0]).toMatchObject({
      siteName: 'Điểm cầu Gia Lai',
      delegateName: 'Rơ Mah Tuấn',
      extensionSeconds: 120,
    });
    expect(Object.values(server.sites).map((x) => x.rollCall)).toEqual([
      'present',
      'present',
      'present',
    ]);
    // The conference's status followed the session: scheduled → live → ended.
    const conf = await (
      await fetch(`${app.url}/api/v1/conferences/${conferenceId}`, { headers: { cookie: chair } })
    ).json();
    expect(conf.conference.status).toBe('ended');
    for (const s of [chairScreen, display, ...siteScreens]) s.close();
  });

  it('answers a command from the wrong role or in the wrong state to the sender alone, changing nothing', async () => {
    const conf = await post('/conferences', {
      title: 'Phiên thử quyền',
      theme: 'Thử',
      organiser: 'BTC',
      startsAt: '2026-12-18T01:00:00Z',
      endsAt: '2026-12-18T04:00:00Z',
    });
    const other = await LiveClient.connect(app.url, chair);
    other.subscribe(conf.id);
    const op = await LiveClient.connect(app.url, operators[0]);
    const before = await loadState(app.database.db, conferenceId);
    const watcher = await screen(chair);
    const wrongSite = await op.command(conferenceId, {
      type: 'site.check_in',
      siteId: sites[1]!,
      attendees: 5,
    });
    expect(wrongSite).toMatchObject({ t: 'error', error: { code: 'forbidden' } });
    const notChair = await op.command(conferenceId, { type: 'session.start' });
    expect(notChair).toMatchObject({
      t: 'error',
      error: { code: 'forbidden', message: 'Bạn không có quyền thực hiện thao tác này.' },
    });
    const wrongState = await watcher.command(conferenceId, { type: 'session.pause' });
    expect(wrongState).toMatchObject({ t: 'error', error: { code: 'invalid_state' } });
    expect((wrongState.error as { message: string }).message).toContain(
      'Không thực hiện được lệnh',
    );
    const stranger = await LiveClient.connect(app.url, outsider);
    expect(
      await stranger.command(conferenceId, { type: 'announcement.post', text: 'Xin chào' }),
    ).toMatchObject({ t: 'error', error: { code: 'forbidden' } });
    // Nothing but the server's own presence events (screens of earlier tests closing).
    const after = await readEvents(app.database.db, conferenceId, before.seq);
    expect(after.filter((e) => e.type !== 'site.connection')).toEqual([]);
    expect(watcher.errors.length).toBe(1);
    for (const s of [other, op, watcher, stranger]) s.close();
  });

  it('sends each role exactly its own view, over the WebSocket and HTTP alike', async () => {
    const conf = await post('/conferences', {
      title: 'Phiên thử quyền xem',
      theme: 'Thử',
      organiser: 'BTC',
      startsAt: '2026-12-18T01:00:00Z',
      endsAt: '2026-12-18T04:00:00Z',
    });
    const id = conf.id as string;
    await post(`/conferences/${id}/status`, { status: 'scheduled' });
    const a: string = (
      await post(`/conferences/${id}/sites`, { name: 'Điểm cầu Lào Cai', unitName: 'A' })
    ).id;
    const b: string = (
      await post(`/conferences/${id}/sites`, { name: 'Điểm cầu Cà Mau', unitName: 'B' })
    ).id;
    const people: Record<string, string> = {};
    for (const [name, role, siteId] of [
      ['opA', 'site_operator', a],
      ['opB', 'site_operator', b],
      ['secretary', 'secretary', null],
    ] as const) {
      const user = await app.createUser();
      await app.database.db
        .insert(conferenceMembers)
        .values({ conferenceId: id, userId: user.id, role, siteId });
      people[name] = await app.signIn(user.email, user.password);
    }
    const cmd = (command: unknown, cookie = chair) =>
      post(`/conferences/${id}/live/commands`, { commandId: randomUUID(), command }, cookie);
    // Screens that watch from the start, so they receive every event as it happens.
    const watch = async (cookie?: string, siteId?: string) => {
      const client = await LiveClient.connect(app.url, cookie);
      client.subscribe(id, { siteId });
      await client.until(() => true);
      return client;
    };
    const screens = {
      chair: await watch(chair),
      secretary: await watch(people.secretary),
      // Site A's console: the site is online, so it may ask for the floor.
      opA: await watch(people.opA, a),
      opB: await watch(people.opB),
      outsider: await watch(outsider),
      public: await watch(),
    };
    await cmd({ type: 'session.open_check' });
    await cmd(
      { type: 'site.absent', siteId: b, reason: 'Mất điện tại hội trường tỉnh' },
      people.opB,
    );
    await cmd({ type: 'session.start' });
    await screens.chair.until((st) => st.sites[a]?.online === true);
    await cmd({ type: 'chat.send', siteId: a, text: 'Kỹ thuật: xin kiểm tra micro' });
    await cmd({ type: 'chat.send', siteId: a, text: 'Đã kiểm tra micro xong' }, people.opA);
    await cmd(
      {
        type: 'floor.request',
        siteId: a,
        delegateName: 'Lò Văn Hùng',
        note: 'Xin nói sau phần báo cáo',
      },
      people.opA,
    );
    const full = await loadState(app.database.db, id);
    const requestId = full.queue[0]!;
    await cmd({
      type: 'floor.decline',
      requestId,
      reason: 'Nội dung đã được trả lời bằng văn bản',
    });
    await cmd({ type: 'minutes.add', text: 'Bản nháp: tỉnh Lào Cai đề nghị…' }, people.secretary);
    const server = await loadState(app.database.db, id);
    expect(server.minutes).toHaveLength(1);

    const views: Record<keyof typeof screens, LiveView> = {
      chair: { full: true, participant: true, sites: new Set() },
      secretary: { full: true, participant: true, sites: new Set() },
      opA: { full: false, participant: true, sites: new Set([a]) },
      opB: { full: false, participant: true, sites: new Set([b]) },
      outsider: PUBLIC_VIEW,
      public: PUBLIC_VIEW,
    };
    const secrets = [
      'Mất điện tại hội trường tỉnh',
      'Xin nói sau phần báo cáo',
      'Nội dung đã được trả lời bằng văn bản',
      'Bản nháp',
      'kiểm tra micro',
    ];
    const cookies = {
      chair,
      secretary: people.secretary,
      opA: people.opA,
      opB: people.opB,
      outsider,
      public: undefined,
    };
    for (const [who, screen] of Object.entries(screens) as [keyof typeof screens, LiveClient][]) {
      const expected = redactState(server, views[who]);
      // Pushed events, applied by the shared reducer, with no gap.
      await screen.until((st) => st.seq === server.seq);
      expect(screen.state, who).toEqual(expected);
      // A fresh snapshot and the HTTP catch-up say the same.
      const late = await watch(cookies[who]);
      expect(late.state, `${who} snapshot`).toEqual(expected);
      late.close();
      const headers: Record<string, string> = cookies[who] ? { cookie: cookies[who] } : {};
      const snap = await (
        await fetch(`${app.url}/api/v1/conferences/${id}/live`, { headers })
      ).json();
      expect(snap.snapshot, `${who} HTTP snapshot`).toEqual(expected);
      const replay = await (
        await fetch(`${app.url}/api/v1/conferences/${id}/live?after=0`, { headers })
      ).json();
      const events = replay.events as LiveEvent[];
      expect(
        events.map((e) => e.seq),
        `${who} HTTP events`,
      ).toEqual(Array.from({ length: server.seq }, (_, i) => i + 1));
      const text = JSON.stringify({ snap, replay, state: screen.state });
      for (const secret of secrets) {
        const seen = text.includes(secret);
        const may =
          views[who].full ||
          (secret.startsWith('Mất điện') && who === 'opB') ||
          (secret.startsWith('Xin nói') && who === 'opA') ||
          (secret.startsWith('Nội dung') && who === 'opA') ||
          (secret === 'kiểm tra micro' && who === 'opA');
        expect(seen, `${who} sees "${secret}"`).toBe(may);
      }
      if (!views[who].participant) {
        // The public learns nobody's name or id from the log.
        expect(
          events.every((e) => e.actor === null),
          who,
        ).toBe(true);
      }
    }
    for (const screen of Object.values(screens)) screen.close();
  });

  it('keeps no state in its cache that a failed commit did not write', async () => {
    const db = app.database.db;
    const before = await loadState(db, conferenceId);
    // The next presence change fails at COMMIT, after its events were appended.
    await db.execute(sql`
      create function refuse_connection() returns trigger language plpgsql as $$
      begin raise exception 'refused at commit'; end $$`);
    await db.execute(sql`
      create constraint trigger refuse_connection after insert on conference_events
      deferrable initially deferred for each row when (new.type = 'site.connection')
      execute function refuse_connection()`);
    const site = sites[0]!;
    const online = !(before.sites[site]?.online ?? false);
    await expect(
      setSiteConnections({
        db,
        conferenceId,
        online: new Set(
          [...Object.values(before.sites)]
            .filter((s) => (s.siteId === site ? online : s.online))
            .map((s) => s.siteId)
            .concat(online && !before.sites[site] ? [site] : []),
        ),
      }),
    ).rejects.toThrow();
    await db.execute(sql`drop trigger refuse_connection on conference_events`);
    await db.execute(sql`drop function refuse_connection()`);
    // Another command takes the same seq; every reader agrees with the log.
    await post(`/conferences/${conferenceId}/live/commands`, {
      commandId: randomUUID(),
      command: { type: 'announcement.post', text: 'Sau lần ghi thất bại' },
    });
    const cached = await loadState(db, conferenceId);
    const fromLog = await loadState(db, conferenceId, {});
    expect(cached).toEqual(fromLog);
    expect(cached.sites[site]?.online ?? false).toBe(before.sites[site]?.online ?? false);
  });

  it('closes a socket whose session ended: signed out, password changed or account disabled', async () => {
    const admin = chair;
    for (const end of ['sign out', 'password change', 'disable'] as const) {
      const user = await app.createUser();
      await app.database.db
        .insert(conferenceMembers)
        .values({ conferenceId, userId: user.id, role: 'site_operator', siteId: sites[1]! });
      const cookie = await app.signIn(user.email, user.password);
      const socket = await screen(cookie);
      expect((await socket.command(conferenceId, { type: 'announcement.post', text: 'x' })).t).toBe(
        'error',
      ); // not the chair: refused, but the session is alive
      // Listening before the session ends: the server may close the socket at once.
      const closed = new Promise<number>((resolve) => socket.socket.once('close', resolve));
      if (end === 'sign out') {
        await fetch(`${app.url}/api/v1/auth/logout`, {
          method: 'POST',
          headers: { cookie, origin: app.url },
        });
      } else if (end === 'password change') {
        const other = await app.signIn(user.email, user.password);
        const res = await sendJson(
          `${app.url}/api/v1/auth/change-password`,
          'POST',
          { currentPassword: user.password, newPassword: 'Ánh trăng rằm soi bến Ninh Kiều' },
          { cookie: other },
        );
        expect(res.status).toBe(204);
      } else {
        await sendJson(
          `${app.url}/api/v1/users/${user.id}`,
          'PATCH',
          { disabled: true },
          {
            cookie: admin,
          },
        );
      }
      const before = (await loadState(app.database.db, conferenceId)).seq;
      socket.socket.send(
        JSON.stringify({
          t: 'command',
          conferenceId,
          commandId: randomUUID(),
          command: { type: 'floor.request', siteId: sites[1]!, note: 'sau khi đăng xuất' },
        }),
      );
      expect(await closed, end).toBe(4401);
      const after = await readEvents(app.database.db, conferenceId, before);
      expect(
        after.filter((e) => e.type === 'floor.requested'),
        end,
      ).toEqual([]);
    }
  });

  it('applies a retried command once', async () => {
    const s = await screen(secretary);
    const commandId = randomUUID();
    const first = await s.command(
      conferenceId,
      { type: 'minutes.add', text: 'Kết luận phần thảo luận.' },
      commandId,
    );
    const again = await s.command(
      conferenceId,
      { type: 'minutes.add', text: 'Kết luận phần thảo luận.' },
      commandId,
    );
    expect(first).toMatchObject({ t: 'ack', duplicate: false });
    expect(again).toMatchObject({ t: 'ack', duplicate: true, seq: first.seq });
    const state = await loadState(app.database.db, conferenceId);
    expect(state.minutes.filter((m) => m.text === 'Kết luận phần thảo luận.')).toHaveLength(1);
    s.close();
  });

  it('limits live commands sent over HTTP per person, with a clear 429', async () => {
    const user = await app.createUser();
    await app.database.db
      .insert(conferenceMembers)
      .values({ conferenceId, userId: user.id, role: 'secretary' });
    const cookie = await app.signIn(user.email, user.password);
    const answers = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        sendJson(
          `${app.url}/api/v1/conferences/${conferenceId}/live/commands`,
          'POST',
          { commandId: randomUUID(), command: { type: 'minutes.add', text: `Dòng ${i}` } },
          { cookie },
        ).then(async (r) => ({ status: r.status, body: await r.json() })),
      ),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(0);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect(statuses.every((s) => s === 200 || s === 429)).toBe(true);
    const refused = answers.find((a) => a.status === 429)!;
    expect(refused.body.error.message).toMatch(/quá nhiều/);
    // Another person is not held back by it.
    const other = await post(`/conferences/${conferenceId}/live/commands`, {
      commandId: randomUUID(),
      command: { type: 'minutes.add', text: 'Thư ký khác' },
    });
    expect(other.duplicate).toBe(false);
  });

  it('scopes a command id to its sender, and answers a retry the same even when the first attempt changed nothing', async () => {
    const chairScreen = await screen(chair);
    const secretaryScreen = await screen(secretary);
    // A setting already as it asks: nothing changes, but it is applied.
    const before = await loadState(app.database.db, conferenceId);
    const same = { type: 'queue.allow_multiple', allow: before.multipleRequests } as const;
    const commandId = randomUUID();
    const first = await chairScreen.command(conferenceId, same, commandId);
    expect(first).toMatchObject({ t: 'ack', duplicate: false, seq: before.seq });
    // Meanwhile the state moves on: the retry must not run again with a new meaning.
    await chairScreen.command(conferenceId, {
      type: 'queue.allow_multiple',
      allow: !before.multipleRequests,
    });
    const retry = await chairScreen.command(conferenceId, same, commandId);
    expect(retry).toMatchObject({ t: 'ack', duplicate: true, seq: before.seq });
    expect((await loadState(app.database.db, conferenceId)).multipleRequests).toBe(
      !before.multipleRequests,
    );
    // Another account using the same id is a command of its own, judged on its own rights.
    const text = `Ghi chép ${commandId}`;
    const other = await secretaryScreen.command(
      conferenceId,
      { type: 'minutes.add', text },
      commandId,
    );
    expect(other).toMatchObject({ t: 'ack', duplicate: false });
    expect((await loadState(app.database.db, conferenceId)).minutes.map((m) => m.text)).toContain(
      text,
    );
    await chairScreen.command(conferenceId, {
      type: 'queue.allow_multiple',
      allow: before.multipleRequests,
    });
    chairScreen.close();
    secretaryScreen.close();
  });

  it('a screen that reconnects gets exactly the events it missed', async () => {
    const s = await screen();
    const seen = s.state!.seq;
    s.close();
    for (let i = 0; i < 5; i++)
      await post(`/conferences/${conferenceId}/live/commands`, {
        commandId: randomUUID(),
        command: { type: 'announcement.post', text: `Thông báo ${i}` },
      });
    const back = await LiveClient.connect(app.url);
    back.state = s.state;
    back.subscribe(conferenceId, { after: seen });
    await back.until((st) => st.seq === seen + 5);
    expect(back.applied).toEqual([seen + 1, seen + 2, seen + 3, seen + 4, seen + 5]);
    expect(back.state).toEqual(
      redactState(await loadState(app.database.db, conferenceId), PUBLIC_VIEW),
    );
    back.close();
  });

  it('a screen far behind gets a snapshot; snapshots are written as the log grows', async () => {
    const start = (await loadState(app.database.db, conferenceId)).seq;
    // Straight through the use case: more commands than a person may send over HTTP.
    const admin = await app.createUser({ roles: ['admin'] });
    const actor = {
      ...admin,
      name: 'Quản trị',
      language: 'vi' as const,
      roles: ['admin' as const],
    };
    for (let i = 0; i < SNAPSHOT_EVERY + 5; i++) {
      await executeLiveCommand({
        db: app.database.db,
        actor,
        conferenceId,
        commandId: randomUUID(),
        command: { type: 'announcement.post', text: `Tin ${i}` },
      });
    }
    const [snap] = await app.database.db
      .select()
      .from(conferenceSnapshots)
      .where(eq(conferenceSnapshots.conferenceId, conferenceId));
    expect(snap!.seq).toBeGreaterThan(start);
    const res = await (
      await fetch(`${app.url}/api/v1/conferences/${conferenceId}/live?after=0`)
    ).json();
    expect(res.events?.length ?? res.snapshot).toBeTruthy();
    const far = await (await fetch(`${app.url}/api/v1/conferences/${conferenceId}/live`)).json();
    expect(far.snapshot.seq).toBeGreaterThanOrEqual(start + SNAPSHOT_EVERY + 5);
  });

  it('shows a site online while its console is open, and offline when it closes', async () => {
    const board = await screen(chair);
    const site = sites[2]!;
    const console = await screen(operators[2], { siteId: site });
    await board.until((s) => s.sites[site]?.online === true);
    console.close();
    await board.until((s) => s.sites[site]?.online === false, 9000);
    board.close();
  });

  it('two instances on one database: a command on one reaches screens on the other, and a restart keeps the state', async () => {
    const second = app.database.url ? await openDatabase({ url: app.database.url }) : app.database; // PGlite: one process owns the directory; share its handle
    const other = await startInstance(
      {
        env: parseEnv({ LOG_LEVEL: 'silent' }),
        database: second,
        secret: TEST_SECRET,
        logger: createLogger('silent'),
        version: 'test',
      },
      { port: 0, host: '127.0.0.1' },
    );
    try {
      const watcher = await LiveClient.connect(other.url, chair);
      watcher.subscribe(conferenceId);
      await watcher.until(() => true);
      const onFirst = await screen(chair);
      await onFirst.command(conferenceId, {
        type: 'announcement.post',
        text: 'Từ máy chủ thứ nhất',
      });
      await watcher.until((s) => s.announcements.at(-1)?.text === 'Từ máy chủ thứ nhất');
      await watcher.command(conferenceId, {
        type: 'announcement.post',
        text: 'Từ máy chủ thứ hai',
      });
      await onFirst.until((s) => s.announcements.at(-1)?.text === 'Từ máy chủ thứ hai');
      // Presence events from earlier screens may still be arriving: compare at one seq.
      await expect
        .poll(() => watcher.state!.seq === onFirst.state!.seq && watcher.state!.seq, {
          timeout: 5000,
        })
        .toBeTruthy();
      expect(watcher.state).toEqual(onFirst.state);
      onFirst.close();
      watcher.close();

      // A restart rebuilds the same state from the snapshot and the log.
      const fresh = app.database.url ? await openDatabase({ url: app.database.url }) : null;
      const rebuilt = await loadState((fresh ?? app.database).db, conferenceId, {});
      const current = await loadState(app.database.db, conferenceId);
      expect(rebuilt).toEqual(current.seq === rebuilt.seq ? current : rebuilt);
      expect(rebuilt.announcements.at(-1)?.text).toBe('Từ máy chủ thứ hai');
      await fresh?.close();
    } finally {
      await other.kill();
      if (second !== app.database) await second.close();
    }
  });
});
