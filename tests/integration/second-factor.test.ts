import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema/audit.ts';
import { conferenceMembers } from '../../db/schema/conferences.ts';
import { recoveryCodes, secondFactorPolicy, secondFactors } from '../../db/schema/second-factor.ts';
import { THROTTLE } from '../../domain/auth/sign-in.ts';
import { buildConference } from '../support/builders.ts';
import {
  cookieOf,
  enrolThroughApi,
  passwordStep,
  secondStep,
  totpCode,
} from '../support/second-factor.ts';
import { sendJson, startTestApp, type TestApp } from '../support/test-app.ts';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

const api = (path: string) => `${app.url}/api/v1${path}`;
const get = (path: string, cookie: string) => fetch(api(path), { headers: { cookie } });

async function auditOf(action: string, targetId: string) {
  return app.database.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, action), eq(auditLog.targetId, targetId)));
}

async function enrolledUser(roles: ('admin' | 'editor')[] = []) {
  const user = await app.createUser({ roles });
  const cookie = await app.signIn(user.email, user.password);
  const enrolment = await enrolThroughApi(app, cookie);
  return { ...user, cookie, ...enrolment };
}

describe('enrolment', () => {
  it('shows a secret and QR, confirms with a code, gives 10 recovery codes once and keeps only hashes', async () => {
    const user = await app.createUser();
    const cookie = await app.signIn(user.email, user.password);
    const before = await (await get('/auth/second-factor', cookie)).json();
    expect(before).toMatchObject({ enrolled: false, enrolling: false, required: false });

    const start = await sendJson(api('/auth/second-factor/enrolment'), 'POST', {}, { cookie });
    expect(start.status).toBe(201);
    const { secret, uri, qrSvg } = await start.json();
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    expect(uri).toContain(`secret=${secret}`);
    expect(qrSvg).toMatch(/^<svg/);

    const wrong = await sendJson(
      api('/auth/second-factor/enrolment/confirm'),
      'POST',
      { code: await totpCode(secret, 5) },
      { cookie },
    );
    expect(wrong.status).toBe(401);
    expect((await wrong.json()).error.code).toBe('invalid_second_factor');

    const confirm = await sendJson(
      api('/auth/second-factor/enrolment/confirm'),
      'POST',
      { code: await totpCode(secret) },
      { cookie },
    );
    expect(confirm.status).toBe(200);
    const { recoveryCodes: codes } = await confirm.json();
    expect(codes).toHaveLength(10);

    const [row] = await app.database.db
      .select()
      .from(secondFactors)
      .where(eq(secondFactors.userId, user.id));
    expect(row!.secret).toBeTruthy();
    expect(row!.secret).not.toContain(secret);
    expect(row!.pendingSecret).toBeNull();
    const stored = await app.database.db
      .select()
      .from(recoveryCodes)
      .where(eq(recoveryCodes.userId, user.id));
    expect(stored).toHaveLength(10);
    for (const code of codes as string[]) {
      expect(stored.some((s) => s.codeHash.includes(code.replace('-', '')))).toBe(false);
    }
    expect(await auditOf('second_factor.enrolled', user.id)).toHaveLength(1);
    const after = await (await get('/auth/second-factor', cookie)).json();
    expect(after).toMatchObject({ enrolled: true, enrolling: false, recoveryCodesLeft: 10 });
  });

  it('refuses malformed codes with 400 and a message, not a 500', async () => {
    const user = await app.createUser();
    const cookie = await app.signIn(user.email, user.password);
    await sendJson(api('/auth/second-factor/enrolment'), 'POST', {}, { cookie });
    for (const code of [
      '12a456',
      '1'.repeat(5000),
      '\u0000\u0000\u0000\u0000\u0000\u0000',
      123456,
    ]) {
      const res = await sendJson(
        api('/auth/second-factor/enrolment/confirm'),
        'POST',
        { code },
        { cookie },
      );
      expect(res.status).toBe(400);
      expect((await res.json()).error.message).toBeTruthy();
    }
    const none = await sendJson(api('/auth/second-factor/enrolment/confirm'), 'POST', {
      code: '123456',
    });
    expect(none.status).toBe(401);
  });

  it('replacing a factor in force takes its code or the password', async () => {
    const user = await enrolledUser();
    const start = (body: object) =>
      sendJson(api('/auth/second-factor/enrolment'), 'POST', body, { cookie: user.cookie });
    expect((await start({})).status).toBe(400);
    expect((await start({ password: 'not-the-password' })).status).toBe(401);
    const ok = await start({ password: user.password });
    expect(ok.status).toBe(201);
    const { secret } = await ok.json();
    // The old factor stays in force until the new one is confirmed.
    expect(await (await get('/auth/second-factor', user.cookie)).json()).toMatchObject({
      enrolled: true,
      enrolling: true,
    });
    const confirm = await sendJson(
      api('/auth/second-factor/enrolment/confirm'),
      'POST',
      { code: await totpCode(secret) },
      { cookie: user.cookie },
    );
    expect(confirm.status).toBe(200);
    const { challenge } = await passwordStep(app, user.email, user.password);
    expect(
      (await secondStep(app, challenge, { code: await totpCode(user.secret, 1) })).status,
    ).toBe(401);
    expect((await secondStep(app, challenge, { code: await totpCode(secret, 1) })).status).toBe(
      200,
    );
  });

  it('confirming without a started enrolment is a 409', async () => {
    const user = await app.createUser();
    const cookie = await app.signIn(user.email, user.password);
    const res = await sendJson(
      api('/auth/second-factor/enrolment/confirm'),
      'POST',
      { code: '123456' },
      { cookie },
    );
    expect(res.status).toBe(409);
  });
});

describe('sign-in with a second factor', () => {
  it('the password alone gives no session; the code does', async () => {
    const user = await enrolledUser(['editor']);
    const { body, challenge, session } = await passwordStep(app, user.email, user.password);
    expect(body).toEqual({ secondFactorRequired: true });
    expect(session).toBeUndefined();
    expect(challenge).toBeTruthy();
    // The challenge cookie is not a session.
    expect((await get('/auth/me', challenge!)).status).toBe(401);

    const ok = await secondStep(app, challenge, { code: await totpCode(user.secret, 1) });
    expect(ok.status).toBe(200);
    const signedIn = await ok.json();
    expect(signedIn.user.email).toBe(user.email);
    expect(signedIn.usedRecoveryCode).toBe(false);
    const cookie = cookieOf(ok, 'dt_session')!;
    expect((await get('/auth/me', cookie)).status).toBe(200);
    // The challenge is used up.
    const again = await secondStep(app, challenge, { code: await totpCode(user.secret, 1) });
    expect(again.status).toBe(401);
    expect((await again.json()).error.code).toBe('second_factor_expired');
  });

  it('refuses a wrong code, and a code already used within its time step', async () => {
    const user = await enrolledUser();
    const first = await passwordStep(app, user.email, user.password);
    const wrong = await secondStep(app, first.challenge, { code: await totpCode(user.secret, 4) });
    expect(wrong.status).toBe(401);
    expect((await wrong.json()).error.code).toBe('invalid_second_factor');

    const code = await totpCode(user.secret, 1);
    expect((await secondStep(app, first.challenge, { code })).status).toBe(200);
    const second = await passwordStep(app, user.email, user.password);
    const reused = await secondStep(app, second.challenge, { code });
    expect(reused.status).toBe(401);
    expect((await reused.json()).error.code).toBe('invalid_second_factor');
    // The code of the enrolment's own step was used up too.
    const enrolmentStep = await secondStep(app, second.challenge, {
      code: await totpCode(user.secret),
    });
    expect(enrolmentStep.status).toBe(401);
  });

  it('two sign-ins racing with the same code: only one gets a session', async () => {
    const user = await enrolledUser();
    const a = await passwordStep(app, user.email, user.password);
    const b = await passwordStep(app, user.email, user.password);
    const code = await totpCode(user.secret, 1);
    const results = await Promise.all([
      secondStep(app, a.challenge, { code }),
      secondStep(app, b.challenge, { code }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 401]);
  });

  it('a recovery code signs in once, is audited, and cannot be used again', async () => {
    const user = await enrolledUser();
    const recovery = user.recoveryCodes[3]!;
    const first = await passwordStep(app, user.email, user.password);
    const ok = await secondStep(app, first.challenge, {
      recoveryCode: ` ${recovery.toLowerCase()} `,
    });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ usedRecoveryCode: true, recoveryCodesLeft: 9 });
    const audit = await auditOf('second_factor.recovery_code_used', user.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actorId).toBe(user.id);

    const second = await passwordStep(app, user.email, user.password);
    const reused = await secondStep(app, second.challenge, { recoveryCode: recovery });
    expect(reused.status).toBe(401);
    const other = await secondStep(app, second.challenge, {
      recoveryCode: user.recoveryCodes[4]!,
    });
    expect(other.status).toBe(200);
  });

  it('counts wrong codes like wrong passwords: refused with 429 at the limit', async () => {
    const user = await enrolledUser();
    const statuses: number[] = [];
    let challenge: string | undefined;
    for (let i = 0; i < THROTTLE.accountLimit; i++) {
      if (i % 4 === 0) challenge = (await passwordStep(app, user.email, user.password)).challenge;
      const res = await secondStep(app, challenge, {
        recoveryCode: `AAAAA-${String(i).padStart(5, '0')}`,
      });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, -1).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    // Now even the right password is refused from here.
    const res = await sendJson(api('/auth/login'), 'POST', {
      email: user.email,
      password: user.password,
    });
    expect(res.status).toBe(429);
  });

  it('after five wrong codes on one challenge, the password must be given again', async () => {
    const user = await enrolledUser();
    const { challenge } = await passwordStep(app, user.email, user.password);
    const codes: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await secondStep(app, challenge, {
        recoveryCode: `BBBBB-${String(i).padStart(5, '0')}`,
      });
      codes.push((await res.json()).error.code);
    }
    expect(codes.slice(0, 4).every((c) => c === 'invalid_second_factor')).toBe(true);
    expect(codes[4]).toBe('second_factor_expired');
    const right = await secondStep(app, challenge, { code: await totpCode(user.secret, 1) });
    expect(right.status).toBe(401);
  });

  it('a missing or forged challenge is refused, never a 500', async () => {
    expect((await secondStep(app, undefined, { code: '123456' })).status).toBe(401);
    expect((await secondStep(app, 'dt_2fa=forged', { code: '123456' })).status).toBe(401);
    expect((await secondStep(app, `dt_2fa=${'x'.repeat(5000)}`, { code: '123456' })).status).toBe(
      401,
    );
    expect((await secondStep(app, 'dt_2fa=x', { code: '123456', recoveryCode: 'x' })).status).toBe(
      400,
    );
  });
});

describe('turning off and renewing', () => {
  it('turns off with a current code or the password (audited), not with a wrong one', async () => {
    const user = await enrolledUser();
    const wrong = await sendJson(
      api('/auth/second-factor/disable'),
      'POST',
      { password: 'not-the-password' },
      { cookie: user.cookie },
    );
    expect(wrong.status).toBe(401);
    const ok = await sendJson(
      api('/auth/second-factor/disable'),
      'POST',
      { code: await totpCode(user.secret, 1) },
      { cookie: user.cookie },
    );
    expect(ok.status).toBe(204);
    expect(await auditOf('second_factor.disabled', user.id)).toHaveLength(1);
    const { body } = await passwordStep(app, user.email, user.password);
    expect(body.secondFactorRequired).toBe(false);
  });

  it('wrong passwords there count like failed sign-ins (429 at the limit)', async () => {
    const user = await enrolledUser();
    const statuses: number[] = [];
    for (let i = 0; i < THROTTLE.accountLimit; i++) {
      const res = await sendJson(
        api('/auth/second-factor/recovery-codes'),
        'POST',
        { password: `not-the-password-${i}` },
        { cookie: user.cookie },
      );
      statuses.push(res.status);
    }
    expect(statuses.slice(0, -1).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    const right = await sendJson(
      api('/auth/second-factor/recovery-codes'),
      'POST',
      { password: user.password },
      { cookie: user.cookie },
    );
    expect(right.status).toBe(429);
  });

  it('renews the recovery codes: the old ones stop working', async () => {
    const user = await enrolledUser();
    const renew = await sendJson(
      api('/auth/second-factor/recovery-codes'),
      'POST',
      { password: user.password },
      { cookie: user.cookie },
    );
    expect(renew.status).toBe(200);
    const { recoveryCodes: fresh } = await renew.json();
    expect(fresh).toHaveLength(10);
    const { challenge } = await passwordStep(app, user.email, user.password);
    expect(
      (await secondStep(app, challenge, { recoveryCode: user.recoveryCodes[0]! })).status,
    ).toBe(401);
    expect((await secondStep(app, challenge, { recoveryCode: fresh[0] })).status).toBe(200);
  });
});

describe('required per role', () => {
  it('only an administrator sets the policy; it is audited', async () => {
    const editor = await app.createUser({ roles: ['editor'] });
    const editorCookie = await app.signIn(editor.email, editor.password);
    const refused = await sendJson(
      api('/security/second-factor-policy'),
      'PATCH',
      { roles: { admin: true } },
      { cookie: editorCookie },
    );
    expect(refused.status).toBe(403);
    expect((await get('/security/second-factor-policy', editorCookie)).status).toBe(403);
    const bad = await sendJson(
      api('/security/second-factor-policy'),
      'PATCH',
      { roles: { editor: true } },
      { cookie: editorCookie },
    );
    expect([400, 403]).toContain(bad.status);
  });

  it('an organiser without a second factor is sent to enrolment and can do nothing else until enrolled', async () => {
    const admin = await app.createUser({ roles: ['admin'] });
    const adminCookie = await app.signIn(admin.email, admin.password);
    const organiser = await app.createUser();
    const conference = await buildConference(app.database.db, {
      id: admin.id,
      name: 'Quản trị',
      email: admin.email,
      language: 'vi',
      roles: ['admin'],
    });
    await app.database.db
      .insert(conferenceMembers)
      .values({ conferenceId: conference.id, userId: organiser.id, role: 'organiser' });

    const set = await sendJson(
      api('/security/second-factor-policy'),
      'PATCH',
      { roles: { organiser: true } },
      { cookie: adminCookie },
    );
    expect(set.status).toBe(200);
    expect((await set.json()).roles).toEqual({ admin: false, organiser: true, chair: false });
    const audit = await app.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'second_factor.policy_changed'));
    expect(audit.at(-1)!.after).toEqual({ organiser: true });

    const cookie = await app.signIn(organiser.email, organiser.password);
    const blocked = await get('/conferences', cookie);
    expect(blocked.status).toBe(403);
    expect((await blocked.json()).error.code).toBe('second_factor_enrolment_required');
    expect((await get('/auth/me', cookie)).status).toBe(200);
    expect(await (await get('/auth/second-factor', cookie)).json()).toMatchObject({
      required: true,
      enrolled: false,
    });

    const { secret } = await enrolThroughApi(app, cookie);
    expect((await get('/conferences', cookie)).status).toBe(200);
    // Required: it cannot be turned off.
    const off = await sendJson(
      api('/auth/second-factor/disable'),
      'POST',
      { code: await totpCode(secret, 1) },
      { cookie },
    );
    expect(off.status).toBe(409);

    // An editor is not concerned.
    const editor = await app.createUser({ roles: ['editor'] });
    const editorCookie = await app.signIn(editor.email, editor.password);
    expect((await get('/auth/me', editorCookie)).status).toBe(200);
    expect((await get('/conferences', editorCookie)).status).toBe(200);

    // The administrator created the conference, so is an organiser too: now also held to it.
    const own = await sendJson(
      api('/security/second-factor-policy'),
      'PATCH',
      { roles: { organiser: false } },
      { cookie: adminCookie },
    );
    expect((await own.json()).error.code).toBe('second_factor_enrolment_required');
    await app.database.db.delete(secondFactorPolicy);
  });
});

describe('an administrator resets a lost second factor', () => {
  it('removes it, signs the user out, and is audited', async () => {
    const admin = await app.createUser({ roles: ['admin'] });
    const adminCookie = await app.signIn(admin.email, admin.password);
    const user = await enrolledUser();
    expect(await (await get(`/users/${user.id}/second-factor`, adminCookie)).json()).toEqual({
      enrolled: true,
    });
    const res = await fetch(api(`/users/${user.id}/second-factor`), {
      method: 'DELETE',
      headers: { cookie: adminCookie },
    });
    expect(res.status).toBe(204);
    const audit = await auditOf('second_factor.reset', user.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actorId).toBe(admin.id);
    expect((await get('/auth/me', user.cookie)).status).toBe(401);
    const { body } = await passwordStep(app, user.email, user.password);
    expect(body.secondFactorRequired).toBe(false);
  });

  it('a non-administrator cannot reset another user, nor can an admin reset their own', async () => {
    const editor = await app.createUser({ roles: ['editor'] });
    const editorCookie = await app.signIn(editor.email, editor.password);
    const user = await enrolledUser();
    const res = await fetch(api(`/users/${user.id}/second-factor`), {
      method: 'DELETE',
      headers: { cookie: editorCookie },
    });
    expect(res.status).toBe(403);
    expect(await auditOf('second_factor.reset', user.id)).toHaveLength(0);
    expect((await get('/auth/me', user.cookie)).status).toBe(200);

    const admin = await enrolledUser(['admin']);
    const own = await fetch(api(`/users/${admin.id}/second-factor`), {
      method: 'DELETE',
      headers: { cookie: admin.cookie },
    });
    expect(own.status).toBe(409);
    const bad = await fetch(api('/users/not-a-uuid/second-factor'), {
      method: 'DELETE',
      headers: { cookie: admin.cookie },
    });
    expect(bad.status).toBe(400);
    const missing = await fetch(api('/users/00000000-0000-4000-8000-000000000000/second-factor'), {
      method: 'DELETE',
      headers: { cookie: admin.cookie },
    });
    expect(missing.status).toBe(404);
  });
});

describe('sign-in links', () => {
  it('an operator with a second factor still gives the code after the link', async () => {
    const admin = await app.createUser({ roles: ['admin'] });
    const adminCookie = await app.signIn(admin.email, admin.password);
    const post = (path: string, cookie: string, body: unknown) =>
      sendJson(api(path), 'POST', body, { cookie });
    const conf = await (
      await post('/conferences', adminCookie, {
        title: 'Hội nghị đối thoại về chuyển đổi số',
        theme: 'Chuyển đổi số',
        organiser: 'Ban Tổ chức',
        startsAt: '2026-12-18T01:00:00Z',
        endsAt: '2026-12-18T04:30:00Z',
        themes: ['Dữ liệu số'],
      })
    ).json();
    const site = await (
      await post(`/conferences/${conf.id}/sites`, adminCookie, {
        name: 'Điểm cầu Huế',
        unitName: 'UBND thành phố Huế',
        techEmail: admin.email,
      })
    ).json();
    const op = await post(`/conferences/${conf.id}/sites/${site.id}/operators`, adminCookie, {
      name: 'Trần Văn Kỹ',
    });
    expect(op.status).toBe(201);
    const issue = async () => {
      const res = await post(`/conferences/${conf.id}/sign-in-links`, adminCookie, {
        validHours: 1,
      });
      const body = await res.json();
      expect(res.status, JSON.stringify(body)).toBe(200);
      return body.links[0] as { token: string; operatorEmail: string };
    };
    const useLink = (token: string) => sendJson(api('/auth/link'), 'POST', { token });

    const link = await issue();
    const first = await useLink(link.token);
    expect(first.status).toBe(200);
    const opCookie = cookieOf(first, 'dt_session')!;
    const { secret } = await enrolThroughApi(app, opCookie);

    const second = await useLink((await issue()).token);
    expect(second.status).toBe(200);
    expect(await second.json()).toMatchObject({ secondFactorRequired: true, siteId: site.id });
    expect(cookieOf(second, 'dt_session')).toBeUndefined();
    const challenge = cookieOf(second, 'dt_2fa');
    const done = await secondStep(app, challenge, { code: await totpCode(secret, 1) });
    expect(done.status).toBe(200);
    expect((await done.json()).user.email).toBe(link.operatorEmail);
  });
});
