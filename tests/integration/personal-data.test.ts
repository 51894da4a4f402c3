import { randomUUID } from 'node:crypto';
import { and, desc, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema/audit.ts';
import { conferenceSites, conferences, delegates } from '../../db/schema/conferences.ts';
import { contributionAttachments, contributions } from '../../db/schema/contributions.ts';
import { emailOutbox } from '../../db/schema/email.ts';
import { storedFiles } from '../../db/schema/files.ts';
import { personalDataConsents, privacyNotices } from '../../db/schema/privacy.ts';
import { sessions } from '../../db/schema/sessions.ts';
import { users } from '../../db/schema/users.ts';
import type { Actor } from '../../domain/auth/policies.ts';
import { submitContribution } from '../../domain/contributions/submit-contribution.ts';
import { applyRetention } from '../../domain/privacy/apply-retention.ts';
import { findPersonalData, personalDataKey } from '../../domain/privacy/find-personal-data.ts';
import { getPrivacyNotice } from '../../domain/privacy/privacy-notice.ts';
import { DEFAULT_NOTICE } from '../../domain/privacy/default-notice.ts';
import { pdfBytes } from '../support/builders.ts';
import { loadServerBuild } from '../support/server-build.ts';
import { sendJson, startTestApp, TEST_SECRET, type TestApp } from '../support/test-app.ts';

let app: TestApp;
let admin: string;
let adminActor: Actor;
let outsider: string;
let ipCounter = 0;
const freshIp = () => `198.51.100.${++ipCounter}`;
const DAY = 24 * 3600 * 1000;

beforeAll(async () => {
  app = await startTestApp({ build: await loadServerBuild(), env: { TRUST_PROXY: '1' } });
  const a = await app.createUser({ roles: ['admin'] });
  admin = await app.signIn(a.email, a.password);
  adminActor = { id: a.id, name: 'Quản trị', email: a.email, language: 'vi', roles: ['admin'] };
  const x = await app.createUser();
  outsider = await app.signIn(x.email, x.password);
});
afterAll(() => app?.close());

const db = () => app.database.db;

/** A conference open to contributions; `endedDaysAgo` moves its end into the past. */
async function conference(endedDaysAgo?: number) {
  const conf = await (
    await sendJson(
      `${app.url}/api/v1/conferences`,
      'POST',
      {
        title: `Hội nghị dữ liệu cá nhân ${randomUUID().slice(0, 8)}`,
        theme: 'Bảo vệ dữ liệu cá nhân',
        organiser: 'Ban Tổ chức',
        startsAt: '2026-12-18T01:00:00Z',
        endsAt: '2026-12-18T04:00:00Z',
        themes: ['Bảo vệ dữ liệu cá nhân'],
      },
      { cookie: admin },
    )
  ).json();
  await sendJson(
    `${app.url}/api/v1/conferences/${conf.id}/status`,
    'POST',
    { status: 'scheduled' },
    { cookie: admin },
  );
  const overview = await (
    await fetch(`${app.url}/api/v1/conferences/${conf.id}`, { headers: { cookie: admin } })
  ).json();
  if (endedDaysAgo !== undefined) {
    const endsAt = new Date(Date.now() - endedDaysAgo * DAY);
    await db()
      .update(conferences)
      .set({ startsAt: new Date(endsAt.getTime() - 3 * 3600 * 1000), endsAt, status: 'ended' })
      .where(eq(conferences.id, conf.id));
  }
  return { id: conf.id as string, slug: conf.slug as string, themeId: overview.themes[0].id };
}

async function submit(
  conf: { id: string; themeId: string },
  who: { name?: string; email?: string; phone?: string },
  extra: Record<string, unknown> = {},
) {
  const res = await sendJson(
    `${app.url}/api/v1/conferences/${conf.id}/contributions`,
    'POST',
    {
      themeId: conf.themeId,
      kind: 'proposal',
      title: `Đề xuất ${randomUUID().slice(0, 8)}`,
      body: 'Nội dung đề xuất đủ dài để được nhận vào hệ thống thử nghiệm.',
      authorName: who.name ?? 'Nguyễn Văn Thử',
      authorKind: 'citizen',
      province: 'Tỉnh Lào Cai',
      email: who.email,
      phone: who.phone,
      consent: true,
      idempotencyKey: randomUUID(),
      ...extra,
    },
    { 'x-forwarded-for': freshIp() },
  );
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()).id as string;
}

const postForm = (path: string, cookie: string | null, fields: Record<string, string>) =>
  fetch(`${app.url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      origin: app.url,
      ...(cookie ? { cookie } : {}),
    },
    body: new URLSearchParams(fields),
  });

const consentsOf = (id: string) =>
  db().select().from(personalDataConsents).where(eq(personalDataConsents.subjectId, id));

const auditOf = (action: string) =>
  db().select().from(auditLog).where(eq(auditLog.action, action)).orderBy(desc(auditLog.id));

describe('the notice and the consent', () => {
  it('the first consents, sent at once, store the built-in wording once as version 1', async () => {
    const conf = await conference();
    expect(await db().select().from(privacyNotices)).toEqual([]);
    const ids = await Promise.all(
      Array.from({ length: 8 }, (_, i) => submit(conf, { phone: `0914 000 10${i}` })),
    );
    const notices = await db().select().from(privacyNotices);
    expect(notices).toMatchObject([{ version: 1, retentionDays: 90, createdBy: null }]);
    const consents = await db()
      .select()
      .from(personalDataConsents)
      .where(inArray(personalDataConsents.subjectId, ids));
    expect(consents.map((c) => c.noticeVersion)).toEqual(ids.map(() => 1));
  });

  it('a public submission stores its consent with the notice version and the time; a new version after the administrator edits it', async () => {
    const conf = await conference();
    // The form shows the short notice, the link to the full one and the version.
    const formPage = await (await fetch(`${app.url}/hoi-nghi/${conf.slug}/y-kien`)).text();
    expect(formPage).toContain('Nghị định 13/2023/NĐ-CP');
    expect(formPage).toContain('href="/chinh-sach-du-lieu-ca-nhan"');
    expect(formPage).toContain('name="noticeVersion" value="1"');

    const first = await submit(conf, { email: 'dong-y@example.vn' });
    const [consent] = await consentsOf(first);
    const [row] = await db().select().from(contributions).where(eq(contributions.id, first));
    expect(consent).toMatchObject({
      subjectKind: 'contribution',
      purpose: 'contribution',
      noticeVersion: 1,
    });
    // Stored in the contribution's own transaction: the same moment.
    expect(consent!.givenAt.getTime()).toBe(row!.createdAt.getTime());

    // Only administrators may change it.
    const input = {
      intent: 'save',
      summary: 'Thông báo ngắn mới: dữ liệu chỉ dùng để xử lý ý kiến, xóa sau {days} ngày.',
      summaryEn: 'New short notice: data used only for the contribution, erased after {days} days.',
      body: `${DEFAULT_NOTICE.body}\n\n8. Sửa đổi\nPhiên bản sửa đổi thử nghiệm.`,
      bodyEn: `${DEFAULT_NOTICE.bodyEn}\n\n8. Changes\nA test revision.`,
      retentionDays: '60',
    };
    expect((await postForm('/quan-tri/du-lieu-ca-nhan', outsider, input)).status).toBe(403);
    expect(
      (await fetch(`${app.url}/quan-tri/du-lieu-ca-nhan`, { headers: { cookie: outsider } }))
        .status,
    ).toBe(403);
    const anonymous = await postForm('/quan-tri/du-lieu-ca-nhan', null, input);
    expect(anonymous.status).toBe(302);
    expect((await getPrivacyNotice({ db: db() })).version).toBe(1);

    const bad = await postForm('/quan-tri/du-lieu-ca-nhan', admin, {
      ...input,
      retentionDays: '0',
    });
    expect(bad.status).toBe(400);
    const nul = await postForm('/quan-tri/du-lieu-ca-nhan', admin, {
      ...input,
      summary: 'a\u0000b',
    });
    expect(nul.status).toBe(400);

    const saved = await postForm('/quan-tri/du-lieu-ca-nhan', admin, input);
    expect(saved.status).toBe(200);
    expect(await saved.text()).toContain('Đã lưu phiên bản 2.');
    const notice = await getPrivacyNotice({ db: db() });
    expect(notice).toMatchObject({ version: 2, retentionDays: 60 });
    const [audit] = await auditOf('privacy_notice.updated');
    expect(audit).toMatchObject({ targetId: '2', actorEmail: adminActor.email });
    expect(audit!.after).toMatchObject({ retentionDays: 60, version: 2 });

    const second = await submit(conf, { phone: '0912 111 222' });
    expect((await consentsOf(second))[0]!.noticeVersion).toBe(2);
    // A form shown before the change keeps the version the person read.
    const older = await submit(conf, { phone: '0912 111 223' }, { noticeVersion: 1 });
    expect((await consentsOf(older))[0]!.noticeVersion).toBe(1);
    // A version that does not exist counts as the one in force.
    const forged = await submit(conf, { phone: '0912 111 224' }, { noticeVersion: 999 });
    expect((await consentsOf(forged))[0]!.noticeVersion).toBe(2);

    // The public page shows the version in force, with the period put in.
    const full = await (await fetch(`${app.url}/chinh-sach-du-lieu-ca-nhan`)).text();
    expect(full).toContain('Phiên bản 2');
    expect(full).toContain('Phiên bản sửa đổi thử nghiệm.');
    expect(full).toContain('sau 60 ngày');
    const formAfter = await (await fetch(`${app.url}/hoi-nghi/${conf.slug}/y-kien`)).text();
    expect(formAfter).toContain('xóa sau 60 ngày');
    expect(formAfter).toContain('name="noticeVersion" value="2"');
  });
});

describe('hostile contacts on the public form', () => {
  it('a NUL byte in the phone or the name, or a phone without 8–15 digits, is refused with 400; nothing is stored', async () => {
    const conf = await conference();
    const before = await db()
      .select({ id: contributions.id })
      .from(contributions)
      .where(eq(contributions.conferenceId, conf.id));
    for (const [field, value] of [
      ['phone', '0912\u0000345678'],
      ['authorName', 'Nguyễn\u0000Văn'],
    ] as const) {
      const fields: Record<string, string> = {
        themeId: conf.themeId,
        kind: 'proposal',
        title: 'Đề xuất có ký tự lạ',
        body: 'Nội dung đề xuất đủ dài để được nhận vào hệ thống thử nghiệm.',
        authorName: 'Nguyễn Văn Thử',
        authorKind: 'citizen',
        phone: '0912345678',
        consent: 'on',
        idempotencyKey: randomUUID(),
        [field]: value,
      };
      const res = await fetch(`${app.url}/hoi-nghi/${conf.slug}/y-kien`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          origin: app.url,
          'x-forwarded-for': freshIp(),
        },
        body: new URLSearchParams(fields),
        redirect: 'manual',
      });
      expect(res.status, field).toBe(400);
    }
    // A phone too short to reach anyone (or to be found again on an erasure request).
    for (const phone of ['0912', '-', '1234567890123456']) {
      const res = await sendJson(
        `${app.url}/api/v1/conferences/${conf.id}/contributions`,
        'POST',
        {
          themeId: conf.themeId,
          kind: 'proposal',
          title: 'Đề xuất với số điện thoại lạ',
          body: 'Nội dung đề xuất đủ dài để được nhận vào hệ thống thử nghiệm.',
          authorName: 'Nguyễn Văn Thử',
          authorKind: 'citizen',
          phone,
          consent: true,
          idempotencyKey: randomUUID(),
        },
        { 'x-forwarded-for': freshIp() },
      );
      expect(res.status, phone).toBe(400);
      expect(await res.text()).toContain('8–15 chữ số');
    }
    expect(
      await db()
        .select({ id: contributions.id })
        .from(contributions)
        .where(eq(contributions.conferenceId, conf.id)),
    ).toEqual(before);
  });
});

describe('retention', () => {
  it('erases contacts past the limit, keeps newer ones and the published text; a second run changes nothing', async () => {
    const { retentionDays } = await getPrivacyNotice({ db: db() });
    const oldConf = await conference();
    const newConf = await conference();
    const published = await submit(oldConf, { email: 'cu@example.vn', phone: '0913 000 001' });
    const pending = await submit(oldConf, { phone: '0913 000 002' });
    const recent = await submit(newConf, { email: 'moi@example.vn', phone: '0913 000 003' });
    await db()
      .update(contributions)
      .set({ status: 'published', publishedAt: new Date() })
      .where(eq(contributions.id, published));
    const [site] = await db()
      .insert(conferenceSites)
      .values({
        conferenceId: oldConf.id,
        position: 9,
        name: 'Điểm cầu lưu trữ',
        unitName: 'Tỉnh Lào Cai',
        techName: 'Cán bộ kỹ thuật',
        techEmail: 'kythuat@example.vn',
        techPhone: '0913 000 004',
      })
      .returning();
    await db().insert(delegates).values({
      conferenceId: oldConf.id,
      siteId: site!.id,
      name: 'Đại biểu Lưu',
      kind: 'manager',
      email: 'daibieu@example.vn',
      phone: '0913 000 005',
    });
    // Ended longer ago than the limit, and not long enough ago.
    for (const [conf, days] of [
      [oldConf, retentionDays + 1],
      [newConf, retentionDays - 1],
    ] as const) {
      const endsAt = new Date(Date.now() - days * DAY);
      await db()
        .update(conferences)
        .set({ startsAt: new Date(endsAt.getTime() - 3600_000), endsAt, status: 'ended' })
        .where(eq(conferences.id, conf.id));
    }

    const before = await db().select().from(contributions).where(eq(contributions.id, published));
    const result = await applyRetention({ db: db() });
    const mine = result.conferences.find((c) => c.conferenceId === oldConf.id);
    expect(mine).toEqual({ conferenceId: oldConf.id, contributions: 2, delegates: 1, sites: 1 });
    expect(result.conferences.find((c) => c.conferenceId === newConf.id)).toBeUndefined();

    const rows = await db()
      .select()
      .from(contributions)
      .where(inArray(contributions.id, [published, pending, recent]));
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(published)).toMatchObject({
      email: null,
      phone: null,
      title: before[0]!.title,
      body: before[0]!.body,
      authorName: before[0]!.authorName,
      status: 'published',
    });
    expect(byId.get(pending)).toMatchObject({ email: null, phone: null });
    expect(byId.get(recent)).toMatchObject({ email: 'moi@example.vn', phone: '0913 000 003' });
    const [d] = await db().select().from(delegates).where(eq(delegates.siteId, site!.id));
    expect(d).toMatchObject({ name: 'Đại biểu Lưu', email: null, phone: null });
    const [s] = await db().select().from(conferenceSites).where(eq(conferenceSites.id, site!.id));
    expect(s).toMatchObject({ techName: 'Cán bộ kỹ thuật', techEmail: null, techPhone: null });

    const entries = await auditOf('personal_data.retention_applied');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actorId: null, actorName: null });
    expect((entries[0]!.after as { conferences: unknown[] }).conferences).toContainEqual(mine);

    // Idempotent: nothing left to erase, nothing written.
    const again = await applyRetention({ db: db() });
    expect(again.conferences).toEqual([]);
    expect(await auditOf('personal_data.retention_applied')).toHaveLength(1);
    const after = await db()
      .select()
      .from(contributions)
      .where(inArray(contributions.id, [published, pending, recent]));
    expect(new Map(after.map((r) => [r.id, r]))).toEqual(byId);
  });
});

describe("a person's request", () => {
  it('exports only the person’s rows, then erases them as designed; the person cannot be found afterwards', async () => {
    const conf = await conference();
    const email = `nguoi-yeu-cau-${randomUUID().slice(0, 6)}@example.vn`;
    const phone = '0987 654 321';
    // The person: an account (no role, no history), a published contribution sent by
    // e-mail, an unpublished one with an attachment sent by phone (+84…), a delegate
    // row and a site's technical contact.
    const person = await app.createUser();
    await db().update(users).set({ email }).where(eq(users.id, person.id));
    const personCookie = await app.signIn(email, person.password);
    const published = await submit(conf, { name: 'Trần Thị Yêu Cầu', email });
    await db()
      .update(contributions)
      .set({ status: 'published', publishedAt: new Date() })
      .where(eq(contributions.id, published));
    const { contribution: pendingRow } = await submitContribution({
      db: db(),
      actor: null,
      conferenceId: conf.id,
      input: {
        themeId: conf.themeId,
        kind: 'question',
        title: 'Câu hỏi chưa công khai',
        body: 'Nội dung câu hỏi chưa được duyệt, kèm một tệp PDF.',
        authorName: 'Trần Thị Yêu Cầu',
        authorKind: 'citizen',
        authorUnit: undefined,
        province: undefined,
        phone: '+84 987 654 321',
        consent: true,
        notifyByEmail: false,
        idempotencyKey: randomUUID(),
      },
      files: [{ name: 'de-xuat.pdf', data: pdfBytes() }],
      ip: freshIp(),
      secret: TEST_SECRET,
    });
    const pending = pendingRow.id;
    const [attachment] = await db()
      .select()
      .from(contributionAttachments)
      .where(eq(contributionAttachments.contributionId, pending));
    const [site] = await db()
      .insert(conferenceSites)
      .values({
        conferenceId: conf.id,
        position: 7,
        name: 'Điểm cầu yêu cầu',
        unitName: 'Tỉnh Điện Biên',
        techName: 'Trần Thị Yêu Cầu',
        techPhone: phone,
      })
      .returning();
    await db().insert(delegates).values({
      conferenceId: conf.id,
      siteId: site!.id,
      name: 'Trần Thị Yêu Cầu',
      position: 'Chuyên viên',
      kind: 'manager',
      email: email.toUpperCase(),
    });
    // Someone else, who must not appear anywhere.
    const other = await submit(conf, {
      name: 'Người Khác',
      email: 'nguoi-khac@example.vn',
      phone: '0900 000 000',
    });

    // Non-administrators: 403.
    expect(
      (await postForm('/quan-tri/du-lieu-ca-nhan/xuat', outsider, { key: email })).status,
    ).toBe(403);
    expect(
      (
        await postForm('/quan-tri/du-lieu-ca-nhan', outsider, {
          intent: 'erase',
          key: email,
          confirmed: 'yes',
        })
      ).status,
    ).toBe(403);
    // A key that is neither an e-mail nor a phone number: 400 in the reader's language.
    const badKey = await postForm('/quan-tri/du-lieu-ca-nhan/xuat', admin, { key: 'ai đó' });
    expect(badKey.status).toBe(400);

    // Hostile keys in the address are left out, as every page reads its query: no 5xx.
    for (const bad of ['%00', 'a'.repeat(5000), '%F0%28']) {
      const res = await fetch(`${app.url}/quan-tri/du-lieu-ca-nhan?key=${bad}`, {
        headers: { cookie: admin },
      });
      expect(res.status, bad.slice(0, 10)).toBe(200);
      expect(await res.text()).not.toContain('Dữ liệu tìm thấy');
    }
    const unreadable = await fetch(`${app.url}/quan-tri/du-lieu-ca-nhan?key=ai%20%C4%91%C3%B3`, {
      headers: { cookie: admin },
    });
    expect(await unreadable.text()).toContain(
      'Nhập một địa chỉ thư điện tử hoặc một số điện thoại',
    );

    // The admin page lists what was found and what erasing will do.
    const pageHtml = await (
      await fetch(`${app.url}/quan-tri/du-lieu-ca-nhan?key=${encodeURIComponent(email)}`, {
        headers: { cookie: admin },
      })
    ).text();
    expect(pageHtml).toContain('Giữ nội dung, tên thành “Ẩn danh”');
    expect(pageHtml).toContain('Xóa dữ liệu cá nhân của người này?');
    expect(pageHtml).not.toContain('nguoi-khac@example.vn');

    // The person asked for a password reset once: the outbox holds a message to them.
    const reset = await sendJson(`${app.url}/api/v1/auth/password-reset/request`, 'POST', {
      email,
    });
    expect(reset.status).toBeLessThan(300);
    const outboxTo = () => db().select().from(emailOutbox).where(eq(emailOutbox.toAddress, email));
    expect(await outboxTo()).toHaveLength(1);

    const exported = await postForm('/quan-tri/du-lieu-ca-nhan/xuat', admin, { key: email });
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-disposition')).toMatch(
      /^attachment; filename="du-lieu-ca-nhan-[0-9a-f]{8}\.json"$/,
    );
    const text = await exported.text();
    const doc = JSON.parse(text);
    expect(doc.accounts.map((a: { id: string }) => a.id)).toEqual([person.id]);
    expect(doc.accounts[0].passwordHash).toBeUndefined();
    expect(doc.contributions.map((c: { id: string }) => c.id)).toEqual([published]);
    expect(doc.contributions[0]).toMatchObject({
      authorName: 'Trần Thị Yêu Cầu',
      email,
      keepsText: true,
    });
    expect(doc.contributions[0].consents).toHaveLength(1);
    expect(doc.delegates).toHaveLength(1);
    expect(doc.messages).toMatchObject([{ kind: 'password_reset', toAddress: email }]);
    expect(text).not.toContain(other);
    expect(text).not.toContain('nguoi-khac@example.vn');
    const byPhone = JSON.parse(
      await (
        await postForm('/quan-tri/du-lieu-ca-nhan/xuat', admin, { key: '+84987654321' })
      ).text(),
    );
    expect(byPhone.contributions.map((c: { id: string }) => c.id)).toEqual([pending]);
    expect(byPhone.contributions[0].attachments[0]).toMatchObject({ name: 'de-xuat.pdf' });
    expect(byPhone.sites.map((s: { id: string }) => s.id)).toEqual([site!.id]);
    const exports = await auditOf('personal_data.exported');
    expect(exports).toHaveLength(2);
    expect(JSON.stringify(exports)).not.toContain(email);
    expect(exports[1]).toMatchObject({ targetType: 'person', actorEmail: adminActor.email });
    expect(exports[1]!.targetId).toMatch(/^[0-9a-f]{32}$/);

    // Erasing asks first: without the dialog's confirmation nothing happens.
    // (The page's forms post to its own address, the search included.)
    const asked = await postForm(
      `/quan-tri/du-lieu-ca-nhan?key=${encodeURIComponent(email)}`,
      admin,
      {
        intent: 'erase',
        key: email,
      },
    );
    expect(await asked.text()).toContain('Xóa dữ liệu cá nhân của người này?');
    expect(await db().select().from(users).where(eq(users.id, person.id))).toMatchObject([
      { email },
    ]);

    const erased = await postForm('/quan-tri/du-lieu-ca-nhan', admin, {
      intent: 'erase',
      key: email,
      confirmed: 'yes',
    });
    expect(erased.status).toBe(200);
    expect(await erased.text()).toContain('Đã xóa: 1 ý kiến ẩn danh');
    expect(await outboxTo()).toEqual([]);
    const [kept] = await db().select().from(contributions).where(eq(contributions.id, published));
    expect(kept).toMatchObject({
      authorName: 'Ẩn danh',
      email: null,
      phone: null,
      province: '',
      userId: null,
      status: 'published',
    });
    expect(kept!.body).toBe('Nội dung đề xuất đủ dài để được nhận vào hệ thống thử nghiệm.');
    const [account] = await db().select().from(users).where(eq(users.id, person.id));
    expect(account).toMatchObject({ name: 'Ẩn danh', disabled: true });
    expect(account!.email).toMatch(/@an-danh\.invalid$/);
    expect(await db().select().from(sessions).where(eq(sessions.userId, person.id))).toEqual([]);
    expect(
      (
        await fetch(`${app.url}/tai-khoan`, {
          headers: { cookie: personCookie },
          redirect: 'manual',
        })
      ).status,
    ).toBe(302);
    const [delegate] = await db().select().from(delegates).where(eq(delegates.siteId, site!.id));
    expect(delegate).toMatchObject({
      name: 'Trần Thị Yêu Cầu',
      position: 'Chuyên viên',
      email: null,
    });

    // By phone: the unpublished contribution goes with its file and consent; the site contact goes.
    await postForm('/quan-tri/du-lieu-ca-nhan', admin, {
      intent: 'erase',
      key: phone,
      confirmed: 'yes',
    });
    expect(await db().select().from(contributions).where(eq(contributions.id, pending))).toEqual(
      [],
    );
    expect(
      await db().select().from(storedFiles).where(eq(storedFiles.id, attachment!.fileId)),
    ).toEqual([]);
    expect(await consentsOf(pending)).toEqual([]);
    const [siteAfter] = await db()
      .select()
      .from(conferenceSites)
      .where(eq(conferenceSites.id, site!.id));
    expect(siteAfter).toMatchObject({ techName: null, techPhone: null, techEmail: null });

    // Nothing is found by either key any more; the other person is untouched.
    for (const key of [email, phone]) {
      const found = await findPersonalData({
        db: db(),
        actor: adminActor,
        key: personalDataKey(key),
      });
      expect([found.accounts, found.contributions, found.delegates, found.sites]).toEqual([
        [],
        [],
        [],
        [],
      ]);
    }
    expect(
      await db().select().from(contributions).where(eq(contributions.id, other)),
    ).toMatchObject([
      { authorName: 'Người Khác', email: 'nguoi-khac@example.vn', phone: '0900 000 000' },
    ]);
    const erasures = await auditOf('personal_data.erased');
    expect(erasures).toHaveLength(2);
    expect(erasures[1]!.after).toMatchObject({
      keyKind: 'email',
      contributionsAnonymised: 1,
      contributionsDeleted: 0,
      delegates: 1,
      accounts: 1,
      messagesDeleted: 1,
      namesKept: 0,
    });
    expect(erasures[0]!.after).toMatchObject({
      keyKind: 'phone',
      contributionsDeleted: 1,
      attachmentsDeleted: 1,
      sites: 1,
    });
    expect(JSON.stringify(erasures)).not.toContain(email);
    expect(JSON.stringify(erasures)).not.toContain('Trần Thị');
  });

  it('keeps the name of an account with a role, and refuses to erase one’s own account', async () => {
    const official = await app.createUser({ roles: ['editor'] });
    const [before] = await db().select().from(users).where(eq(users.id, official.id));
    await postForm('/quan-tri/du-lieu-ca-nhan', admin, {
      intent: 'erase',
      key: official.email,
      confirmed: 'yes',
    });
    const [after] = await db().select().from(users).where(eq(users.id, official.id));
    expect(after).toMatchObject({ name: before!.name, disabled: true });
    expect(after!.email).not.toBe(official.email);

    const own = await postForm('/quan-tri/du-lieu-ca-nhan', admin, {
      intent: 'erase',
      key: adminActor.email,
      confirmed: 'yes',
    });
    expect(own.status).toBe(409);
    expect(
      await db()
        .select()
        .from(users)
        .where(and(eq(users.id, adminActor.id), eq(users.disabled, false))),
    ).toHaveLength(1);
  });
});
