import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createViewBeacon, createViewCounter, liveViewCounts } from '../../domain/news/views.ts';
import { sendJson, startTestApp, type TestApp } from '../support/test-app.ts';

// What the view beacon reads of articles: many at once in one query, a live answer trusted
// for a while and then read again while it still serves, everything forgotten on a change.
let app: TestApp;
let editor: string;
const ids: string[] = [];

beforeAll(async () => {
  app = await startTestApp();
  const u = await app.createUser({ roles: ['editor'] });
  editor = await app.signIn(u.email, u.password);
  for (let i = 0; i < 3; i++) {
    const { id } = (await (
      await sendJson(
        `${app.url}/api/v1/articles`,
        'POST',
        { title: `Bài đếm lượt xem số ${i + 1}`, bodyHtml: '<p>Nội dung.</p>' },
        { cookie: editor },
      )
    ).json()) as { id: string };
    const published = await sendJson(
      `${app.url}/api/v1/articles/${id}/publish`,
      'POST',
      {},
      { cookie: editor },
    );
    expect(published.status).toBe(200);
    ids.push(id);
  }
});
afterAll(async () => {
  await app?.close();
});

function beaconWithReads(trustMs?: number) {
  const reads: string[][] = [];
  const counter = createViewCounter(app.database.db);
  const beacon = createViewBeacon({
    counter,
    trustMs,
    readMany: async (articleIds) => {
      reads.push([...articleIds]);
      return liveViewCounts(app.database.db, articleIds);
    },
  });
  return { beacon, reads, counter };
}

describe('the view beacon', () => {
  it('reads the articles reported at the same moment in one query', async () => {
    const { beacon, reads } = beaconWithReads();
    const unknown = randomUUID();
    const counts = await Promise.all([
      ...ids.map((id) => beacon.view(id, true)),
      beacon.view(ids[0]!, true),
      beacon.view(unknown, true),
    ]);
    expect(reads).toHaveLength(1);
    expect(reads[0]!.sort()).toEqual([...ids, unknown].sort());
    expect(counts.slice(0, 3)).toEqual([1, 1, 1]);
    expect(counts[3]).toBe(2);
    expect(counts[4]).toBeNull();
    // Known now: no query for the next views.
    expect(await beacon.view(ids[1]!.toUpperCase(), true)).toBe(2);
    expect(reads).toHaveLength(1);
  });

  it('answers from what it knows while it reads a stale article again, and forgets on a change', async () => {
    const { beacon, reads, counter } = beaconWithReads(300);
    expect(await beacon.view(ids[2]!, true)).toBe(1);
    await counter.flush();
    await new Promise((r) => setTimeout(r, 350));
    // Stale: answered at once from what it knew, the article read again behind it.
    expect(await beacon.view(ids[2]!, true)).toBe(2);
    await expect.poll(() => reads.length, { interval: 5 }).toBe(2);
    // The new answer (1 stored, 1 unwritten) and the views counted since.
    expect(await beacon.view(ids[2]!, true)).toBe(3);
    const before = reads.length;

    const off = await sendJson(
      `${app.url}/api/v1/articles/${ids[2]}/unpublish`,
      'POST',
      {},
      { cookie: editor },
    );
    expect(off.status).toBe(200);
    beacon.forget();
    expect(await beacon.view(ids[2]!, true)).toBeNull();
    expect(reads.length).toBe(before + 1);
    await counter.stop();
  });

  it('asks one question at a time: articles reported meanwhile go together in the next', async () => {
    const reads: string[][] = [];
    const counter = createViewCounter(app.database.db);
    const beacon = createViewBeacon({
      counter,
      readMany: async (articleIds) => {
        reads.push([...articleIds]);
        await new Promise((r) => setTimeout(r, 60));
        return liveViewCounts(app.database.db, articleIds);
      },
    });
    const tick = () => new Promise((r) => setTimeout(r, 5));
    const first = beacon.view(ids[0]!, false);
    await tick();
    const second = beacon.view(ids[1]!, false);
    await tick();
    // An id no live article has (ids[2] was unpublished above) is asked about all the same.
    const unknown = randomUUID();
    const third = beacon.view(unknown, false);
    expect(await Promise.all([first, second, third])).toEqual([
      expect.any(Number),
      expect.any(Number),
      null,
    ]);
    expect(reads).toEqual([[ids[0]], [ids[1], unknown]]);
    await counter.stop();
  });

  it('reads stale articles again together, though they were reported at different moments', async () => {
    const { beacon, reads, counter } = beaconWithReads(1000);
    const live = ids.slice(0, 2); // ids[2] was unpublished above
    await Promise.all(live.map((id) => beacon.view(id, false)));
    expect(reads).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 1050));
    for (const id of live) {
      expect(await beacon.view(id, false)).not.toBeNull();
      await new Promise((r) => setTimeout(r, 10));
    }
    await expect.poll(() => reads.length, { interval: 5 }).toBe(2);
    expect([...reads[1]!].sort()).toEqual([...live].sort());
    await counter.stop();
  });

  it('never shows a smaller count than it showed before, with two instances counting', async () => {
    const a = beaconWithReads(30);
    const b = beaconWithReads(30);
    const seen = { a: [] as number[], b: [] as number[] };
    for (let i = 0; i < 12; i++) {
      seen.a.push((await a.beacon.view(ids[0]!, true))!);
      seen.b.push((await b.beacon.view(ids[0]!, true))!);
      if (i % 3 === 0) await Promise.all([a.counter.flush(), b.counter.flush()]);
      await new Promise((r) => setTimeout(r, 15));
    }
    for (const list of [seen.a, seen.b])
      for (let i = 1; i < list.length; i++) expect(list[i]!).toBeGreaterThan(list[i - 1]!);
    await Promise.all([a.counter.stop(), b.counter.stop()]);
  });
});
