import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { openDatabase } from '../../db/client.ts';
import { articles, articleViews } from '../../db/schema/news.ts';
import type { Actor } from '../../domain/auth/policies.ts';
import { insertUser } from '../../domain/auth/users.ts';
import {
  createArticle,
  getPublishedArticle,
  listArticles,
  publishArticle,
  unpublishArticle,
  updateArticle,
} from '../../domain/news/articles.ts';
import { readPhotoVariant, uploadPhoto } from '../../domain/news/photos.ts';
import { createViewCounter } from '../../domain/news/views.ts';
import { createSearchLimiter, searchArticles } from '../../domain/news/search.ts';
import { CreateArticleRequest } from '../../protocol/news.ts';
import { pngBytes } from '../support/builders.ts';
import { createTestDatabase } from '../support/test-database.ts';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let editor: Actor;
let reader: Actor;

beforeAll(async () => {
  database = await createTestDatabase();
  const make = async (roles: ('admin' | 'editor')[]) => {
    const row = await insertUser(database.db, {
      email: `tin-${randomUUID()}@doithoai.example`,
      name: 'Biên tập',
      password: 'mat-khau-dai-du-10',
      roles,
    });
    return {
      id: row.id,
      name: row.name,
      email: row.email,
      language: 'vi' as const,
      roles: row.roles,
    };
  };
  editor = await make(['editor']);
  reader = await make([]);
});
afterAll(() => database.close());

const article = (title: string, extra: Record<string, unknown> = {}) =>
  createArticle({
    db: database.db,
    actor: editor,
    input: CreateArticleRequest.parse({ title, ...extra }),
  });

describe('news articles', () => {
  it('are for editors only, with a slug from the Vietnamese title and a sanitised body', async () => {
    await expect(
      createArticle({
        db: database.db,
        actor: reader,
        input: CreateArticleRequest.parse({ title: 'Không được phép' }),
      }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    const a = await article('Đối thoại phát triển địa phương năm 2021', {
      bodyHtml: '<p>Nội dung <script>alert(1)</script><img src=x onerror=alert(1)></p>',
    });
    expect(a.slug).toBe('doi-thoai-phat-trien-dia-phuong-nam-2021');
    expect(a.bodyHtml).toBe('<p>Nội dung </p>');
    const again = await article('Đối thoại phát triển địa phương năm 2021');
    expect(again.slug).toBe('doi-thoai-phat-trien-dia-phuong-nam-2021-2');
  });

  it('go live by themselves at their scheduled time, and can be unpublished', async () => {
    const a = await article('Bài viết hẹn giờ đăng tin hội nghị');
    await expect(getPublishedArticle({ db: database.db, slug: a.slug })).rejects.toMatchObject({
      code: 'not_found',
    });
    await publishArticle({
      db: database.db,
      actor: editor,
      articleId: a.id,
      publishAt: new Date(Date.now() + 1500),
    });
    await expect(getPublishedArticle({ db: database.db, slug: a.slug })).rejects.toMatchObject({
      code: 'not_found',
    });
    const scheduled = await listArticles({
      db: database.db,
      actor: editor,
      input: { status: 'scheduled', page: 1 },
    });
    expect(scheduled.items.map((i) => i.id)).toContain(a.id);
    // Live by itself once due (the real clock): asked again until then.
    await expect
      .poll(
        () =>
          getPublishedArticle({ db: database.db, slug: a.slug }).then(
            (v) => v.article.id,
            () => null,
          ),
        { interval: 100, timeout: 5000 },
      )
      .toBe(a.id);
    await unpublishArticle({ db: database.db, actor: editor, articleId: a.id });
    await expect(getPublishedArticle({ db: database.db, slug: a.slug })).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('are found ignoring diacritics, title matches before body matches', async () => {
    const body = await article('Tin khác trong tuần', {
      bodyHtml: '<p>Bài có cụm từ chuyển đổi số trong thân bài.</p>',
    });
    const title = await article('Chuyển đổi số ở cấp xã: một năm nhìn lại');
    for (const a of [body, title])
      await publishArticle({ db: database.db, actor: editor, articleId: a.id });
    const found = await searchArticles({
      db: database.db,
      limiter: createSearchLimiter({ concurrency: 1, queue: 1 }),
      q: 'chuyen doi so',
    });
    expect(found.items.map((i) => i.id).slice(0, 2)).toEqual([title.id, body.id]);
  });

  it('keep who changed what: a revision per save', async () => {
    const a = await article('Bài viết có lịch sử sửa đổi');
    await updateArticle({
      db: database.db,
      actor: editor,
      articleId: a.id,
      input: { summary: 'Sapo mới' },
    });
    const [row] = await database.db.select().from(articles).where(eq(articles.id, a.id));
    expect(row!.summary).toBe('Sapo mới');
    expect(row!.updatedBy).toBe(editor.id);
  });
});

describe('photos', () => {
  it('are recognised by content, resized and stripped of metadata', async () => {
    const jpeg = await sharp({
      create: { width: 1600, height: 900, channels: 3, background: '#0b3d91' },
    })
      .jpeg()
      .withMetadata({ exif: { IFD0: { Copyright: 'Bí mật', ImageDescription: 'GPS 21.0,105.8' } } })
      .toBuffer();
    const photo = await uploadPhoto({
      db: database.db,
      actor: editor,
      file: { name: 'anh.jpg', data: jpeg },
    });
    expect(photo.widths).toEqual([320, 640, 960, 1440]);
    const variant = await readPhotoVariant({
      db: database.db,
      photoId: photo.id,
      width: 640,
      format: 'webp',
    });
    const meta = await sharp(variant.data).metadata();
    expect(meta).toMatchObject({ format: 'webp', width: 640 });
    expect(meta.exif).toBeUndefined();
    await expect(
      uploadPhoto({
        db: database.db,
        actor: editor,
        file: { name: 'gia.jpg', data: Buffer.from('%PDF-1.4 not an image') },
      }),
    ).rejects.toMatchObject({ code: 'unsupported_file' });
    const small = await uploadPhoto({
      db: database.db,
      actor: editor,
      file: { name: 'nho.png', data: pngBytes() },
    }).catch((e) => e);
    expect(small.code ?? 'ok').toMatch(/ok|unsupported_file/);
  });
});

describe('view counts', () => {
  it('add exactly: 10,000 concurrent views from two instances', async () => {
    const a = await article('Bài viết đếm lượt xem chính xác');
    const second = database.url ? await openDatabase({ url: database.url }) : database;
    const counters = [createViewCounter(database.db), createViewCounter(second.db)];
    await Promise.all(
      Array.from({ length: 10_000 }, async (_, i) => {
        const c = counters[i % 2]!;
        c.record(a.id);
        if (i % 500 === 0) await c.flush();
      }),
    );
    await Promise.all(counters.map((c) => c.stop()));
    if (second !== database) await second.close();
    const [row] = await database.db
      .select({ n: articleViews.viewCount })
      .from(articleViews)
      .where(eq(articleViews.articleId, a.id));
    expect(row!.n).toBe(10_000);
  });

  it('keep counting after a failed write, and lose none of the views it held', async () => {
    const a = await article('Bài viết vẫn được đếm sau sự cố');
    const counter = createViewCounter(database.db);
    for (let i = 0; i < 3; i++) counter.record(a.id);
    // The database refuses the write (the table is briefly gone).
    await database.db.execute(sql`alter table articles rename to articles_offline`);
    await expect(counter.flush()).rejects.toThrow();
    await database.db.execute(sql`alter table articles_offline rename to articles`);
    for (let i = 0; i < 2; i++) counter.record(a.id);
    await counter.flush();
    await counter.stop();
    const [row] = await database.db
      .select({ n: articleViews.viewCount })
      .from(articleViews)
      .where(eq(articleViews.articleId, a.id));
    expect(row!.n).toBe(5);
  });
});
