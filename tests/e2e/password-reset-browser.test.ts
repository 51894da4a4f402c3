import { fileURLToPath } from 'node:url';
import { and, eq } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema/audit.ts';
import { PASSWORD_RESET } from '../../domain/auth/request-password-reset.ts';
import { launchBrowser, signInPage, watchErrors } from '../support/browser.ts';
import { loadServerBuild } from '../support/server-build.ts';
import { linkIn, startSmtpServer } from '../support/smtp.ts';
import { sendJson, startTestApp, type TestApp } from '../support/test-app.ts';

// "Quên mật khẩu" end to end: the page, a real SMTP server receiving the message, the
// link opened in Chromium, the new password signing in, the link refused a second time.
let app: TestApp;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let browser: Browser;

beforeAll(async () => {
  smtp = await startSmtpServer();
  app = await startTestApp({
    build: await loadServerBuild(),
    clientDir: fileURLToPath(new URL('../../build/client', import.meta.url)),
    env: { SMTP_URL: smtp.url, MAIL_FROM: 'Cổng Đối thoại <no-reply@doithoai.example>' },
  });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await smtp?.close();
});

const SENT = /Nếu có tài khoản với địa chỉ này, một liên kết đặt lại mật khẩu đã được gửi đến/;

describe('password reset in the browser', () => {
  it('request, read the mail, set a new password, sign in with it; the link works once', async () => {
    const user = await app.createUser();
    const elsewhere = await app.signIn(user.email, user.password);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors = watchErrors(page);

    // An unknown address gets the very same answer, and no message.
    await page.goto(`${app.url}/dang-nhap`);
    await page.getByRole('link', { name: 'Quên mật khẩu?' }).click();
    await page.getByRole('heading', { name: 'Quên mật khẩu' }).waitFor();
    await page.getByLabel('Địa chỉ e-mail').fill('khong-ai-co@doithoai.example');
    await page.getByRole('button', { name: 'Gửi liên kết' }).click();
    const unknownAnswer = await page.getByRole('status').filter({ hasText: SENT }).textContent();

    await page.goto(`${app.url}/dang-nhap/quen-mat-khau`);
    await page.getByLabel('Địa chỉ e-mail').fill(user.email);
    await page.getByRole('button', { name: 'Gửi liên kết' }).click();
    const knownAnswer = await page.getByRole('status').filter({ hasText: SENT }).textContent();
    expect(knownAnswer).toBe(unknownAnswer);

    const [mail] = await smtp.waitFor((m) => m.length >= 1);
    expect(mail!.to).toBe(user.email);
    expect(mail!.subject).toMatch(/^Đặt lại mật khẩu/);
    const link = linkIn(mail!, `${app.url}/dang-nhap/dat-lai-mat-khau/`);

    await page.goto(link);
    await page.getByRole('heading', { name: 'Đặt mật khẩu mới' }).waitFor();
    // A weak password is refused on its field, and the link still works.
    await page.getByLabel('Mật khẩu mới').fill('matkhau2026');
    await page.getByRole('button', { name: 'Đặt mật khẩu' }).click();
    await page.getByRole('alert').first().waitFor();
    const strong = 'Sông Hương chiều nay lặng gió 2026';
    await page.getByLabel('Mật khẩu mới').fill(strong);
    await page.getByRole('button', { name: 'Đặt mật khẩu' }).click();
    await page.getByText('Đã đặt mật khẩu mới. Xin đăng nhập bằng mật khẩu mới.').waitFor();
    expect(new URL(page.url()).pathname).toBe('/dang-nhap');

    // Signed out everywhere else; the old password no longer works, the new one does.
    const me = await fetch(`${app.url}/api/v1/auth/me`, { headers: { cookie: elsewhere } });
    expect(me.status).toBe(401);
    const old = await sendJson(`${app.url}/api/v1/auth/login`, 'POST', {
      email: user.email,
      password: user.password,
    });
    expect(old.status).toBe(401);
    await signInPage(page, app.url, user.email, strong);

    // The link is used up.
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.getByRole('link', { name: 'Đăng nhập' }).first().waitFor();
    await page.goto(link);
    await page
      .getByText('Liên kết đặt lại mật khẩu không hợp lệ, đã được dùng hoặc đã hết hạn.')
      .waitFor();
    expect(await page.getByLabel('Mật khẩu mới').count()).toBe(0);
    const token = link.split('/').pop()!;
    const replay = await sendJson(`${app.url}/api/v1/auth/password-reset`, 'POST', {
      token,
      password: 'Một mật khẩu khác hẳn 2027',
    });
    expect(replay.status).toBe(410);

    const trail = await app.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'user.password_reset'), eq(auditLog.targetId, user.id)));
    expect(trail).toHaveLength(1);
    expect(smtp.received).toHaveLength(1);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('throttles requests for one address, whether or not an account has it', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = watchErrors(page);
    for (const email of ['chua-co@doithoai.example', (await app.createUser()).email]) {
      for (let i = 0; i < PASSWORD_RESET.emailLimit; i++) {
        const res = await sendJson(`${app.url}/api/v1/auth/password-reset/request`, 'POST', {
          email,
        });
        expect(res.status).toBe(204);
      }
      await page.goto(`${app.url}/dang-nhap/quen-mat-khau`);
      await page.getByLabel('Địa chỉ e-mail').fill(email);
      await page.getByRole('button', { name: 'Gửi liên kết' }).click();
      await page.getByText(/Bạn đã thử quá nhiều lần/).waitFor();
    }
    expect(errors).toEqual([]);
    await context.close();
  });
});
