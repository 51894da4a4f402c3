import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendJson, startTestApp, type TestApp } from '../support/test-app.ts';

// Every path that mints a credential or changes another person's account, tried as an
// organiser who wants to become someone else.
let app: TestApp;
let adminCookie: string;
let admin: { id: string; email: string; password: string };

beforeAll(async () => {
  app = await startTestApp();
  admin = await app.createUser({ roles: ['admin'] });
  adminCookie = await app.signIn(admin.email, admin.password);
});
afterAll(() => app.close());

function api(path: string, cookie: string, body?: unknown, method = 'POST') {
  return body === undefined
    ? fetch(`${app.url}/api/v1${path}`, { method, headers: { cookie } })
    : sendJson(`${app.url}/api/v1${path}`, method, body, { cookie });
}

/** A conference with one site, organised by a fresh account that has no global role. */
async function organisedConference() {
  const organiser = await app.createUser();
  const organiserCookie = await app.signIn(organiser.email, organiser.password);
  const conf = await (
    await api('/conferences', adminCookie, {
      title: 'Hội nghị đối thoại về cải cách hành chính',
      theme: 'Cải cách hành chính',
      organiser: 'Ban Tổ chức',
      startsAt: '2026-12-18T01:00:00Z',
      endsAt: '2026-12-18T04:30:00Z',
      themes: ['Chính phủ điện tử'],
    })
  ).json();
  expect(
    (
      await api(`/conferences/${conf.id}/members`, adminCookie, {
        email: organiser.email,
        role: 'organiser',
      })
    ).status,
  ).toBe(201);
  const site = await (
    await api(`/conferences/${conf.id}/sites`, organiserCookie, {
      name: 'Điểm cầu Quảng Trị',
      unitName: 'UBND tỉnh Quảng Trị',
      techEmail: admin.email,
    })
  ).json();
  return { conf, site, organiser, organiserCookie };
}

async function useLink(token: string) {
  return sendJson(`${app.url}/api/v1/auth/link`, 'POST', { token });
}

describe('sign-in links', () => {
  it('are never issued for an account the conference did not create (the administrator’s)', async () => {
    const { conf, site, organiserCookie } = await organisedConference();
    // The organiser makes the administrator a site operator of their conference…
    const assigned = await api(`/conferences/${conf.id}/members`, organiserCookie, {
      email: admin.email,
      role: 'site_operator',
      siteId: site.id,
    });
    expect(assigned.status).toBe(201);
    // …and asks for sign-in links: none for the administrator.
    const res = await api(`/conferences/${conf.id}/sign-in-links`, organiserCookie, {
      validHours: 24,
    });
    expect(res.status).toBe(200);
    const { links, skipped } = await res.json();
    expect(links).toEqual([]);
    expect(skipped).toEqual([expect.objectContaining({ operatorEmail: admin.email })]);
    // The administrator's own sign-in still works and nothing changed for them.
    expect((await api('/auth/me', adminCookie, undefined, 'GET')).status).toBe(200);
  });

  it('"create operators for all sites" never takes over an existing account with the site’s e-mail', async () => {
    const { conf, site, organiserCookie } = await organisedConference();
    const res = await api(`/conferences/${conf.id}/operators`, organiserCookie);
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ created: 1 });
    const members = (await (
      await api(`/conferences/${conf.id}/members`, organiserCookie, undefined, 'GET')
    ).json()) as { role: string; siteId: string; email: string }[];
    const operators = members.filter((m) => m.role === 'site_operator');
    expect(operators).toHaveLength(1);
    expect(operators[0]!.siteId).toBe(site.id);
    expect(operators[0]!.email).toMatch(/\.invalid$/);
    const { links, skipped } = await (
      await api(`/conferences/${conf.id}/sign-in-links`, organiserCookie, { validHours: 1 })
    ).json();
    expect(skipped).toEqual([]);
    expect(links).toHaveLength(1);
    const used = await useLink(links[0].token);
    expect(used.status).toBe(200);
    const cookie = used.headers.getSetCookie().find((c) => c.startsWith('dt_session='))!;
    const { user: me } = await (
      await api('/auth/me', cookie.split(';')[0]!, undefined, 'GET')
    ).json();
    expect(me.id).not.toBe(admin.id);
    expect(me.roles).toEqual([]);
  });

  it('of one conference do not work for an operator account another conference created', async () => {
    const a = await organisedConference();
    const b = await organisedConference();
    const op = await (
      await api(`/conferences/${a.conf.id}/sites/${a.site.id}/operators`, a.organiserCookie, {
        name: 'Hồ Thị Lan',
      })
    ).json();
    expect(
      (
        await api(`/conferences/${b.conf.id}/members`, b.organiserCookie, {
          email: op.email,
          role: 'site_operator',
          siteId: b.site.id,
        })
      ).status,
    ).toBe(201);
    const fromB = await (
      await api(`/conferences/${b.conf.id}/sign-in-links`, b.organiserCookie, { validHours: 1 })
    ).json();
    expect(fromB.links).toEqual([]);
    expect(fromB.skipped.map((s: { operatorEmail: string }) => s.operatorEmail)).toEqual([
      op.email,
    ]);
  });

  it('are not issued, nor work, for an operator account later given a role in another conference', async () => {
    const a = await organisedConference();
    const b = await organisedConference();
    const op = await (
      await api(`/conferences/${a.conf.id}/sites/${a.site.id}/operators`, a.organiserCookie, {
        name: 'Đinh Thị Hoa',
        email: 'dinh.thi.hoa@tinh.example.gov.vn',
      })
    ).json();
    const issuedBefore = (
      await (
        await api(`/conferences/${a.conf.id}/sign-in-links`, a.organiserCookie, { validHours: 1 })
      ).json()
    ).links[0].token as string;
    // The administrator makes that person an organiser of another conference.
    expect(
      (
        await api(`/conferences/${b.conf.id}/members`, adminCookie, {
          email: op.email,
          role: 'organiser',
        })
      ).status,
    ).toBe(201);
    const again = await (
      await api(`/conferences/${a.conf.id}/sign-in-links`, a.organiserCookie, { validHours: 1 })
    ).json();
    expect(again.links).toEqual([]);
    expect(again.skipped.map((s: { operatorEmail: string }) => s.operatorEmail)).toEqual([
      op.email,
    ]);
    expect((await useLink(issuedBefore)).status).toBe(410);
  });

  it('stop working when the account gains a global role, or its password is reset', async () => {
    const { conf, site, organiserCookie } = await organisedConference();
    const op = await (
      await api(`/conferences/${conf.id}/sites/${site.id}/operators`, organiserCookie, {
        name: 'Lê Văn Phúc',
      })
    ).json();
    const issue = async () =>
      (
        await (
          await api(`/conferences/${conf.id}/sign-in-links`, organiserCookie, { validHours: 1 })
        ).json()
      ).links[0].token as string;

    // An administrator makes the operator an editor: the link issued before no longer signs in.
    const before = await issue();
    await api(`/users/${op.userId}`, adminCookie, { roles: ['editor'] }, 'PATCH');
    expect((await useLink(before)).status).toBe(410);
    const again = await (
      await api(`/conferences/${conf.id}/sign-in-links`, organiserCookie, { validHours: 1 })
    ).json();
    expect(again.links).toEqual([]);
    await api(`/users/${op.userId}`, adminCookie, { roles: [] }, 'PATCH');

    // A password reset voids the links issued before it.
    const unused = await issue();
    const reset = await api(
      `/users/${op.userId}`,
      adminCookie,
      { password: 'Mật-khẩu-mới-của-kỹ-thuật-2026' },
      'PATCH',
    );
    expect(reset.status).toBe(200);
    expect((await useLink(unused)).status).toBe(410);
    expect((await useLink(await issue())).status).toBe(200);
  });
});
