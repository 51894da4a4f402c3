import {
  chmodSync,
  copyFileSync,
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { openDatabase } from '../../db/client.ts';
import type { Database } from '../../db/database.ts';
import { recordAudit } from '../../domain/audit/record-audit.ts';
import { DataDirLockedError, lockDataDir } from '../../db/data-dir-lock.ts';
import { requestDump } from './backup-socket.ts';
import {
  appVersion,
  BackupError,
  checkClientVersion,
  countTables,
  MANIFEST,
  type Manifest,
  pgliteVersion,
  run,
  sha256File,
  splitPassword,
  stamp,
} from './manifest.ts';

export interface BackupOptions {
  dataDir: string;
  /** MEDIA_DIR, default DATA_DIR/media. */
  mediaDir: string;
  /** A PostgreSQL server; absent means the embedded database in DATA_DIR/pglite. */
  databaseUrl?: string;
  /** Where the archive goes. */
  outDir: string;
  now?: Date;
  log?: (line: string) => void;
}

/** MEDIA_DIR's folders that are scratch, rebuilt by the app: not backed up. */
const SKIPPED_MEDIA = new Set(['work', 'live']);

/**
 * Writes `doi-thoai-backup-YYYYMMDD-HHmmss.tar.gz` (UTC) into `outDir`: the database's
 * dump, the session secret, every stored media file and a manifest (see
 * docs/decisions/0013-backups.md). Works whether the server runs or not.
 */
export async function createBackup(
  options: BackupOptions,
): Promise<{ path: string; manifest: Manifest }> {
  const log = options.log ?? (() => {});
  const dataDir = resolve(options.dataDir);
  const mediaDir = resolve(options.mediaDir);
  const outDir = resolve(options.outDir);
  mkdirSync(outDir, { recursive: true });
  const name = `doi-thoai-backup-${stamp(options.now ?? new Date())}`;
  const path = join(outDir, `${name}.tar.gz`);
  if (existsSync(path)) throw new BackupError(`${path} already exists.`);
  if (inside(outDir, mediaDir)) {
    throw new BackupError(`The backup directory must not be inside MEDIA_DIR (${mediaDir}).`);
  }

  const staging = mkdtempSync(join(outDir, '.doi-thoai-backup-'));
  try {
    mkdirSync(join(staging, 'database'));
    const notes: string[] = [];
    const database = options.databaseUrl
      ? await dumpServer(options.databaseUrl, join(staging, 'database/postgres.dump'), log)
      : await dumpEmbedded(dataDir, join(staging, 'database/pglite.tar'), log);

    const files: Manifest['files'] = [];
    const add = async (rel: string, partial?: boolean) => {
      const full = join(staging, rel);
      files.push({
        path: rel,
        size: statSync(full).size,
        sha256: await sha256File(full),
        ...(partial ? { partial } : {}),
      });
    };
    await add(database.file);

    const secret = join(dataDir, 'session-secret');
    if (existsSync(secret)) {
      copyFileSync(secret, join(staging, 'session-secret'));
      await add('session-secret');
    } else
      notes.push('No session-secret file in DATA_DIR (SESSION_SECRET is set in the environment?).');

    log('copying media files');
    for (const { rel, full } of walk(mediaDir)) {
      const top = rel.split('/')[0]!;
      if (SKIPPED_MEDIA.has(top) || rel.split('/').pop()!.startsWith('.upload-')) continue;
      const target = join(staging, 'media', rel);
      mkdirSync(dirname(target), { recursive: true });
      const before = statSync(full);
      if (top === 'raw') {
        // Janus may still be writing it: a copy, checked for change.
        copyFileSync(full, target);
      } else {
        // Written once and renamed into place: a hard link is an instant, stable copy.
        try {
          linkSync(full, target);
        } catch {
          copyFileSync(full, target);
        }
      }
      let after;
      try {
        after = statSync(full);
      } catch {
        after = null; // deleted meanwhile: the copy is whole
      }
      const partial = !!after && (after.size !== before.size || after.mtimeMs !== before.mtimeMs);
      if (partial)
        notes.push(`media/${rel} changed while it was copied (a recording in progress).`);
      await add(`media/${rel}`, partial);
    }

    const manifest: Manifest = {
      format: 'doi-thoai-backup',
      formatVersion: 1,
      createdAt: (options.now ?? new Date()).toISOString(),
      app: { version: appVersion() },
      database,
      files,
      notes,
    };
    writeFileSync(join(staging, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    log('writing the archive');
    const partialPath = join(outDir, `.${name}.tar.gz.partial`);
    await run('tar', ['-czf', partialPath, '-C', staging, '.']);
    // It holds the session secret and personal data: its owner only.
    chmodSync(partialPath, 0o600);
    renameSync(partialPath, path);
    return { path, manifest };
  } finally {
    rmSync(staging, { recursive: true, force: true });
    rmSync(join(outDir, `.${name}.tar.gz.partial`), { force: true });
  }
}

function inside(path: string, dir: string): boolean {
  const rel = relative(dir, path);
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep) && rel !== path);
}

/** Regular files under `dir`, paths relative to it with '/'. */
export function* walk(dir: string, prefix = ''): Generator<{ rel: string; full: string }> {
  let entries;
  try {
    entries = readdirSync(join(dir, prefix), { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) yield* walk(dir, rel);
    else if (e.isFile()) yield { rel, full: join(dir, rel) };
  }
}

type DatabasePart = Manifest['database'];

/**
 * The embedded database: from the running server through its socket, or, when none runs,
 * opened here under DATA_DIR's lock. The counts are read from the copy itself (opened
 * in memory), which also proves it opens.
 */
async function dumpEmbedded(dataDir: string, out: string, log: (l: string) => void) {
  if (!existsSync(join(dataDir, 'pglite'))) {
    throw new BackupError(`No embedded database in ${join(dataDir, 'pglite')}.`);
  }
  let data: Buffer;
  let lock: { release(): void } | undefined;
  try {
    lock = lockDataDir(dataDir);
  } catch (err) {
    if (!(err instanceof DataDirLockedError)) throw err;
  }
  if (lock) {
    log('the server is stopped: reading the database directly');
    try {
      const database = await openDatabase({ dataDir: join(dataDir, 'pglite') });
      try {
        data = Buffer.from(await (await database.dumpDataDir!()).arrayBuffer());
        await auditCopy(database.db, data.length);
      } finally {
        await database.close();
      }
    } finally {
      lock.release();
    }
  } else {
    log('the server is running: asking it for a consistent copy of the database');
    data = await requestDump(dataDir);
  }
  writeFileSync(out, data);
  log('checking the database copy');
  const copy = await PGlite.create({
    loadDataDir: new Blob([new Uint8Array(data)]),
    extensions: { unaccent, pg_trgm },
  });
  try {
    const { tables, migrations } = await countTables(
      async (q) => (await copy.query<Record<string, unknown>>(q)).rows,
    );
    return {
      kind: 'pglite',
      file: 'database/pglite.tar',
      migrations,
      tables,
      pglite: pgliteVersion(),
    } satisfies DatabasePart;
  } finally {
    await copy.close();
  }
}

/**
 * A PostgreSQL server: one repeatable-read snapshot, exported to pg_dump (custom
 * format), so the counts in the manifest are those of the dump.
 */
async function dumpServer(url: string, out: string, log: (l: string) => void) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const server = (await client.query<{ v: string }>('show server_version')).rows[0]!.v;
    const num = Number((await client.query<{ n: string }>('show server_version_num')).rows[0]!.n);
    const pgDump = await checkClientVersion('pg_dump', num);
    await client.query('begin isolation level repeatable read read only');
    const snapshot = (await client.query<{ s: string }>('select pg_export_snapshot() as s'))
      .rows[0]!.s;
    const { tables, migrations } = await countTables(
      async (q) => (await client.query<Record<string, unknown>>(q)).rows,
    );
    log('running pg_dump');
    const { url: bare, env } = splitPassword(url);
    await run(
      'pg_dump',
      ['--format=custom', `--snapshot=${snapshot}`, '--file', out, '--dbname', bare],
      env,
    );
    await client.query('commit');
    await auditCopy(drizzle({ client }) as unknown as Database, statSync(out).size);
    return {
      kind: 'postgres',
      file: 'database/postgres.dump',
      migrations,
      tables,
      server,
      pgDump,
    } satisfies DatabasePart;
  } finally {
    await client.end();
  }
}

/**
 * The audit trail's entry for a copy of the database (after it: the copy does not hold
 * it). The running server writes the same when it answers its socket.
 */
export function auditCopy(db: Database, bytes: number) {
  return recordAudit(db, {
    actor: null,
    action: 'backup.database_copied',
    target: { type: 'database', label: 'backup' },
    after: { bytes },
  });
}
