import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from './client.ts';
import { rowsOf } from './database.ts';
import { isUniqueViolation } from './errors.ts';
import { readTemplate } from './pglite-template.ts';
import { PGliteThread } from './pglite-thread.ts';

describe('the embedded database in its own thread', () => {
  let handle: DatabaseHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  it('commits a transaction that returns, rolls back one that throws, and keeps its errors’ fields', async () => {
    handle = await openDatabase({});
    const db = handle.db;
    await db.execute(sql`create table t (id int primary key, name text not null)`);
    await db.transaction(async (tx) => {
      await tx.execute(sql`insert into t values (1, 'một')`);
      await tx.execute(sql`insert into t values (2, 'hai')`);
    });
    const failed = await db
      .transaction(async (tx) => {
        await tx.execute(sql`insert into t values (3, 'ba')`);
        await tx.execute(sql`insert into t values (1, 'trùng')`);
      })
      .catch((err: unknown) => err);
    // The code and constraint PostgreSQL sent cross the thread (db/errors.ts reads them).
    expect(isUniqueViolation(failed, 't_pkey')).toBe(true);
    // A nested transaction (a savepoint) rolled back alone.
    await db.transaction(async (tx) => {
      await tx.execute(sql`insert into t values (4, 'bốn')`);
      await tx
        .transaction(async (inner) => {
          await inner.execute(sql`insert into t values (5, 'năm')`);
          throw new Error('undo the inner one');
        })
        .catch(() => {});
    });
    const rows = rowsOf<{ id: number; name: string }>(
      await db.execute(sql`select id, name from t order by id`),
    );
    expect(rows).toEqual([
      { id: 1, name: 'một' },
      { id: 2, name: 'hai' },
      { id: 4, name: 'bốn' },
    ]);
    // Dates as drizzle asks for them (their text), bytes and arrays as values of their kind.
    const [row] = rowsOf<{ at: string; bytes: Uint8Array; list: string[] }>(
      await db.execute(
        sql`select '2026-12-02T10:00:00Z'::timestamptz as at, '\\x0102ff'::bytea as bytes, array['a','b'] as list`,
      ),
    );
    expect(new Date(row!.at).toISOString()).toBe('2026-12-02T10:00:00.000Z');
    expect([...row!.bytes]).toEqual([1, 2, 255]);
    expect(row!.list).toEqual(['a', 'b']);
  });

  it('delivers notifications, counts statements waiting behind one running, and answers what was asked before it closes', async () => {
    handle = await openDatabase({});
    const heard: string[] = [];
    const unlisten = await handle.listen('ping', (payload) => heard.push(payload));
    await handle.db.execute(sql`select pg_notify('ping', 'xin chào')`);
    await expect.poll(() => heard).toEqual(['xin chào']);
    await unlisten();

    // (A drizzle query runs when it is awaited: then() sends it now.)
    const slow = Array.from({ length: 4 }, () =>
      handle!.db.execute(sql`select pg_sleep(0.1), 1 as n`).then((r) => r),
    );
    await expect.poll(() => handle!.stats().pool.waiting).toBeGreaterThanOrEqual(2);
    expect(handle.stats().pool.idle).toBe(0);
    // Closed while they wait: every one is answered, then the database closes.
    const closed = handle.close();
    handle = undefined;
    const answers = await Promise.all(slow);
    await closed;
    expect(answers.map((r) => rowsOf<{ n: number }>(r)[0]!.n)).toEqual([1, 1, 1, 1]);
  });

  it('says so when its thread stops by itself, and fails what waited', async () => {
    let lost: Error | undefined;
    const thread = await PGliteThread.create({
      loadDataDir: readTemplate(),
      onLost: (err) => (lost = err),
    });
    const waiting = thread.query('select pg_sleep(0.5)');
    // The engine's thread ends as a failure of the WebAssembly would end it.
    await (thread as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
    await expect(waiting).rejects.toThrow(/stopped/);
    expect(lost?.message).toMatch(/stopped/);
    await expect(thread.query('select 1')).rejects.toThrow(/stopped/);
  });
});
