import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.ts';
import { parseEnv } from '../../server/env.ts';
import { createLogger } from '../../server/logger.ts';
import { startInstance } from '../../server/server.ts';
import { loadServerBuild } from '../support/server-build.ts';
import { sendJson, startTestApp, TEST_SECRET, type TestApp } from '../support/test-app.ts';

// Two app instances on one database: pages are cached until they change, the change
// reaching every instance through NOTIFY; views are counted by the page's beacon only.
let app: TestApp;
let second: Awaited<ReturnType<typeof startInstance>>;
let closeSecondDb: () => Promise<void> = async () => {};
let editor: string;
let article: { id: string; slug: string };
const BROWSER =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36';

beforeAll(async () => {
  const build = await loadServerBuild();
  app = await startTestApp({ build });
  // On a PostgreSQL server, a connection of its own, as another machine would have.
  const database = app.database.url ? await openDatabase({ url: app.database.url }) : app.database;
  if (app.database.url) closeSecondDb = () => database.close();
  second = await startInstance(
    {
      env: parseEnv({ LOG_LEVEL: 'silent' }),
      database,
      secret: TEST_SECRET,
      logger: createLogger('silent'),
      version: 'test',
      build,
      janus: null,
    },
    { port: 0, host: '127.0.0.1' },
  );
  const u = await app.createUser({ roles: ['editor'] });
  editor = await app.signIn(u.email, u.password);
  article = await (
    await sendJson(
      `${app.url}/api/v1/articles`,
      'POST',
      { title: 'Bài viết kiểm tra bộ nhớ đệm trang', bodyHtml: '<p>Nội dung.</p>' },
      { cookie: editor },
    )
  ).json();
  await sendJson(
    `${app.url}/api/v1/articles/${article.id}/publish`,
    'POST',
    {},
    { cookie: editor },
  );
});
afterAll(async () => {
  await second?.kill();
  await closeSecondDb();
  await app?.close();
});

const get = (base: string, path: string, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, { headers: { 'user-agent': BROWSER, ...headers } });

async function viewCount() {
  await app.instance.views.flush();
  await second.views.flush();
  const res = await fetch(`${app.url}/api/v1/news/by-slug/${article.slug}`);
  return ((await res.json()) as { article: { viewCount: number } }).article.viewCount;
}

describe('the page cache', () => {
  it('keeps a page and drops it on every instance when the article changes', async () => {
    const path = `/tin-tuc/${article.slug}`;
    for (const base of [app.url, second.url]) {
      await (await get(base, path)).text();
      const again = await get(base, path);
      expect(again.headers.get('x-page-cache')).toBe('hit');
      expect(await again.text()).toContain('Bài viết kiểm tra bộ nhớ đệm trang');
    }
    // An edit made through the first instance shows on the second.
    await sendJson(
      `${app.url}/api/v1/articles/${article.id}`,
      'PATCH',
      { title: 'Bài viết đã sửa tiêu đề' },
      { cookie: editor },
    );
    await expect
      .poll(async () => (await (await get(second.url, path)).text()).includes('đã sửa tiêu đề'), {
        timeout: 5000,
        interval: 50,
      })
      .toBe(true);
    // Unpublished: gone at once from both instances' caches, and from the home page.
    await (await get(second.url, '/')).text();
    const unpublished = await fetch(`${app.url}/api/v1/articles/${article.id}/unpublish`, {
      method: 'POST',
      headers: { cookie: editor },
    });
    expect(unpublished.status).toBe(200);
    await expect
      .poll(async () => (await get(second.url, path)).status, { timeout: 5000, interval: 50 })
      .toBe(404);
    expect((await get(app.url, path)).status).toBe(404);
    expect(await (await get(second.url, '/')).text()).not.toContain(article.slug);
    // And its beacon counts nothing any more.
    expect(
      (
        await fetch(`${second.url}/v/${article.id}`, {
          method: 'POST',
          headers: { 'user-agent': BROWSER },
        })
      ).status,
    ).toBe(404);
    await sendJson(
      `${app.url}/api/v1/articles/${article.id}/publish`,
      'POST',
      {},
      { cookie: editor },
    );
    await expect
      .poll(async () => (await get(second.url, path)).status, { timeout: 5000, interval: 50 })
      .toBe(200);
  });
});

describe('caches in front of the app', () => {
  it('may keep no signed-in page, and must ask again for an anonymous one', async () => {
    const path = `/tin-tuc/${article.slug}`;
    for (const base of [app.url, second.url]) {
      await (await get(base, path)).text();
      const cached = await get(base, path);
      expect(cached.headers.get('x-page-cache')).toBe('hit');
      expect(cached.headers.get('cache-control')).toBe('no-cache');
      const signedIn = await get(base, path, { cookie: editor });
      expect(signedIn.status).toBe(200);
      expect(signedIn.headers.get('cache-control')).toBe('private, no-store');
      expect((await get(base, '/quan-tri', { cookie: editor })).headers.get('cache-control')).toBe(
        'private, no-store',
      );
    }
    // Routes with their own policy keep it.
    expect((await get(app.url, '/rss.xml')).headers.get('cache-control')).toBe(
      'public, max-age=300',
    );
    expect((await get(app.url, '/api/v1/news')).headers.get('cache-control')).toBe('no-store');
  });
});

describe('article views', () => {
  it('are not counted by serving the page, a HEAD or a prefetch', async () => {
    const path = `/tin-tuc/${article.slug}`;
    const before = await viewCount();
    for (const base of [app.url, second.url]) {
      await (await get(base, path)).text();
      await (
        await fetch(`${base}${path}`, { method: 'HEAD', headers: { 'user-agent': BROWSER } })
      ).text();
      await (await get(base, path, { 'sec-purpose': 'prefetch' })).text();
      await (await get(base, path, { purpose: 'prefetch' })).text();
    }
    // The beacon asked by a prefetch, a crawler, or without a user agent: not counted.
    for (const headers of <Record<string, string>[]>[
      { 'user-agent': BROWSER, 'sec-purpose': 'prefetch;prerender' },
      { 'user-agent': 'Googlebot/2.1 (+http://www.google.com/bot.html)' },
      { 'user-agent': '' },
    ]) {
      const res = await fetch(`${app.url}/v/${article.id}`, { method: 'POST', headers });
      expect(res.status).toBe(200);
    }
    const head = await fetch(`${app.url}/v/${article.id}.gif`, {
      method: 'HEAD',
      headers: { 'user-agent': BROWSER },
    });
    expect(head.status).toBe(200);
    expect(await viewCount()).toBe(before);
  });

  it('are counted once per beacon, on any instance, and the count comes back', async () => {
    const before = await viewCount();
    const shown = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        fetch(`${(i % 2 ? app : second).url}/v/${article.id}`, {
          method: 'POST',
          headers: { 'user-agent': BROWSER },
        }).then(async (r) => ((await r.json()) as { viewCount: number }).viewCount),
      ),
    );
    // Each instance shows at least the views it counted itself on top of the database's.
    expect(Math.max(...shown)).toBeGreaterThanOrEqual(before + 15);
    const gif = await get(app.url, `/v/${article.id}.gif`);
    expect(gif.headers.get('content-type')).toBe('image/gif');
    expect(gif.headers.get('cache-control')).toBe('no-store');
    expect(await viewCount()).toBe(before + 31);
    // An address that is no article: 404, nothing counted.
    expect(
      (
        await fetch(`${app.url}/v/00000000-0000-4000-8000-000000000000`, {
          method: 'POST',
          headers: { 'user-agent': BROWSER },
        })
      ).status,
    ).toBe(404);
    const nope = await fetch(`${app.url}/v/nope`, { method: 'POST' });
    expect(nope.status).toBe(404);
    expect(nope.headers.get('content-type')).toMatch(/^application\/json/);
    // Another site's page cannot add views.
    const forged = await fetch(`${app.url}/v/${article.id}`, {
      method: 'POST',
      headers: { 'user-agent': BROWSER, origin: 'https://ben-ngoai.example' },
    });
    expect(forged.status).toBe(403);
    // Nor by embedding the pixel: it answers, and counts only when our page shows it.
    for (const headers of <Record<string, string>[]>[
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
      { referer: 'https://ben-ngoai.example/bai-viet' },
    ]) {
      const pixel = await fetch(`${app.url}/v/${article.id}.gif`, {
        headers: { 'user-agent': BROWSER, ...headers },
      });
      expect(pixel.status).toBe(200);
      expect(pixel.headers.get('content-type')).toBe('image/gif');
    }
    const own = await fetch(`${app.url}/v/${article.id}.gif`, {
      headers: { 'user-agent': BROWSER, 'sec-fetch-site': 'same-origin' },
    });
    expect(own.status).toBe(200);
    expect(await viewCount()).toBe(before + 32);
  });

  it('are reported by one beacon on the page, with a pixel for readers without scripts', async () => {
    const html = await (await get(app.url, `/tin-tuc/${article.slug}`)).text();
    expect(html.split(`/v/${article.id}.gif`)).toHaveLength(2);
    expect(html).toMatch(/<noscript><img src="\/v\/[0-9a-f-]{36}\.gif"/);
  });

  it('show the count of the moment on a kept page, not the one it was rendered with', async () => {
    const path = `/tin-tuc/${article.slug}`;
    const shownOn = async (res: Response) => {
      const body = await res.text();
      // The length said is the length sent.
      expect(Number(res.headers.get('content-length'))).toBe(Buffer.byteLength(body));
      return Number(new RegExp(`data-views="${article.id}">(\\d+)<`).exec(body)?.[1]);
    };
    const rendered = await shownOn(await get(app.url, path));
    const kept = await get(app.url, path);
    expect(kept.headers.get('x-page-cache')).toBe('hit');
    let last = 0;
    for (let i = 0; i < 3; i++)
      last = (
        (await (
          await fetch(`${app.url}/v/${article.id}`, {
            method: 'POST',
            headers: { 'user-agent': BROWSER },
          })
        ).json()) as { viewCount: number }
      ).viewCount;
    expect(last).toBeGreaterThanOrEqual(rendered + 3);
    await kept.text();
    // The same kept page (no render since), a reader without scripts: the count now.
    const again = await get(app.url, path);
    expect(again.headers.get('x-page-cache')).toBe('hit');
    expect(await shownOn(again)).toBe(last);
    const head = await fetch(`${app.url}${path}`, {
      method: 'HEAD',
      headers: { 'user-agent': BROWSER },
    });
    expect(head.status).toBe(200);
  });
});

describe('search result pages', () => {
  it('are kept per query and page, and dropped on every instance when an article is published', async () => {
    const q = `/tim-kiem?q=${encodeURIComponent('kiểm định bộ đệm')}`;
    for (const base of [app.url, second.url]) {
      const first = await get(base, q);
      expect(first.headers.get('x-page-cache')).not.toBe('hit');
      expect(await first.text()).not.toContain('/tin-tuc/kiem-dinh-bo-dem');
      const again = await get(base, q);
      expect(again.headers.get('x-page-cache')).toBe('hit');
    }
    // Any other parameter, and signed-in readers, are never answered from the cache.
    expect((await get(app.url, `${q}&x=1`)).headers.get('x-page-cache')).toBeNull();
    expect((await get(app.url, q, { cookie: editor })).headers.get('x-page-cache')).toBeNull();
    // A new article with these words, published through the first instance, is found on both.
    const found = (await (
      await sendJson(
        `${app.url}/api/v1/articles`,
        'POST',
        { title: 'Kiểm định bộ đệm tìm kiếm', bodyHtml: '<p>Nội dung để tìm.</p>' },
        { cookie: editor },
      )
    ).json()) as { id: string; slug: string };
    await sendJson(
      `${app.url}/api/v1/articles/${found.id}/publish`,
      'POST',
      {},
      { cookie: editor },
    );
    for (const base of [app.url, second.url])
      await expect
        .poll(async () => (await (await get(base, q)).text()).includes(`/tin-tuc/${found.slug}`), {
          timeout: 5000,
          interval: 50,
        })
        .toBe(true);
  });
});
