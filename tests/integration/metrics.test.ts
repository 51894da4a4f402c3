import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveClient } from '../support/live-client.ts';
import { has, parsePrometheusText, sumOf, type Sample } from '../support/prometheus-text.ts';
import { loadServerBuild } from '../support/server-build.ts';
import { sendJson, startTestApp, type TestApp } from '../support/test-app.ts';

const TOKEN = randomBytes(32).toString('hex');
let app: TestApp;
let plain: TestApp;
let withJanus: TestApp;
let chair: string;
let outsider: string;
let conferenceId: string;

const scrape = async (url = app.url) => {
  const res = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheusText(await res.text());
};
const post = (path: string, body: unknown, cookie = chair) =>
  sendJson(`${app.url}/api/v1${path}`, 'POST', body, { cookie });

beforeAll(async () => {
  const build = await loadServerBuild();
  [app, plain, withJanus] = await Promise.all([
    startTestApp({ build, env: { METRICS_TOKEN: TOKEN } }),
    startTestApp({ build }),
    // A media server configured but not answering (nothing listens on port 9).
    startTestApp({
      env: { METRICS_TOKEN: TOKEN },
      janus: { url: 'ws://127.0.0.1:9', roomAdminKey: 'room-admin-key-0123' },
    }),
  ]);
  const admin = await app.createUser({ roles: ['admin'] });
  chair = await app.signIn(admin.email, admin.password);
  const other = await app.createUser();
  outsider = await app.signIn(other.email, other.password);
  const conf = await (
    await post('/conferences', {
      title: 'Hội nghị đo đếm',
      theme: 'Thử',
      organiser: 'Ban Tổ chức',
      startsAt: '2026-12-18T01:00:00Z',
      endsAt: '2026-12-18T04:00:00Z',
      themes: ['Chuyển đổi số'],
    })
  ).json();
  conferenceId = conf.id;
  await post(`/conferences/${conferenceId}/status`, { status: 'scheduled' });
});
afterAll(async () => {
  await Promise.all([app?.close(), plain?.close(), withJanus?.close()]);
});

describe('/metrics', () => {
  it('does not exist without METRICS_TOKEN, and is refused without the right bearer token', async () => {
    expect((await fetch(`${plain.url}/metrics`)).status).toBe(404);
    const noAuth = await fetch(`${app.url}/metrics`);
    expect(noAuth.status).toBe(401);
    expect(noAuth.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await noAuth.json()).error.code).toBe('unauthenticated');
    for (const authorization of [
      `Bearer ${TOKEN.slice(0, -1)}x`,
      `Bearer ${TOKEN}x`,
      `Basic ${TOKEN}`,
      TOKEN,
      'Bearer ',
    ]) {
      const res = await fetch(`${app.url}/metrics`, { headers: { authorization } });
      expect(res.status, authorization).toBe(401);
    }
    // Nothing of it is cached or served by the page cache's fast path.
    const ok = await fetch(`${app.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('cache-control')).toBe('no-store');
    expect(ok.headers.get('x-page-cache')).toBeNull();
    expect((await fetch(`${app.url}/metrics`)).status).toBe(401);
  });

  it('has the process series and the instance’s, and counts requests per route pattern', async () => {
    const before = await scrape();
    for (const name of [
      'process_cpu_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_p99_seconds',
      'nodejs_heap_size_used_bytes',
      'doithoai_heap_limit_bytes',
      'doithoai_instance_info',
      'doithoai_db_pool_connections',
      'doithoai_db_pool_waiting',
      'doithoai_db_listeners',
      'doithoai_ready',
      'doithoai_email_outbox_backlog',
      'doithoai_email_outbox_failed',
      'doithoai_janus_configured',
      'doithoai_ws_connections',
    ])
      expect(has(before, name), name).toBe(true);
    expect(sumOf(before, 'doithoai_ready')).toBe(1);
    expect(sumOf(before, 'doithoai_db_listeners', { state: 'connected' })).toBeGreaterThan(0);
    // Video off: no Janus to be up or down.
    expect(sumOf(before, 'doithoai_janus_configured')).toBe(0);
    expect(has(before, 'doithoai_janus_up')).toBe(false);
    const media = await scrape(withJanus.url);
    expect(sumOf(media, 'doithoai_janus_configured')).toBe(1);
    expect(has(media, 'doithoai_janus_up', { janus: '127.0.0.1:9' })).toBe(true);
    expect(sumOf(media, 'doithoai_janus_up')).toBe(0);

    const count = (s: typeof before, labels: Record<string, string>) =>
      sumOf(s, 'doithoai_http_request_duration_seconds_count', labels);
    for (let i = 0; i < 3; i++) await fetch(`${app.url}/healthz`);
    await fetch(`${app.url}/api/v1/conferences/${randomUUID()}`, { headers: { cookie: chair } });
    // Anonymous readers of the home page: rendered once, then from the page cache.
    for (let i = 0; i < 3; i++) expect((await fetch(`${app.url}/`)).status).toBe(200);
    const after = await scrape();
    expect(
      count(after, { route: '/healthz', status_class: '2xx' }) -
        count(before, { route: '/healthz', status_class: '2xx' }),
    ).toBe(3);
    expect(
      count(after, { route: '/api/v1/conferences/:conferenceId', status_class: '4xx' }),
    ).toBeGreaterThanOrEqual(1);
    expect(count(after, { route: '/', method: 'GET' }) - count(before, { route: '/' })).toBe(3);
    const hits = (s: typeof before) =>
      sumOf(s, 'doithoai_page_cache_requests_total', { result: 'hit' });
    expect(hits(after) - hits(before)).toBeGreaterThanOrEqual(1);
    expect(sumOf(after, 'doithoai_page_cache_entries')).toBeGreaterThanOrEqual(1);
  });

  it('keeps the route label bounded whatever addresses are asked for', async () => {
    const paths = Array.from({ length: 200 }, (_, i) => {
      const r = randomBytes(6).toString('hex');
      return [
        `/${r}`,
        `/api/v1/${r}`,
        `/tin-tuc/${r}/${r}`,
        `/assets/${r}.js`,
        `/api/v1/conferences/${r}`,
        `/hoi-nghi/${r}?q=${r}`,
        `/anh/${r}/${r}`,
        `/quan-ly/hoi-nghi/${r}/x/${r}`,
      ][i % 8]!;
    });
    for (let i = 0; i < paths.length; i += 20)
      await Promise.all(
        paths
          .slice(i, i + 20)
          .map((p, j) =>
            fetch(`${app.url}${p}`, { method: j % 5 === 0 ? 'PROPFIND' : 'GET' }).then((r) =>
              r.arrayBuffer(),
            ),
          ),
      );
    const samples = (await scrape()).filter(
      (s) => s.name === 'doithoai_http_request_duration_seconds_count',
    );
    const routes = new Set(samples.map((s) => s.labels.route));
    const methods = new Set(samples.map((s) => s.labels.method));
    // Each label comes from the code's patterns, never from the address asked for.
    for (const route of routes) expect(route).toMatch(/^(unmatched|static|\/[\w\-/:.*]*)$/);
    for (const p of paths) {
      const segment = p.split('/').at(-1)!.split('?')[0]!;
      expect([...routes].some((r) => r!.includes(segment))).toBe(false);
    }
    expect(routes.size).toBeLessThan(20);
    expect(methods).toContain('other');
    expect(samples.length).toBeLessThan(80);
  });

  it('counts screens per conference, commands accepted and refused, and the events’ lag', async () => {
    const screen = await LiveClient.connect(app.url, chair);
    screen.subscribe(conferenceId);
    await screen.until(() => true);
    const display = await LiveClient.connect(app.url);
    display.subscribe(conferenceId);
    await display.until(() => true);
    const during = await scrape();
    expect(sumOf(during, 'doithoai_live_screens', { conference: conferenceId })).toBe(2);
    expect(sumOf(during, 'doithoai_ws_connections', { endpoint: 'live' })).toBe(2);

    expect((await screen.command(conferenceId, { type: 'session.open_check' })).t).toBe('ack');
    // Refused: not the chair (over the API, the same counters).
    const refused = await post(
      `/conferences/${conferenceId}/live/commands`,
      { commandId: randomUUID(), command: { type: 'session.start' } },
      outsider,
    );
    expect(refused.status).toBeGreaterThanOrEqual(400);
    await display.until((s) => s.seq >= 1);
    const after = await scrape();
    expect(
      sumOf(after, 'doithoai_live_commands_accepted_total', { command: 'session.open_check' }),
    ).toBe(1);
    const code = ((await refused.json()) as { error: { code: string } }).error.code;
    expect(
      sumOf(after, 'doithoai_live_commands_refused_total', { command: 'session.start', code }),
    ).toBe(1);
    expect(sumOf(after, 'doithoai_live_event_lag_seconds_count')).toBeGreaterThanOrEqual(1);
    expect(sumOf(after, 'doithoai_live_events_fanned_out_total')).toBeGreaterThanOrEqual(1);

    screen.close();
    display.close();
    await expect
      .poll(async () => has(await scrape(), 'doithoai_live_screens', { conference: conferenceId }))
      .toBe(false);
  });

  it('shows queries waiting for the database when more run than it has connections', async () => {
    const waited = (s: Sample[]) => sumOf(s, 'doithoai_db_pool_wait_seconds_total');
    const before = waited(await scrape());
    // 30 at once: the embedded database runs one at a time, the pg pool 10 at a time.
    const running = Promise.all(
      Array.from({ length: 30 }, () => app.database.db.execute(sql`select pg_sleep(0.2)`)),
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    const during = await scrape();
    await running;
    // Seen while they wait: PGlite's thread runs one, the pg pool 10.
    expect(sumOf(during, 'doithoai_db_pool_waiting')).toBeGreaterThanOrEqual(10);
    expect(sumOf(during, 'doithoai_db_pool_connections', { state: 'idle' })).toBe(0);
    const after = await scrape();
    // The 30 are gone; the scrape's own statements (readiness, outbox) may wait on PGlite's one.
    expect(sumOf(after, 'doithoai_db_pool_waiting')).toBeLessThanOrEqual(2);
    // 20 (pg) or 29 (PGlite) queries waited at least 0.2 s each.
    expect(waited(after) - before).toBeGreaterThan(3);
  });
});
