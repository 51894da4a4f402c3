import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { crashDuringWrites } from '../tests/support/crash-writes.ts';
import { createServerDatabase, dropServerDatabase } from '../tests/support/test-database.ts';

/**
 * Kill -9 during 1,000 concurrent public submissions and article edits, then restart
 * (issue 17), on the embedded PGlite and on PostgreSQL. Prints one table row per run
 * for docs/operations.md. Short version in the suite: tests/chaos/crash-writes.test.ts.
 *
 *   node --import tsx bench/crash-writes.ts [--database-url postgres://…/postgres]
 *     [--submissions 700] [--edits 300] [--concurrency 100] [--kill-after 400]
 */
const { values } = parseArgs({
  options: {
    'database-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
    submissions: { type: 'string', default: '700' },
    edits: { type: 'string', default: '300' },
    concurrency: { type: 'string', default: '100' },
    'kill-after': { type: 'string', default: '400' },
    only: { type: 'string' },
  },
});

const rows: string[] = [];
for (const kind of ['PGlite', 'PostgreSQL'] as const) {
  if (values.only && values.only !== kind) continue;
  const databaseUrl =
    kind === 'PostgreSQL' ? await createServerDatabase(values['database-url']) : undefined;
  try {
    const r = await crashDuringWrites({
      databaseUrl,
      submissions: Number(values.submissions),
      edits: Number(values.edits),
      concurrency: Number(values.concurrency),
      killAfter: Number(values['kill-after']),
    });
    rmSync(r.dataDir, { recursive: true, force: true });
    const row = `| ${r.database} | ${r.writes} (${values.concurrency} at once) | ${r.sent} | ${r.acknowledged} (${r.acknowledgedSubmissions} + ${r.acknowledgedEdits}) | ${r.noAnswer} | ${r.refused} ${r.refused ? JSON.stringify(r.refusedStatuses) : ''} | ${r.retried} | ${r.submissionsStored}/${r.submissionsExpected} | **${r.lost}** | **${r.twice}** | ${(r.restartMs / 1000).toFixed(1)} s |`;
    console.log(row);
    rows.push(row);
  } finally {
    if (databaseUrl) await dropServerDatabase(databaseUrl);
  }
}
console.log(`\nMeasured ${new Date().toISOString()}\n`);
console.log(
  '| database | writes | sent before the kill | answered 2xx (submissions + edits) | no answer | refused | submissions sent again | submissions stored once | acknowledged lost | stored twice | restart |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|---|');
for (const r of rows) console.log(r);
