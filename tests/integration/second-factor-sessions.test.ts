import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema/audit.ts';
import { enrolThroughApi, passwordStep, secondStep, totpCode } from '../support/second-factor.ts';
import { sendJson, startTestApp, type TestApp } from '../support/test-app.ts';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

const api = (path: string) => `${app.url}/api/v1${path}`;
const get = (path: string, cookie: string) => fetch(api(path), { headers: { cookie } });

/** Signs in with a given user agent (a "device"). */
async function signInAs(email: string, password: string, userAgent: string) {
  const res = await sendJson(
    api('/auth/login'),
    'POST',
    { email, password },
    {
      'user-agent': userAgent,
    },
  );
  expect(res.status).toBe(200);
  return res.headers
    .getSetCookie()
    .find((c) => c.startsWith('dt_session='))!
    .split(';')[0]!;
}

const WINDOWS =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const PHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';
const LINUX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';

describe('own sessions', () => {
  it('lists the sessions with device, address, times and "this one"', async () => {
    const user = await app.createUser();
    const desk = await signInAs(user.email, user.password, WINDOWS);
    await signInAs(user.email, user.password, PHONE);
    const res = await get('/auth/sessions', desk);
    expect(res.status).toBe(200);
    const { sessions } = await res.json();
    expect(sessions).toHaveLength(2);
    const current = sessions.find((s: { current: boolean }) => s.current);
    expect(current.device).toBe('Chrome · Windows');
    expect(current.ip).toMatch(/127\.0\.0\.1/);
    expect(Date.parse(current.createdAt)).not.toBeNaN();
    expect(Date.parse(current.lastSeenAt)).not.toBeNaN();
    expect(sessions.find((s: { current: boolean }) => !s.current).device).toBe('Safari · iOS');
    // The ids shown are not the stored ids, nor the tokens.
    for (const s of sessions) expect(desk).not.toContain(s.id);
  });

  it('signs out one session, then all the others, keeping this one', async () => {
    const user = await app.createUser();
    const desk = await signInAs(user.email, user.password, WINDOWS);
    const phone = await signInAs(user.email, user.password, PHONE);
    const laptop = await signInAs(user.email, user.password, LINUX);
    const { sessions } = await (await get('/auth/sessions', desk)).json();
    const phoneSession = sessions.find((s: { device: string }) => s.device === 'Safari · iOS');
    const end = await fetch(api(`/auth/sessions/${phoneSession.id}`), {
      method: 'DELETE',
      headers: { cookie: desk },
    });
    expect(end.status).toBe(204);
    expect((await get('/auth/me', phone)).status).toBe(401);
    expect((await get('/auth/me', laptop)).status).toBe(200);

    const others = await sendJson(api('/auth/sessions/sign-out-others'), 'POST', undefined, {
      cookie: desk,
    });
    expect(others.status).toBe(204);
    expect((await get('/auth/me', laptop)).status).toBe(401);
    expect((await get('/auth/me', desk)).status).toBe(200);
    expect((await (await get('/auth/sessions', desk)).json()).sessions).toHaveLength(1);
  });

  it("cannot sign out someone else's session; bad ids are 400/404", async () => {
    const alice = await app.createUser();
    const bob = await app.createUser();
    const aliceCookie = await signInAs(alice.email, alice.password, WINDOWS);
    const bobCookie = await signInAs(bob.email, bob.password, PHONE);
    const { sessions } = await (await get('/auth/sessions', bobCookie)).json();
    const res = await fetch(api(`/auth/sessions/${sessions[0].id}`), {
      method: 'DELETE',
      headers: { cookie: aliceCookie },
    });
    expect(res.status).toBe(404);
    expect((await get('/auth/me', bobCookie)).status).toBe(200);
    const bad = await fetch(api(`/auth/sessions/${'%00'.repeat(3)}`), {
      method: 'DELETE',
      headers: { cookie: aliceCookie },
    });
    expect(bad.status).toBe(400);
    const anonymous = await fetch(api('/auth/sessions'));
    expect(anonymous.status).toBe(401);
  });
});

describe('an administrator signs a user out everywhere', () => {
  it('ends every session and is audited', async () => {
    const admin = await app.createUser({ roles: ['admin'] });
    const adminCookie = await app.signIn(admin.email, admin.password);
    const user = await app.createUser();
    const a = await signInAs(user.email, user.password, WINDOWS);
    const b = await signInAs(user.email, user.password, PHONE);
    const res = await sendJson(api(`/users/${user.id}/sign-out-everywhere`), 'POST', undefined, {
      cookie: adminCookie,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ sessionsEnded: 2 });
    expect((await get('/auth/me', a)).status).toBe(401);
    expect((await get('/auth/me', b)).status).toBe(401);
    const audit = await app.database.db
      .select()
      .from(auditLog)
      .where(
        and(eq(auditLog.action, 'user.signed_out_everywhere'), eq(auditLog.targetId, user.id)),
      );
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actorId).toBe(admin.id);
    expect(audit[0]!.targetLabel).toBe(user.email);
  });

  it('a non-administrator cannot sign another user out', async () => {
    const editor = await app.createUser({ roles: ['editor'] });
    const editorCookie = await app.signIn(editor.email, editor.password);
    const user = await app.createUser();
    const cookie = await signInAs(user.email, user.password, WINDOWS);
    const res = await sendJson(api(`/users/${user.id}/sign-out-everywhere`), 'POST', undefined, {
      cookie: editorCookie,
    });
    expect(res.status).toBe(403);
    expect((await get('/auth/me', cookie)).status).toBe(200);
    const anonymous = await sendJson(
      api(`/users/${user.id}/sign-out-everywhere`),
      'POST',
      undefined,
    );
    expect(anonymous.status).toBe(401);
  });
});

describe('signing out everywhere also ends a sign-in waiting for its code', () => {
  it('the challenge of a right password no longer completes', async () => {
    const admin = await app.createUser({ roles: ['admin'] });
    const adminCookie = await app.signIn(admin.email, admin.password);
    const user = await app.createUser();
    const { secret } = await enrolThroughApi(app, await app.signIn(user.email, user.password));
    const { challenge } = await passwordStep(app, user.email, user.password);
    const res = await sendJson(api(`/users/${user.id}/sign-out-everywhere`), 'POST', undefined, {
      cookie: adminCookie,
    });
    expect(res.status).toBe(200);
    const late = await secondStep(app, challenge, { code: await totpCode(secret, 1) });
    expect(late.status).toBe(401);
    expect((await late.json()).error.code).toBe('second_factor_expired');
  });
});
