import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from './client.ts';
import { rowsOf } from './database.ts';
import { readTemplate } from './pglite-template.ts';
import journal from './migrations/meta/_journal.json' with { type: 'json' };

/** What a schema is made of: columns, constraints, indexes, triggers, functions, extensions. */
async function schemaOf(handle: DatabaseHandle) {
  const q = async (text: string) =>
    rowsOf<Record<string, unknown>>(await handle.db.execute(sql.raw(text))).map((r) =>
      Object.values(r).join(' '),
    );
  return {
    columns: await q(`select table_name, column_name, data_type, is_nullable, column_default
      from information_schema.columns where table_schema = 'public' order by 1, 2`),
    constraints: await q(`select conname, pg_get_constraintdef(oid) from pg_constraint
      where connamespace = 'public'::regnamespace order by 1`),
    indexes: await q(
      `select indexname, indexdef from pg_indexes where schemaname = 'public' order by 1`,
    ),
    triggers: await q(`select tgname from pg_trigger where not tgisinternal order by 1`),
    functions: await q(
      `select proname from pg_proc where pronamespace = 'public'::regnamespace order by 1`,
    ),
    extensions: await q(`select extname from pg_extension order by 1`),
    migrations: await q(`select hash from drizzle.__drizzle_migrations order by id`),
  };
}

describe('the embedded database template', () => {
  it('is built, and a database made from it is the one the migrations make', async () => {
    expect(
      readTemplate(),
      'build/pglite/template.tar.gz (scripts/build-if-needed.mjs)',
    ).toBeDefined();
    const fromTemplate = await openDatabase({});
    const fromScratch = await openDatabase({ template: false });
    try {
      // Migrated before migrate() is called: nothing left to apply.
      const before = await schemaOf(fromTemplate);
      expect(before.migrations).toHaveLength(journal.entries.length);
      await fromTemplate.migrate();
      await fromScratch.migrate();
      expect(await schemaOf(fromTemplate)).toEqual(before);
      expect(before).toEqual(await schemaOf(fromScratch));
      expect(await fromTemplate.ready()).toBe(true);
    } finally {
      await fromTemplate.close();
      await fromScratch.close();
    }
  }, 60_000);
});
