import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../db/database.ts';
import { createTestDatabase } from '../support/test-database.ts';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

describe('database', () => {
  it('is ready once migrated, and migrating again changes nothing', async () => {
    expect(await database.ready()).toBe(true);
    await database.migrate();
    expect(await database.ready()).toBe(true);
  });

  it('has unaccent and pg_trgm, and normalises Vietnamese for search', async () => {
    const result = await database.db.execute(
      sql`select search_normalize('Đối thoại phát triển ĐỊA PHƯƠNG') as n, similarity('doi thoai', 'doi thoai moi') > 0.3 as similar`,
    );
    expect(rowsOf(result)[0]).toEqual({ n: 'doi thoai phat trien dia phuong', similar: true });
  });
});
