import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, watchErrors } from '../support/browser.ts';
import { serverDatabaseUrl, startServer, type ServerProcess } from '../support/server-process.ts';
import { dropServerDatabase } from '../support/test-database.ts';

let server: ServerProcess;
let browser: Browser;
beforeAll(async () => {
  const databaseUrl = await serverDatabaseUrl();
  server = await startServer({ databaseUrl, args: ['--demo'] });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (server?.databaseUrl) await dropServerDatabase(server.databaseUrl);
});

async function newPage(viewport = { width: 1280, height: 900 }) {
  const context: BrowserContext = await browser.newContext({ viewport, locale: 'vi-VN' });
  const page = await context.newPage();
  const errors = watchErrors(page);
  return { context, page, errors };
}

async function signIn(page: Page, email: string, password: string) {
  await page.getByRole('link', { name: 'Đăng nhập' }).click();
  await page.getByLabel('Địa chỉ e-mail').fill(email);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
}

describe('accounts in the browser', () => {
  it('the demo admin creates an editor; the editor signs in and switches to English', async () => {
    const { context, page, errors } = await newPage();
    const admin = server.demo!;
    await page.goto(server.url);
    expect(await page.locator('html').getAttribute('lang')).toBe('vi');
    await expect.poll(() => page.getByText('18/12/2026 08:00').count()).toBe(1);

    await signIn(page, admin.email, admin.password);
    await page.getByRole('link', { name: 'Quản trị hệ thống' }).waitFor();

    await page
      .getByRole('navigation', { name: 'Điều hướng chính' })
      .getByRole('link', { name: 'Người dùng' })
      .click();
    await page.getByRole('heading', { name: 'Quản lý người dùng' }).waitFor();
    const form = page.getByRole('form', { name: 'Tạo người dùng' });
    await form.getByLabel('Họ và tên').fill('Lê Thị Biên Tập');
    await form.getByLabel('E-mail').fill('bientap@doithoai.example');
    // A too-short password is reported on its field, in Vietnamese.
    await form.getByLabel('Mật khẩu').fill('ngan');
    await form.getByLabel('Biên tập viên').check();
    await form.getByRole('button', { name: 'Tạo người dùng' }).click();
    await page.getByText('Cần ít nhất 10 ký tự.').waitFor();
    await form.getByLabel('Mật khẩu').fill('bien-tap-vien-2026');
    await form.getByRole('button', { name: 'Tạo người dùng' }).click();
    await page.getByText('Đã tạo người dùng bientap@doithoai.example.').waitFor();
    const row = page.getByRole('row', { name: /bientap@doithoai\.example/ });
    await expect.poll(() => row.textContent()).toContain('Biên tập viên');

    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.getByRole('link', { name: 'Đăng nhập' }).waitFor();

    await signIn(page, 'bientap@doithoai.example', 'bien-tap-vien-2026');
    await page.getByRole('link', { name: 'Lê Thị Biên Tập' }).waitFor();
    expect(await page.getByRole('link', { name: 'Người dùng' }).count()).toBe(0);

    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.reload();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();

    // The editor is not an administrator.
    const res = await page.goto(`${server.url}/quan-tri/nguoi-dung`);
    expect(res?.status()).toBe(403);
    await page.getByRole('heading', { name: 'Access denied' }).waitFor();

    // Remembered on the account: a new browser signs in straight into English.
    const other = await newPage();
    await other.page.goto(server.url);
    await signIn(other.page, 'bientap@doithoai.example', 'bien-tap-vien-2026');
    await other.page.getByRole('button', { name: 'Sign out' }).waitFor();
    await other.context.close();

    expect(errors).toEqual([]);
    await context.close();
  });

  it('works from the keyboard and fits a phone screen', async () => {
    const { context, page, errors } = await newPage({ width: 375, height: 740 });
    await page.goto(server.url);
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement?.textContent);
    expect(focused).toBe('Bỏ qua, đến nội dung chính');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);

    // Sign in with the keyboard only.
    await page.goto(`${server.url}/dang-nhap`);
    await page.getByLabel('Địa chỉ e-mail').focus();
    await page.keyboard.type(server.demo!.email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(server.demo!.password);
    await page.keyboard.press('Enter');
    await page.getByRole('link', { name: 'Quản trị hệ thống' }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });
});
