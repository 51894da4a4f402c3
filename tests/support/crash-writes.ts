import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { openDatabase } from '../../db/client.ts';
import { rowsOf } from '../../db/database.ts';
import { sql } from 'drizzle-orm';
import { startServer, freshDataDir, type ServerProcess } from './server-process.ts';

/**
 * Kill -9 during public submissions and article edits (issue 17), then restart: every
 * write answered 2xx must be there exactly once. Submissions carry the form's
 * idempotency key, so the ones that got no answer are sent again with the same key (as
 * the form does) and must end up stored once. Edits set a unique summary: each edit
 * answered 2xx must be in exactly one revision.
 */
export async function crashDuringWrites(opts: {
  /** PostgreSQL database URL; absent: the embedded PGlite in a fresh DATA_DIR. */
  databaseUrl?: string;
  submissions: number;
  edits: number;
  /** Requests in flight at once. */
  concurrency: number;
  /** Kill once this many writes have been answered. */
  killAfter: number;
}) {
  const dataDir = freshDataDir();
  const serverOpts = {
    dataDir,
    databaseUrl: opts.databaseUrl,
    args: opts.databaseUrl ? ['--demo'] : [],
    // Each submission from its own address (the per-address limit is 5 in 10 minutes).
    env: { TRUST_PROXY: '1' },
  };
  let app: ServerProcess = await startServer(serverOpts);
  const demo = app.demo!;
  const signIn = async () => {
    const res = await fetch(`${app.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: app.url },
      body: JSON.stringify(demo),
    });
    return res.headers.getSetCookie()[0]!.split(';')[0]!;
  };
  let cookie = await signIn();
  const json = (method: string, path: string, body: unknown, headers = {}) =>
    fetch(`${app.url}/api/v1${path}`, {
      method,
      headers: { 'content-type': 'application/json', origin: app.url, ...headers },
      body: JSON.stringify(body),
    });
  const conferences = (await (
    await fetch(`${app.url}/api/v1/conferences`, { headers: { cookie } })
  ).json()) as { id: string }[];
  const conferenceId = conferences[0]!.id;
  const overview = (await (
    await fetch(`${app.url}/api/v1/conferences/${conferenceId}`, { headers: { cookie } })
  ).json()) as { themes: { id: string }[] };
  const themeId = overview.themes[0]!.id;
  const articles: string[] = [];
  for (let i = 0; i < 10; i++) {
    const res = await json(
      'POST',
      '/articles',
      { title: `Bài thử sự cố ${i}`, bodyHtml: '<p>Nội dung</p>' },
      { cookie },
    );
    articles.push(((await res.json()) as { id: string }).id);
  }

  type Write = {
    kind: 'submission' | 'edit';
    key: string;
    ip: string;
    article?: string;
    status?: number;
    id?: string;
  };
  const writes: Write[] = [];
  for (let i = 0; i < opts.submissions; i++)
    writes.push({
      kind: 'submission',
      key: randomUUID(),
      ip: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
    });
  for (let i = 0; i < opts.edits; i++)
    writes.push({ kind: 'edit', key: `sửa ${randomUUID()}`, ip: '', article: articles[i % 10] });
  // Interleaved: submissions and edits at the same time.
  writes.sort(() => Math.random() - 0.5);

  const send = async (w: Write) => {
    const res =
      w.kind === 'submission'
        ? await json(
            'POST',
            `/conferences/${conferenceId}/contributions`,
            {
              themeId,
              kind: 'proposal',
              title: 'Đề xuất gửi trong lúc máy chủ gặp sự cố',
              body: 'Nội dung đề xuất đủ dài để được lưu lại trong cơ sở dữ liệu.',
              authorName: 'Người dân',
              authorKind: 'citizen',
              email: 'nguoi.dan@example.vn',
              consent: true,
              idempotencyKey: w.key,
            },
            { 'x-forwarded-for': w.ip },
          )
        : await json('PATCH', `/articles/${w.article}`, { summary: w.key }, { cookie });
    const body = (await res.json()) as { id?: string };
    return { status: res.status, id: body.id };
  };

  let answered = 0;
  let killed = false;
  let next = 0;
  const killedAt = new Promise<void>((resolve) => {
    const worker = async () => {
      while (next < writes.length && !killed) {
        const w = writes[next++]!;
        try {
          const r = await send(w);
          w.status = r.status;
          w.id = r.id;
        } catch {
          // The connection died with the process: no answer.
        }
        if (++answered >= opts.killAfter && !killed) {
          killed = true;
          app.child.kill('SIGKILL');
          resolve();
        }
      }
    };
    void Promise.all(Array.from({ length: opts.concurrency }, worker)).then(() => resolve());
  });
  await killedAt;
  await app.exited;
  const acknowledged = writes.filter((w) => w.status && w.status < 300);
  const other = writes.filter((w) => w.status && w.status >= 300);
  const sent = writes.slice(0, next);

  const restartStarted = Date.now();
  app = await startServer(serverOpts);
  const restartMs = Date.now() - restartStarted;
  cookie = await signIn();
  // The form sends again what got no answer, with the same key.
  let retried = 0;
  for (const w of writes.filter((w) => w.kind === 'submission' && !(w.status! < 300))) {
    const r = await send(w);
    if (r.status !== 201) throw new Error(`retry answered ${r.status}`);
    w.id = r.id;
    retried++;
  }
  await app.stop();

  // Counted in the database itself, after a clean stop (PGlite opens in one process).
  const database = await openDatabase({
    url: opts.databaseUrl,
    dataDir: opts.databaseUrl ? undefined : join(dataDir, 'pglite'),
  });
  try {
    const rows = rowsOf<{ key: string; n: number }>(
      await database.db.execute(
        sql`select idempotency_key as key, count(*)::int as n from contributions where conference_id = ${conferenceId} group by 1`,
      ),
    );
    const stored = new Map(rows.map((r) => [r.key, r.n]));
    const revisions = rowsOf<{ summary: string; n: number }>(
      await database.db.execute(
        sql`select snapshot->>'summary' as summary, count(*)::int as n from article_revisions where article_id in (${sql.join(
          articles.map((a) => sql`${a}::uuid`),
          sql`, `,
        )}) group by 1`,
      ),
    );
    const edited = new Map(revisions.map((r) => [r.summary, r.n]));
    const submissions = writes.filter((w) => w.kind === 'submission');
    const lost = acknowledged.filter((w) =>
      w.kind === 'submission' ? stored.get(w.key) !== 1 : edited.get(w.key) !== 1,
    );
    // The edits' own summaries only (the articles' first revisions have an empty one).
    const marks = writes.filter((w) => w.kind === 'edit').map((w) => edited.get(w.key) ?? 0);
    // Ours only (the demo data's contributions carry no key of ours).
    const keys = writes.filter((w) => w.kind === 'submission').map((w) => stored.get(w.key) ?? 0);
    const twice = [...keys, ...marks].filter((n) => n > 1).length;
    return {
      database: opts.databaseUrl ? 'PostgreSQL' : 'PGlite',
      writes: writes.length,
      sent: sent.length,
      acknowledged: acknowledged.length,
      acknowledgedSubmissions: acknowledged.filter((w) => w.kind === 'submission').length,
      acknowledgedEdits: acknowledged.filter((w) => w.kind === 'edit').length,
      refused: other.length,
      /** Status codes of the refused, e.g. {"503": 12}. */
      refusedStatuses: Object.fromEntries(
        [...new Set(other.map((w) => w.status!))].map((st) => [
          st,
          other.filter((w) => w.status === st).length,
        ]),
      ),
      noAnswer: sent.length - acknowledged.length - other.length,
      retried,
      submissionsStored: submissions.filter((w) => stored.get(w.key) === 1).length,
      submissionsExpected: submissions.length,
      lost: lost.length,
      twice,
      restartMs,
      dataDir,
    };
  } finally {
    await database.close();
  }
}
