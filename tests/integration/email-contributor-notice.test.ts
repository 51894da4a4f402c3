import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contributions } from '../../db/schema/contributions.ts';
import { emailOutbox } from '../../db/schema/email.ts';
import { linkIn, startSmtpServer } from '../support/smtp.ts';
import { sendJson, startTestApp, type TestApp } from '../support/test-app.ts';

// A contributor who gave an e-mail and ticked "Báo cho tôi qua e-mail…" is told when
// the contribution is published, answered or adopted, once per event; one who did not
// tick it is never written to.
let app: TestApp;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let admin: string;
let conferenceId: string;
let slug: string;
let themeId: string;
let ip = 0;

beforeAll(async () => {
  smtp = await startSmtpServer();
  app = await startTestApp({
    env: {
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Cổng Đối thoại <no-reply@doithoai.example>',
      TRUST_PROXY: '1',
    },
  });
  const a = await app.createUser({ roles: ['admin'] });
  admin = await app.signIn(a.email, a.password);
  const conf = await (
    await sendJson(
      `${app.url}/api/v1/conferences`,
      'POST',
      {
        title: 'Hội nghị lấy ý kiến về chuyển đổi số',
        theme: 'Chuyển đổi số',
        organiser: 'Ban Tổ chức',
        startsAt: '2026-12-18T01:00:00Z',
        endsAt: '2026-12-18T04:00:00Z',
        themes: ['Chuyển đổi số'],
      },
      { cookie: admin },
    )
  ).json();
  conferenceId = conf.id;
  slug = conf.slug;
  await sendJson(
    `${app.url}/api/v1/conferences/${conferenceId}/status`,
    'POST',
    { status: 'scheduled' },
    { cookie: admin },
  );
  const overview = await (
    await fetch(`${app.url}/api/v1/conferences/${conferenceId}`, { headers: { cookie: admin } })
  ).json();
  themeId = overview.themes[0].id;
});
afterAll(async () => {
  await app.close();
  await smtp.close();
});

const base = () => `${app.url}/api/v1/conferences/${conferenceId}/contributions`;

async function submit(email: string, notifyByEmail: boolean, title: string) {
  const res = await sendJson(
    base(),
    'POST',
    {
      themeId,
      kind: 'proposal',
      title,
      body: 'Đề nghị bố trí mỗi xã một cán bộ chuyên trách chuyển đổi số và kinh phí đào tạo.',
      authorName: 'Phạm Văn Dân',
      authorKind: 'citizen',
      email,
      consent: true,
      notifyByEmail,
      idempotencyKey: randomUUID(),
    },
    { 'x-forwarded-for': `203.0.113.${++ip}` },
  );
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}
const act = async (id: string, path: string, body: unknown) => {
  const res = await sendJson(`${base()}/${id}/${path}`, 'POST', body, { cookie: admin });
  expect(res.status).toBe(200);
};

describe('contributor notices', () => {
  it('none without consent, one per event with it, linking to the public page', async () => {
    // Without consent first: its messages, if any, would be sent before the others.
    const silent = await submit('khong.bao@example.vn', false, 'Ý kiến không xin thông báo');
    await act(silent, 'moderate', { action: 'publish' });
    await act(silent, 'answer', { answer: 'Ban Tổ chức xin tiếp thu.' });

    const told = await submit('muon.biet@example.vn', true, 'Ý kiến xin được thông báo');
    await act(told, 'moderate', { action: 'publish' });
    await act(told, 'answer', { answer: 'Ban Tổ chức đã chuyển Bộ Nội vụ nghiên cứu.' });
    // Answered again (a correction): still one "answered" message.
    await act(told, 'answer', {
      answer: 'Ban Tổ chức đã chuyển Bộ Nội vụ nghiên cứu, trả lời trước 30/12.',
    });
    await act(told, 'moderate', { action: 'status', status: 'adopted' });

    const mail = await smtp.waitFor((m) => m.length >= 3);
    // The worker is done: nothing else is pending.
    await app.instance.email.idle();
    const pending = await app.database.db.select({ status: emailOutbox.status }).from(emailOutbox);
    expect(pending.every((r) => r.status === 'sent')).toBe(true);
    expect(mail).toHaveLength(3);
    expect(mail.every((m) => m.to === 'muon.biet@example.vn')).toBe(true);
    expect(
      await app.database.db
        .select()
        .from(emailOutbox)
        .where(eq(emailOutbox.toAddress, 'khong.bao@example.vn')),
    ).toHaveLength(0);

    const [published, answered, adopted] = mail;
    expect(published!.subject).toMatch(/^Ý kiến của Quý vị đã được đăng công khai/);
    expect(published!.text).toContain('Ý kiến xin được thông báo');
    expect(linkIn(published!, `${app.url}/hoi-nghi/`)).toBe(
      `${app.url}/hoi-nghi/${slug}/y-kien/${told}`,
    );
    expect(answered!.subject).toMatch(/đã được trả lời/);
    expect(answered!.text).toContain('Ban Tổ chức đã chuyển Bộ Nội vụ nghiên cứu.');
    expect(adopted!.subject).toMatch(/đã được tiếp thu/);
    // The public page the message links to exists.
    const page = await fetch(`${base()}/${told}`);
    expect(page.status).toBe(200);
  });

  it('a contribution with consent but no e-mail stores no wish to be told', async () => {
    const res = await sendJson(
      base(),
      'POST',
      {
        themeId,
        kind: 'question',
        title: 'Câu hỏi có số điện thoại',
        body: 'Câu hỏi đủ dài để được nhận vào danh sách chờ duyệt.',
        authorName: 'Người hỏi',
        authorKind: 'citizen',
        phone: '0912345678',
        consent: true,
        notifyByEmail: true,
        idempotencyKey: randomUUID(),
      },
      { 'x-forwarded-for': `203.0.113.${++ip}` },
    );
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    const [row] = await app.database.db
      .select({ notify: contributions.notifyByEmail })
      .from(contributions)
      .where(eq(contributions.id, id));
    expect(row!.notify).toBe(false);
  });
});
