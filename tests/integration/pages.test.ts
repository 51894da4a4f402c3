import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conferenceSites, conferences } from '../../db/schema/conferences.ts';
import { loadServerBuild } from '../support/server-build.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ build: await loadServerBuild() });
});
afterAll(() => app.close());

function postForm(
  path: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
) {
  return fetch(`${app.url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: app.url, ...headers },
    body: new URLSearchParams(fields),
  });
}

const cookieOf = (res: Response, name: string) =>
  res.headers
    .getSetCookie()
    .find((c) => c.startsWith(`${name}=`))
    ?.split(';')[0];

describe('pages', () => {
  it('serves the home page in Vietnamese with times as dd/MM/yyyy HH:mm in Vietnam time', async () => {
    const [conf] = await app.database.db
      .insert(conferences)
      .values({
        slug: 'hoi-nghi-thu',
        title: 'Hội nghị thử nghiệm giờ Việt Nam',
        theme: 'Chủ đề thử',
        organiser: 'Ban Tổ chức',
        startsAt: new Date('2026-12-18T01:00:00Z'),
        endsAt: new Date('2026-12-18T04:30:00Z'),
        status: 'scheduled',
      })
      .returning();
    await app.database.db.insert(conferenceSites).values({
      conferenceId: conf!.id,
      position: 0,
      name: 'Điểm cầu Huế',
      unitName: 'UBND',
      isHost: true,
    });

    const res = await fetch(`${app.url}/`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<html lang="vi">');
    expect(html).toContain('Hội nghị thử nghiệm giờ Việt Nam');
    expect(html).toContain('18/12/2026 08:00');
    expect(html).toContain('18/12/2026 11:30');
    expect(html).toContain('Điểm cầu Huế');
  });

  it('sends a CSP whose nonce covers every inline script, and the other security headers', async () => {
    const res = await fetch(`${app.url}/dang-nhap`);
    const csp = res.headers.get('content-security-policy')!;
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    const html = await res.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    expect(html).not.toMatch(/\sstyle="/);
  });

  it('answers an unknown page with a Vietnamese 404', async () => {
    const res = await fetch(`${app.url}/trang-khong-ton-tai`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('Không tìm thấy trang');
  });

  it('sends anonymous visitors of admin pages to sign in, and refuses editors with 403', async () => {
    const anon = await fetch(`${app.url}/quan-tri/nguoi-dung`, { redirect: 'manual' });
    expect(anon.status).toBe(302);
    expect(anon.headers.get('location')).toBe('/dang-nhap?redirectTo=%2Fquan-tri%2Fnguoi-dung');

    const editor = await app.createUser({ roles: ['editor'] });
    const cookie = await app.signIn(editor.email, editor.password);
    const res = await fetch(`${app.url}/quan-tri/nguoi-dung`, { headers: { cookie } });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('Không có quyền truy cập');
  });

  it('signs in with the form, without JavaScript', async () => {
    const user = await app.createUser({ roles: ['admin'] });
    const wrong = await postForm('/dang-nhap', { email: user.email, password: 'sai-mat-khau-nhe' });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain('E-mail hoặc mật khẩu không đúng');

    const res = await postForm('/dang-nhap', {
      email: user.email,
      password: user.password,
      redirectTo: '/quan-tri/nguoi-dung',
    });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/quan-tri/nguoi-dung');
    const cookie = cookieOf(res, 'dt_session')!;
    const page = await fetch(`${app.url}/quan-tri/nguoi-dung`, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(user.email);
  });

  it('refuses a form posted from another site', async () => {
    const user = await app.createUser();
    const res = await postForm(
      '/dang-nhap',
      { email: user.email, password: user.password },
      { origin: 'https://evil.example' },
    );
    expect(res.status).toBe(403);
    expect(cookieOf(res, 'dt_session')).toBeUndefined();
  });

  it('switches to English and remembers it', async () => {
    const res = await postForm('/ngon-ngu', { lang: 'en', redirectTo: '/dang-nhap' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/dang-nhap');
    const lang = cookieOf(res, 'dt_lang')!;
    expect(res.headers.getSetCookie().join()).toMatch(/Max-Age=31536000/);
    const page = await (await fetch(`${app.url}/dang-nhap`, { headers: { cookie: lang } })).text();
    expect(page).toContain('<html lang="en">');
    expect(page).toContain('E-mail address');
  });

  it('keeps a signed-in user’s language on the account', async () => {
    const user = await app.createUser();
    const cookie = await app.signIn(user.email, user.password);
    await postForm('/ngon-ngu', { lang: 'en', redirectTo: '/' }, { cookie });
    const me = await (await fetch(`${app.url}/api/v1/auth/me`, { headers: { cookie } })).json();
    expect(me.user.language).toBe('en');
  });

  it('does not redirect off-site after sign-in', async () => {
    const user = await app.createUser();
    const res = await postForm('/dang-nhap', {
      email: user.email,
      password: user.password,
      redirectTo: '//evil.example/',
    });
    expect(res.headers.get('location')).toBe('/');
    // A tab that the browser would drop, here and on the language switch.
    const tab = await postForm('/dang-nhap', {
      email: user.email,
      password: user.password,
      redirectTo: '/\t/evil.example',
    });
    expect(tab.headers.get('location')).toBe('/');
    const lang = await postForm('/ngon-ngu', { lang: 'en', redirectTo: '/\t/evil.example' });
    expect(lang.headers.get('location')).toBe('/');
    const signedIn = cookieOf(tab, 'dt_session')!;
    const already = await fetch(`${app.url}/dang-nhap?redirectTo=%2F%09%2Fevil.example`, {
      headers: { cookie: signedIn },
      redirect: 'manual',
    });
    expect(already.headers.get('location')).toBe('/');
  });

  it('keeps one redirectTo on the sign-in page, however often it is visited', async () => {
    const html = await (
      await fetch(`${app.url}/dang-nhap?redirectTo=${encodeURIComponent('/quan-ly/hoi-nghi')}`)
    ).text();
    expect(html).toContain('href="/dang-nhap?redirectTo=%2Fquan-ly%2Fhoi-nghi"');
    expect(html).not.toContain('redirectTo%3D');
    expect(await (await fetch(`${app.url}/robots.txt`)).text()).toContain('Disallow: /dang-nhap');
  });

  it('ships no server code to the browser', () => {
    const dir = new URL('../../build/client/assets/', import.meta.url);
    const leaks = readdirSync(dir)
      .filter((f) => f.endsWith('.js'))
      .filter((f) =>
        /drizzle|pg_notify|argon2|createHmac/.test(readFileSync(new URL(f, dir), 'utf8')),
      );
    expect(leaks).toEqual([]);
  });
});
