import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { rowsOf, type Database } from './database.ts';
import { PGliteThread } from './pglite-thread.ts';
import { migrationsFolder, readTemplate } from './pglite-template.ts';

// Any constant shared by every instance: serialises migrations across app instances.
const MIGRATION_LOCK = 74_230_001;

export interface DatabaseHandle {
  db: Database;
  kind: 'pglite' | 'postgres';
  /** Applies pending migrations; safe to call from several instances at once. */
  migrate(): Promise<void>;
  /** True when the database answers and every committed migration is applied. */
  ready(): Promise<boolean>;
  /**
   * Receives NOTIFY payloads on `channel` (sent by any instance, after its commit).
   * `onReconnect` runs after a lost server connection is back: notifications may
   * have been missed in between.
   */
  listen(
    channel: string,
    onNotify: (payload: string) => void,
    onReconnect?: () => void,
  ): Promise<() => Promise<void>>;
  close(): Promise<void>;
  /**
   * For the metrics: the pool (a server's; the embedded database has one connection, and
   * `waiting` counts what waits for it) and the LISTEN connections.
   */
  stats(): {
    /** `waitedSeconds`: the time queries have spent waiting for a connection, in all. */
    pool: { total: number; idle: number; waiting: number; max: number; waitedSeconds: number };
    listeners: { connected: number; reconnecting: number };
  };
  /**
   * Whether every LISTEN connection is up (a server's restart drops them; they come back
   * by themselves): `onAvailability` hears each change, `available` says it now. The
   * embedded database is always available.
   */
  available(): boolean;
  onAvailability(listener: (up: boolean) => void): () => void;
  /** Requests waiting for a pooled connection now (0 for the embedded database). */
  waiting(): number;
  /**
   * Embedded database only: a copy of its data directory (a tar), taken while no
   * transaction is open and no statement runs (docs/decisions/0013-backups.md).
   */
  dumpDataDir?(compression?: 'none' | 'gzip'): Promise<Blob>;
}

export interface OpenDatabaseOptions {
  /** PostgreSQL server URL; when absent, embedded PGlite is used. */
  url?: string;
  /**
   * The same database without a transaction-mode pooler in between, for LISTEN and the
   * migrations (session state); default `url`.
   */
  listenUrl?: string;
  /** PGlite data directory; absent means in memory (tests only). */
  dataDir?: string;
  /**
   * A new embedded database starts from the build's migrated copy when there is one
   * (db/pglite-template.ts); false: always from scratch (making that copy).
   */
  template?: boolean;
  /** Called with errors from idle server connections, which would otherwise crash. */
  onError?: (err: Error) => void;
  /** Embedded database only: its thread stopped by itself; it answers nothing more. */
  onLost?: (err: Error) => void;
  /** Server only: bounds on waiting and on statements (defaults: `POOL_LIMITS`). */
  limits?: Partial<typeof POOL_LIMITS>;
}

/**
 * Nothing waits on a server without bound: a connection is refused after
 * `connectMs` (the server down, or every pooled connection busy); a statement is
 * cancelled by the server after `statementMs`, and given up by the client after
 * `queryMs` (a server that stopped answering). Migrations run without these.
 */
export const POOL_LIMITS = {
  max: 10,
  connectMs: 5_000,
  statementMs: 15_000,
  queryMs: 20_000,
  /** Requests beyond this many waiting for a connection are refused at once (server/app.ts). */
  maxWaiting: 200,
  /** A LISTEN connection lost is tried again this often. */
  relistenMs: 1_000,
};

function expectedMigrations(): number {
  const journal = JSON.parse(readFileSync(`${migrationsFolder}/meta/_journal.json`, 'utf8')) as {
    entries: unknown[];
  };
  return journal.entries.length;
}

async function appliedMigrations(db: Database): Promise<number> {
  const result = await db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
  return rowsOf<{ n: number }>(result)[0]?.n ?? 0;
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  const expected = expectedMigrations();

  if (options.url) {
    const limits = { ...POOL_LIMITS, ...options.limits };
    const pool = new pg.Pool({
      connectionString: options.url,
      max: limits.max,
      connectionTimeoutMillis: limits.connectMs,
      // Through a pooler (DATABASE_LISTEN_URL set), not as a startup parameter: PgBouncer
      // refuses the connection for it. Set it on the role there (docs/operations.md);
      // query_timeout still bounds the wait on this side.
      statement_timeout: options.listenUrl ? undefined : limits.statementMs,
      query_timeout: limits.queryMs,
      // A server gone silently (a cut network) is noticed by TCP keepalive.
      keepAlive: true,
    });
    pool.on('error', (err) => options.onError?.(err));
    // The pool listens for errors only on idle connections: a server that ends one while a
    // request holds it (a restart between two statements of a transaction) would otherwise
    // emit an error nobody hears, and end the process. The request's own query fails.
    pool.on('connect', (client) => client.on('error', (err) => options.onError?.(err)));
    // LISTEN connections currently lost; listeners of availability changes.
    const down = new Set<object>();
    const watchers = new Set<(up: boolean) => void>();
    const setDown = (key: object, isDown: boolean) => {
      const before = down.size === 0;
      if (isDown) down.add(key);
      else down.delete(key);
      const after = down.size === 0;
      if (before !== after) for (const w of watchers) w(after);
    };
    const db = drizzlePg({ client: pool }) as unknown as Database;
    const listeners = { connected: 0, reconnecting: 0 };
    // Time spent waiting for a pool connection (pool.query takes one through connect too).
    let waited = 0;
    const connect = pool.connect.bind(pool) as (
      cb?: (err: Error | undefined, client: pg.PoolClient, done: () => void) => void,
    ) => Promise<pg.PoolClient> | undefined;
    (pool as { connect: unknown }).connect = (
      cb?: (err: Error | undefined, client: pg.PoolClient, done: () => void) => void,
    ) => {
      const asked = performance.now();
      const took = () => (waited += performance.now() - asked);
      if (cb)
        return connect((err, client, done) => {
          took();
          cb(err, client, done);
        });
      return connect()!.finally(took);
    };
    return {
      db,
      kind: 'postgres',
      stats: () => ({
        pool: {
          total: pool.totalCount,
          idle: pool.idleCount,
          waiting: pool.waitingCount,
          max: limits.max,
          waitedSeconds: waited / 1000,
        },
        listeners: { ...listeners },
      }),
      async migrate() {
        // A session of its own: the advisory lock is held across the migrations.
        const client = new pg.Client({ connectionString: options.listenUrl ?? options.url });
        client.on('error', (err) => options.onError?.(err));
        await client.connect();
        try {
          // A migration may take longer than any request should.
          await client.query('set statement_timeout = 0');
          await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
          try {
            await migratePg(drizzlePg({ client }), { migrationsFolder });
          } finally {
            await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]);
          }
        } finally {
          await client.end();
        }
      },
      async ready() {
        if (down.size) return false;
        try {
          return (await appliedMigrations(db)) >= expected;
        } catch {
          return false;
        }
      },
      async listen(channel, onNotify, onReconnect) {
        let client: pg.Client | null = null;
        let stopped = false;
        let retry: NodeJS.Timeout | undefined;
        // For the metrics: this LISTEN is up, or down and trying again.
        let state: 'connected' | 'reconnecting' | null = null;
        const become = (next: typeof state) => {
          if (state) listeners[state]--;
          state = next;
          if (state) listeners[state]++;
        };
        const key = {};
        const again = () => {
          if (stopped) return;
          become('reconnecting');
          retry = setTimeout(() => void connect(true).catch(() => {}), limits.relistenMs);
        };
        const connect = async (isRetry: boolean) => {
          const c = new pg.Client({
            connectionString: options.listenUrl ?? options.url,
            connectionTimeoutMillis: limits.connectMs,
            keepAlive: true,
          });
          c.on('notification', (n) => n.channel === channel && onNotify(n.payload ?? ''));
          let established = false;
          let failed = false;
          const lost = (err?: Error) => {
            if (!established || failed) return;
            failed = true;
            if (err) options.onError?.(err);
            c.end().catch(() => {});
            if (client === c) client = null;
            if (stopped) return;
            setDown(key, true);
            again();
          };
          c.on('error', lost);
          // A server that closes the connection cleanly sends no error.
          c.on('end', () => lost());
          try {
            await c.connect();
            await c.query(`listen ${pg.escapeIdentifier(channel)}`);
          } catch (err) {
            failed = true;
            c.end().catch(() => {});
            if (!isRetry) throw err;
            again();
            return;
          }
          if (stopped) {
            await c.end().catch(() => {});
            return;
          }
          established = true;
          client = c;
          become('connected');
          if (isRetry) {
            setDown(key, false);
            onReconnect?.();
          }
        };
        await connect(false);
        return async () => {
          stopped = true;
          become(null);
          clearTimeout(retry);
          setDown(key, false);
          await client?.end().catch(() => {});
        };
      },
      close: () => pool.end(),
      available: () => down.size === 0,
      onAvailability(listener) {
        watchers.add(listener);
        return () => watchers.delete(listener);
      },
      waiting: () => pool.waitingCount,
    };
  }

  const isNew = !options.dataDir || !existsSync(join(options.dataDir, 'PG_VERSION'));
  const loadDataDir = isNew && options.template !== false ? readTemplate() : undefined;
  // In a thread of its own (db/pglite-thread.ts): statements run beside the server's work.
  const client = await PGliteThread.create({
    dataDir: options.dataDir,
    loadDataDir,
    onLost: options.onLost,
  });
  let listening = 0;
  const pglite = drizzlePglite({ client: client as unknown as PGlite });
  const db = pglite as unknown as Database;
  return {
    db,
    kind: 'pglite',
    stats: () => {
      const { running, waiting, waitedMs } = client.stats();
      return {
        pool: { total: 1, idle: 1 - running, waiting, max: 1, waitedSeconds: waitedMs / 1000 },
        listeners: { connected: listening, reconnecting: 0 },
      };
    },
    migrate: () => migratePglite(pglite, { migrationsFolder }),
    async ready() {
      try {
        return (await appliedMigrations(db)) >= expected;
      } catch {
        return false;
      }
    },
    async listen(channel, onNotify) {
      const unlisten = await client.listen(channel, onNotify);
      listening++;
      return async () => {
        listening--;
        await unlisten();
      };
    },
    close: () => client.close(),
    available: () => true,
    onAvailability: () => () => {},
    waiting: () => 0,
    dumpDataDir: (compression = 'none') => client.dumpDataDir(compression),
  };
}
