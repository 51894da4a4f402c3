import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, watchErrors } from '../support/browser.ts';
import { signedInContext } from '../support/e2e-session.ts';
import { serverDatabaseUrl, startServer, type ServerProcess } from '../support/server-process.ts';
import { dropServerDatabase } from '../support/test-database.ts';

let server: ServerProcess;
let browser: Browser;
beforeAll(async () => {
  server = await startServer({
    databaseUrl: await serverDatabaseUrl(),
    args: ['--demo'],
    // What an administrator changes shows on the next page (no 3-second page cache here).
    env: { PAGE_CACHE_MS: '0' },
  });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (server?.databaseUrl) await dropServerDatabase(server.databaseUrl);
});

const noSideways = (page: Page) =>
  page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));

/** A reader's page at a screen size, no account. */
async function reader(width: number, height: number, path = '/') {
  const context = await browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${server.url}${path}`);
  return { context, page, errors };
}

describe('the reader’s portal in the browser', () => {
  it('fits the home page and an article on a laptop (1366×900) and a phone (390×844) without sideways scrolling', async () => {
    for (const [width, height] of [
      [1366, 900],
      [390, 844],
    ] as const) {
      const { context, page, errors } = await reader(width, height);
      await page.locator('.portal-site-name').filter({ hasText: 'bản mẫu' }).waitFor();
      await page.getByRole('heading', { name: 'Đọc nhiều' }).waitFor();
      await page.getByRole('heading', { name: 'Tin mới' }).waitFor();
      const home = await noSideways(page);
      expect(home.scroll, `home at ${width}`).toBeLessThanOrEqual(home.client);
      await page.locator('.portal-lead h3 a').first().click();
      await page.getByRole('navigation', { name: 'Đường dẫn' }).waitFor();
      await page.getByRole('link', { name: 'Chia sẻ lên Facebook' }).first().waitFor();
      const article = await noSideways(page);
      expect(article.scroll, `article at ${width}`).toBeLessThanOrEqual(article.client);
      // Printed: the article without the menus, the share bar or the related articles.
      await page.emulateMedia({ media: 'print' });
      for (const part of ['.portal-menu', '.portal-topbar', '.portal-share']) {
        expect(await page.locator(part).first().isVisible(), part).toBe(false);
      }
      await page.locator('.portal-site-name').waitFor();
      await page.locator('.article-body').waitFor();
      await page.emulateMedia({ media: 'screen' });
      expect(errors).toEqual([]);
      await context.close();
    }
  });

  it('shows in the header and footer what an administrator sets in “Thông tin cổng”', async () => {
    const admin = await signedInContext(browser, server, server.demo!.email, server.demo!.password);
    const { page } = admin;
    await page.getByRole('link', { name: 'Thông tin cổng' }).click();
    await page.getByRole('heading', { name: 'Thông tin cổng', level: 1 }).waitFor();
    const values = {
      'Tên cổng thông tin': 'Cổng thông tin điện tử Tỉnh Thử Nghiệm',
      'Tên cơ quan (dòng trên tên cổng)': 'Ủy ban nhân dân tỉnh Thử Nghiệm',
      'Cơ quan chủ quản': 'Văn phòng UBND tỉnh Thử Nghiệm',
      'Người chịu trách nhiệm': 'Đỗ Minh Khoa – Chánh Văn phòng',
      'Địa chỉ': '88 đường Kiểm Thử, phường Một',
      'Điện thoại': '0299 123 456',
      'E-mail': 'congtt@thunghiem.example',
      'Giấy phép': 'Giấy phép số 99/GP-TTĐT ngày 05/05/2026',
    };
    for (const [label, value] of Object.entries(values)) {
      await page.getByLabel(label, { exact: true }).fill(value);
    }
    await page.getByRole('button', { name: 'Lưu thông tin cổng' }).click();
    await page.getByText('Đã lưu thông tin cổng.').waitFor();
    expect(admin.errors).toEqual([]);

    const { context, page: phone, errors } = await reader(390, 844);
    await phone.locator('.portal-site-name').filter({ hasText: 'Tỉnh Thử Nghiệm' }).waitFor();
    await phone.locator('.portal-agency').filter({ hasText: 'Ủy ban nhân dân' }).waitFor();
    const footer = phone.locator('footer');
    for (const value of Object.values(values).slice(2)) {
      await footer.filter({ hasText: value }).waitFor();
    }
    expect(await phone.title()).toBe('Cổng thông tin điện tử Tỉnh Thử Nghiệm');
    const fits = await noSideways(phone);
    expect(fits.scroll).toBeLessThanOrEqual(fits.client);
    expect(errors).toEqual([]);
    await context.close();
    await admin.context.close();
  });

  it('removes a category after saying where its articles go', async () => {
    const admin = await signedInContext(browser, server, server.demo!.email, server.demo!.password);
    const { page } = admin;
    await page.goto(`${server.url}/quan-tri/chuyen-muc`);
    await page.getByRole('button', { name: 'Xóa: Chuyển đổi số' }).click();
    const dialog = page.getByRole('dialog', { name: 'Xóa chuyên mục “Chuyển đổi số”?' });
    await dialog.filter({ hasText: 'bài viết sẽ chuyển sang “Không chuyên mục”' }).waitFor();
    await dialog
      .getByLabel('Chuyển bài viết của chuyên mục sang')
      .selectOption({ label: 'Địa phương' });
    await dialog.filter({ hasText: 'sẽ chuyển sang chuyên mục “Địa phương”' }).waitFor();
    await dialog.getByRole('button', { name: 'Xóa chuyên mục' }).click();
    await page.getByText('Đã xóa chuyên mục “Chuyển đổi số”').waitFor();
    await page.getByRole('button', { name: 'Xóa: Chuyển đổi số' }).waitFor({ state: 'detached' });
    // Up and down: "Địa phương" goes first, in the menu too.
    await page.getByRole('button', { name: 'Lên: Đưa “Địa phương” lên một bậc' }).click();
    await page.getByText('Đã lưu.').waitFor();
    const menu = page.getByRole('navigation', { name: 'Chuyên mục' }).getByRole('link');
    await menu.nth(1).filter({ hasText: 'Địa phương' }).waitFor();
    expect(admin.errors).toEqual([]);
    await admin.context.close();
  });
});
