// Backup and restore of a realistic instance, timed end to end as an operator runs them
// (`npm run admin -- backup` / `restore`, each a new process), on the embedded database
// (backed up through the running instance's socket) and on PostgreSQL (DATABASE_URL or
// --pg URL). References in the same run: plain `tar -czf` of the same DATA_DIR (and
// `pg_dump -Fc` alone), `tar -xzf` (and `pg_restore`) for the restore.
//
//   node --import tsx bench/backup.ts [--articles 3000] [--contributions 5000] [--events 20000]
//     [--photos 40] [--media-mb 300] [--pg postgres://postgres@127.0.0.1:5432/postgres] [--dry]
//
// Results go to docs/performance.md (section "Backup and restore") unless --dry.
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import sharp from 'sharp';
import { openDatabase, type DatabaseHandle } from '../db/client.ts';
import { rowsOf } from '../db/database.ts';
import { lockDataDir } from '../db/data-dir-lock.ts';
import { loadDemoData } from '../domain/demo/demo-data.ts';
import { uploadPhoto } from '../domain/news/photos.ts';
import { serveBackupSocket } from '../server/backup/backup-socket.ts';
import { writePerformanceSection } from './support/perf-doc.ts';
import { seedArticles } from './support/portal-data.ts';

const { values } = parseArgs({
  options: {
    articles: { type: 'string', default: '3000' },
    contributions: { type: 'string', default: '5000' },
    events: { type: 'string', default: '20000' },
    photos: { type: 'string', default: '40' },
    'media-mb': { type: 'string', default: '300' },
    pg: { type: 'string', default: process.env.DATABASE_URL },
    dry: { type: 'boolean', default: false },
  },
});
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const load = loadavg()[0]!.toFixed(1);
const work = mkdtempSync(join(tmpdir(), 'doithoai-bench-backup-'));

function timed<T>(fn: () => T): { ms: number; value: T } {
  const start = performance.now();
  const value = fn();
  return { ms: performance.now() - start, value };
}

/** `npm run admin -- …` as a process; asynchronous, so this one can answer its socket. */
async function cli(args: string[], env: Record<string, string | undefined>) {
  const childEnv = { ...process.env, ...env };
  if (!env.DATABASE_URL) delete childEnv.DATABASE_URL;
  try {
    return (
      await run(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args], {
        cwd: root,
        env: childEnv,
      })
    ).stdout;
  } catch (err) {
    const e = err as { stderr: string; stdout: string };
    throw new Error(`cli ${args.join(' ')} failed:\n${e.stderr}${e.stdout}`);
  }
}
const run = promisify(execFile);

async function timedAsync<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

function du(path: string): number {
  return Number(execFileSync('du', ['-sb', path], { encoding: 'utf8' }).split('\t')[0]);
}

async function populate(database: DatabaseHandle, mediaDir: string) {
  const { db } = database;
  const started = performance.now();
  await loadDemoData(db);
  const [admin] = rowsOf<{ id: string; name: string; email: string; language: 'vi' | 'en' }>(
    await db.execute(sql`select id, name, email, language from users limit 1`),
  );
  const actor = { ...admin!, roles: ['admin' as const] };
  await seedArticles(database, Number(values.articles));
  const [conf] = rowsOf<{ id: string }>(await db.execute(sql`select id from conferences limit 1`));
  await db.execute(sql`
    insert into contributions (conference_id, theme_id, kind, title, body, status, author_name,
      author_kind, province, email, phone, tracking_id, support_count, published_at)
    select conference_id, theme_id, kind, title || ' (' || g || ')', body || ' ' || body, status,
      author_name, author_kind, province, 'nguoi' || g || '@example.vn', '09' || lpad(g::text, 8, '0'),
      md5(random()::text || g), support_count, published_at
    from (select * from contributions limit 1) c, generate_series(1, ${Number(values.contributions)}) g`);
  await db.execute(sql`
    insert into conference_events (conference_id, seq, type, payload, actor_name, at)
    select ${conf!.id}, g, 'turn.extended',
      jsonb_build_object('siteId', gen_random_uuid(), 'seconds', 60, 'note', 'Gia hạn thêm một phút cho điểm cầu'),
      'Chủ trì hội nghị', 1764500000000 + g * 1000
    from generate_series(1, ${Number(values.events)}) g`);
  for (let i = 0; i < Number(values.photos); i++) {
    // Noise compresses like a photograph does not: a realistic 1600×1067 JPEG size.
    const data = await sharp(randomBytes(400 * 267 * 3), {
      raw: { width: 400, height: 267, channels: 3 },
    })
      .resize(1600, 1067, { kernel: 'cubic' })
      .jpeg({ quality: 82 })
      .toBuffer();
    await uploadPhoto({ db, actor, file: { name: `anh-${i + 1}.jpg`, data } });
  }
  // A recording of the session (compressed video does not compress further) and a video.
  const mb = Number(values['media-mb']);
  mkdirSync(join(mediaDir, 'recordings', conf!.id), { recursive: true });
  mkdirSync(join(mediaDir, 'videos'), { recursive: true });
  const write = (path: string, size: number) => {
    const chunk = randomBytes(1024 * 1024);
    const parts = Array.from({ length: Math.max(1, Math.round(size)) }, () => chunk);
    // Different chunks so that nothing deduplicates: XOR the index into the first bytes.
    parts.forEach((p, i) => (parts[i] = Buffer.concat([Buffer.from(String(i)), p.subarray(8)])));
    writeFileSync(path, Buffer.concat(parts));
  };
  write(join(mediaDir, 'recordings', conf!.id, `${crypto.randomUUID()}.mp4`), mb * 0.8);
  write(join(mediaDir, 'videos', `${crypto.randomUUID()}.mp4`), mb * 0.2);
  console.log(`  data set built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

async function counts(database: DatabaseHandle) {
  const q = (t: string) =>
    database.db
      .execute(sql.raw(`select count(*)::int as n from ${t}`))
      .then((r) => rowsOf<{ n: number }>(r)[0]!.n);
  return {
    articles: await q('articles'),
    contributions: await q('contributions'),
    events: await q('conference_events'),
    photos: await q('photos'),
  };
}

interface Row {
  backend: string;
  what: string;
  seconds: number;
  size?: number;
}
const rows: Row[] = [];
const add = (backend: string, what: string, ms: number, size?: number) => {
  rows.push({ backend, what, seconds: ms / 1000, size });
  console.log(
    `  ${what}: ${(ms / 1000).toFixed(1)} s${size ? `, ${(size / 1048576).toFixed(0)} MiB` : ''}`,
  );
};
let dataset = '';

// --- Embedded PGlite, backed up while it runs ---------------------------------------
{
  console.log('embedded PGlite');
  const dataDir = join(work, 'pglite-data');
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(join(dataDir, 'session-secret'), randomBytes(48).toString('base64url'));
  const lock = lockDataDir(dataDir);
  const database = await openDatabase({ dataDir: join(dataDir, 'pglite') });
  await database.migrate();
  await populate(database, join(dataDir, 'media'));
  const c = await counts(database);
  dataset = `${c.articles} articles, ${c.contributions} contributions, ${c.events} live events, ${c.photos} photos (1600×1067 JPEG and their variants), a ${(Number(values['media-mb']) * 0.8).toFixed(0)} MB recording and a ${(Number(values['media-mb']) * 0.2).toFixed(0)} MB video`;
  // This process plays the running server: it holds the lock and answers on the socket.
  const socket = await serveBackupSocket(dataDir, () => database.dumpDataDir!(), console.error);
  const size = du(dataDir);
  const out = join(work, 'pglite-out');
  const b = await timedAsync(() => cli(['backup', '--to', out], { DATA_DIR: dataDir }));
  const archive = join(out, readdirSync(out)[0]!);
  add('PGlite', 'backup (running instance)', b.ms, statSync(archive).size);
  const ref = timed(() =>
    execFileSync('tar', [
      '-czf',
      join(work, 'ref.tar.gz'),
      '--exclude=./backup.sock',
      '-C',
      dataDir,
      '.',
    ]),
  );
  add('PGlite', 'reference: tar -czf of DATA_DIR (not consistent while it runs)', ref.ms);
  await socket.close();
  await database.close();
  lock.release();
  const target = join(work, 'pglite-restored');
  const r = await timedAsync(() => cli(['restore', '--from', archive], { DATA_DIR: target }));
  add('PGlite', 'restore (checks every checksum and row count)', r.ms);
  const refR = join(work, 'ref-untar');
  mkdirSync(refR);
  const rr = timed(() => execFileSync('tar', ['-xzf', join(work, 'ref.tar.gz'), '-C', refR]));
  add('PGlite', 'reference: tar -xzf of that', rr.ms);
  console.log(`  DATA_DIR ${(size / 1048576).toFixed(0)} MiB`);
  dataset += `; DATA_DIR ${(size / 1048576).toFixed(0)} MiB on disk`;
  rmSync(refR, { recursive: true, force: true });
  rmSync(join(work, 'ref.tar.gz'), { force: true });
  rmSync(out, { recursive: true, force: true });
}

// --- PostgreSQL -------------------------------------------------------------------
if (values.pg) {
  console.log('PostgreSQL');
  const make = async () => {
    const name = `bench_backup_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: values.pg });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const u = new URL(values.pg!);
    u.pathname = `/${name}`;
    return { name, url: u.toString() };
  };
  const drop = async (name: string) => {
    const admin = new pg.Client({ connectionString: values.pg });
    await admin.connect();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  };
  const source = await make();
  const target = await make();
  try {
    const dataDir = join(work, 'pg-data');
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(join(dataDir, 'session-secret'), randomBytes(48).toString('base64url'));
    const database = await openDatabase({ url: source.url });
    await database.migrate();
    await populate(database, join(dataDir, 'media'));
    const server = (await database.db.execute(sql`show server_version`)) as unknown as {
      rows: { server_version: string }[];
    };
    const out = join(work, 'pg-out');
    const b = await timedAsync(() =>
      cli(['backup', '--to', out], { DATA_DIR: dataDir, DATABASE_URL: source.url }),
    );
    const archive = join(out, readdirSync(out)[0]!);
    add(
      'PostgreSQL',
      `backup (server ${server.rows[0]!.server_version.split(' ')[0]}, while in use)`,
      b.ms,
      statSync(archive).size,
    );
    const dump = join(work, 'ref.dump');
    const ref = timed(() => execFileSync('pg_dump', ['-Fc', '-f', dump, '-d', source.url]));
    add('PostgreSQL', 'reference: pg_dump -Fc alone', ref.ms, statSync(dump).size);
    const refT = timed(() =>
      execFileSync('tar', [
        '-czf',
        join(work, 'ref.tar.gz'),
        '--exclude=./backup.sock',
        '-C',
        dataDir,
        '.',
      ]),
    );
    add('PostgreSQL', 'reference: tar -czf of DATA_DIR (the files)', refT.ms);
    await database.close();
    const r = await timedAsync(() =>
      cli(['restore', '--from', archive], {
        DATA_DIR: join(work, 'pg-restored'),
        DATABASE_URL: target.url,
      }),
    );
    add('PostgreSQL', 'restore (checks every checksum and row count)', r.ms);
    await drop(target.name);
    const again = await make();
    const rr = timed(() => execFileSync('pg_restore', ['--no-owner', '-d', again.url, dump]));
    add('PostgreSQL', 'reference: pg_restore of that dump alone', rr.ms);
    await drop(again.name);
  } finally {
    await drop(source.name);
    await drop(target.name);
  }
}
rmSync(work, { recursive: true, force: true });

const table = [
  '| database | step | time | archive |',
  '|---|---|---|---|',
  ...rows.map(
    (r) =>
      `| ${r.backend} | ${r.what} | ${r.seconds.toFixed(1)} s | ${r.size ? `${(r.size / 1048576).toFixed(0)} MiB` : ''} |`,
  ),
].join('\n');
console.log(`\n${table}`);

if (!values.dry) {
  const section = `## Backup and restore

Measured ${new Date().toISOString().slice(0, 16)}Z on ${cpus().length} cores (${cpus()[0]!.model.split(' ').slice(0, 2).join(' ')}), Node ${process.versions.node}, load average ${load} at the start. Reproduce: \`node --import tsx bench/backup.ts\` (\`--pg URL\` or DATABASE_URL adds PostgreSQL, \`--dry\` writes nothing here). The data set: ${dataset}. Each step is one \`npm run admin -- backup|restore\` process, wall time including Node's start; the embedded database is backed up while an instance holds it (through its socket, docs/decisions/0013-backups.md).

${table}

**Reading.** Most of the time goes to gzip over the media (video does not compress): the recording dominates the archive, as it would \`tar\`'s. The embedded database adds the copy of its directory through the socket and a check of that copy (opened in memory, every table counted); the restore adds reading every file's SHA-256 and counting every table after loading. Both stay within a small factor of the plain tools; see docs/operations.md for what it means for an office.
`;
  writePerformanceSection('Backup and restore', section);
}
