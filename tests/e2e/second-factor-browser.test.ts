import { generate } from 'otplib';
import type { Browser, Page } from 'playwright-core';
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

/** The code of the secret's step `steps` away from now (the enrolment used the current one). */
const codeFor = (secret: string, steps = 0) =>
  generate({ secret, epoch: Math.floor(Date.now() / 1000) + steps * 30 });

async function signInWithPassword(page: Page, email: string, password: string) {
  await page.goto(`${server.url}/dang-nhap`);
  await page.getByLabel('Địa chỉ e-mail').fill(email);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
}

async function signOut(page: Page) {
  await page
    .getByRole('navigation', { name: 'Điều hướng chính' })
    .getByRole('button', { name: 'Đăng xuất' })
    .click();
  await page.getByRole('link', { name: 'Đăng nhập' }).waitFor();
}

/** The demo administrator's recovery codes, once the first test enrolled them. */
let adminCodes: string[] = [];

describe('second factor in the browser', () => {
  it('enrols on the account page, then signs in with password and code, then with a recovery code', async () => {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      locale: 'vi-VN',
    });
    const page = await context.newPage();
    const errors = watchErrors(page);
    const admin = server.demo!;

    // Enrolment: start, read the secret shown for manual entry, confirm with a code.
    await signInWithPassword(page, admin.email, admin.password);
    await page.getByRole('link', { name: 'Quản trị hệ thống' }).waitFor();
    await page.goto(`${server.url}/tai-khoan`);
    await page.getByRole('heading', { name: 'Xác thực hai bước', exact: true }).waitFor();
    await expect
      .poll(() => page.getByTestId('second-factor-state').textContent())
      .toBe('Chưa bật.');
    await page.getByRole('button', { name: 'Bật xác thực hai bước' }).click();
    await page
      .getByRole('img', { name: 'Mã QR để thêm tài khoản vào ứng dụng xác thực' })
      .waitFor();
    const secret = (await page.getByTestId('totp-secret').textContent())!.trim();
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    // A wrong code is refused on the page, in Vietnamese.
    await page.getByLabel('Mã xác thực').fill(await codeFor(secret, 5));
    await page.getByRole('button', { name: 'Xác nhận' }).click();
    await page
      .getByText('Mã xác thực hoặc mã khôi phục không đúng, hoặc đã được dùng.')
      .first()
      .waitFor();
    await page.getByLabel('Mã xác thực').fill(await codeFor(secret));
    await page.getByRole('button', { name: 'Xác nhận' }).click();
    await page.getByText('Đã bật xác thực hai bước.').waitFor();
    const codes = await page.getByTestId('recovery-codes').locator('code').allTextContents();
    expect(codes).toHaveLength(10);
    adminCodes = codes;
    await expect
      .poll(() => page.getByTestId('second-factor-state').textContent())
      .toMatch(/^Đang bật từ \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}\. Còn 10 mã khôi phục chưa dùng\.$/);
    // The codes are shown once: a reload no longer has them.
    await page.reload();
    await page.getByRole('heading', { name: 'Xác thực hai bước', exact: true }).waitFor();
    expect(await page.getByTestId('recovery-codes').count()).toBe(0);
    // This session is listed as "this one".
    await page.getByRole('heading', { name: 'Các phiên đăng nhập' }).waitFor();
    expect(await page.getByText('(Phiên này)').count()).toBe(1);

    // Sign out, then in: the password leads to "Mã xác thực", the code signs in.
    await signOut(page);
    await signInWithPassword(page, admin.email, admin.password);
    await page.getByRole('heading', { name: 'Mã xác thực', exact: true }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/dang-nhap/ma-xac-thuc');
    // Not signed in yet: the account page sends back to sign in.
    expect(await page.getByRole('link', { name: 'Quản trị hệ thống' }).count()).toBe(0);
    await page.getByLabel('Mã xác thực').fill(await codeFor(secret, 1));
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('link', { name: 'Quản trị hệ thống' }).waitFor();

    // Sign out, then in with a recovery code: the account page asks to set up again.
    await signOut(page);
    await signInWithPassword(page, admin.email, admin.password);
    await page.getByRole('heading', { name: 'Mã xác thực', exact: true }).waitFor();
    await page.getByText('Không có điện thoại? Dùng mã khôi phục').click();
    await page.getByLabel('Mã khôi phục').fill(codes[0]!);
    await page.getByRole('button', { name: 'Đăng nhập bằng mã khôi phục' }).click();
    await page.getByText(/Bạn vừa đăng nhập bằng mã khôi phục \(còn 9 mã\)/).waitFor();
    expect(new URL(page.url()).pathname).toBe('/tai-khoan');

    // The same recovery code does not work twice.
    await signOut(page);
    await signInWithPassword(page, admin.email, admin.password);
    await page.getByRole('heading', { name: 'Mã xác thực', exact: true }).waitFor();
    await page.getByText('Không có điện thoại? Dùng mã khôi phục').click();
    await page.getByLabel('Mã khôi phục').fill(codes[0]!);
    await page.getByRole('button', { name: 'Đăng nhập bằng mã khôi phục' }).click();
    await page
      .getByText('Mã xác thực hoặc mã khôi phục không đúng, hoặc đã được dùng.')
      .first()
      .waitFor();
    expect(new URL(page.url()).pathname).toBe('/dang-nhap/ma-xac-thuc');

    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('required for administrators: a new administrator must enrol first; another administrator resets it', async () => {
    const admin = server.demo!;
    const adminContext = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      locale: 'vi-VN',
    });
    const page = await adminContext.newPage();
    const errors = watchErrors(page);
    // The demo administrator (enrolled above) creates a second administrator…
    // (its TOTP codes of this minute are used up: the first test used two steps)
    await signInWithPassword(page, admin.email, admin.password);
    await page.getByRole('heading', { name: 'Mã xác thực', exact: true }).waitFor();
    await page.getByText('Không có điện thoại? Dùng mã khôi phục').click();
    await page.getByLabel('Mã khôi phục').fill(adminCodes[1]!);
    await page.getByRole('button', { name: 'Đăng nhập bằng mã khôi phục' }).click();
    await page.getByRole('link', { name: 'Quản trị hệ thống' }).waitFor();
    await page.goto(`${server.url}/quan-tri/nguoi-dung`);
    const form = page.getByRole('form', { name: 'Tạo người dùng' });
    await form.getByLabel('Họ và tên').fill('Phạm Quản Trị Hai');
    await form.getByLabel('E-mail').fill('quantri2@doithoai.example');
    await form.getByLabel('Mật khẩu').fill('quan-tri-vien-thu-hai-2026');
    await form.getByLabel('Quản trị viên').check();
    await form.getByRole('button', { name: 'Tạo người dùng' }).click();
    await page.getByText('Đã tạo người dùng quantri2@doithoai.example.').waitFor();
    // …and requires the second factor for administrators.
    await page.getByRole('link', { name: 'Bảo mật đăng nhập' }).click();
    await page.getByLabel('Quản trị viên').check();
    await page.getByRole('button', { name: 'Lưu' }).click();
    await page.getByText('Đã lưu.').waitFor();

    // The new administrator signs in: sent to enrolment, nothing else opens.
    const otherContext = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      locale: 'vi-VN',
    });
    const other = await otherContext.newPage();
    const otherErrors = watchErrors(other);
    await signInWithPassword(other, 'quantri2@doithoai.example', 'quan-tri-vien-thu-hai-2026');
    await other
      .getByText('Vai trò của bạn bắt buộc dùng xác thực hai bước. Hãy thiết lập ngay')
      .waitFor();
    expect(new URL(other.url()).pathname).toBe('/tai-khoan');
    await other.goto(`${server.url}/quan-tri/nguoi-dung`);
    expect(new URL(other.url()).pathname).toBe('/tai-khoan');
    await other.getByRole('button', { name: 'Bật xác thực hai bước' }).click();
    const secret = (await other.getByTestId('totp-secret').textContent())!.trim();
    await other.getByLabel('Mã xác thực').fill(await codeFor(secret));
    await other.getByRole('button', { name: 'Xác nhận' }).click();
    await other.getByText('Đã bật xác thực hai bước.').waitFor();
    // Required: it can be set up again, not turned off.
    expect(await other.getByRole('heading', { name: 'Tắt xác thực hai bước' }).count()).toBe(0);
    await other.goto(`${server.url}/quan-tri/nguoi-dung`);
    await other.getByRole('heading', { name: 'Quản lý người dùng' }).waitFor();

    // The phone is lost: the demo administrator removes the factor on the user's page.
    await page.goto(`${server.url}/quan-tri/nguoi-dung?q=quantri2`);
    await page.getByRole('link', { name: 'Sửa' }).first().click();
    await expect
      .poll(() => page.getByTestId('user-second-factor').textContent())
      .toBe('Người dùng đã bật xác thực hai bước.');
    await page.getByRole('button', { name: 'Gỡ xác thực hai bước (mất điện thoại)' }).click();
    await page.getByText('Đã gỡ xác thực hai bước của người dùng.').waitFor();
    await expect
      .poll(() => page.getByTestId('user-second-factor').textContent())
      .toBe('Người dùng chưa bật xác thực hai bước.');

    // The user was signed out everywhere; with the password alone they are sent to enrol again.
    await other.goto(`${server.url}/tai-khoan`);
    expect(new URL(other.url()).pathname).toBe('/dang-nhap');
    await signInWithPassword(other, 'quantri2@doithoai.example', 'quan-tri-vien-thu-hai-2026');
    await other.getByRole('button', { name: 'Bật xác thực hai bước' }).waitFor();
    expect(new URL(other.url()).pathname).toBe('/tai-khoan');

    // The demo administrator, signed in on a second device, signs it out from the first.
    const thirdContext = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      locale: 'vi-VN',
    });
    const third = await thirdContext.newPage();
    const thirdErrors = watchErrors(third);
    await signInWithPassword(third, admin.email, admin.password);
    await third.getByRole('heading', { name: 'Mã xác thực', exact: true }).waitFor();
    await third.getByText('Không có điện thoại? Dùng mã khôi phục').click();
    await third.getByLabel('Mã khôi phục').fill(adminCodes[2]!);
    await third.getByRole('button', { name: 'Đăng nhập bằng mã khôi phục' }).click();
    await third.getByText(/Bạn vừa đăng nhập bằng mã khôi phục/).waitFor();
    await page.goto(`${server.url}/tai-khoan`);
    const sessions = page.getByRole('table').filter({ hasText: 'Thiết bị' });
    await expect.poll(() => sessions.getByRole('row').count()).toBe(3);
    await page.getByRole('button', { name: 'Đăng xuất mọi phiên khác' }).click();
    await page.getByText('Đã đăng xuất mọi phiên khác.').waitFor();
    await expect.poll(() => sessions.getByRole('row').count()).toBe(2);
    await third.goto(`${server.url}/tai-khoan`);
    expect(new URL(third.url()).pathname).toBe('/dang-nhap');
    expect(thirdErrors).toEqual([]);
    await thirdContext.close();

    expect(errors).toEqual([]);
    expect(otherErrors).toEqual([]);
    await adminContext.close();
    await otherContext.close();
  }, 120_000);
});
