import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { projectRoot as root } from '../../db/project-root.ts';

export const MANIFEST = 'manifest.json';

export const Manifest = z.object({
  format: z.literal('doi-thoai-backup'),
  formatVersion: z.literal(1),
  createdAt: z.string(),
  app: z.object({ version: z.string() }),
  database: z.object({
    kind: z.enum(['pglite', 'postgres']),
    /** Path of the dump inside the archive. */
    file: z.string(),
    /** Rows of drizzle.__drizzle_migrations: the migration level. */
    migrations: z.number().int().nonnegative(),
    /** "schema.table" → rows, as read from the dump itself (PGlite) or its snapshot. */
    tables: z.record(z.string(), z.number().int().nonnegative()),
    pglite: z.string().optional(),
    server: z.string().optional(),
    pgDump: z.string().optional(),
  }),
  files: z.array(
    z.object({
      path: z.string(),
      size: z.number().int().nonnegative(),
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
      /** Changed while it was copied (a recording still being written). */
      partial: z.boolean().optional(),
    }),
  ),
  notes: z.array(z.string()),
});
export type Manifest = z.infer<typeof Manifest>;

export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

export function appVersion(): string {
  return (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string })
    .version;
}

export function pgliteVersion(): string {
  return (
    JSON.parse(
      readFileSync(join(root, 'node_modules/@electric-sql/pglite/package.json'), 'utf8'),
    ) as { version: string }
  ).version;
}

/** Migrations this code knows (db/migrations/meta/_journal.json). */
export function knownMigrations(): number {
  const journal = JSON.parse(
    readFileSync(join(root, 'db/migrations/meta/_journal.json'), 'utf8'),
  ) as { entries: unknown[] };
  return journal.entries.length;
}

export function sha256File(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (c) => hash.update(c))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

type Query = (sql: string) => Promise<Record<string, unknown>[]>;

/** Rows per table of the app's schemas, and the migration level. */
export async function countTables(
  query: Query,
): Promise<{ tables: Record<string, number>; migrations: number }> {
  const names = await query(
    `select table_schema as s, table_name as t from information_schema.tables
     where table_type = 'BASE TABLE' and table_schema in ('public', 'drizzle')
     order by 1, 2`,
  );
  const tables: Record<string, number> = {};
  for (const { s, t } of names as { s: string; t: string }[]) {
    const quoted = `"${s.replace(/"/g, '""')}"."${t.replace(/"/g, '""')}"`;
    const [row] = await query(`select count(*)::int as n from ${quoted}`);
    tables[`${s}.${t}`] = Number(row?.n ?? 0);
  }
  return { tables, migrations: tables['drizzle.__drizzle_migrations'] ?? 0 };
}

/** Runs a program; rejects with its stderr when it fails. */
export function run(
  cmd: string,
  args: string[],
  env: Record<string, string | undefined> = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', (e: NodeJS.ErrnoException) =>
      reject(new BackupError(e.code === 'ENOENT' ? `${cmd} is not installed` : e.message)),
    );
    child.on('close', (code) =>
      code === 0
        ? resolve(out)
        : reject(new BackupError(`${cmd} failed (${code}): ${err.trim() || out.trim()}`)),
    );
  });
}

/** The URL without its password, and the password for PGPASSWORD (not on a command line). */
export function splitPassword(url: string): { url: string; env: Record<string, string> } {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = '';
  return { url: u.toString(), env: password ? { PGPASSWORD: password } : {} };
}

/** The client tool's major version must be at least the server's. */
export async function checkClientVersion(
  tool: 'pg_dump' | 'pg_restore',
  serverVersionNum: number,
): Promise<string> {
  const out = (await run(tool, ['--version'])).trim();
  const major = Number(/(\d+)(?:\.\d+)?/.exec(out)?.[1] ?? 0);
  const serverMajor = Math.floor(serverVersionNum / 10000);
  if (major < serverMajor) {
    throw new BackupError(
      `${out} is older than the PostgreSQL server (${serverMajor}): install postgresql-client-${serverMajor} (or newer) and run again.`,
    );
  }
  return out;
}

/** YYYYMMDD-HHmmss in UTC. */
export function stamp(date: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${date.getUTCFullYear()}${p(date.getUTCMonth() + 1)}${p(date.getUTCDate())}-${p(date.getUTCHours())}${p(date.getUTCMinutes())}${p(date.getUTCSeconds())}`;
}
