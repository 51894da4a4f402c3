import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import type { Database } from '../../db/database.ts';
import { recordAudit } from '../../domain/audit/record-audit.ts';
import {
  BackupError,
  checkClientVersion,
  countTables,
  knownMigrations,
  MANIFEST,
  Manifest,
  pgliteVersion,
  run,
  sha256File,
  splitPassword,
} from './manifest.ts';

export interface RestoreOptions {
  archive: string;
  /** Must be empty or absent. */
  dataDir: string;
  /** MEDIA_DIR, default DATA_DIR/media; must be empty or absent. */
  mediaDir: string;
  /** An empty PostgreSQL database for a server backup; absent for an embedded one. */
  databaseUrl?: string;
  log?: (line: string) => void;
}

function isEmptyDir(dir: string): boolean {
  try {
    return readdirSync(dir).length === 0;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw err;
  }
}

/**
 * Restores an archive of `createBackup` into an empty DATA_DIR (and an empty database
 * for a server backup): checks every file's size and SHA-256 against the manifest, loads
 * the database, compares the rows of every table with the manifest, then moves the files
 * into place. Refuses a target that holds anything.
 */
export async function restoreBackup(options: RestoreOptions): Promise<Manifest> {
  const log = options.log ?? (() => {});
  const archive = resolve(options.archive);
  const dataDir = resolve(options.dataDir);
  const mediaDir = resolve(options.mediaDir);
  if (!existsSync(archive)) throw new BackupError(`No archive ${archive}.`);
  if (!isEmptyDir(dataDir)) {
    throw new BackupError(
      `Refused: DATA_DIR ${dataDir} is not empty. Restore into an empty directory (a restore never overwrites data).`,
    );
  }
  if (!isEmptyDir(mediaDir)) {
    throw new BackupError(`Refused: MEDIA_DIR ${mediaDir} is not empty.`);
  }
  if (options.databaseUrl) await checkEmptyDatabase(options.databaseUrl);

  mkdirSync(dirname(dataDir), { recursive: true });
  const work = mkdtempSync(join(dirname(dataDir), '.doi-thoai-restore-'));
  let created = false;
  try {
    log('unpacking');
    try {
      await run('tar', ['-xzf', archive, '-C', work, '--no-same-owner', '--no-same-permissions']);
    } catch (err) {
      throw new BackupError(
        `Refused: ${archive} is not a readable backup archive (${(err as Error).message}).`,
      );
    }
    const manifest = readManifest(work);
    const kind = options.databaseUrl ? 'postgres' : 'pglite';
    if (manifest.database.kind !== kind) {
      throw new BackupError(
        manifest.database.kind === 'postgres'
          ? 'Refused: this is a backup of a PostgreSQL server: set DATABASE_URL to an empty database.'
          : 'Refused: this is a backup of the embedded database: unset DATABASE_URL to restore it into DATA_DIR.',
      );
    }
    if (manifest.database.migrations > knownMigrations()) {
      throw new BackupError(
        `Refused: the backup's database is at migration ${manifest.database.migrations}, newer than this version of the app knows (${knownMigrations()}). Restore it with version ${manifest.app.version} or later.`,
      );
    }
    if (manifest.database.pglite && manifest.database.pglite !== pgliteVersion()) {
      log(
        `note: the copy was made by PGlite ${manifest.database.pglite}, this is ${pgliteVersion()}; a different major version cannot open it (install the app's version ${manifest.app.version} to restore, then upgrade).`,
      );
    }
    log('checking every file against the manifest');
    await verifyFiles(work, manifest);

    created = true;
    const dumpPath = join(work, manifest.database.file);
    let counts: Record<string, number>;
    if (options.databaseUrl) {
      log('running pg_restore');
      counts = await restoreServer(options.databaseUrl, dumpPath);
    } else {
      log('loading the embedded database');
      mkdirSync(dataDir, { recursive: true });
      const db = await PGlite.create({
        dataDir: join(dataDir, 'pglite'),
        loadDataDir: new Blob([new Uint8Array(readFileSync(dumpPath))]),
        extensions: { unaccent, pg_trgm },
      });
      try {
        counts = (await countTables(async (q) => (await db.query<Record<string, unknown>>(q)).rows))
          .tables;
      } finally {
        await db.close();
      }
    }
    const wrong = compareCounts(manifest.database.tables, counts);
    if (wrong.length) {
      throw new BackupError(
        `Refused: the restored database differs from the manifest: ${wrong.join('; ')}.`,
      );
    }

    await auditRestore(options.databaseUrl, dataDir, archive, manifest);

    log('moving the files into place');
    mkdirSync(dataDir, { recursive: true });
    if (existsSync(join(work, 'session-secret'))) {
      renameSync(join(work, 'session-secret'), join(dataDir, 'session-secret'));
      chmodSync(join(dataDir, 'session-secret'), 0o600);
    }
    if (existsSync(join(work, 'media'))) {
      mkdirSync(mediaDir, { recursive: true });
      for (const entry of readdirSync(join(work, 'media'))) {
        renameSync(join(work, 'media', entry), join(mediaDir, entry));
      }
    }
    return manifest;
  } catch (err) {
    if (created && !options.databaseUrl) {
      // The target was empty: leave it so, for another attempt.
      for (const entry of readdirSync(dataDir))
        rmSync(join(dataDir, entry), { recursive: true, force: true });
    }
    if (created && options.databaseUrl && err instanceof BackupError) {
      err.message +=
        ' The database may hold part of the backup: drop and create it again before retrying.';
    }
    throw err;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function readManifest(dir: string): Manifest {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8'));
  } catch {
    throw new BackupError(
      'Refused: the archive has no readable manifest.json (not a Đối thoại backup?).',
    );
  }
  const parsed = Manifest.safeParse(raw);
  if (!parsed.success) {
    throw new BackupError(
      `Refused: manifest.json is not a backup manifest this version reads (${parsed.error.issues[0]?.message}).`,
    );
  }
  return parsed.data;
}

async function verifyFiles(dir: string, manifest: Manifest) {
  const listed = new Map(manifest.files.map((f) => [f.path, f]));
  if (!listed.has(manifest.database.file)) {
    throw new BackupError('Refused: the manifest does not list the database dump.');
  }
  const problems: string[] = [];
  const present = new Set<string>();
  for (const { rel } of walkAll(dir)) {
    if (rel === MANIFEST) continue;
    present.add(rel);
    if (!listed.has(rel)) problems.push(`${rel} is not in the manifest`);
  }
  for (const f of manifest.files) {
    if (!present.has(f.path)) {
      problems.push(`${f.path} is missing`);
      continue;
    }
    const full = join(dir, f.path);
    const size = lstatSync(full).size;
    if (size !== f.size) problems.push(`${f.path}: ${size} bytes, the manifest says ${f.size}`);
    else if ((await sha256File(full)) !== f.sha256) problems.push(`${f.path}: checksum mismatch`);
  }
  if (problems.length) {
    throw new BackupError(
      `Refused: the archive is damaged or was altered: ${problems.slice(0, 10).join('; ')}${problems.length > 10 ? ` (and ${problems.length - 10} more)` : ''}.`,
    );
  }
}

/** Every entry under `dir`; anything but a directory or a regular file is refused. */
function* walkAll(dir: string): Generator<{ rel: string }> {
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: false }) as string[]) {
    const st = lstatSync(join(dir, entry));
    if (st.isDirectory()) continue;
    if (!st.isFile())
      throw new BackupError(`Refused: the archive holds ${entry}, which is not a regular file.`);
    yield { rel: entry.split('\\').join('/') };
  }
}

export function compareCounts(
  expected: Record<string, number>,
  actual: Record<string, number>,
): string[] {
  const wrong: string[] = [];
  for (const name of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
    if (expected[name] !== actual[name]) {
      wrong.push(
        `${name}: ${actual[name] ?? 'absent'} rows, the manifest says ${expected[name] ?? 'absent'}`,
      );
    }
  }
  return wrong;
}

async function checkEmptyDatabase(url: string) {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (err) {
    throw new BackupError(`Cannot connect to DATABASE_URL: ${(err as Error).message}`);
  }
  try {
    const { rows } = await client.query<{ n: number }>(
      `select count(*)::int as n from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where c.relkind in ('r', 'p', 'v', 'm', 'S')
         and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg_toast%'`,
    );
    if (rows[0]!.n > 0) {
      throw new BackupError(
        `Refused: the database in DATABASE_URL is not empty (${rows[0]!.n} tables, views or sequences). Restore into a new, empty database (createdb …).`,
      );
    }
  } finally {
    await client.end();
  }
}

async function restoreServer(url: string, dump: string): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const num = Number((await client.query<{ n: string }>('show server_version_num')).rows[0]!.n);
    await checkClientVersion('pg_restore', num);
    const { url: bare, env } = splitPassword(url);
    await run(
      'pg_restore',
      [
        '--no-owner',
        '--no-privileges',
        '--exit-on-error',
        '--single-transaction',
        '--dbname',
        bare,
        dump,
      ],
      env,
    );
    return (await countTables(async (q) => (await client.query<Record<string, unknown>>(q)).rows))
      .tables;
  } finally {
    await client.end();
  }
}

/** The restored database's audit trail says where it came from. */
async function auditRestore(
  url: string | undefined,
  dataDir: string,
  archive: string,
  manifest: Manifest,
) {
  const entry = {
    actor: null,
    action: 'backup.restored',
    target: { type: 'backup', label: basename(archive) },
    after: {
      createdAt: manifest.createdAt,
      version: manifest.app.version,
      migrations: manifest.database.migrations,
    },
  };
  if (url) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await recordAudit(drizzlePg({ client }) as unknown as Database, entry);
    } finally {
      await client.end();
    }
  } else {
    const client = await PGlite.create({
      dataDir: join(dataDir, 'pglite'),
      extensions: { unaccent, pg_trgm },
    });
    try {
      await recordAudit(drizzlePglite({ client }) as unknown as Database, entry);
    } finally {
      await client.close();
    }
  }
}
