// The audit trail in Chromium: an administrator changes an account, then finds that change
// in "Nhật ký hệ thống" with the filters (a day typed dd/MM/yyyy, an action, an actor),
// reads its before → after, and downloads the filtered rows as CSV.
import { readFile } from 'node:fs/promises';
import type { Browser, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityProblems } from '../support/axe.ts';
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

async function signIn(page: Page, email: string, password: string) {
  await page.getByRole('link', { name: 'Đăng nhập' }).click();
  await page.getByLabel('Địa chỉ e-mail').fill(email);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
}

/** Today in Vietnam, as people type it. */
function todayInVietnam(): string {
  const vn = new Date(Date.now() + 7 * 3600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(vn.getUTCDate())}/${pad(vn.getUTCMonth() + 1)}/${vn.getUTCFullYear()}`;
}

describe('the audit trail in the browser', () => {
  it('an administrator finds a role change with the filters and downloads it as CSV', async () => {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      locale: 'vi-VN',
      acceptDownloads: true,
    });
    const page = await context.newPage();
    const errors = watchErrors(page);
    const admin = server.demo!;
    await page.goto(server.url);
    await signIn(page, admin.email, admin.password);
    await page.getByRole('link', { name: 'Quản trị hệ thống' }).waitFor();

    // A privileged action: an account created, then given the editor's role.
    await page
      .getByRole('navigation', { name: 'Điều hướng chính' })
      .getByRole('link', { name: 'Người dùng' })
      .click();
    const form = page.getByRole('form', { name: 'Tạo người dùng' });
    await form.getByLabel('Họ và tên').fill('Trần Văn Nhật Ký');
    await form.getByLabel('E-mail').fill('nhatky@doithoai.example');
    await form.getByLabel('Mật khẩu').fill('nhat-ky-he-thong-2026');
    await form.getByRole('button', { name: 'Tạo người dùng' }).click();
    await page.getByText('Đã tạo người dùng nhatky@doithoai.example.').waitFor();
    await page
      .getByRole('row', { name: /nhatky@doithoai\.example/ })
      .getByRole('link', { name: /Sửa/ })
      .click();
    await page.getByLabel('Biên tập viên').check();
    await page.getByRole('button', { name: 'Lưu thay đổi' }).click();
    await page.getByText('Đã lưu thay đổi.').waitFor();

    await page
      .getByRole('navigation', { name: 'Điều hướng chính' })
      .getByRole('link', { name: 'Nhật ký hệ thống' })
      .click();
    await page.getByRole('heading', { name: 'Nhật ký hệ thống' }).waitFor();

    const today = todayInVietnam();
    await page.getByLabel('Từ ngày (dd/mm/yyyy)').fill(today);
    await page.getByLabel('Đến ngày (dd/mm/yyyy)').fill(today);
    await page.getByLabel('Thao tác (ví dụ user.)').fill('user.roles_changed');
    await page.getByLabel('Người thực hiện (tên, e-mail)').fill(admin.email);
    await page.getByRole('button', { name: 'Lọc' }).click();
    await page.waitForURL(/action=user\.roles_changed/);
    await expect.poll(() => page.getByText('1 mục').count(), { timeout: 10_000 }).toBe(1);
    const row = page.getByRole('row', { name: /Đổi vai trò chung/ });
    await expect.poll(() => row.textContent()).toContain('nhatky@doithoai.example');
    expect(await row.locator('del').textContent()).toBe('—');
    expect(await row.locator('ins').textContent()).toBe('editor');
    // The filters stay in their fields, as typed.
    expect(await page.getByLabel('Từ ngày (dd/mm/yyyy)').inputValue()).toBe(today);
    expect(await accessibilityProblems(page)).toEqual([]);

    const [file] = (await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Tải CSV' }).click(),
    ])) as [Download, unknown];
    expect(file.suggestedFilename()).toMatch(/^nhat-ky-he-thong-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = (await readFile(await file.path())).toString('utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text).toContain('user.roles_changed');
    expect(text).toContain('nhatky@doithoai.example');
    expect(text).toContain('roles: — → editor');
    expect(text).not.toContain('user.created');

    expect(errors).toEqual([]);
    await context.close();
  });
});
