import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadServerBuild } from '../support/server-build.ts';
import { postForm, sendJson, startTestApp, type TestApp } from '../support/test-app.ts';

// An instance that never hears the database's notifications (on a PostgreSQL server they
// arrive a moment after the commit, and a page asked for at once could come first): what
// its own editors change must still show on their next page.
let app: TestApp;
let admin: string;
let category: { id: string; slug: string };
let article: { id: string; slug: string };

const api = (path: string, method: string, body: unknown) =>
  sendJson(`${app.url}/api/v1${path}`, method, body, { cookie: admin });
/** The home page as a reader gets it, and whether it came from the kept pages. */
async function home() {
  const res = await fetch(`${app.url}/`);
  expect(res.status).toBe(200);
  return { kept: res.headers.get('x-page-cache') === 'hit', html: await res.text() };
}
const inMenu = (html: string) => html.includes(`href="/chuyen-muc/${category.slug}"`);

beforeAll(async () => {
  app = await startTestApp({ build: await loadServerBuild(), deaf: true });
  const u = await app.createUser({ roles: ['admin', 'editor'] });
  admin = await app.signIn(u.email, u.password);
  category = await (await api('/news/categories', 'POST', { name: 'Cải cách hành chính' })).json();
  article = await (
    await api('/articles', 'POST', {
      title: 'Một cửa liên thông rút ngắn thời gian giải quyết hồ sơ',
      bodyHtml: '<p>Nội dung.</p>',
      categoryId: category.id,
    })
  ).json();
  expect((await api(`/articles/${article.id}/publish`, 'POST', {})).status).toBe(200);
});
afterAll(async () => {
  await app?.close();
});

describe('an editor’s own change', () => {
  it('shows on the next page without waiting for the database’s notification', async () => {
    await home();
    const before = await home();
    expect(before.kept).toBe(true);
    expect(inMenu(before.html)).toBe(true);

    // Through the API.
    expect((await api(`/news/categories/${category.id}`, 'PATCH', { hidden: true })).status).toBe(
      200,
    );
    expect(inMenu((await home()).html)).toBe(false);

    // Through the administrators' page (its form's POST).
    const shown = await postForm(
      `${app.url}/quan-tri/chuyen-muc`,
      { intent: 'visibility', id: category.id, hidden: 'false' },
      { cookie: admin },
    );
    expect(shown.status).toBeLessThan(400);
    expect(inMenu((await home()).html)).toBe(true);

    // An article unpublished is gone at once.
    const path = `/tin-tuc/${article.slug}`;
    await fetch(`${app.url}${path}`);
    expect((await fetch(`${app.url}${path}`)).headers.get('x-page-cache')).toBe('hit');
    expect((await api(`/articles/${article.id}/unpublish`, 'POST', {})).status).toBe(200);
    expect((await fetch(`${app.url}${path}`)).status).toBe(404);
  });

  it('keeps the pages when nothing changed: a refused edit, or what is not the portal', async () => {
    await home();
    expect((await home()).kept).toBe(true);
    expect((await api(`/news/categories/${crypto.randomUUID()}`, 'PATCH', {})).status).toBe(404);
    expect((await api('/auth/change-password', 'POST', {})).status).toBe(400);
    // Anonymous posts to the administrators' page are sent to sign in (a redirect).
    for (let i = 0; i < 3; i++) {
      const anonymous = await postForm(`${app.url}/quan-tri/chuyen-muc`, {
        intent: 'visibility',
        id: category.id,
        hidden: 'true',
      });
      expect(anonymous.status).toBeLessThan(400);
    }
    expect((await home()).kept).toBe(true);
  });
});
