import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { rowsOf, type Database } from './database.ts';

const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));
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
  dumpDataDir?(): Promise<Blob>;
}

export interface OpenDatabaseOptions {
  /** PostgreSQL server URL; when absent, embedded PGlite is used. */
  url?: string;
  /** PGlite data directory; absent means in memory (tests only). */
  dataDir?: string;
  /** Called with errors from idle server connections, which would otherwise crash. */
  onError?: (err: Error) => void;
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
      statement_timeout: limits.statementMs,
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
    return {
      db,
      kind: 'postgres',
      async migrate() {
        const client = await pool.connect();
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
          // Not back to the pool with the timeout off.
          client.release(true);
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
        const key = {};
        const again = () => {
          if (!stopped)
            retry = setTimeout(() => void connect(true).catch(() => {}), limits.relistenMs);
        };
        const connect = async (isRetry: boolean) => {
          const c = new pg.Client({
            connectionString: options.url,
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
          if (isRetry) {
            setDown(key, false);
            onReconnect?.();
          }
        };
        await connect(false);
        return async () => {
          stopped = true;
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

  const client = await PGlite.create({
    dataDir: options.dataDir,
    extensions: { unaccent, pg_trgm },
  });
  const pglite = drizzlePglite({ client });
  const db = pglite as unknown as Database;
  return {
    db,
    kind: 'pglite',
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
      return async () => {
        await unlisten();
      };
    },
    close: () => client.close(),
    available: () => true,
    onAvailability: () => () => {},
    waiting: () => 0,
    async dumpDataDir() {
      await client.exec('checkpoint');
      // Every statement and transaction holds this lock (PGlite 0.5): while the copy is
      // read, none is open, so the copy is what a clean stop would leave.
      return client._runExclusiveTransaction(() => client.dumpDataDir('none'));
    },
  };
}
