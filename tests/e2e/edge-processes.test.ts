import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { connect, createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoConference, signInCookie } from '../support/cluster.ts';
import { LiveScreen } from '../support/live-screen.ts';
import { parsePrometheusText, sumOf, type Sample } from '../support/prometheus-text.ts';
import { spawnServer, startServer, type ServerProcess } from '../support/server-process.ts';

/**
 * The embedded database with WEB_CONCURRENCY=2 (server/edge.ts): the process holding
 * PGlite listens on a private socket, two edge processes share the public port. Every
 * request here is sent on a connection of its own, so the cluster hands them to both edges.
 */
const TOKEN = randomBytes(32).toString('hex');
const READER = {
  'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/156.0 Safari/537.36',
  connection: 'close',
};
let server: ServerProcess;
let cookie: string;
let admin: { email: string; password: string };

beforeAll(async () => {
  server = await startServer({
    args: ['--demo'],
    env: { WEB_CONCURRENCY: '2', METRICS_TOKEN: TOKEN, VIEW_FLUSH_MS: '200' },
  });
  admin = server.demo!;
  cookie = await signInCookie(server.url, admin);
});
afterAll(async () => {
  await server?.stop();
});

async function scrape(): Promise<Sample[]> {
  const res = await fetch(`${server.url}/metrics`, {
    headers: { authorization: `Bearer ${TOKEN}`, connection: 'close' },
  });
  expect(res.status).toBe(200);
  return parsePrometheusText(await res.text());
}

const api = (path: string, method = 'GET', body?: unknown) =>
  fetch(`${server.url}/api/v1${path}`, {
    method,
    headers: { 'content-type': 'application/json', cookie, connection: 'close' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

async function firstArticle() {
  const list = (await (await api('/news?page=1')).json()) as {
    items: { id: string; slug: string; viewCount: number }[];
  };
  return list.items[0]!;
}

describe('edge processes in front of the embedded database', () => {
  it('keeps pages on both edges, rendered once by the owner, and drops them on a change at once', async () => {
    const article = await firstArticle();
    const path = `/tin-tuc/${article.slug}`;
    for (let i = 0; i < 12; i++) {
      const res = await fetch(`${server.url}${path}`, { headers: READER });
      expect(res.status).toBe(200);
      expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      await res.arrayBuffer();
    }
    const samples = await scrape();
    const hits = (worker: string) =>
      sumOf(samples, 'doithoai_page_cache_requests_total', { result: 'hit', worker });
    // Both edges answered the page from what they keep; the owner rendered it once
    // (and answered the second edge's first request from its own cache).
    expect(hits('edge-1')).toBeGreaterThan(0);
    expect(hits('edge-2')).toBeGreaterThan(0);
    expect(hits('edge-1') + hits('edge-2')).toBeGreaterThanOrEqual(10);

    for (let round = 0; round < 2; round++) {
      expect((await api(`/articles/${article.id}/unpublish`, 'POST')).status).toBe(200);
      // Gone from both edges as soon as the owner's change reaches them.
      await expect
        .poll(
          async () =>
            (
              await Promise.all(
                [0, 1, 2, 3].map(() => fetch(`${server.url}${path}`, { headers: READER })),
              )
            ).map((r) => r.status),
          { timeout: 5000, interval: 20 },
        )
        .toEqual([404, 404, 404, 404]);
      for (let i = 0; i < 6; i++)
        expect((await fetch(`${server.url}${path}`, { headers: READER })).status).toBe(404);
      expect((await api(`/articles/${article.id}/publish`, 'POST')).status).toBe(200);
      await expect
        .poll(async () => (await fetch(`${server.url}${path}`, { headers: READER })).status, {
          timeout: 5000,
          interval: 20,
        })
        .toBe(200);
    }
  });

  it('shows a reader one more view each time, whichever edge takes the beacon', async () => {
    const article = await firstArticle();
    const page = () => fetch(`${server.url}/tin-tuc/${article.slug}`, { headers: READER });
    // Kept on both edges with the count of its render.
    for (let i = 0; i < 4; i++) await (await page()).text();
    const counts: number[] = [];
    // One connection each: the cluster hands them to the edges in turn.
    for (let i = 0; i < 30; i++) {
      const res = await fetch(`${server.url}/v/${article.id}`, {
        method: 'POST',
        headers: { ...READER, origin: server.url, 'content-length': '0' },
      });
      expect(res.status).toBe(200);
      counts.push(((await res.json()) as { viewCount: number }).viewCount);
    }
    expect(counts).toEqual(counts.map((_, i) => article.viewCount + i + 1));
    // The kept page, from either edge, shows the count its edge last answered, not the
    // count of its render.
    for (let i = 0; i < 4; i++) {
      const res = await page();
      expect(res.headers.get('x-page-cache')).toBe('hit');
      const shown = Number(
        new RegExp(`data-views="${article.id}">(\\d+)<`).exec(await res.text())?.[1],
      );
      expect(shown).toBeGreaterThanOrEqual(article.viewCount + 29);
    }
    await expect
      .poll(async () => (await firstArticle()).viewCount, { timeout: 10_000, interval: 100 })
      .toBe(article.viewCount + 30);
    // A beacon for no live article is a 404 through the edges too.
    const missing = await fetch(`${server.url}/v/00000000-0000-4000-8000-000000000000`, {
      method: 'POST',
      headers: { ...READER, origin: server.url, 'content-length': '0' },
    });
    expect(missing.status).toBe(404);
  });

  it('counts every view reported to either edge, none lost across a restart', async () => {
    const article = await firstArticle();
    const before = article.viewCount;
    const beacon = () =>
      fetch(`${server.url}/v/${article.id}`, {
        method: 'POST',
        headers: { ...READER, origin: server.url, 'content-length': '0' },
      });
    const answers = await Promise.all(Array.from({ length: 40 }, beacon));
    const shown: number[] = [];
    for (const res of answers) {
      expect(res.status).toBe(200);
      shown.push(((await res.json()) as { viewCount: number }).viewCount);
    }
    // One count for the site: the 40 readers were shown the 40 counts after `before`.
    expect(shown.sort((a, b) => a - b)).toEqual(
      Array.from({ length: 40 }, (_, i) => before + i + 1),
    );
    // Another site cannot add views (the owner answers its POST with 403).
    const foreign = await fetch(`${server.url}/v/${article.id}`, {
      method: 'POST',
      headers: { ...READER, origin: 'https://example.org', 'content-length': '0' },
    });
    expect(foreign.status).toBe(403);
    await expect
      .poll(async () => (await firstArticle()).viewCount, { timeout: 10_000, interval: 100 })
      .toBe(before + 40);

    // Views answered just before a stop reach the database through the owner.
    const late = await Promise.all(Array.from({ length: 20 }, beacon));
    expect(late.every((r) => r.status === 200)).toBe(true);
    expect(await server.stop()).toEqual({ code: 0, signal: null });
    server = await startServer({
      dataDir: server.dataDir,
      env: { WEB_CONCURRENCY: '2', METRICS_TOKEN: TOKEN, VIEW_FLUSH_MS: '200' },
    });
    cookie = await signInCookie(server.url, admin);
    expect((await firstArticle()).viewCount).toBe(before + 60);
  });

  it('passes sign-in, the client address, live WebSockets and refusals through to the owner', async () => {
    // Signed in through an edge (its Set-Cookie came back); pages of the signed-in are not kept.
    const me = await api('/auth/me');
    expect(me.status).toBe(200);
    // The owner logs the client's address as the edge saw it.
    await expect
      .poll(() => server.output(), { timeout: 5000 })
      .toMatch(/"url":"\/api\/v1\/auth\/me","ip":"127\.0\.0\.1"/);
    // A bad JSON body: the owner's 400, through the edge.
    const bad = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', connection: 'close' },
      body: '{"email":',
    });
    expect(bad.status).toBe(400);
    // A client that goes away mid-request (half a body sent): the edge ends the request to
    // the owner without calling it a fault of the owner's.
    const url = new URL(server.url);
    for (let i = 0; i < 4; i++)
      await new Promise<void>((resolve) => {
        const socket = connect(Number(url.port), url.hostname, () => {
          socket.write(
            'POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\n' +
              'content-length: 1000\r\n\r\n{"email":',
          );
          setTimeout(() => socket.destroy(), 100);
        });
        socket.on('close', () => resolve());
      });
    await new Promise((r) => setTimeout(r, 300));
    expect(server.output()).not.toContain('the owner did not answer');

    const conference = await demoConference(server.url, cookie);
    const chair = new LiveScreen(server.url, conference.id, { cookie, subscribe: false });
    const watchers = Array.from({ length: 6 }, () => new LiveScreen(server.url, conference.id));
    await chair.start();
    await Promise.all(watchers.map((w) => w.start()));
    const ack = await chair.command({
      type: 'announcement.post',
      text: 'Thông báo qua tiến trình biên',
    });
    expect(ack.t).toBe('ack');
    await Promise.all(watchers.map((w) => w.until(() => w.seq === Number(ack.seq))));
    for (const w of watchers)
      expect({ gaps: w.gaps, duplicates: w.duplicates }).toEqual({ gaps: 0, duplicates: 0 });
    for (const s of [chair, ...watchers]) s.close();
  });

  it('starts an edge again when one dies, and the site keeps answering', async () => {
    const edges = new Set(
      (await scrape())
        .filter((s) => s.name === 'doithoai_instance_info' && s.labels.worker?.startsWith('edge-'))
        .map((s) => s.labels.worker),
    );
    expect(edges.size).toBe(2);
    // The edges are the owner's child processes.
    const children = execFileSync('pgrep', ['-P', String(server.child.pid)], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .map(Number);
    expect(children.length).toBeGreaterThanOrEqual(2);
    process.kill(children[0]!, 'SIGKILL');
    await expect
      .poll(
        async () =>
          sumOf(await scrape(), 'doithoai_cluster_worker_restarts_total', { worker: 'owner' }),
        { timeout: 15_000, interval: 200 },
      )
      .toBe(1);
    for (let i = 0; i < 6; i++)
      expect((await fetch(`${server.url}/`, { headers: READER })).status).toBe(200);
  });

  it('stops with exit code 1 when edges keep dying as they start, leaving nothing behind', async () => {
    const before = readdirSync(tmpdir()).filter((f) => f.startsWith('doithoai-')).length;
    const owner = await startServer({ env: { WEB_CONCURRENCY: '2' } });
    const killed = new Set<number>();
    let exited: { code: number | null } | null = null;
    void owner.exited.then((e) => (exited = e));
    const deadline = Date.now() + 60_000;
    // Every edge is killed as soon as it appears: each dies early, the waits grow, and
    // after five such deaths in a row the owner gives up.
    while (!exited && Date.now() < deadline) {
      let pids: number[] = [];
      try {
        pids = execFileSync('pgrep', ['-P', String(owner.child.pid)], { encoding: 'utf8' })
          .trim()
          .split('\n')
          .map(Number);
      } catch {
        // none at the moment
      }
      for (const pid of pids.filter((p) => p && !killed.has(p))) {
        killed.add(pid);
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(exited).toEqual({ code: 1, signal: null });
    expect(owner.output()).toContain('edge processes keep dying as they start');
    expect(owner.output()).toMatch(/"restartInMs":4000/);
    // Its data directory is the one new 'doithoai-' entry: the socket directory is gone.
    expect(readdirSync(tmpdir()).filter((f) => f.startsWith('doithoai-')).length).toBe(before + 1);
  });

  it('refuses a port in use in one line, leaving nothing behind', async () => {
    const taken = createNetServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', () => resolve()));
    const port = (taken.address() as AddressInfo).port;
    const before = readdirSync(tmpdir()).filter((f) => f.startsWith('doithoai-')).length;
    try {
      const refused = spawnServer({ env: { WEB_CONCURRENCY: '2', PORT: String(port) } });
      expect(await refused.exited).toEqual({ code: 1, signal: null });
      expect(refused.output()).toContain(`Cannot listen on 127.0.0.1:${port}: listen EADDRINUSE`);
      expect(refused.output()).not.toContain('edge process died');
    } finally {
      taken.close();
    }
    // The refused start's data directory is the one new 'doithoai-' entry; no socket directory.
    expect(readdirSync(tmpdir()).filter((f) => f.startsWith('doithoai-')).length).toBe(before + 1);
  });
});
