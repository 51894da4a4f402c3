import { rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vi as viMessages } from '../../app/i18n/vi.ts';
import { LiveClient } from '../support/live-client.ts';
import { startPostgresInstance, type PostgresInstance } from '../support/postgres-instance.ts';
import { startServer, type ServerProcess } from '../support/server-process.ts';

/**
 * PostgreSQL restarted under a live session (issue 17): our own server (never the
 * machine's), stopped in `fast` then `immediate` mode while a chair and screens are on
 * their WebSockets. The app must stay up, say not ready, refuse commands promptly with
 * a clear message, tell the screens, and once the database is back send every screen
 * each event exactly once; nothing half-written.
 */
const SCREENS = 12;

let pgi: PostgresInstance;
let app: ServerProcess;
let cookie: string;
let conferenceId: string;
let chair: LiveClient;
const screens: { client: LiveClient; status: string[] }[] = [];

async function readyz() {
  const started = Date.now();
  const res = await fetch(`${app.url}/readyz`);
  return { status: res.status, ms: Date.now() - started };
}

async function waitFor(test: () => boolean | Promise<boolean>, ms: number, what: string) {
  const until = Date.now() + ms;
  while (!(await test())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Sends `count` announcements; every one must be acknowledged. */
async function announce(count: number, label: string) {
  for (let i = 0; i < count; i++) {
    const reply = await chair.command(conferenceId, {
      type: 'announcement.post',
      text: `${label} ${i}`,
    });
    expect(reply.t, JSON.stringify(reply)).toBe('ack');
  }
}

async function seqInDatabase(): Promise<{ count: number; max: number }> {
  const c = new pg.Client({ connectionString: pgi.database('doithoai') });
  await c.connect();
  try {
    const { rows } = await c.query<{ count: number; max: number }>(
      'select count(*)::int as count, coalesce(max(seq), 0)::int as max from conference_events where conference_id = $1',
      [conferenceId],
    );
    return rows[0]!;
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  pgi = await startPostgresInstance();
  const admin = new pg.Client({ connectionString: pgi.url });
  await admin.connect();
  await admin.query('create database doithoai');
  await admin.end();
  app = await startServer({ databaseUrl: pgi.database('doithoai'), args: ['--demo'] });
  const login = await fetch(`${app.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: app.url },
    body: JSON.stringify({ email: app.demo!.email, password: app.demo!.password }),
  });
  expect(login.status).toBe(200);
  cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
  const list = (await (
    await fetch(`${app.url}/api/v1/conferences`, { headers: { cookie } })
  ).json()) as { id: string }[];
  conferenceId = list[0]!.id;
  chair = await LiveClient.connect(app.url, cookie);
  chair.subscribe(conferenceId);
  for (let i = 0; i < SCREENS; i++) {
    const client = await LiveClient.connect(app.url);
    const status: string[] = [];
    client.socket.on('message', (data) => {
      const m = JSON.parse(String(data)) as { t: string; database?: string };
      if (m.t === 'status') status.push(m.database!);
    });
    client.subscribe(conferenceId);
    screens.push({ client, status });
  }
  await waitFor(() => screens.every((s) => s.client.state !== null), 20_000, 'snapshots');
});

afterAll(async () => {
  chair?.close();
  for (const s of screens) s.client.close();
  await app?.stop();
  if (app) rmSync(app.dataDir, { recursive: true, force: true });
  pgi?.destroy();
});

describe.each(['fast', 'immediate'] as const)('PostgreSQL stopped (%s) mid-session', (mode) => {
  it('the app waits and reconnects; commands fail promptly; screens catch up exactly', async () => {
    await announce(3, `before ${mode}`);
    const before = await seqInDatabase();
    await waitFor(
      () => screens.every((s) => s.client.state?.seq === before.max),
      20_000,
      'screens at the last seq',
    );
    expect((await readyz()).status).toBe(200);

    const statusSeen = screens.map((s) => s.status.length);
    // Commands in flight as the server stops: each is either done or refused, never half.
    const inFlight = Array.from({ length: 10 }, (_, i) => ({
      id: randomUUID(),
      command: { type: 'announcement.post' as const, text: `in flight ${mode} ${i}` },
    }));
    const firstReplies = Promise.all(
      inFlight.map((c) => chair.command(conferenceId, c.command, c.id)),
    );
    await new Promise((r) => setTimeout(r, 20));
    const stopping = pgi.stop(mode);
    const first = await Promise.race([
      firstReplies,
      app.exited.then((e) => {
        throw new Error(`the app ended (${JSON.stringify(e)}):\n${app.output().slice(-6000)}`);
      }),
    ]);
    await stopping;
    const stoppedAt = Date.now();
    const acked = first.filter((r) => r.t === 'ack').length;
    for (const r of first)
      if (r.t === 'error')
        expect((r as { error: { code: string } }).error.code).toBe('unavailable');

    // Every screen hears that the database is gone (shown as "reconnecting").
    await waitFor(
      () => screens.every((s, i) => s.status.slice(statusSeen[i]).includes('down')),
      15_000,
      'screens told the database is down',
    );
    const notReady = await readyz();
    expect(notReady.status).toBe(503);

    // The chair's command: refused with the translated message, not left hanging.
    const commandId = randomUUID();
    const sent = Date.now();
    const reply = await Promise.race([
      chair.command(conferenceId, { type: 'announcement.post', text: `during ${mode}` }, commandId),
      new Promise<never>((_, reject) =>
        setTimeout(
          () =>
            reject(
              new Error(`no answer to the command in 30 s: a hang\n${app.output().slice(-6000)}`),
            ),
          30_000,
        ),
      ),
    ]);
    const commandMs = Date.now() - sent;
    expect(reply.t).toBe('error');
    const error = (reply as { error: { code: string; message: string } }).error;
    expect(error.code).toBe('unavailable');
    expect(error.message).toBe(viMessages.faults.unavailable);

    // The API: 503 with a message and Retry-After, not a 500.
    const api = await fetch(`${app.url}/api/v1/conferences`, { headers: { cookie } });
    expect(api.status).toBe(503);
    expect(api.headers.get('retry-after')).toBe('5');
    expect(((await api.json()) as { error: { message: string } }).error.message).toBe(
      viMessages.faults.unavailable,
    );

    // A page no cache holds: 503 with the message in the reader's language, not a 500.
    const page = await fetch(`${app.url}/tin-tuc/khong-co-bai-nay-${mode}`);
    expect(page.status).toBe(503);
    expect(page.headers.get('retry-after')).toBe('5');
    expect(await page.text()).toContain(viMessages.faults.unavailable);

    // A screen that comes during the outage: its subscribe waits for the database.
    const late = await LiveClient.connect(app.url);
    late.subscribe(conferenceId);
    await waitFor(() => late.errors.length > 0, 15_000, "the late screen's refusal");
    expect(late.errors[0]!.error.code).toBe('unavailable');

    await new Promise((r) => setTimeout(r, 2000));
    expect(app.child.exitCode).toBeNull();
    await pgi.start();
    const startedAt = Date.now();
    await waitFor(async () => (await readyz()).status === 200, 30_000, '/readyz ready again');
    const readyMs = Date.now() - startedAt;
    await waitFor(
      () => screens.every((s, i) => s.status.slice(statusSeen[i]).includes('ok')),
      15_000,
      'screens told the database is back',
    );

    // Sent again with the same ids (as a console does): what was done is not done twice.
    for (const [i, c] of inFlight.entries()) {
      const r = await chair.command(conferenceId, c.command, c.id);
      expect(r.t).toBe('ack');
      if (first[i]!.t === 'ack') {
        expect(r.duplicate).toBe(true);
        expect(r.seq).toBe(first[i]!.seq);
      }
    }
    // The same command again, same id: applied once. Then more: every screen gets all.
    const again = await chair.command(
      conferenceId,
      { type: 'announcement.post', text: `during ${mode}` },
      commandId,
    );
    expect(again.t).toBe('ack');
    expect((again as { duplicate: boolean }).duplicate).toBe(false);
    await announce(3, `after ${mode}`);
    const after = await seqInDatabase();
    // Gap-free, and only what was acknowledged: nothing half-written.
    expect(after.count).toBe(after.max);
    expect(after.max).toBe(before.max + inFlight.length + 4);
    await waitFor(
      () => [...screens.map((s) => s.client), late].every((c) => c.state?.seq === after.max),
      20_000,
      'screens caught up',
    );
    for (const s of screens) {
      // LiveClient throws on any gap or repeat; each applied the same events once.
      expect(new Set(s.client.applied).size).toBe(s.client.applied.length);
      expect(s.client.state!.announcements.at(-1)!.text).toBe(`after ${mode} 2`);
    }
    expect(late.state).toEqual(screens[0]!.client.state);
    late.close();
    expect(app.child.exitCode).toBeNull();
    console.log(
      `[chaos] ${mode}: ${acked}/${inFlight.length} commands in flight done before the stop; outage ${((startedAt - stoppedAt) / 1000).toFixed(1)} s; /readyz 503 in ${notReady.ms} ms; command refused in ${commandMs} ms; ready ${readyMs} ms after the start`,
    );
  });
});
