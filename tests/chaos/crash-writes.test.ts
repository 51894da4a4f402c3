import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { crashDuringWrites } from '../support/crash-writes.ts';
import { createServerDatabase, dropServerDatabase } from '../support/test-database.ts';

/**
 * Kill -9 during concurrent public submissions and article edits, restart (issue 17):
 * every write answered 2xx is there, none twice; submissions that got no answer, sent
 * again with the same idempotency key, are stored once. The short version; the full
 * 1,000 runs with `node --import tsx bench/crash-writes.ts`.
 */
describe.each(['PGlite', 'PostgreSQL'] as const)('crash during writes (%s)', (kind) => {
  it('keeps every acknowledged write once', async () => {
    const databaseUrl =
      kind === 'PostgreSQL'
        ? await createServerDatabase(
            process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
          )
        : undefined;
    try {
      const result = await crashDuringWrites({
        databaseUrl,
        submissions: 100,
        edits: 50,
        concurrency: 20,
        killAfter: 60,
      });
      rmSync(result.dataDir, { recursive: true, force: true });
      console.log(`[chaos] ${JSON.stringify(result)}`);
      expect(result.acknowledged).toBeGreaterThan(0);
      expect(result.lost).toBe(0);
      expect(result.twice).toBe(0);
      expect(result.submissionsStored).toBe(result.submissionsExpected);
    } finally {
      if (databaseUrl) await dropServerDatabase(databaseUrl);
    }
  });
});
