import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendJson, startTestApp, type TestApp } from '../support/test-app.ts';

let app: TestApp;
let editor: string;
let reader: string;
beforeAll(async () => {
  app = await startTestApp();
  const e = await app.createUser({ roles: ['editor'] });
  editor = await app.signIn(e.email, e.password);
  const r = await app.createUser();
  reader = await app.signIn(r.email, r.password);
});
afterAll(() => app.close());

describe('news API', () => {
  it('an editor uploads a photo, writes and publishes an article; readers find it and see the photo', async () => {
    const png = await sharp({
      create: { width: 800, height: 500, channels: 3, background: '#c8102e' },
    })
      .png()
      .toBuffer();
    const form = new FormData();
    form.set('file', new Blob([new Uint8Array(png)]), 'quang-canh.png');
    const up = await fetch(`${app.url}/api/v1/photos`, {
      method: 'POST',
      headers: { cookie: editor },
      body: form,
    });
    expect(up.status).toBe(201);
    const photo = await up.json();
    expect(photo.widths).toEqual([320, 640, 800]);
    const img = await fetch(`${app.url}${photo.src}`);
    expect(img.headers.get('content-type')).toBe('image/webp');
    expect(img.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${app.url}/anh/${photo.id}/1440.webp`)).status).toBe(200);
    expect(
      (await fetch(`${app.url}/anh/00000000-0000-4000-8000-000000000000/640.webp`)).status,
    ).toBe(404);

    const denied = await sendJson(
      `${app.url}/api/v1/articles`,
      'POST',
      { title: 'Không có quyền viết' },
      { cookie: reader },
    );
    expect(denied.status).toBe(403);
    const created = await sendJson(
      `${app.url}/api/v1/articles`,
      'POST',
      {
        title: 'Khai mạc hội nghị đối thoại về chuyển đổi số',
        summary: 'Sáng nay, hội nghị được kết nối tới các điểm cầu trong cả nước.',
        bodyHtml: `<p>Nội dung</p><figure><img src="${photo.src}" alt="Quang cảnh"><figcaption>Quang cảnh hội nghị</figcaption></figure>`,
        sourceName: 'Ban Tổ chức',
        tags: ['Chuyển đổi số'],
        links: [{ title: 'Cổng thông tin', url: 'https://example.gov.vn' }],
      },
      { cookie: editor },
    );
    expect(created.status).toBe(201);
    const article = await created.json();
    expect(article.bodyHtml).toContain('<figcaption>Quang cảnh hội nghị</figcaption>');
    expect((await fetch(`${app.url}/api/v1/news/by-slug/${article.slug}`)).status).toBe(404);
    await sendJson(
      `${app.url}/api/v1/articles/${article.id}/publish`,
      'POST',
      {},
      { cookie: editor },
    );
    const page = await (await fetch(`${app.url}/api/v1/news/by-slug/${article.slug}`)).json();
    expect(page.links).toEqual([expect.objectContaining({ title: 'Cổng thông tin' })]);
    const found = await (await fetch(`${app.url}/api/v1/news?q=khai%20mac%20hoi%20nghi`)).json();
    expect(found.items.map((i: { id: string }) => i.id)).toEqual([article.id]);
  });

  it('takes a long article: 200,000 characters of Vietnamese text in one body', async () => {
    const paragraph = `<p>${'Hội nghị đối thoại trực tuyến giữa chính quyền và người dân. '.repeat(40)}</p>`;
    const bodyHtml = paragraph.repeat(Math.ceil(200_000 / paragraph.length));
    expect(Buffer.byteLength(JSON.stringify({ bodyHtml }))).toBeGreaterThan(250_000);
    const res = await sendJson(
      `${app.url}/api/v1/articles`,
      'POST',
      { title: 'Bài viết rất dài về hội nghị', bodyHtml },
      { cookie: editor },
    );
    expect(res.status).toBe(201);
    const tooLong = await sendJson(
      `${app.url}/api/v1/articles`,
      'POST',
      { title: 'Bài viết quá dài', bodyHtml: 'Đ'.repeat(1_100_000) },
      { cookie: editor },
    );
    expect(tooLong.status).toBe(413);
    expect((await tooLong.json()).error.message).toContain('2048 KB');
  });
});
