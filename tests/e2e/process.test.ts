import { execFile } from 'node:child_process';
import { connect } from 'node:net';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import {
  freshDataDir,
  serverDatabaseUrl,
  spawnServer,
  startServer,
  type ServerProcess,
} from '../support/server-process.ts';
import { dropServerDatabase } from '../support/test-database.ts';
import { LiveClient } from '../support/live-client.ts';
import { openTurns } from '../../domain/live/reducer.ts';

const running: ServerProcess[] = [];
const databases: string[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop('SIGKILL')));
  await Promise.all(databases.splice(0).map(dropServerDatabase));
});

async function start(opts: Parameters<typeof startServer>[0] = {}) {
  const server = await startServer(opts);
  running.push(server);
  return server;
}

async function signIn(server: ServerProcess, email: string, password: string) {
  const res = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  expect(res.status).toBe(200);
  return res.headers.getSetCookie()[0]!.split(';')[0]!;
}

describe('the server process', () => {
  it('stops on a bad variable with one line naming it, and exit code 1', async () => {
    const bad: Record<string, string>[] = [
      { PORT: 'abc' },
      { DATABASE_URL: 'mysql://x' },
      { LOG_LEVEL: 'loud' },
      { TRUST_PROXY: 'true' },
      // Reachable from other machines without its public address: refused, never bound.
      { HOST: '0.0.0.0' },
    ];
    for (const env of bad) {
      const proc = spawnServer({ env });
      const { code } = await proc.exited;
      expect(code).toBe(1);
      const lines = proc.output().trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(Object.keys(env)[0]);
      if (env.HOST) expect(lines[0]).toContain('PUBLIC_URL');
    }
  });

  it('starts healthy on a fresh DATA_DIR, prints the demo administrator once, and keeps data across restarts', async () => {
    const dataDir = freshDataDir();
    const started = Date.now();
    // As `npm start` runs it: no NODE_ENV (the test runner's is removed), so the server
    // chooses production itself before React loads (a bundle that did it too late
    // answered every page with a 500).
    const first = await start({ dataDir, env: { NODE_ENV: '' } });
    const health = await fetch(`${first.url}/healthz`);
    expect(health.status).toBe(200);
    expect((await fetch(`${first.url}/readyz`)).status).toBe(200);
    console.log(`healthy after ${Date.now() - started} ms`);
    expect(first.demo?.email).toBe('quantri@doithoai.example');
    expect((await fetch(`${first.url}/`)).status).toBe(200);
    expect(await (await fetch(`${first.url}/`)).text()).toContain('Chuyển đổi số từ cơ sở');
    // The demo conference's page lists the demo articles written about it.
    const conferencePage = await (
      await fetch(`${first.url}/hoi-nghi/hoi-nghi-doi-thoai-chuyen-doi-so-dia-phuong-2026`)
    ).text();
    expect(conferencePage).toContain('Sẵn sàng cho hội nghị đối thoại về chuyển đổi số từ cơ sở');
    expect((await first.stop()).code).toBe(0);

    const second = await start({ dataDir, env: { NODE_ENV: '' } });
    expect(second.demo).toBeUndefined();
    expect(second.output()).not.toContain('password:');
    const cookie = await signIn(second, first.demo!.email, first.demo!.password);
    const admin = await fetch(`${second.url}/quan-tri/nguoi-dung`, { headers: { cookie } });
    expect(admin.status).toBe(200);
    expect(admin.headers.get('cache-control')).toBe('private, no-store');
  });

  it('refuses a second server on the same DATA_DIR', async () => {
    const dataDir = freshDataDir();
    const first = await start({ dataDir });
    const second = spawnServer({ dataDir });
    const { code } = await second.exited;
    expect(code).toBe(1);
    expect(second.output()).toMatch(/DATA_DIR .* is in use by another server \(pid \d+\)/);
    expect((await fetch(`${first.url}/readyz`)).status).toBe(200);
  });

  it('on SIGTERM finishes in-flight requests, closes WebSockets with 1012, and exits 0', async () => {
    const server = await start();
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/ws`);
    const hello = await new Promise<{ t: string }>((resolve) =>
      ws.once('message', (m) => resolve(JSON.parse(String(m)))),
    );
    expect(hello.t).toBe('hello');
    const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));

    // A request whose body is still arriving when the signal comes.
    const { port } = new URL(server.url);
    const body = JSON.stringify({ email: 'ai-do@doithoai.example', password: 'khong-dung-dau' });
    const socket = connect(Number(port), '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    let response = '';
    socket.on('data', (c) => (response += c.toString()));
    const ended = new Promise((resolve) => socket.on('close', resolve));
    socket.write(
      `POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, 10)}`,
    );
    await new Promise((r) => setTimeout(r, 200));

    server.child.kill('SIGTERM');
    expect(await closed).toBe(1012);
    await new Promise((r) => setTimeout(r, 300));
    socket.write(body.slice(10));
    await ended;
    expect(response).toMatch(/^HTTP\/1\.1 401/);
    expect((await server.exited).code).toBe(0);
  });

  it('the admin CLI creates the first administrator; without --demo a server database stays empty', async () => {
    const databaseUrl = await serverDatabaseUrl();
    if (databaseUrl) databases.push(databaseUrl);
    const dataDir = freshDataDir();
    const env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: databaseUrl ?? '' };
    const cli = (...args: string[]) =>
      promisify(execFile)(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args], {
        cwd: new URL('../..', import.meta.url).pathname,
        env,
      });
    const created = await cli(
      'create-user',
      '--email',
      'Ban.ToChuc@doithoai.example',
      '--name',
      'Nguyễn Văn An',
      '--password',
      'mat-khau-ban-to-chuc',
      '--role',
      'admin',
    );
    expect(created.stdout).toContain('Created ban.tochuc@doithoai.example (admin).');
    await expect(cli('create-user', '--email', 'x', '--password', 'ngan')).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('Refused (validation)'),
    });

    const server = await start({ dataDir, databaseUrl });
    expect(server.demo).toBeUndefined();
    const cookie = await signIn(server, 'ban.tochuc@doithoai.example', 'mat-khau-ban-to-chuc');
    const list = await (await fetch(`${server.url}/api/v1/users`, { headers: { cookie } })).json();
    expect(list.total).toBe(1);
    expect(await (await fetch(`${server.url}/`)).text()).toContain('Chưa có hội nghị nào');
  });

  it('kill -9 in the middle of a turn: after the restart the turn runs on from the same start and screens resume', async () => {
    const databaseUrl = await serverDatabaseUrl();
    if (databaseUrl) databases.push(databaseUrl);
    const dataDir = freshDataDir();
    const first = await start({ dataDir, databaseUrl, args: ['--demo'] });
    const cookie = await signIn(first, first.demo!.email, first.demo!.password);
    const [conference] = (await (
      await fetch(`${first.url}/api/v1/conferences`, { headers: { cookie } })
    ).json()) as { id: string }[];
    const overview = await (
      await fetch(`${first.url}/api/v1/conferences/${conference!.id}`, { headers: { cookie } })
    ).json();
    const send = (url: string, command: unknown) =>
      fetch(`${url}/api/v1/conferences/${conference!.id}/live/commands`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie },
        body: JSON.stringify({ commandId: crypto.randomUUID(), command }),
      });
    await send(first.url, { type: 'session.start' });
    await send(first.url, { type: 'floor.grant', siteId: overview.sites[1].id, minutes: 3 });
    const screen = await LiveClient.connect(first.url);
    screen.subscribe(conference!.id);
    await screen.until((s) => openTurns(s).length === 1);
    const turn = openTurns(screen.state!)[0]!;

    first.child.kill('SIGKILL');
    await first.exited;
    await expect.poll(() => screen.closedWith).not.toBeNull();

    const second = await start({ dataDir, databaseUrl });
    const back = await LiveClient.connect(second.url);
    back.state = screen.state;
    back.subscribe(conference!.id, { after: screen.state!.seq });
    await send(second.url, { type: 'floor.extend', turnId: turn.id, minutes: 1 });
    await back.until((s) => openTurns(s)[0]?.extensionSeconds === 60);
    expect(openTurns(back.state!)[0]).toMatchObject({
      id: turn.id,
      startedAt: turn.startedAt,
      allowedSeconds: 180,
    });
    expect(back.applied).toEqual([screen.state!.seq + 1]);
    back.close();
  });

  for (const backend of ['embedded PGlite', 'PostgreSQL'] as const) {
    it(`kill -9 in the middle of writes loses no confirmed write (${backend})`, async (ctx) => {
      const databaseUrl = backend === 'PostgreSQL' ? await serverDatabaseUrl() : undefined;
      if (backend === 'PostgreSQL' && !databaseUrl) return ctx.skip();
      if (databaseUrl) databases.push(databaseUrl);
      const dataDir = freshDataDir();
      const server = await start({ dataDir, databaseUrl, args: ['--demo'] });
      const cookie = await signIn(server, server.demo!.email, server.demo!.password);

      const confirmed: string[] = [];
      let stop = false;
      let n = 0;
      const worker = async () => {
        while (!stop) {
          const email = `ghi-${++n}@doithoai.example`;
          try {
            const res = await fetch(`${server.url}/api/v1/users`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', cookie },
              body: JSON.stringify({ email, name: `Ghi ${n}`, password: 'mat-khau-dai-du-10' }),
            });
            if (res.status === 201) confirmed.push(email);
          } catch {
            return; // the server is gone
          }
        }
      };
      const workers = Array.from({ length: 6 }, worker);
      // Killed in the middle of the writes, once a good number are confirmed.
      await expect
        .poll(() => confirmed.length, { interval: 50, timeout: 30_000 })
        .toBeGreaterThan(20);
      server.child.kill('SIGKILL');
      await server.exited;
      stop = true;
      await Promise.all(workers);
      expect(confirmed.length).toBeGreaterThan(5);

      const again = await start({ dataDir, databaseUrl });
      const cookie2 = await signIn(again, server.demo!.email, server.demo!.password);
      const missing: string[] = [];
      for (const email of confirmed) {
        const res = await fetch(`${again.url}/api/v1/users?q=${encodeURIComponent(email)}`, {
          headers: { cookie: cookie2 },
        });
        const list = (await res.json()) as { users: { email: string }[] };
        if (!list.users.some((u) => u.email === email)) missing.push(email);
      }
      expect(missing).toEqual([]);
    });
  }
});
