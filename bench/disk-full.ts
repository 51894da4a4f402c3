import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, statfsSync, writeFileSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../db/client.ts';
import { rowsOf } from '../db/database.ts';

/**
 * The embedded database's disk fills up (issue 17): DATA_DIR on a small tmpfs in a
 * private mount namespace (root needed), held by a `sleep` so it outlives the server.
 * The server runs in that namespace (nsenter); this script reaches the tmpfs through
 * /proc/<holder>/root. Steps: fill the disk but a little, keep submitting, see what the
 * public gets; free the space, submit again; stop, start again, and count every
 * acknowledged submission in the database itself.
 *
 *   node --import tsx bench/disk-full.ts [--size 160m] [--leave-kb 256] [--writes 3000] [--body 9000]
 */
const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '160m' },
    'leave-kb': { type: 'string', default: '256' },
    writes: { type: 'string', default: '3000' },
    /** Characters of each submission's text (at most 10,000). */
    body: { type: 'string', default: '9000' },
  },
});
const root = join(import.meta.dirname, '..');
const mount = mkdtempSync(join(tmpdir(), 'doithoai-diskfull-'));
const holder = spawn(
  'unshare',
  [
    '--mount',
    '--propagation',
    'private',
    'sh',
    '-c',
    `mount -t tmpfs -o size=${values.size} tmpfs ${mount} && echo mounted && exec sleep 100000`,
  ],
  { stdio: ['ignore', 'pipe', 'ignore'] },
);
// The tmpfs lives as long as this holder: never leave it behind.
process.on('exit', () => holder.kill('SIGKILL'));
await new Promise<void>((resolve) => holder.stdout!.once('data', () => resolve()));
const inside = `/proc/${holder.pid}/root${mount}`;

function startApp() {
  const child: ChildProcess = spawn(
    'nsenter',
    [
      '-t',
      String(holder.pid),
      '-m',
      `--wd=${root}`,
      process.execPath,
      '--import',
      'tsx',
      'server/main.ts',
    ],
    {
      cwd: root,
      env: {
        ...process.env,
        DATA_DIR: mount,
        PORT: '0',
        HOST: '127.0.0.1',
        JANUS_URL: 'off',
        TRUST_PROXY: '1',
        DATABASE_URL: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = new Promise<string>((resolve, reject) => {
    const check = () => {
      const m = /"url":"(http:\/\/127\.0\.0\.1:\d+)"[^\n]*"msg":"listening"/.exec(out);
      if (m) resolve(m[1]!);
    };
    child.stdout!.on('data', check);
    void exited.then((code) => reject(new Error(`exited ${code} before listening:\n${out}`)));
  });
  return { child, url, exited, output: () => out };
}

const free = () => {
  const s = statfsSync(inside);
  return s.bavail * s.bsize;
};

let app = startApp();
let url = await app.url;
const demo = {
  email: /e-mail:\s+(\S+)/.exec(app.output())![1]!,
  password: /password:\s+(\S+)/.exec(app.output())![1]!,
};
const login = await fetch(`${url}/api/v1/auth/login`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', origin: url },
  body: JSON.stringify(demo),
});
const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
const conferenceId = (
  (await (await fetch(`${url}/api/v1/conferences`, { headers: { cookie } })).json()) as {
    id: string;
  }[]
)[0]!.id;
const themeId = (
  (await (
    await fetch(`${url}/api/v1/conferences/${conferenceId}`, { headers: { cookie } })
  ).json()) as { themes: { id: string }[] }
).themes[0]!.id;

let n = 0;
const acknowledged: string[] = [];
async function submit() {
  const key = randomUUID();
  n++;
  try {
    const res = await fetch(`${url}/api/v1/conferences/${conferenceId}/contributions`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        origin: url,
        'x-forwarded-for': `10.9.${(n >> 8) & 255}.${n & 255}`,
      },
      body: JSON.stringify({
        themeId,
        kind: 'proposal',
        title: 'Đề xuất khi đĩa đầy',
        body: `Nội dung đề xuất đủ dài để được lưu lại. ${randomUUID().repeat(Number(values.body) / 36)}`,
        authorName: 'Người dân',
        authorKind: 'citizen',
        email: 'nguoi.dan@example.vn',
        consent: true,
        idempotencyKey: key,
      }),
    });
    const body = (await res.json()) as { error?: { message: string } };
    if (res.status < 300) acknowledged.push(key);
    return `${res.status}${body.error ? ` ${body.error.message}` : ''}`;
  } catch (err) {
    return `no answer (${(err as Error).message})`;
  }
}
const tally = (results: string[]) => {
  const counts = new Map<string, number>();
  for (const r of results) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts].map(([r, c]) => `${c}× ${r}`).join('; ');
};

console.log(`tmpfs ${values.size}; free after start: ${(free() / 1e6).toFixed(1)} MB`);
const filler = join(inside, 'filler');
const fill = Math.max(0, free() - Number(values['leave-kb']) * 1024);
writeFileSync(filler, Buffer.alloc(fill));
console.log(`filled: ${(free() / 1024).toFixed(0)} KB left`);
const full: string[] = [];
// Until the database refuses 20 in a row (or the process stops).
let refusedInARow = 0;
for (let i = 0; i < Number(values.writes) && refusedInARow < 20; i++) {
  if (app.child.exitCode !== null) break;
  const r = await submit();
  full.push(r);
  refusedInARow = r.startsWith('2') ? 0 : refusedInARow + 1;
}
console.log(`disk full, ${full.length} submissions: ${tally(full)}`);
console.log(
  `process alive: ${app.child.exitCode === null}; readyz ${(await fetch(`${url}/readyz`).catch(() => null))?.status ?? 'no answer'}`,
);
unlinkSync(filler);
console.log(`space returned: ${(free() / 1e6).toFixed(1)} MB free`);
const after: string[] = [];
for (let i = 0; i < 10; i++)
  after.push(app.child.exitCode === null ? await submit() : 'process gone');
console.log(`after: ${tally(after)}`);
// What the database said, as the server logged it (first distinct messages).
const said = new Set(
  [
    ...app.output().matchAll(/(could not [^"\\]{0,160}|No space left[^"\\]{0,60}|"code":"\w+")/g),
  ].map((m) => m[1]!),
);
console.log(`database errors logged: ${[...said].slice(0, 6).join(' | ') || 'none'}`);
if (app.child.exitCode === null) app.child.kill('SIGTERM');
console.log(`stopped with ${await app.exited}`);

app = startApp();
url = await app.url;
console.log('restarted');
app.child.kill('SIGTERM');
await app.exited;
const database = await openDatabase({ dataDir: join(inside, 'pglite') });
const rows = rowsOf<{ key: string }>(
  await database.db.execute(
    sql`select idempotency_key as key from contributions where conference_id = ${conferenceId}`,
  ),
);
const stored = new Set(rows.map((r) => r.key));
const integrity = rowsOf<{ n: number }>(
  await database.db.execute(sql`select count(*)::int as n from contributions`),
)[0]!.n;
await database.close();
console.log(
  `acknowledged ${acknowledged.length}, found after restart ${acknowledged.filter((k) => stored.has(k)).length}; contributions table readable (${integrity} rows)`,
);
holder.kill('SIGTERM');
rmSync(mount, { recursive: true, force: true });
