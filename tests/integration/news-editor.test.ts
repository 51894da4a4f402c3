import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../domain/auth/policies.ts';
import { insertUser } from '../../domain/auth/users.ts';
import {
  createArticle,
  getArticleForEdit,
  getPublishedArticle,
  publishArticle,
  unpublishArticle,
  updateArticle,
} from '../../domain/news/articles.ts';
import { previewBody } from '../../domain/news/render.ts';
import { receiveVideo, VIDEO_MAX_BYTES } from '../../domain/news/videos.ts';
import { CreateArticleRequest } from '../../protocol/news.ts';
import { recordings } from '../../db/schema/recordings.ts';
import { buildConference, pngBytes } from '../support/builders.ts';
import { createTestDatabase } from '../support/test-database.ts';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let editor: Actor;
let reader: Actor;
let mediaDir: string;

beforeAll(async () => {
  database = await createTestDatabase();
  mediaDir = await mkdtemp(join(tmpdir(), 'doithoai-videos-'));
  const make = async (roles: ('admin' | 'editor')[]) => {
    const row = await insertUser(database.db, {
      email: `bt-${randomUUID()}@doithoai.example`,
      name: roles.length ? 'Biên tập viên' : 'Bạn đọc',
      password: 'mat-khau-dai-du-10',
      roles,
    });
    return { id: row.id, name: row.name, email: row.email, language: 'vi' as const, roles };
  };
  editor = await make(['editor']);
  reader = await make([]);
});
afterAll(async () => {
  await database.close();
  await rm(mediaDir, { recursive: true, force: true });
});

const db = () => database.db;
const article = (title: string, extra: Record<string, unknown> = {}) =>
  createArticle({
    db: db(),
    actor: editor,
    input: CreateArticleRequest.parse({ title, ...extra }),
  });
const history = async (articleId: string) =>
  (await getArticleForEdit({ db: db(), actor: editor, articleId })).revisions;

/** The start of an MP4: an `ftyp` box (what the type check reads), then some bytes. */
const mp4 = (size = 64 * 1024) => {
  const ftyp = Buffer.from('0000001c667479706d703432000000006d70343269736f6d61766331', 'hex');
  return Buffer.concat([ftyp, Buffer.alloc(size - ftyp.length, 7)]);
};

describe('publication dates', () => {
  it('unpublishing and publishing again keeps the date; "update the date" makes it now', async () => {
    const a = await article('Bài đăng rồi gỡ rồi đăng lại giữ ngày');
    const first = await publishArticle({ db: db(), actor: editor, articleId: a.id });
    await unpublishArticle({ db: db(), actor: editor, articleId: a.id });
    const again = await publishArticle({ db: db(), actor: editor, articleId: a.id });
    expect(again.publishedAt!.toISOString()).toBe(first.publishedAt!.toISOString());
    // Publishing what is already live changes nothing and records nothing.
    await publishArticle({ db: db(), actor: editor, articleId: a.id });
    await new Promise((r) => setTimeout(r, 20));
    const redated = await publishArticle({
      db: db(),
      actor: editor,
      articleId: a.id,
      redate: true,
    });
    expect(redated.publishedAt!.getTime()).toBeGreaterThan(first.publishedAt!.getTime());
    expect((await history(a.id)).map((r) => r.action)).toEqual([
      'redated',
      'republished',
      'unpublished',
      'published',
      'created',
    ]);
  });

  it('an old article is imported with its own date, and a future date schedules', async () => {
    const old = await article('Bài cũ nhập lại với ngày đăng năm 2021');
    const at = new Date('2021-03-15T02:30:00Z');
    await publishArticle({ db: db(), actor: editor, articleId: old.id, publishAt: at });
    const page = await getPublishedArticle({ db: db(), slug: old.slug });
    expect(page.article.publishedAt!.toISOString()).toBe(at.toISOString());
    const [backdated] = await history(old.id);
    expect(backdated).toMatchObject({
      action: 'published_backdated',
      publishedAt: at.toISOString(),
    });

    const later = await article('Bài hẹn giờ đăng tuần sau');
    const next = new Date(Date.now() + 7 * 86_400_000);
    await publishArticle({ db: db(), actor: editor, articleId: later.id, publishAt: next });
    expect((await history(later.id))[0]!.action).toBe('scheduled');
    await expect(getPublishedArticle({ db: db(), slug: later.slug })).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('only editors publish and unpublish', async () => {
    const a = await article('Bài chỉ biên tập viên mới được đăng');
    await expect(
      publishArticle({ db: db(), actor: reader, articleId: a.id }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      unpublishArticle({ db: db(), actor: reader, articleId: a.id }),
    ).rejects.toMatchObject({ code: 'forbidden' });
  });
});

describe('history', () => {
  it('shows what changed in title, sapo and body; a save that changes nothing is not a version', async () => {
    const a = await article('Hội nghị bàn về nhân lực số', {
      summary: 'Sapo ban đầu của bài.',
      bodyHtml: '<p>Đoạn một nói về đào tạo cán bộ.</p><p>Đoạn hai giữ nguyên.</p>',
    });
    await updateArticle({
      db: db(),
      actor: editor,
      articleId: a.id,
      input: { title: a.title, summary: a.summary },
    });
    expect((await history(a.id)).map((r) => r.action)).toEqual(['created']);
    await updateArticle({
      db: db(),
      actor: editor,
      articleId: a.id,
      input: {
        title: 'Hội nghị bàn giải pháp nhân lực số',
        bodyHtml: '<p>Đoạn một nói về đào tạo và giữ chân cán bộ.</p><p>Đoạn hai giữ nguyên.</p>',
      },
    });
    const [edit] = await history(a.id);
    expect(edit!.action).toBe('updated');
    expect(edit!.changes.map((c) => c.field)).toEqual(['title', 'body']);
    const title = edit!.changes[0]!.parts;
    expect(title.filter((p) => p.kind === 'removed').map((p) => p.text.trim())).toEqual(['về']);
    expect(title.filter((p) => p.kind === 'added').map((p) => p.text.trim())).toEqual([
      'giải pháp',
    ]);
    const body = edit!.changes[1]!.parts;
    expect(body.filter((p) => p.kind === 'added').map((p) => p.text.trim())).toEqual([
      'và giữ chân',
    ]);
    expect(body.some((p) => p.kind === 'removed')).toBe(false);
    // Publishing after a save records the publication, not an empty edit.
    await publishArticle({ db: db(), actor: editor, articleId: a.id });
    const [published] = await history(a.id);
    expect(published).toMatchObject({ action: 'published', changes: [] });
  });
});

describe('two editors on one article', () => {
  it('a save from a version someone else has saved since is refused, and keeps their work', async () => {
    const a = await article('Bài hai biên tập viên cùng mở', {
      bodyHtml: '<p>Đoạn gốc.</p>',
    });
    const opened = a.updatedAt;
    // The first editor adds a paragraph and saves from the version both opened.
    const first = await updateArticle({
      db: db(),
      actor: editor,
      articleId: a.id,
      input: {
        bodyHtml: '<p>Đoạn gốc.</p><p>Đoạn do biên tập viên 1 thêm.</p>',
        baseUpdatedAt: opened,
      },
    });
    // The second, still on that version, changes the title: refused, nothing written.
    const second = updateArticle({
      db: db(),
      actor: editor,
      articleId: a.id,
      input: {
        title: 'Bài hai biên tập viên – cập nhật',
        bodyHtml: '<p>Đoạn gốc.</p>',
        baseUpdatedAt: opened,
      },
    });
    await expect(second).rejects.toMatchObject({
      code: 'conflict',
      messageKey: 'news.editConflict',
    });
    const now = (await getArticleForEdit({ db: db(), actor: editor, articleId: a.id })).article;
    expect(now.title).toBe('Bài hai biên tập viên cùng mở');
    expect(now.bodyHtml).toContain('Đoạn do biên tập viên 1 thêm.');
    // From the version they now see, the save goes through.
    await updateArticle({
      db: db(),
      actor: editor,
      articleId: a.id,
      input: { title: 'Bài hai biên tập viên – cập nhật', baseUpdatedAt: first.updatedAt },
    });
    // Saves that name no version (the API's older callers) are not checked.
    await updateArticle({ db: db(), actor: editor, articleId: a.id, input: { summary: 'Sapo.' } });
    // Two saves from the same version at the same moment: exactly one wins.
    const base = (await getArticleForEdit({ db: db(), actor: editor, articleId: a.id })).article
      .updatedAt;
    const results = await Promise.allSettled(
      ['A', 'B'].map((who) =>
        updateArticle({
          db: db(),
          actor: editor,
          articleId: a.id,
          input: { summary: `Sapo của ${who}.`, baseUpdatedAt: base },
        }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
  });
});

describe('videos', () => {
  it('an uploaded MP4 is checked by content and size, kept as a file, and shown in a body', async () => {
    await expect(
      receiveVideo({
        db: db(),
        actor: reader,
        mediaDir,
        name: 'a.mp4',
        body: Readable.from([mp4()]),
      }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      receiveVideo({
        db: db(),
        actor: editor,
        mediaDir,
        name: 'anh.mp4',
        body: Readable.from([pngBytes()]),
      }),
    ).rejects.toMatchObject({ code: 'unsupported_file' });
    await expect(
      receiveVideo({
        db: db(),
        actor: editor,
        mediaDir,
        name: 'lon.mp4',
        declaredBytes: VIDEO_MAX_BYTES + 1,
        body: Readable.from([mp4()]),
      }),
    ).rejects.toMatchObject({ code: 'file_too_large' });
    // Nothing half-written is left behind.
    expect((await readdir(join(mediaDir, 'videos'))).filter((f) => f.startsWith('.'))).toEqual([]);

    const video = await receiveVideo({
      db: db(),
      actor: editor,
      mediaDir,
      name: 'Phóng sự hội nghị.mp4',
      body: Readable.from([mp4(200_000)]),
    });
    expect(video.src).toBe(`/media/videos/${video.id}.mp4`);
    expect((await stat(join(mediaDir, 'videos', `${video.id}.mp4`))).size).toBe(200_000);

    const unknown = `/media/videos/${randomUUID()}.mp4`;
    const recording = `/media/recordings/${randomUUID()}/${randomUUID()}.mp4`;
    const figure = (src: string, caption: string) =>
      `<figure class="video"><video src="${src}"></video><figcaption>${caption}</figcaption></figure>`;
    const a = await article('Bài có video phóng sự hội nghị', {
      bodyHtml:
        '<p>Mở đầu.</p>' +
        figure(video.src, 'Phóng sự') +
        figure(unknown, 'Không có') +
        figure(recording, 'Bản ghi không có'),
    });
    expect(a.bodyHtml).toBe(
      `<p>Mở đầu.</p><figure class="video"><video src="${video.src}" controls preload="metadata"></video><figcaption>Phóng sự</figcaption></figure>`,
    );
    expect(a.droppedImages).toEqual([unknown, recording]);
  });

  it('a conference recording is shown when it is assembled, and only under its conference', async () => {
    const admin = await insertUser(db(), {
      email: `qt-${randomUUID()}@doithoai.example`,
      name: 'Quản trị',
      password: 'mat-khau-dai-du-10',
      roles: ['admin'],
    });
    const conference = await buildConference(db(), {
      id: admin.id,
      name: admin.name,
      email: admin.email,
      language: 'vi',
      roles: ['admin'],
    });
    const [ready, queued] = await db()
      .insert(recordings)
      .values([
        { conferenceId: conference.id, endedSeq: 1, status: 'ready', path: 'recordings/x.mp4' },
        { conferenceId: conference.id, endedSeq: 2, status: 'queued' },
      ])
      .returning();
    const src = (c: string, r: string) => `/media/recordings/${c}/${r}.mp4`;
    const figure = (url: string) =>
      `<figure class="video"><video src="${url}"></video><figcaption>Bản ghi</figcaption></figure>`;
    const a = await article('Bài có video bản ghi phiên đối thoại', {
      bodyHtml:
        figure(src(conference.id, ready!.id)) +
        figure(src(conference.id, queued!.id)) +
        figure(src(randomUUID(), ready!.id)),
    });
    expect(a.bodyHtml).toBe(
      `<figure class="video"><video src="${src(conference.id, ready!.id)}" controls preload="metadata"></video><figcaption>Bản ghi</figcaption></figure>`,
    );
    expect(a.droppedImages).toHaveLength(2);
  });

  it('the preview is the body sanitised as saving would, for editors only', async () => {
    const html = '<p>Xem</p><p></p><script>alert(1)</script><img src="https://x.example/a.jpg">';
    expect(await previewBody({ db: db(), actor: editor, html })).toBe('<p>Xem</p>');
    await expect(previewBody({ db: db(), actor: reader, html })).rejects.toMatchObject({
      code: 'forbidden',
    });
  });
});
