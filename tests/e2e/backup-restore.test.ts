import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { openDatabase } from '../../db/client.ts';
import { rowsOf } from '../../db/database.ts';
import { countTables } from '../../server/backup/manifest.ts';
import {
  freshDataDir,
  serverDatabaseUrl,
  startServer,
  type ServerProcess,
} from '../support/server-process.ts';
import { createServerDatabase, dropServerDatabase } from '../support/test-database.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

const running: ServerProcess[] = [];
const databases: string[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop('SIGKILL')));
  await Promise.all(databases.splice(0).map(dropServerDatabase));
});

async function start(opts: Parameters<typeof startServer>[0] = {}) {
  const server = await startServer(opts);
  running.push(server);
  return server;
}

/** `npm run admin -- <args>` with DATA_DIR (and DATABASE_URL) of the target. */
async function admin(args: string[], env: { dataDir: string; databaseUrl?: string }) {
  const childEnv: Record<string, string | undefined> = {
    ...process.env,
    DATA_DIR: env.dataDir,
    DATABASE_URL: env.databaseUrl,
  };
  if (!env.databaseUrl) delete childEnv.DATABASE_URL;
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', 'server/cli.ts', ...args],
      { cwd: root, env: childEnv },
    );
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

async function signIn(server: ServerProcess) {
  const res = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: server.demo!.email, password: server.demo!.password }),
  });
  expect(res.status).toBe(200);
  return res.headers.getSetCookie()[0]!.split(';')[0]!;
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

const mp4 = (size = 256 * 1024) => {
  const ftyp = Buffer.from('0000001c667479706d703432000000006d70343269736f6d61766331', 'hex');
  return Buffer.concat([ftyp, Buffer.alloc(size - ftyp.length, 7)]);
};

/**
 * A realistic instance: the demo's conference, contributions, articles with photos,
 * a started live session, an uploaded video, a raw recording of the session.
 */
async function populate(server: ServerProcess) {
  const cookie = await signIn(server);
  const [conference] = (await (
    await fetch(`${server.url}/api/v1/conferences`, { headers: { cookie } })
  ).json()) as { id: string }[];
  const command = (c: unknown) =>
    fetch(`${server.url}/api/v1/conferences/${conference!.id}/live/commands`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ commandId: crypto.randomUUID(), command: c }),
    });
  expect((await command({ type: 'session.start' })).status).toBeLessThan(300);
  const upload = await fetch(`${server.url}/media/videos?name=phong-su.mp4`, {
    method: 'POST',
    headers: { 'content-type': 'video/mp4', cookie },
    body: new Uint8Array(mp4()),
  });
  expect(upload.status).toBe(201);
  const video = (await upload.json()) as { src: string };

  const news = (await (await fetch(`${server.url}/api/v1/news`)).json()) as {
    items: { slug: string; title: string }[];
  };
  const article = news.items[0]!;
  const page = await (await fetch(`${server.url}/tin-tuc/${article.slug}`)).text();
  const photos = [...new Set([...page.matchAll(/src="(\/anh\/[^"]+)"/g)].map((m) => m[1]!))];
  expect(photos.length).toBeGreaterThan(0);
  const bytes = new Map<string, string>();
  for (const src of [...photos, video.src]) {
    const res = await fetch(`${server.url}${src}`);
    expect(res.status).toBe(200);
    bytes.set(src, sha(Buffer.from(await res.arrayBuffer())));
  }
  return { cookie, conferenceId: conference!.id, article, bytes };
}

const BACKUP_ACTIONS = `select action from audit_log where action like 'backup.%' order by at, id`;

async function embeddedCounts(dataDir: string) {
  const database = await openDatabase({ dataDir: join(dataDir, 'pglite') });
  try {
    const query = async (q: string) =>
      rowsOf<Record<string, unknown>>(await database.db.execute(sql.raw(q)));
    return {
      tables: (await countTables(query)).tables,
      actions: (await query(BACKUP_ACTIONS)).map((r) => r.action),
    };
  } finally {
    await database.close();
  }
}

async function serverCounts(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const query = async (q: string) => (await client.query(q)).rows;
    return {
      tables: (await countTables(query)).tables,
      actions: (await query(BACKUP_ACTIONS)).map((r) => r.action),
    };
  } finally {
    await client.end();
  }
}

/**
 * Rows per table of the source and the restored database, against the manifest: equal,
 * but for one audit entry each written after the copy (its copy, its restore).
 */
function expectSameRows(
  manifest: Record<string, number>,
  source: Awaited<ReturnType<typeof embeddedCounts>>,
  restored: Awaited<ReturnType<typeof embeddedCounts>>,
) {
  const audit = 'public.audit_log';
  expect(source.actions).toEqual(['backup.database_copied']);
  expect(restored.actions).toEqual(['backup.restored']);
  expect(source.tables[audit]).toBe(manifest[audit]! + 1);
  expect(restored.tables[audit]).toBe(manifest[audit]! + 1);
  expect(restored.tables).toEqual(source.tables);
  expect({ ...manifest, [audit]: 0 }).toEqual({ ...source.tables, [audit]: 0 });
  for (const t of MAIN_TABLES) expect(restored.tables[t], t).toBeGreaterThan(0);
}

async function readManifest(archive: string): Promise<{
  database: { tables: Record<string, number> };
  files: { path: string; size: number; partial?: boolean }[];
}> {
  const dir = freshDataDir();
  await run('tar', ['-xzf', archive, '-C', dir, './manifest.json']);
  return JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
}

/** The restored instance serves what the first one did, byte for byte. */
async function expectServed(server: ServerProcess, state: Awaited<ReturnType<typeof populate>>) {
  const page = await fetch(`${server.url}/tin-tuc/${state.article.slug}`);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain(state.article.title);
  for (const [src, hash] of state.bytes) {
    const res = await fetch(`${server.url}${src}`);
    expect(res.status, src).toBe(200);
    expect(sha(Buffer.from(await res.arrayBuffer())), src).toBe(hash);
  }
  // The session secret and the sessions came back: the same cookie is still signed in.
  const me = await fetch(`${server.url}/api/v1/conferences/${state.conferenceId}`, {
    headers: { cookie: state.cookie },
  });
  expect(me.status).toBe(200);
}

const MAIN_TABLES = [
  'public.conferences',
  'public.contributions',
  'public.conference_events',
  'public.articles',
  'public.news_videos',
  'public.photos',
  'public.photo_variants',
  'public.sessions',
];

describe('backups that restore', () => {
  it('a restore drill: backed up while running, restored into a fresh DATA_DIR, every row and file there and served (embedded PGlite)', async () => {
    const dataDir = freshDataDir();
    const first = await start({ dataDir });
    const state = await populate(first);
    // A raw recording, and an upload still being received: the first is kept, not the second.
    mkdirSync(join(dataDir, 'media/raw', state.conferenceId), { recursive: true });
    writeFileSync(join(dataDir, 'media/raw', state.conferenceId, 'site-audio.mjr'), mp4(4096));
    writeFileSync(join(dataDir, 'media/videos/.upload-partial'), 'half');

    const out = freshDataDir();
    const backup = await admin(['backup', '--to', out], { dataDir });
    expect(backup.stderr).toContain('the server is running');
    expect(backup.code, backup.stderr).toBe(0);
    const [name] = readdirSync(out);
    expect(name).toMatch(/^doi-thoai-backup-\d{8}-\d{6}\.tar\.gz$/);
    const archive = join(out, name!);
    const manifest = await readManifest(archive);
    const paths = manifest.files.map((f) => f.path);
    expect(paths).toContain('database/pglite.tar');
    expect(paths).toContain('session-secret');
    expect(paths).toContain(`media/raw/${state.conferenceId}/site-audio.mjr`);
    expect(paths.filter((p) => p.startsWith('media/videos/'))).toHaveLength(1);
    expect(paths.some((p) => p.includes('.upload-'))).toBe(false);

    // A target that holds anything is refused, and left as it was.
    const refused = await admin(['restore', '--from', archive], { dataDir });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('is not empty');

    const target = freshDataDir();
    const restored = await admin(['restore', '--from', archive], { dataDir: target });
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toContain('every table');

    const second = await start({ dataDir: target });
    await expectServed(second, state);
    expect(second.demo).toBeUndefined();
    await Promise.all([first.stop(), second.stop()]);

    // The two databases hold the same rows, table by table, as the manifest says.
    expectSameRows(
      manifest.database.tables,
      await embeddedCounts(dataDir),
      await embeddedCounts(target),
    );
  });

  it('a backup under a stream of writes: the server keeps answering, and the copy holds every write confirmed before it began', async () => {
    const dataDir = freshDataDir();
    const server = await start({ dataDir });
    const cookie = await signIn(server);
    const attempted: string[] = [];
    const confirmed: string[] = [];
    let stop = false;
    const worker = async (w: number) => {
      for (let i = 0; !stop; i++) {
        const email = `ghi-${w}-${i}@doithoai.example`;
        attempted.push(email);
        const res = await fetch(`${server.url}/api/v1/users`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie },
          body: JSON.stringify({ email, name: `Ghi ${w} ${i}`, password: 'mat-khau-dai-du-10' }),
        });
        expect(res.status).toBe(201);
        confirmed.push(email);
      }
    };
    const workers = [1, 2].map(worker);
    await expect.poll(() => confirmed.length, { interval: 50, timeout: 30_000 }).toBeGreaterThan(5);
    const before = [...confirmed];
    const out = freshDataDir();
    const backup = await admin(['backup', '--to', out], { dataDir });
    expect(backup.code, backup.stderr).toBe(0);
    // Still answering writes after the copy.
    const after = confirmed.length;
    await expect
      .poll(() => confirmed.length, { interval: 50, timeout: 30_000 })
      .toBeGreaterThan(after);
    stop = true;
    await Promise.all(workers);
    expect(server.output()).toMatch(/"msg":"backup: database copied"/);

    const target = freshDataDir();
    const restored = await admin(['restore', '--from', join(out, readdirSync(out)[0]!)], {
      dataDir: target,
    });
    expect(restored.code, restored.stderr).toBe(0);
    const database = await openDatabase({ dataDir: join(target, 'pglite') });
    try {
      const emails = rowsOf<{ email: string }>(
        await database.db.execute(sql`select email from users where email like 'ghi-%'`),
      ).map((r) => r.email);
      for (const email of before) expect(emails).toContain(email);
      for (const email of emails) expect(attempted).toContain(email);
    } finally {
      await database.close();
    }
  });

  it('refuses a damaged or altered archive with a clear message, and leaves the target empty', async () => {
    const dataDir = freshDataDir();
    const first = await start({ dataDir });
    await populate(first);
    await first.stop();
    const out = freshDataDir();
    // Stopped: the backup opens the database itself.
    const backup = await admin(['backup', '--to', out], { dataDir });
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stderr).toContain('the server is stopped');
    const archive = join(out, readdirSync(out)[0]!);

    // One byte of the video changed, the archive packed again.
    const unpacked = freshDataDir();
    await run('tar', ['-xzf', archive, '-C', unpacked]);
    const videos = join(unpacked, 'media/videos');
    const video = join(videos, readdirSync(videos)[0]!);
    const bytes = readFileSync(video);
    bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0xff;
    writeFileSync(video, bytes);
    const altered = join(out, 'altered.tar.gz');
    await run('tar', ['-czf', altered, '-C', unpacked, '.']);
    const target = freshDataDir();
    const refused = await admin(['restore', '--from', altered], { dataDir: target });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/damaged or was altered: media\/videos\/.*checksum mismatch/);
    expect(readdirSync(target)).toEqual([]);

    // Not an archive at all.
    const garbage = join(out, 'garbage.tar.gz');
    writeFileSync(garbage, readFileSync(archive).subarray(0, 1000));
    const unreadable = await admin(['restore', '--from', garbage], { dataDir: target });
    expect(unreadable.code).toBe(1);
    expect(unreadable.stderr).toContain('not a readable backup archive');
    expect(readdirSync(target)).toEqual([]);
    expect(existsSync(archive)).toBe(true);
  });

  it('a PostgreSQL server: pg_dump while running, restored into a new empty database, every row and file there and served', async (ctx) => {
    const databaseUrl = await serverDatabaseUrl();
    if (!databaseUrl) return ctx.skip();
    databases.push(databaseUrl);
    const dataDir = freshDataDir();
    const first = await start({ dataDir, databaseUrl, args: ['--demo'] });
    const state = await populate(first);

    const out = freshDataDir();
    const backup = await admin(['backup', '--to', out], { dataDir, databaseUrl });
    expect(backup.code, backup.stderr).toBe(0);
    const archive = join(out, readdirSync(out)[0]!);
    const manifest = await readManifest(archive);
    expect(manifest.files.map((f) => f.path)).toContain('database/postgres.dump');

    // The source database is not empty: refused.
    const refused = await admin(['restore', '--from', archive], {
      dataDir: freshDataDir(),
      databaseUrl,
    });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('is not empty');
    // An embedded target for a server backup: refused.
    const wrongKind = await admin(['restore', '--from', archive], { dataDir: freshDataDir() });
    expect(wrongKind.code).toBe(1);
    expect(wrongKind.stderr).toContain('set DATABASE_URL');

    const targetUrl = await createServerDatabase(process.env.DATABASE_URL!);
    databases.push(targetUrl);
    const target = freshDataDir();
    const restored = await admin(['restore', '--from', archive], {
      dataDir: target,
      databaseUrl: targetUrl,
    });
    expect(restored.code, restored.stderr).toBe(0);

    const second = await start({ dataDir: target, databaseUrl: targetUrl });
    await expectServed(second, state);
    await Promise.all([first.stop(), second.stop()]);
    expectSameRows(
      manifest.database.tables,
      await serverCounts(databaseUrl),
      await serverCounts(targetUrl),
    );
  });
});
