import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';
import { rowsOf } from '../../db/database.ts';
import { dataErrorKind } from '../../db/errors.ts';

/** How often the server sweeps: longer than any undo window (10 minutes). */
export const FILE_SWEEP_INTERVAL_MS = 15 * 60_000;

/**
 * Every column that refers to a stored file, read from the database's own foreign
 * keys, so a table added later is counted without anyone remembering to list it.
 */
async function fileReferences(db: Database): Promise<{ table: string; column: string }[]> {
  return rowsOf<{ table: string; column: string }>(
    await db.execute(sql`
      select cl.relname as "table", a.attname as "column"
      from pg_constraint c
      join pg_class cl on cl.oid = c.conrelid
      join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
      where c.contype = 'f' and c.confrelid = to_regclass('stored_files')
      order by 1, 2`),
  );
}

function unusedCondition(refs: { table: string; column: string }[]): SQL {
  const checks = refs.map(
    (r) =>
      sql`not exists (select 1 from ${sql.identifier(r.table)} where ${sql.identifier(r.table)}.${sql.identifier(r.column)} = f.id)`,
  );
  return checks.length ? sql.join(checks, sql` and `) : sql`true`;
}

/**
 * Deletes the stored files that nothing refers to any more: a removed document's file
 * is kept so that its removal can be undone, and goes here once that is no longer
 * possible. A file is deleted only if it was already unused at the previous sweep
 * (`seen`, kept by the caller) and still is, so it outlives its last use by at least
 * one sweep interval (longer than the undo window). Anything that keeps a file must
 * refer to it with a foreign key. Returns the files unused now, for the next sweep.
 */
export async function sweepUnusedFiles(opts: {
  db: Database;
  seen: ReadonlySet<string>;
}): Promise<{ deleted: number; unused: Set<string> }> {
  const unusedNow = unusedCondition(await fileReferences(opts.db));
  const unused = new Set(
    rowsOf<{ id: string }>(
      await opts.db.execute(sql`select f.id from stored_files f where ${unusedNow}`),
    ).map((r) => r.id),
  );
  let deleted = 0;
  for (const id of unused) {
    if (!opts.seen.has(id)) continue;
    try {
      // Checked again as it is deleted; a file used again meanwhile stays.
      const result = await opts.db.execute(
        sql`delete from stored_files f where f.id = ${id} and ${unusedNow} returning f.id`,
      );
      if (rowsOf(result).length) {
        deleted++;
        unused.delete(id);
      }
    } catch (err) {
      // Referred to by a row committed in the meantime (foreign key): it stays.
      if (dataErrorKind(err) !== 'in_use') throw err;
    }
  }
  return { deleted, unused };
}
