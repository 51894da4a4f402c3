import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
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
}

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
    const pool = new pg.Pool({ connectionString: options.url, max: 10 });
    pool.on('error', (err) => options.onError?.(err));
    const db = drizzlePg({ client: pool }) as unknown as Database;
    return {
      db,
      kind: 'postgres',
      async migrate() {
        // A session of its own: the advisory lock is held across the migrations.
        const client = new pg.Client({ connectionString: options.listenUrl ?? options.url });
        client.on('error', (err) => options.onError?.(err));
        await client.connect();
        try {
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
        const connect = async (again: boolean) => {
          const c = new pg.Client({ connectionString: options.listenUrl ?? options.url });
          c.on('notification', (n) => n.channel === channel && onNotify(n.payload ?? ''));
          c.on('error', (err) => {
            options.onError?.(err);
            c.end().catch(() => {});
            if (!stopped) retry = setTimeout(() => void connect(true).catch(() => {}), 1000);
          });
          try {
            await c.connect();
            await c.query(`listen ${pg.escapeIdentifier(channel)}`);
          } catch (err) {
            c.end().catch(() => {});
            if (!again) throw err;
            if (!stopped) retry = setTimeout(() => void connect(true).catch(() => {}), 1000);
            return;
          }
          client = c;
          if (again) onReconnect?.();
        };
        await connect(false);
        return async () => {
          stopped = true;
          clearTimeout(retry);
          await client?.end().catch(() => {});
        };
      },
      close: () => pool.end(),
    };
  }

  const isNew = !options.dataDir || !existsSync(join(options.dataDir, 'PG_VERSION'));
  const loadDataDir = isNew && options.template !== false ? readTemplate() : undefined;
  const client = await PGlite.create({
    dataDir: options.dataDir,
    extensions: { unaccent, pg_trgm },
    ...(loadDataDir ? { loadDataDir } : {}),
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
    async dumpDataDir(compression = 'none') {
      await client.exec('checkpoint');
      // Every statement and transaction holds this lock (PGlite 0.5): while the copy is
      // read, none is open, so the copy is what a clean stop would leave.
      return client._runExclusiveTransaction(() => client.dumpDataDir(compression));
    },
  };
}
