import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, watchErrors } from '../support/browser.ts';
import { serverDatabaseUrl, startServer, type ServerProcess } from '../support/server-process.ts';
import { dropServerDatabase } from '../support/test-database.ts';

let server: ServerProcess;
let browser: Browser;
beforeAll(async () => {
  server = await startServer({ databaseUrl: await serverDatabaseUrl(), args: ['--demo'] });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (server?.databaseUrl) await dropServerDatabase(server.databaseUrl);
});

describe('contributions in the browser', () => {
  it('a citizen sends a proposal without an account; a moderator publishes it; it is found without diacritics', async () => {
    const citizen = await browser.newContext({ viewport: { width: 390, height: 900 } });
    const page = await citizen.newPage();
    const errors = watchErrors(page);
    await page.goto(server.url);
    await page.getByRole('link', { name: /Chuyển đổi số từ cơ sở/ }).click();
    await page.getByRole('link', { name: 'Ý kiến, đề xuất' }).click();
    await page.getByRole('heading', { name: 'Ý kiến, đề xuất', level: 1 }).waitFor();

    const form = page.getByRole('form', { name: 'Gửi ý kiến' });
    await form.getByLabel('Loại ý kiến').selectOption({ label: 'Đề xuất, giải pháp' });
    await form
      .getByLabel('Chủ đề')
      .selectOption({ label: 'Nguồn nhân lực và hạ tầng công nghệ thông tin' });
    await form.getByLabel('Tiêu đề').fill('Lập tổ công nghệ số cộng đồng ở mỗi thôn, bản');
    await form
      .getByLabel('Nội dung')
      .fill(
        'Mỗi thôn, bản nên có tổ công nghệ số cộng đồng gồm thanh niên và giáo viên để hướng dẫn người dân dùng dịch vụ công trực tuyến.',
      );
    await form.getByLabel('Họ và tên').fill('Lò Thị Hoa');
    await form.getByLabel('Bạn là').selectOption({ label: 'Người dân' });
    await form.getByLabel('Tỉnh, thành phố').fill('Tỉnh Lào Cai');
    // Without consent or contact details the form says why, in Vietnamese.
    await form.getByRole('button', { name: 'Gửi ý kiến' }).click();
    await page.getByText('Cần đồng ý để Ban tổ chức sử dụng thông tin liên hệ.').waitFor();
    await form.getByLabel('Điện thoại').fill('0912 345 678');
    await form.getByLabel(/Tôi đồng ý/).check();
    await form.getByRole('button', { name: 'Gửi ý kiến' }).click();
    await page.getByRole('heading', { name: 'Theo dõi ý kiến' }).waitFor();
    await page.getByText('Ban tổ chức đã nhận ý kiến của bạn.', { exact: false }).waitFor();
    await page.getByText('Chờ duyệt').waitFor();
    const trackingUrl = page.url();
    expect(errors).toEqual([]);

    // The moderator (the demo administrator) publishes it.
    const mod = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const mp = await mod.newPage();
    const modErrors = watchErrors(mp);
    await mp.goto(`${server.url}/dang-nhap`);
    await mp.getByLabel('Địa chỉ e-mail').fill(server.demo!.email);
    await mp.getByLabel('Mật khẩu').fill(server.demo!.password);
    await mp.getByRole('button', { name: 'Đăng nhập' }).click();
    await mp.getByRole('button', { name: 'Đăng xuất' }).waitFor();
    await mp.getByRole('link', { name: 'Hội nghị', exact: true }).click();
    await mp.getByRole('heading', { name: 'Hội nghị của tôi' }).waitFor();
    await mp
      .getByRole('table')
      .getByRole('link', { name: /Chuyển đổi số từ cơ sở/ })
      .click();
    await mp.getByRole('link', { name: 'Ý kiến', exact: true }).click();
    const card = mp.getByRole('listitem').filter({ hasText: 'Lập tổ công nghệ số cộng đồng' });
    await card.getByText('0912 345 678', { exact: false }).waitFor();
    await card.getByRole('button', { name: 'Đăng', exact: true }).click();
    await card.getByText('Đã cập nhật.').waitFor();
    await card.locator('.badge', { hasText: 'Đã đăng' }).waitFor();
    expect(modErrors).toEqual([]);

    // The citizen sees it published and finds it by typing without diacritics.
    await page.goto(trackingUrl.replace('?moi=1', ''));
    await page.getByRole('definition').getByText('Đã đăng').waitFor();
    await page.getByRole('link', { name: 'Xem ý kiến đã đăng' }).click();
    await page
      .getByRole('heading', { name: 'Lập tổ công nghệ số cộng đồng ở mỗi thôn, bản' })
      .waitFor();
    await page.getByRole('link', { name: '← Tất cả ý kiến' }).click();
    await page.getByLabel('Tìm trong ý kiến').fill('to cong nghe so cong dong');
    await page.getByRole('button', { name: 'Tìm', exact: true }).click();
    await page.waitForURL(/q=to\+cong\+nghe/);
    const marks = await page.locator('mark').allInnerTexts();
    expect(marks).toContain('tổ công nghệ số cộng đồng');
    expect(await page.getByText('1 ý kiến').count()).toBe(1);
    expect(errors).toEqual([]);
    await citizen.close();
    await mod.close();
  });
});
