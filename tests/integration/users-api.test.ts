import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendJson, startTestApp, type TestApp } from '../support/test-app.ts';

let app: TestApp;
let admin: { id: string; email: string; password: string };
let adminCookie: string;
beforeAll(async () => {
  app = await startTestApp();
  admin = await app.createUser({ roles: ['admin'] });
  adminCookie = await app.signIn(admin.email, admin.password);
});
afterAll(() => app.close());

const users = () => `${app.url}/api/v1/users`;

describe('users administration', () => {
  it('an admin creates an editor who can then sign in', async () => {
    const res = await sendJson(
      users(),
      'POST',
      {
        email: '  Bien.Tap@DoiThoai.example ',
        name: 'Nguyễn Thị Biên Tập',
        password: 'mat-khau-bien-tap',
        roles: ['editor'],
      },
      { cookie: adminCookie },
    );
    expect(res.status).toBe(201);
    const created = await res.json();
    expect(created).toMatchObject({
      email: 'bien.tap@doithoai.example',
      name: 'Nguyễn Thị Biên Tập',
      roles: ['editor'],
      language: 'vi',
      disabled: false,
    });
    await app.signIn('bien.tap@doithoai.example', 'mat-khau-bien-tap');

    const again = await sendJson(
      users(),
      'POST',
      { email: 'bien.tap@doithoai.example', name: 'Trùng', password: 'mat-khau-bien-tap' },
      { cookie: adminCookie },
    );
    expect(again.status).toBe(409);
    expect((await again.json()).error).toMatchObject({
      code: 'email_taken',
      fields: { email: 'Địa chỉ e-mail này đã được dùng cho tài khoản khác.' },
    });
  });

  it('lists and finds users ignoring diacritics', async () => {
    await sendJson(
      users(),
      'POST',
      {
        email: 'tran.duc@doithoai.example',
        name: 'Trần Đức Thắng',
        password: 'mat-khau-dai-du-10',
      },
      { cookie: adminCookie },
    );
    const res = await fetch(`${users()}?q=duc%20thang`, { headers: { cookie: adminCookie } });
    expect(res.status).toBe(200);
    const list = await res.json();
    expect(list.users.map((u: { name: string }) => u.name)).toEqual(['Trần Đức Thắng']);
    expect(list.total).toBe(1);
  });

  it('edits roles and disables an account, which ends its sessions', async () => {
    const user = await app.createUser();
    const cookie = await app.signIn(user.email, user.password);
    const res = await sendJson(
      `${users()}/${user.id}`,
      'PATCH',
      { roles: ['editor'], name: 'Đã đổi tên', disabled: true },
      { cookie: adminCookie },
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      roles: ['editor'],
      name: 'Đã đổi tên',
      disabled: true,
    });
    expect((await fetch(`${app.url}/api/v1/auth/me`, { headers: { cookie } })).status).toBe(401);

    const get = await fetch(`${users()}/${user.id}`, { headers: { cookie: adminCookie } });
    expect((await get.json()).disabled).toBe(true);
  });

  it('an admin cannot lock themselves out', async () => {
    for (const change of [{ disabled: true }, { roles: ['editor'] }]) {
      const res = await sendJson(`${users()}/${admin.id}`, 'PATCH', change, {
        cookie: adminCookie,
      });
      expect(res.status).toBe(409);
      expect((await res.json()).error.code).toBe('cannot_change_own_access');
    }
  });

  it('answers 404 for an unknown id and 400 for a malformed one', async () => {
    const missing = await fetch(`${users()}/00000000-0000-4000-8000-000000000000`, {
      headers: { cookie: adminCookie },
    });
    expect(missing.status).toBe(404);
    const malformed = await fetch(`${users()}/123`, { headers: { cookie: adminCookie } });
    expect(malformed.status).toBe(400);
  });

  it('validates every field and names it', async () => {
    const res = await sendJson(
      users(),
      'POST',
      { email: 'not-an-email', name: '', password: 'short', roles: ['king'], isAdmin: true },
      { cookie: adminCookie },
    );
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error.code).toBe('validation');
    expect(Object.keys(error.fields).sort()).toEqual([
      'email',
      'isAdmin',
      'name',
      'password',
      'roles.0',
    ]);
    expect(error.fields.password).toBe('Cần ít nhất 10 ký tự.');
    expect(error.fields.isAdmin).toBe('Trường không được phép: isAdmin.');
  });
});

describe('who may manage users', () => {
  it.each([
    ['anonymous', null, 401],
    ['a user without roles', [] as const, 403],
    ['an editor', ['editor'] as const, 403],
  ])('%s gets %s… on every users operation', async (_who, roles, status) => {
    let cookie = '';
    if (roles) {
      const user = await app.createUser({ roles: [...roles] });
      cookie = await app.signIn(user.email, user.password);
    }
    const headers = cookie ? { cookie } : undefined;
    const target = `${users()}/${admin.id}`;
    const calls = [
      fetch(users(), { headers }),
      fetch(target, { headers }),
      sendJson(
        users(),
        'POST',
        { email: 'x@doithoai.example', name: 'X', password: 'mat-khau-dai-du-10' },
        headers,
      ),
      sendJson(target, 'PATCH', { name: 'Hacked' }, headers),
    ];
    for (const res of await Promise.all(calls)) {
      expect(res.status).toBe(status);
      expect((await res.json()).error.code).toBe(status === 401 ? 'unauthenticated' : 'forbidden');
    }
    const check = await fetch(target, { headers: { cookie: adminCookie } });
    expect((await check.json()).name).not.toBe('Hacked');
  });
});
