import { createHash } from 'node:crypto';
import { request } from 'node:http';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadServerBuild } from '../support/server-build.ts';
import { sendJson, startTestApp, type TestApp } from '../support/test-app.ts';
import { findInjections } from '../support/xss-corpus.ts';

let app: TestApp;
let admin: string;
let article: { id: string; slug: string };
const BROWSER =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36';

beforeAll(async () => {
  app = await startTestApp({ build: await loadServerBuild() });
  const a = await app.createUser({ roles: ['admin', 'editor'] });
  admin = await app.signIn(a.email, a.password);
  const category = await (
    await sendJson(
      `${app.url}/api/v1/news/categories`,
      'POST',
      { name: 'Hoạt động địa phương' },
      { cookie: admin },
    )
  ).json();
  const png = await sharp({
    create: { width: 1200, height: 700, channels: 3, background: '#0b3d91' },
  })
    .png()
    .toBuffer();
  const form = new FormData();
  form.set('file', new Blob([new Uint8Array(png)]), 'anh.png');
  const photo = await (
    await fetch(`${app.url}/api/v1/photos`, {
      method: 'POST',
      headers: { cookie: admin },
      body: form,
    })
  ).json();
  article = await (
    await sendJson(
      `${app.url}/api/v1/articles`,
      'POST',
      {
        title: 'Đối thoại phát triển địa phương năm 2021',
        summary: 'Hội nghị thu hút hàng trăm ý kiến của người dân và doanh nghiệp.',
        bodyHtml: `<p>Đoạn mở đầu.</p><figure><img src="${photo.src}" data-photo-id="${photo.id}" alt="Quang cảnh"><figcaption>Quang cảnh điểm cầu trung tâm</figcaption></figure><p>Đoạn kết <script>alert('x')</script>.</p>`,
        authorName: 'Minh Anh',
        sourceName: 'Cổng thông tin tỉnh',
        sourceUrl: 'https://tinh.example.gov.vn/bai-viet',
        categoryId: category.id,
        coverPhotoId: photo.id,
        tags: ['Chuyển đổi số', 'Đối thoại'],
        links: [{ title: 'Cổng dịch vụ công', url: 'https://dichvucong.example.gov.vn' }],
      },
      { cookie: admin },
    )
  ).json();
  await sendJson(`${app.url}/api/v1/articles/${article.id}/publish`, 'POST', {}, { cookie: admin });
});
afterAll(() => app.close());

const page = async (path: string, ua = BROWSER) =>
  (await fetch(`${app.url}${path}`, { headers: { 'user-agent': ua } })).text();

describe('news pages', () => {
  it('show an article with every element, responsive photos and Open Graph tags', async () => {
    const html = await page(`/tin-tuc/${article.slug}`);
    expect(html).toContain('<h1>Đối thoại phát triển địa phương năm 2021</h1>');
    expect(html).toMatch(
      /Số lượt xem: (<!-- -->)?<span class="view-count" data-views="[0-9a-f-]{36}">\d+<\/span>/,
    );
    expect(html).toContain('class="sapo"');
    expect(html).toContain('<figcaption>Quang cảnh điểm cầu trung tâm</figcaption>');
    expect(html).toMatch(/srcset="\/anh\/[0-9a-f-]+\/320\.webp 320w, [^"]*960w/);
    expect(html).toContain('loading="lazy"');
    expect(html).toContain('Nguồn');
    expect(html).toContain('https://tinh.example.gov.vn/bai-viet');
    expect(html).toContain('Liên kết website');
    expect(html).toContain('href="/the/chuyen-doi-so"');
    expect(html).toContain(
      'property="og:title" content="Đối thoại phát triển địa phương năm 2021"',
    );
    expect(html).toMatch(/property="og:image" content="http:\/\/127\.0\.0\.1:\d+\/anh\//);
    expect(findInjections(html)).toEqual([]);

    // Without a cover, a share shows the body's first photo.
    const photoId = /data-photo-id="([0-9a-f-]{36})"/.exec(html)![1]!;
    const uncovered = await (
      await sendJson(
        `${app.url}/api/v1/articles`,
        'POST',
        {
          title: 'Bài không chọn ảnh đại diện',
          bodyHtml: `<p>Mở đầu.</p><figure><img src="/anh/${photoId}/800.webp" data-photo-id="${photoId}" alt="Quang cảnh"></figure>`,
        },
        { cookie: admin },
      )
    ).json();
    await sendJson(
      `${app.url}/api/v1/articles/${uncovered.id}/publish`,
      'POST',
      {},
      { cookie: admin },
    );
    const shared = await page(`/tin-tuc/${uncovered.slug}`);
    expect(shared).toContain(`property="og:image" content="${app.url}/anh/${photoId}/1440.jpg"`);
    expect(shared).toContain(`"image":["${app.url}/anh/${photoId}/1440.jpg"]`);
  });

  it('count every person’s view reported by the page, and no crawler’s', async () => {
    const beacon = (agent: string) =>
      fetch(`${app.url}/v/${article.id}`, { method: 'POST', headers: { 'user-agent': agent } });
    const count = async () => {
      await app.instance.views.flush();
      return ((await (await beacon('Googlebot/2.1')).json()) as { viewCount: number }).viewCount;
    };
    const before = await count();
    // Serving the page counts nothing; its beacon does, once per page shown.
    await Promise.all(Array.from({ length: 5 }, () => page(`/tin-tuc/${article.slug}`)));
    await Promise.all(Array.from({ length: 20 }, () => beacon(BROWSER)));
    await beacon('Googlebot/2.1 (+http://www.google.com/bot.html)');
    expect((await count()) - before).toBe(20);
  });

  it('find articles without diacritics, with the matches marked', async () => {
    const html = await page('/tim-kiem?q=doi%20thoai%20phat%20trien');
    expect(html).toContain('<mark>Đối thoại phát triển</mark>');
  });

  it('list by category and tag, and serve RSS, a sitemap and robots.txt', async () => {
    expect(await page('/chuyen-muc/hoat-dong-dia-phuong')).toContain(article.slug);
    expect(await page('/the/chuyen-doi-so')).toContain(article.slug);
    const rss = await fetch(`${app.url}/rss.xml`);
    expect(rss.headers.get('content-type')).toContain('application/rss+xml');
    expect(await rss.text()).toContain(`<link>${app.url}/tin-tuc/${article.slug}</link>`);
    expect(await page('/chuyen-muc/hoat-dong-dia-phuong/rss.xml')).toContain(
      '<title>Đối thoại – Hoạt động địa phương</title>',
    );
    expect(await page('/sitemap.xml')).toContain(`<loc>${app.url}/tin-tuc/${article.slug}</loc>`);
    expect(await page('/robots.txt')).toContain(`Sitemap: ${app.url}/sitemap.xml`);
    expect((await fetch(`${app.url}/tin-tuc/khong-co-bai-nay`)).status).toBe(404);
    for (const missing of [
      '/chuyen-muc/khong-co/rss.xml',
      '/the/khong-co-the-nay',
      '/hoi-nghi/khong-co/lich.ics',
    ]) {
      const res = await fetch(`${app.url}${missing}`);
      expect(res.status, missing).toBe(404);
      expect(res.headers.get('content-type'), missing).toMatch(/^text\/html/);
      expect(await res.text(), missing).toContain('Không tìm thấy trang');
    }
    // A tag that exists shows its name as written.
    expect(await page('/the/chuyen-doi-so')).toContain('Chuyển đổi số');
  });

  it('build every absolute URL from the configured address, whatever Host the request names', async () => {
    const forged = (path: string) =>
      new Promise<string>((resolve, reject) => {
        const req = request(
          `${app.url}${path}`,
          {
            headers: {
              host: 'evil.example',
              'x-forwarded-host': 'evil.example',
              'user-agent': BROWSER,
            },
          },
          (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (c: string) => (text += c));
            res.on('end', () => resolve(text));
          },
        );
        req.on('error', reject);
        req.end();
      });
    for (const path of [`/tin-tuc/${article.slug}`, '/rss.xml', '/sitemap.xml', '/robots.txt']) {
      const text = await forged(path);
      expect(text, path).not.toContain('evil.example');
      expect(text, path).toContain(app.url);
    }
    // …and what the page cache stored for the forged request is what everyone gets.
    expect(await page(`/tin-tuc/${article.slug}`)).not.toContain('evil.example');
  });

  it('serve anonymous readers from a short-lived cache whose inline scripts are allowed by hash, not by a shared nonce', async () => {
    const path = `${app.url}/tin-tuc/${article.slug}`;
    await fetch(path, { headers: { 'user-agent': BROWSER } });
    const hit = await fetch(path, { headers: { 'user-agent': BROWSER } });
    expect(hit.headers.get('x-page-cache')).toBe('hit');
    const csp = hit.headers.get('content-security-policy')!;
    expect(csp).not.toContain("'nonce-");
    const html = await hit.text();
    expect(html).not.toContain('nonce=');
    const inline = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)].filter(
      (m) => !/\ssrc=/.test(m[1]!),
    );
    expect(inline.length).toBeGreaterThan(0);
    for (const m of inline) {
      const hash = createHash('sha256').update(m[2]!, 'utf8').digest('base64');
      expect(csp).toContain(`'sha256-${hash}'`);
    }
    const signedIn = await fetch(path, { headers: { 'user-agent': BROWSER, cookie: admin } });
    expect(signedIn.headers.get('x-page-cache')).toBeNull();
    expect(await signedIn.text()).toContain('Đăng xuất');
  });
});
