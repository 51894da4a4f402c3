import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_SERVER_URL,
  demoConference,
  freePorts,
  signInCookie,
  startCluster,
  type Cluster,
} from '../support/cluster.ts';
import { LiveScreen } from '../support/live-screen.ts';

// The national deployment's pooling (docs/architecture.md): the instances' queries go
// through PgBouncer in transaction mode (DATABASE_URL), while LISTEN and the migrations'
// lock reach PostgreSQL directly (DATABASE_LISTEN_URL). Every screen still sees every
// event, whichever instance it is on.

const server = new URL(process.env.DATABASE_URL ?? DEFAULT_SERVER_URL);
let dir: string;
let bouncer: ChildProcess;
let cluster: Cluster;
let pooledPort: number;

beforeAll(async () => {
  [pooledPort] = (await freePorts(1)) as [number];
  dir = mkdtempSync(join(tmpdir(), 'doithoai-pgbouncer-'));
  chmodSync(dir, 0o777); // PgBouncer refuses to run as root: it runs as postgres.
  writeFileSync(
    join(dir, 'pgbouncer.ini'),
    `[databases]
* = host=${server.hostname} port=${server.port || 5432} user=${server.username || 'postgres'}
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = ${pooledPort}
unix_socket_dir =
auth_type = any
pool_mode = transaction
default_pool_size = 4
max_client_conn = 200
logfile = ${dir}/pgbouncer.log
pidfile = ${dir}/pgbouncer.pid
`,
  );
  chmodSync(join(dir, 'pgbouncer.ini'), 0o644);
  bouncer = spawn('/usr/sbin/pgbouncer', ['-u', 'postgres', join(dir, 'pgbouncer.ini')], {
    stdio: 'ignore',
  });
  await until(() => canConnect(pooledPort));
  cluster = await startCluster({
    instances: 2,
    nginx: true,
    env: (direct) => {
      const pooled = new URL(direct);
      pooled.host = `127.0.0.1:${pooledPort}`;
      return { DATABASE_URL: pooled.toString(), DATABASE_LISTEN_URL: direct };
    },
  });
});
afterAll(async () => {
  await cluster?.stop();
  bouncer?.kill('SIGTERM');
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function canConnect(port: number) {
  return new Promise<boolean>((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });
}
async function until(check: () => Promise<boolean>, ms = 10_000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('PgBouncer did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('behind PgBouncer in transaction mode', () => {
  it('runs the instances through the pooler, and every screen sees every event', async () => {
    const cookie = await signInCookie(cluster.url, cluster.demo);
    const conference = await demoConference(cluster.url, cookie);
    const chair = new LiveScreen(cluster.url, conference.id, { cookie, subscribe: false });
    await chair.start();
    const watchers = Array.from(
      { length: 12 },
      () => new LiveScreen(cluster.url, conference.id, { record: true }),
    );
    await Promise.all(watchers.map((s) => s.start()));
    expect(new Set(watchers.map((s) => cluster.instanceOf(s.upstream)))).toEqual(new Set([0, 1]));
    const acks = [await chair.command({ type: 'session.start' })];
    for (let i = 0; i < 10; i++)
      acks.push(
        await chair.command({ type: 'announcement.post', text: `Qua bộ gộp kết nối ${i}` }),
      );
    expect(acks.every((a) => a.t === 'ack')).toBe(true);
    const last = Math.max(...acks.map((a) => Number(a.seq)));
    await Promise.all(watchers.map((s) => s.until(() => s.seq === last)));
    for (const s of watchers)
      expect({ gaps: s.gaps, duplicates: s.duplicates }).toEqual({ gaps: 0, duplicates: 0 });
    // The queries really went through the pooler: it counts them.
    const admin = await fetchStats();
    expect(admin).toBeGreaterThan(0);
    chair.close();
    for (const s of watchers) s.close();
  });
});

/** Transactions PgBouncer carried for the cluster's database (its admin console). */
async function fetchStats(): Promise<number> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({
    host: '127.0.0.1',
    port: pooledPort,
    user: 'pgbouncer',
    database: 'pgbouncer',
  });
  await client.connect();
  try {
    const { rows } = await client.query<{ database: string; total_xact_count: string }>(
      'show stats',
    );
    const name = new URL(cluster.databaseUrl).pathname.slice(1);
    return Number(rows.find((r) => r.database === name)?.total_xact_count ?? 0);
  } finally {
    await client.end();
  }
}
