import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secondFactorPolicy } from '../../db/schema/second-factor.ts';
import { loadServerBuild } from '../support/server-build.ts';
import { cookieOf, enrolThroughApi, totpCode } from '../support/second-factor.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ build: await loadServerBuild() });
});
afterAll(() => app.close());

const page = (path: string, init: RequestInit = {}) =>
  fetch(`${app.url}${path}`, { redirect: 'manual', ...init });
const postForm = (path: string, fields: Record<string, string>, cookie?: string) =>
  page(path, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(cookie ? { cookie } : {}),
    },
    body: new URLSearchParams(fields).toString(),
  });

describe('the "Mã xác thực" page', () => {
  it('after the password, asks the code before any session, then signs in (without script)', async () => {
    const user = await app.createUser();
    const { secret } = await enrolThroughApi(app, await app.signIn(user.email, user.password));

    const first = await postForm('/dang-nhap', {
      email: user.email,
      password: user.password,
      redirectTo: '/tai-khoan',
    });
    expect(first.status).toBe(302);
    expect(first.headers.get('location')).toBe('/dang-nhap/ma-xac-thuc?redirectTo=%2Ftai-khoan');
    expect(cookieOf(first, 'dt_session')).toBeUndefined();
    const challenge = cookieOf(first, 'dt_2fa')!;
    expect(first.headers.getSetCookie().find((c) => c.startsWith('dt_2fa='))).toMatch(/HttpOnly/i);

    const shown = await page('/dang-nhap/ma-xac-thuc', { headers: { cookie: challenge } });
    expect(shown.status).toBe(200);
    expect(await shown.text()).toContain('Nhập mã 6 chữ số');
    // Without the challenge, the page sends back to the password.
    const without = await page('/dang-nhap/ma-xac-thuc');
    expect(without.status).toBe(302);
    expect(without.headers.get('location')).toMatch(/^\/dang-nhap\?/);

    const wrong = await postForm(
      '/dang-nhap/ma-xac-thuc',
      { intent: 'code', code: await totpCode(secret, 4), redirectTo: '/tai-khoan' },
      challenge,
    );
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain('Mã xác thực hoặc mã khôi phục không đúng');

    const ok = await postForm(
      '/dang-nhap/ma-xac-thuc',
      { intent: 'code', code: await totpCode(secret, 1), redirectTo: '/tai-khoan' },
      challenge,
    );
    expect(ok.status).toBe(302);
    expect(ok.headers.get('location')).toBe('/tai-khoan');
    const session = cookieOf(ok, 'dt_session')!;
    expect(session).toBeTruthy();
    expect(cookieOf(ok, 'dt_2fa')).toBe('dt_2fa=');
    const account = await page('/tai-khoan', { headers: { cookie: session } });
    expect(account.status).toBe(200);
    expect(await account.text()).toContain('Các phiên đăng nhập');
  });
});

describe('a role that requires the second factor', () => {
  it('sends pages, page data and forms to the enrolment; the account page stays open', async () => {
    await app.database.db.insert(secondFactorPolicy).values({ role: 'admin', required: true });
    try {
      const admin = await app.createUser({ roles: ['admin'] });
      const cookie = await app.signIn(admin.email, admin.password);
      const headers = { cookie };

      const pageRes = await page('/quan-tri/nguoi-dung', { headers });
      expect(pageRes.status).toBe(303);
      expect(pageRes.headers.get('location')).toBe('/tai-khoan?batbuoc=1');

      const data = await page('/quan-tri/nguoi-dung.data', { headers });
      expect(data.status).toBe(204);
      expect(data.headers.get('x-remix-redirect')).toBe('/tai-khoan?batbuoc=1');

      const form = await postForm('/quan-tri/nguoi-dung', { name: 'x' }, cookie);
      expect(form.status).toBe(303);

      const account = await page('/tai-khoan?batbuoc=1', { headers });
      expect(account.status).toBe(200);
      expect(await account.text()).toContain('Vai trò của bạn bắt buộc dùng xác thực hai bước');

      await enrolThroughApi(app, cookie);
      expect((await page('/quan-tri/nguoi-dung', { headers })).status).toBe(200);
    } finally {
      await app.database.db.delete(secondFactorPolicy);
    }
  });
});
