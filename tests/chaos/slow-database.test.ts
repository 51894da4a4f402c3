import { readFileSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { vi as viMessages } from '../../app/i18n/vi.ts';
import { startLatencyProxy } from '../support/latency-proxy.ts';
import { startServer, type ServerProcess } from '../support/server-process.ts';
import { createServerDatabase, dropServerDatabase } from '../support/test-database.ts';

/**
 * A slow database (issue 17): 200 ms added each way between the app and PostgreSQL by a
 * TCP relay. The app must degrade without piling up requests: a bounded number wait for
 * a connection (each at most POOL_LIMITS.connectMs), the rest are answered 503 at once
 * with Retry-After and a message; none is a 500, none hangs, memory stays bounded.
 */
const BURST = 400;

let databaseUrl: string;
let proxy: Awaited<ReturnType<typeof startLatencyProxy>>;
let app: ServerProcess;

const rssMb = () =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${app.child.pid}/status`, 'utf8'))![1]) / 1024;

async function burst(n: number) {
  return Promise.all(
    Array.from({ length: n }, async () => {
      const started = Date.now();
      const res = await fetch(`${app.url}/api/v1/news`);
      const body = (await res.json()) as { error?: { code: string; message: string } };
      return {
        status: res.status,
        ms: Date.now() - started,
        retryAfter: res.headers.get('retry-after'),
        error: body.error,
      };
    }),
  );
}

beforeAll(async () => {
  databaseUrl = await createServerDatabase(
    process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  );
  const target = new URL(databaseUrl);
  proxy = await startLatencyProxy(Number(target.port || 5432));
  const through = new URL(databaseUrl);
  through.host = `127.0.0.1:${proxy.port}`;
  app = await startServer({ databaseUrl: through.toString(), args: ['--demo'] });
});

afterAll(async () => {
  await app?.stop();
  if (app) rmSync(app.dataDir, { recursive: true, force: true });
  await proxy?.close();
  if (databaseUrl) await dropServerDatabase(databaseUrl);
});

it('degrades with a bound under 200 ms of latency each way, and recovers', async () => {
  const quick = await burst(20);
  expect(quick.every((r) => r.status === 200)).toBe(true);
  const rssBefore = rssMb();

  proxy.setLatency(200);
  const slow = await burst(BURST);
  const rssAfter = rssMb();
  const health = await fetch(`${app.url}/healthz`);
  expect(health.status).toBe(200);

  const ok = slow.filter((r) => r.status === 200);
  const refused = slow.filter((r) => r.status === 503);
  // Every request answered: served, or refused with the reason and when to come back.
  expect(ok.length + refused.length).toBe(BURST);
  expect(refused.length).toBeGreaterThan(0);
  for (const r of refused) {
    expect(r.retryAfter).toBe('5');
    expect([viMessages.faults.busy, viMessages.faults.unavailable]).toContain(r.error?.message);
  }
  // Memory: no queue of thousands of requests held (generous: the machine is shared).
  expect(rssAfter - rssBefore).toBeLessThan(200);

  proxy.setLatency(0);
  // Connections the slow phase left in the pool carry no delay now.
  await new Promise((r) => setTimeout(r, 1000));
  const again = await burst(20);
  expect(again.every((r) => r.status === 200)).toBe(true);
  const ms = slow.map((r) => r.ms).sort((a, b) => a - b);
  const q = (p: number) => ms[Math.min(ms.length - 1, Math.floor(p * ms.length))]!;
  console.log(
    `[chaos] slow database (+200 ms each way), ${BURST} requests at once: ${ok.length} served, ${refused.length} refused 503 (${refused.filter((r) => r.error?.message === viMessages.faults.busy).length} "busy", the rest "unavailable"); time p50 ${q(0.5)} ms, p99 ${q(0.99)} ms, max ${ms.at(-1)} ms; RSS ${rssBefore.toFixed(0)} → ${rssAfter.toFixed(0)} MB`,
  );
});
