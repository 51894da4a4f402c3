import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema/audit.ts';
import { conferenceSites } from '../../db/schema/conferences.ts';
import type { Actor } from '../../domain/auth/policies.ts';
import * as members from '../../domain/conferences/members.ts';
import { buildConference, buildSite } from '../support/builders.ts';
import { linkIn, startSmtpServer } from '../support/smtp.ts';
import { sendJson, startTestApp, type TestApp } from '../support/test-app.ts';

// Sign-in links sent to site operators by e-mail, through a real SMTP server: every
// operator with an address gets one message, each link signs in once, and the page's
// per-address results end in `sent` (or say why nothing went).
let app: TestApp;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let admin: { id: string; email: string; password: string };
let cookie: string;
let conferenceId: string;
const siteNames = {
  a: 'Điểm cầu Hà Giang',
  b: 'Điểm cầu Lào Cai',
  c: 'Điểm cầu Yên Bái',
  d: 'Điểm cầu Sơn La',
};

beforeAll(async () => {
  smtp = await startSmtpServer();
  app = await startTestApp({
    env: { SMTP_URL: smtp.url, MAIL_FROM: 'Cổng Đối thoại <no-reply@doithoai.example>' },
  });
  admin = await app.createUser({ roles: ['admin'] });
  cookie = await app.signIn(admin.email, admin.password);
  const db = app.database.db;
  const actor: Actor = {
    id: admin.id,
    name: 'Quản trị',
    email: admin.email,
    language: 'vi',
    roles: ['admin'],
  };
  const conf = await buildConference(db, actor);
  conferenceId = conf.id;
  const tech = {
    // Its own technician.
    a: 'ky-thuat.hagiang@doithoai.example',
    // One technician for two sites: the second site's operator account cannot take the
    // address (it is the first's), so its link goes to the site's technical e-mail.
    b: 'ky-thuat.chung@doithoai.example',
    c: 'ky-thuat.chung@doithoai.example',
    // No address at all.
    d: null,
  };
  for (const key of ['a', 'b', 'c', 'd'] as const) {
    const site = await buildSite(db, actor, conferenceId, siteNames[key]);
    await db
      .update(conferenceSites)
      .set({ techEmail: tech[key], techName: `Kỹ thuật ${siteNames[key]}` })
      .where(eq(conferenceSites.id, site.id));
  }
  await members.createMissingOperators({ db, actor, conferenceId });
});
afterAll(async () => {
  await app.close();
  await smtp.close();
});

const api = (path: string) => `${app.url}/api/v1/conferences/${conferenceId}${path}`;

describe('sign-in links by e-mail', () => {
  it('only organisers may send them', async () => {
    const other = await app.createUser();
    const res = await sendJson(
      api('/sign-in-links/email'),
      'POST',
      { validHours: 2 },
      { cookie: await app.signIn(other.email, other.password) },
    );
    expect(res.status).toBe(403);
    expect(smtp.received).toHaveLength(0);
  });

  it('every operator with an address gets one message; each link signs in once; results per address', async () => {
    const res = await sendJson(api('/sign-in-links/email'), 'POST', { validHours: 2 }, { cookie });
    expect(res.status).toBe(200);
    const { batchId, queued, unsent } = (await res.json()) as {
      batchId: string;
      queued: number;
      unsent: number;
    };
    expect({ queued, unsent }).toEqual({ queued: 3, unsent: 1 });

    const mail = await smtp.waitFor((m) => m.length >= 3);
    expect(mail.map((m) => m.to).sort()).toEqual([
      'ky-thuat.chung@doithoai.example',
      'ky-thuat.chung@doithoai.example',
      'ky-thuat.hagiang@doithoai.example',
    ]);
    for (const m of mail) {
      expect(m.subject).toMatch(/^Liên kết đăng nhập điểm cầu Điểm cầu /);
      expect(m.html).toContain('<a href="http://127.0.0.1:');
    }

    // The page's results: three sent, one without an address (no new link for it).
    let progress: {
      done: boolean;
      results: { siteName: string; address: string | null; result: string }[];
    };
    do {
      progress = await (
        await fetch(api(`/email-batches/${batchId}`), { headers: { cookie } })
      ).json();
    } while (!progress.done && (await new Promise((r) => setTimeout(r, 100)), true));
    const bySite = Object.fromEntries(progress.results.map((r) => [r.siteName, r]));
    expect(bySite[siteNames.a]).toMatchObject({
      result: 'sent',
      address: 'ky-thuat.hagiang@doithoai.example',
    });
    expect(bySite[siteNames.b]).toMatchObject({ result: 'sent' });
    expect(bySite[siteNames.c]).toMatchObject({
      result: 'sent',
      address: 'ky-thuat.chung@doithoai.example',
    });
    expect(bySite[siteNames.d]).toMatchObject({ result: 'no_address', address: null });

    // Each link signs its operator in, once.
    for (const m of mail) {
      const token = linkIn(m, `${app.url}/dang-nhap/lien-ket/`).split('/').pop()!;
      const first = await sendJson(`${app.url}/api/v1/auth/link`, 'POST', { token });
      expect(first.status).toBe(200);
      const body = (await first.json()) as { conferenceId: string; siteId: string };
      expect(body.conferenceId).toBe(conferenceId);
      const again = await sendJson(`${app.url}/api/v1/auth/link`, 'POST', { token });
      expect(again.status).toBe(410);
    }

    // The trail says who issued how many links for which sites.
    const [entry] = await app.database.db
      .select()
      .from(auditLog)
      .where(
        and(eq(auditLog.action, 'sign_in_link.issued'), eq(auditLog.conferenceId, conferenceId)),
      );
    expect(entry).toMatchObject({ actorId: admin.id, ip: '127.0.0.1' });
    expect(entry!.after).toMatchObject({ count: 3, delivery: 'email' });
    expect((entry!.after as { sites: string[] }).sites.sort()).toEqual(
      [siteNames.a, siteNames.b, siteNames.c].sort(),
    );
  });

  it('refuses an empty choice of sites and a batch of another conference', async () => {
    const res = await sendJson(
      api('/sign-in-links/email'),
      'POST',
      { siteIds: [], validHours: 2 },
      { cookie },
    );
    expect(res.status).toBe(400);
    const missing = await fetch(api(`/email-batches/00000000-0000-4000-8000-000000000000`), {
      headers: { cookie },
    });
    expect(missing.status).toBe(404);
    const bad = await fetch(api(`/email-batches/pas-un-id`), { headers: { cookie } });
    expect(bad.status).toBe(400);
  });
});
