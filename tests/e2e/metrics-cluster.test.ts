import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { parsePrometheusText, sumOf, type Sample } from '../support/prometheus-text.ts';
import { startServer, type ServerProcess } from '../support/server-process.ts';
import { createServerDatabase, dropServerDatabase } from '../support/test-database.ts';

/**
 * WEB_CONCURRENCY > 1 needs a PostgreSQL server: DATABASE_URL, else this machine's on
 * 127.0.0.1:5432 when it answers (the suite's first run in CI may have none yet).
 */
const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const reachable = await (async () => {
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
})();

const TOKEN = randomBytes(32).toString('hex');
let server: ServerProcess | undefined;
let databaseUrl: string | undefined;
afterAll(async () => {
  await server?.stop();
  if (databaseUrl) await dropServerDatabase(databaseUrl);
});

async function scrape(url: string): Promise<Sample[]> {
  // A new connection each time: the cluster hands it to any worker.
  const res = await fetch(`${url}/metrics`, {
    headers: { authorization: `Bearer ${TOKEN}`, connection: 'close' },
  });
  expect(res.status).toBe(200);
  return parsePrometheusText(await res.text());
}

const workersIn = (samples: Sample[], name: string) =>
  new Set(samples.filter((s) => s.name === name).map((s) => s.labels.worker));

describe.skipIf(!reachable)('/metrics of a cluster (WEB_CONCURRENCY=2, PostgreSQL)', () => {
  it('answers for every worker whichever one the scrape lands on', async () => {
    databaseUrl = await createServerDatabase(serverUrl);
    server = await startServer({
      databaseUrl,
      env: { WEB_CONCURRENCY: '2', METRICS_TOKEN: TOKEN },
    });
    const url = server.url;
    // Both workers listening: each scrape then holds both, and the primary.
    await expect
      .poll(async () => workersIn(await scrape(url), 'doithoai_instance_info').size, {
        timeout: 60_000,
        interval: 500,
      })
      .toBe(2);

    const count = (s: Sample[]) =>
      sumOf(s, 'doithoai_http_request_duration_seconds_count', { route: '/healthz' });
    const before = await scrape(url);
    for (let i = 0; i < 20; i++)
      await fetch(`${url}/healthz`, { headers: { connection: 'close' } }).then((r) => r.text());
    const scrapes = [];
    for (let i = 0; i < 4; i++) scrapes.push(await scrape(url));
    for (const s of scrapes) {
      // Process series per worker and for the primary; the primary counts the workers.
      expect(workersIn(s, 'process_resident_memory_bytes')).toEqual(new Set(['1', '2', 'primary']));
      expect(workersIn(s, 'process_start_time_seconds')).toEqual(new Set(['1', '2', 'primary']));
      expect(sumOf(s, 'doithoai_cluster_workers')).toBe(2);
      expect(sumOf(s, 'doithoai_cluster_scrape_missing_workers')).toBe(0);
      expect(sumOf(s, 'doithoai_db_pool_connections', { state: 'max' })).toBe(20);
      // Every request counted, whichever worker took it and whichever answers the scrape.
      expect(count(s) - count(before)).toBe(20);
    }
    const last = scrapes.at(-1)!;
    // The requests went to both workers (node cluster's round robin).
    expect(
      workersIn(
        last.filter((s) => s.labels.route === '/healthz'),
        'doithoai_http_request_duration_seconds_count',
      ).size,
    ).toBe(2);
    expect(sumOf(last, 'doithoai_ready')).toBe(2);
  });
});
