import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoConference, signInCookie, startCluster, type Cluster } from '../support/cluster.ts';
import { LiveScreen } from '../support/live-screen.ts';

// Two instances on one PostgreSQL database behind the shipped nginx (deploy/nginx.conf):
// screens anywhere see every event once and in order, the page cache follows a change on
// every instance, and an instance killed mid-turn loses no screen, event or command.
// The long version of the loss is bench/instance-loss.ts.

let cluster: Cluster;
let cookie: string;
let conference: { id: string; sites: { id: string; name: string }[] };
const screens: LiveScreen[] = [];

beforeAll(async () => {
  cluster = await startCluster({ instances: 2, nginx: true });
  cookie = await signInCookie(cluster.url, cluster.demo);
  conference = await demoConference(cluster.url, cookie);
});
afterAll(async () => {
  for (const s of screens) s.close();
  await cluster?.stop();
});

/** Opens `n` public screens through nginx, 20 at a time. */
async function openScreens(n: number, opts: ConstructorParameters<typeof LiveScreen>[2] = {}) {
  const opened: LiveScreen[] = [];
  for (let i = 0; i < n; i += 20) {
    const batch = Array.from(
      { length: Math.min(20, n - i) },
      () => new LiveScreen(cluster.url, conference.id, { record: true, ...opts }),
    );
    await Promise.all(batch.map((s) => s.start()));
    opened.push(...batch);
  }
  screens.push(...opened);
  return opened;
}

/** The events of the log, as `(seq, type, text)`, read from the database itself. */
async function eventLog() {
  const client = new pg.Client({ connectionString: cluster.databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ seq: number; type: string; text: string | null }>(
      `select seq, type, payload->>'text' as text from conference_events
        where conference_id = $1 order by seq`,
      [conference.id],
    );
    return rows;
  } finally {
    await client.end();
  }
}

/** Every screen applied each seq from its first to `last` exactly once, in order. */
function expectExact(list: LiveScreen[], last: number) {
  for (const s of list) {
    expect({ gaps: s.gaps, duplicates: s.duplicates, seq: s.seq }).toEqual({
      gaps: 0,
      duplicates: 0,
      seq: last,
    });
    const first = s.applied[0]!;
    expect(s.applied).toEqual(Array.from({ length: last - first + 1 }, (_, k) => first + k));
  }
}

describe('behind nginx', () => {
  it('spreads screens over both instances; each sees every event of a chair on another, once and in order', async () => {
    const chair = new LiveScreen(cluster.url, conference.id, { cookie, subscribe: false });
    await chair.start();
    screens.push(chair);
    const watchers = await openScreens(40, { track: true });
    const on = (i: number) => watchers.filter((s) => cluster.instanceOf(s.upstream) === i);
    // Round robin, not sticky: both instances have screens, among them some not the chair's.
    expect(on(0).length).toBeGreaterThan(5);
    expect(on(1).length).toBeGreaterThan(5);
    const start = watchers[0]!.seq!;

    const acks = [];
    acks.push(await chair.command({ type: 'session.start' }));
    acks.push(
      await chair.command({ type: 'floor.grant', siteId: conference.sites[1]!.id, minutes: 5 }),
    );
    for (let i = 0; i < 30; i++)
      acks.push(await chair.command({ type: 'announcement.post', text: `Thông báo số ${i}` }));
    expect(acks.every((a) => a.t === 'ack')).toBe(true);
    const last = Math.max(...acks.map((a) => Number(a.seq)));
    expect(last).toBeGreaterThanOrEqual(start + 32);

    await Promise.all(watchers.map((s) => s.until(() => s.seq === last)));
    expectExact(watchers, last);
    // The same state everywhere, built by the shared reducer from what each received.
    for (const s of watchers) expect(s.state).toEqual(watchers[0]!.state);
    expect(watchers[0]!.state!.announcements.at(-1)?.text).toBe('Thông báo số 29');
    for (const s of watchers) s.close();
  });

  it('keeps the page cache right on every instance: an unpublished article is gone from all as soon as the change reaches them', async () => {
    const api = (path: string, method = 'POST', body: unknown = {}) =>
      fetch(`${cluster.url}/api/v1${path}`, {
        method,
        headers: { 'content-type': 'application/json', cookie },
        body: JSON.stringify(body),
      });
    const created = await api('/articles', 'POST', {
      title: 'Tin thử bộ nhớ đệm qua nhiều máy chủ',
      bodyHtml: '<p>Nội dung thử.</p>',
    });
    expect(created.status).toBe(201);
    const article = (await created.json()) as { id: string; slug: string };
    const path = `/tin-tuc/${article.slug}`;
    const reader = { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0 Safari/537.36' };

    for (let round = 0; round < 3; round++) {
      expect((await api(`/articles/${article.id}/publish`)).status).toBe(200);
      // Read through nginx until each instance has served it from its cache.
      const hits = new Set<number>();
      for (let i = 0; i < 20 && hits.size < 2; i++) {
        const res = await fetch(`${cluster.url}${path}`, { headers: reader });
        expect(res.status).toBe(200);
        expect(await res.text()).toContain('Tin thử bộ nhớ đệm qua nhiều máy chủ');
        if (res.headers.get('x-page-cache') === 'hit')
          hits.add(cluster.instanceOf(res.headers.get('x-upstream')));
      }
      expect([...hits].sort()).toEqual([0, 1]);

      // Unpublished through one instance: every instance refuses it as soon as the
      // database's notification reaches it (milliseconds; the poll only bounds a busy
      // machine), the one that made the change included, and never serves it again.
      const through = cluster.instances[round % 2]!.url;
      const off = await fetch(`${through}/api/v1/articles/${article.id}/unpublish`, {
        method: 'POST',
        headers: { cookie },
      });
      expect(off.status).toBe(200);
      await expect
        .poll(
          async () =>
            (
              await Promise.all(
                cluster.instances.map((inst) => fetch(`${inst.url}${path}`, { headers: reader })),
              )
            ).map((r) => r.status),
          { timeout: 5000, interval: 20 },
        )
        .toEqual([404, 404]);
      for (let i = 0; i < 4; i++)
        expect((await fetch(`${cluster.url}${path}`, { headers: reader })).status).toBe(404);
    }
  });

  it('kill -9 of an instance mid-turn: its screens come back on the other, nothing missed, repeated or lost', async () => {
    // The chair is on the instance that dies: its commands in flight are sent again.
    let chair: LiveScreen | undefined;
    for (let i = 0; i < 10 && !chair; i++) {
      const c = new LiveScreen(cluster.url, conference.id, { cookie, subscribe: false });
      await c.start();
      screens.push(c);
      if (cluster.instanceOf(c.upstream) === 0) chair = c;
      else c.close();
    }
    if (!chair) throw new Error('nginx never sent the chair to instance 0');
    const watchers = await openScreens(100);
    const victims = watchers.filter((s) => cluster.instanceOf(s.upstream) === 0);
    const stayers = watchers.filter((s) => cluster.instanceOf(s.upstream) === 1);
    expect(victims.length).toBeGreaterThan(20);
    expect(stayers.length).toBeGreaterThan(20);

    // Mid-turn: a site has the floor while the chair keeps posting.
    const grant = await chair.command({
      type: 'floor.grant',
      siteId: conference.sites[2]!.id,
      minutes: 10,
    });
    expect(grant.t).toBe('ack');
    const confirmed: string[] = [];
    const refused: unknown[] = [];
    let n = 0;
    let sending = true;
    const sender = (async (chair: LiveScreen) => {
      const inFlight: Promise<void>[] = [];
      while (sending) {
        const text = `Trong lượt nói ${++n}`;
        inFlight.push(
          chair.command({ type: 'announcement.post', text }).then((m) => {
            if (m.t === 'ack') confirmed.push(text);
            else refused.push(m);
          }),
        );
        await new Promise((r) => setTimeout(r, 40));
      }
      await Promise.all(inFlight);
    })(chair);
    await expect.poll(() => confirmed.length, { timeout: 20_000 }).toBeGreaterThan(20);
    const confirmedBeforeKill = [...confirmed];
    await cluster.kill(0, 'SIGKILL');
    await expect
      .poll(() => confirmed.length, { timeout: 30_000 })
      .toBeGreaterThan(confirmedBeforeKill.length + 20);
    sending = false;
    await sender;
    expect(refused).toEqual([]);
    expect(cluster.instanceOf(chair.upstream)).toBe(1);

    // Every screen of the dead instance reconnected, to the living one, and every screen
    // has every event once, in order.
    const log = await eventLog();
    const last = log.at(-1)!.seq;
    await Promise.all(watchers.map((s) => s.until(() => s.seq === last, 30_000)));
    for (const s of victims) {
      expect(s.lostAt).not.toBeNull();
      expect(cluster.instanceOf(s.upstream)).toBe(1);
    }
    for (const s of stayers) expect(s.lostAt).toBeNull();
    expectExact(watchers, last);

    // No confirmed command is lost, none is applied twice (resent ones included).
    const posted = log.filter((e) => e.type === 'announcement.posted').map((e) => e.text);
    for (const text of confirmed) expect(posted.filter((p) => p === text)).toHaveLength(1);
    expect(new Set(posted).size).toBe(posted.length);
    // The turn goes on.
    const turns = log.filter((e) => e.type === 'floor.granted' || e.type === 'floor.ended');
    expect(turns.at(-1)?.type).toBe('floor.granted');

    // Back on its port, the instance takes new screens again through nginx.
    await cluster.restart(0);
    await expect
      .poll(
        async () => {
          const res = await fetch(`${cluster.url}/healthz`);
          return cluster.instanceOf(res.headers.get('x-upstream'));
        },
        { timeout: 20_000, interval: 250 },
      )
      .toBe(0);
    const fresh = new LiveScreen(cluster.instances[0]!.url, conference.id);
    screens.push(fresh);
    await fresh.start();
    expect(fresh.seq).toBe(last);
  });
});
