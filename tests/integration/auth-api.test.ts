import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { THROTTLE } from '../../domain/auth/sign-in.ts';
import { sendJson, startTestApp, type TestApp } from '../support/test-app.ts';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

const login = (email: string, password: string, headers: Record<string, string> = {}) =>
  sendJson(`${app.url}/api/v1/auth/login`, 'POST', { email, password }, headers);

describe('POST /api/v1/auth/login', () => {
  it('signs in with the right password and sets an HttpOnly, SameSite=Lax session cookie', async () => {
    const user = await app.createUser({ roles: ['editor'] });
    const res = await login(user.email.toUpperCase(), user.password);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.user).toMatchObject({ email: user.email, roles: ['editor'], disabled: false });
    expect(body.user.passwordHash).toBeUndefined();
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('dt_session='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\//);
  });

  it('refuses a wrong password with 401 and a Vietnamese message', async () => {
    const user = await app.createUser();
    const res = await login(user.email, 'sai-mat-khau-roi');
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({
      error: {
        code: 'invalid_credentials',
        message:
          'E-mail hoặc mật khẩu không đúng, hoặc tài khoản đã bị khóa (quản trị viên có thể cho biết).',
      },
    });
  });

  it('answers in English when the caller asks for it', async () => {
    const res = await login('khong-ton-tai@doithoai.example', 'whatever-password', {
      'accept-language': 'en-GB,en;q=0.9',
    });
    expect(res.status).toBe(401);
    expect((await res.json()).error.message).toMatch(/^Wrong e-mail or password/);
  });

  it(`refuses with 429 at the ${THROTTLE.accountLimit}th wrong password, then even the right one`, async () => {
    const user = await app.createUser();
    const statuses: number[] = [];
    for (let i = 0; i < THROTTLE.accountLimit; i++) {
      statuses.push((await login(user.email, `wrong-password-${i}`)).status);
    }
    expect(statuses.slice(0, -1).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    const locked = await login(user.email, user.password);
    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toBeTruthy();
    expect((await locked.json()).error.message).toContain('thử lại sau 15 phút');
  });

  it('throttles per account across concurrent attempts (no lost counts)', async () => {
    const user = await app.createUser();
    const results = await Promise.all(
      Array.from({ length: THROTTLE.accountLimit + 2 }, (_, i) => login(user.email, `nope-${i}`)),
    );
    expect(results.filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(3);
    expect((await login(user.email, user.password)).status).toBe(429);
  });

  it('a disabled account cannot sign in, and the answer does not tell whether the password was right', async () => {
    const admin = await app.createUser({ roles: ['admin'] });
    const user = await app.createUser();
    const cookie = await app.signIn(admin.email, admin.password);
    await sendJson(`${app.url}/api/v1/users/${user.id}`, 'PATCH', { disabled: true }, { cookie });
    const right = await login(user.email, user.password);
    const wrong = await login(user.email, 'not-the-password-1');
    expect([right.status, wrong.status]).toEqual([401, 401]);
    expect(await right.json()).toEqual(await wrong.json());
  });
});

describe('password policy', () => {
  it('refuses passwords that are easy to guess, with the reason in Vietnamese', async () => {
    const admin = await app.createUser({ roles: ['admin'] });
    const cookie = await app.signIn(admin.email, admin.password);
    for (const password of ['1111111111', ' '.repeat(10), 'matkhau2026', 'Hà Nội 123456']) {
      const res = await sendJson(
        `${app.url}/api/v1/users`,
        'POST',
        { email: `yeu-${Math.random()}@doithoai.example`, name: 'Trần Thị Yếu', password },
        { cookie },
      );
      expect(res.status, JSON.stringify(password)).toBe(400);
      expect((await res.json()).error.fields.password).toContain('quá dễ đoán');
    }
    const user = await app.createUser();
    const own = await app.signIn(user.email, user.password);
    const change = await sendJson(
      `${app.url}/api/v1/auth/change-password`,
      'POST',
      { currentPassword: user.password, newPassword: '1234567890' },
      { cookie: own },
    );
    expect(change.status).toBe(400);
    expect((await change.json()).error.fields.newPassword).toContain('quá dễ đoán');
  });
});

describe('session', () => {
  it('GET /auth/me needs a session; logout ends it', async () => {
    expect((await fetch(`${app.url}/api/v1/auth/me`)).status).toBe(401);
    const user = await app.createUser();
    const cookie = await app.signIn(user.email, user.password);
    const me = await fetch(`${app.url}/api/v1/auth/me`, { headers: { cookie } });
    expect(me.status).toBe(200);
    expect((await me.json()).user.email).toBe(user.email);

    const out = await fetch(`${app.url}/api/v1/auth/logout`, {
      method: 'POST',
      headers: { cookie },
    });
    expect(out.status).toBe(204);
    expect(out.headers.getSetCookie().join()).toMatch(/dt_session=;/);
    expect((await fetch(`${app.url}/api/v1/auth/me`, { headers: { cookie } })).status).toBe(401);
  });

  it('changing the password keeps this session and ends the others', async () => {
    const user = await app.createUser();
    const here = await app.signIn(user.email, user.password);
    const elsewhere = await app.signIn(user.email, user.password);
    const wrong = await sendJson(
      `${app.url}/api/v1/auth/change-password`,
      'POST',
      { currentPassword: 'not-the-password', newPassword: 'mat-khau-moi-that-dai' },
      { cookie: here },
    );
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).error.fields.currentPassword).toBe('Mật khẩu hiện tại không đúng.');

    const ok = await sendJson(
      `${app.url}/api/v1/auth/change-password`,
      'POST',
      { currentPassword: user.password, newPassword: 'mat-khau-moi-that-dai' },
      { cookie: here },
    );
    expect(ok.status).toBe(204);
    expect((await fetch(`${app.url}/api/v1/auth/me`, { headers: { cookie: here } })).status).toBe(
      200,
    );
    expect(
      (await fetch(`${app.url}/api/v1/auth/me`, { headers: { cookie: elsewhere } })).status,
    ).toBe(401);
    expect((await login(user.email, user.password)).status).toBe(401);
    expect((await login(user.email, 'mat-khau-moi-that-dai')).status).toBe(200);
  });

  it('PATCH /auth/me changes the language, and errors follow it', async () => {
    const user = await app.createUser();
    const cookie = await app.signIn(user.email, user.password);
    const res = await sendJson(
      `${app.url}/api/v1/auth/me`,
      'PATCH',
      { language: 'en' },
      { cookie },
    );
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie().join()).toMatch(/dt_lang=en/);
    const bad = await sendJson(`${app.url}/api/v1/auth/me`, 'PATCH', { name: '' }, { cookie });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatchObject({
      code: 'validation',
      message: 'The data sent is not valid.',
      fields: { name: 'This field is required.' },
    });
  });

  it('a forged or unknown cookie signs no one in', async () => {
    const res = await fetch(`${app.url}/api/v1/auth/me`, {
      headers: { cookie: 'dt_session=forged-token-value' },
    });
    expect(res.status).toBe(401);
  });
});

describe('cross-origin writes', () => {
  it('refuses a state-changing request from another origin', async () => {
    const user = await app.createUser();
    const res = await login(user.email, user.password, { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe('cross_origin');
  });

  it('refuses a cross-site request flagged by Sec-Fetch-Site', async () => {
    const res = await fetch(`${app.url}/api/v1/auth/logout`, {
      method: 'POST',
      headers: { 'sec-fetch-site': 'cross-site' },
    });
    expect(res.status).toBe(403);
  });

  it('accepts the same origin', async () => {
    const user = await app.createUser();
    const res = await login(user.email, user.password, { origin: app.url });
    expect(res.status).toBe(200);
  });
});
