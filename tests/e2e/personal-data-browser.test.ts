import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityProblems } from '../support/axe.ts';
import { launchBrowser, signInPage, watchErrors } from '../support/browser.ts';
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

describe('the personal data notice in the browser', () => {
  it('is shown beside the public contribution form’s button and links to the full notice', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 900 } });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(server.url);
    await page.getByRole('link', { name: /Chuyển đổi số từ cơ sở/ }).click();
    await page.getByRole('link', { name: 'Ý kiến, đề xuất' }).click();
    const form = page.getByRole('form', { name: 'Gửi ý kiến' });
    const notice = form.getByRole('complementary', { name: 'Thông báo xử lý dữ liệu cá nhân' });
    await notice.getByText('Nghị định 13/2023/NĐ-CP', { exact: false }).waitFor();
    await notice.getByText('sau 90 ngày kể từ khi hội nghị kết thúc', { exact: false }).waitFor();
    // Beside the button: the notice comes right before it in the form.
    const next = await notice.evaluate((el) => el.nextElementSibling?.textContent);
    expect(next).toBe('Gửi ý kiến');
    expect(await notice.isVisible()).toBe(true);
    expect(await accessibilityProblems(page)).toEqual([]);

    await notice.getByRole('link', { name: 'Xem đầy đủ thông báo xử lý dữ liệu cá nhân' }).click();
    await page
      .getByRole('heading', { name: 'Thông báo xử lý dữ liệu cá nhân', level: 1 })
      .waitFor();
    expect(new URL(page.url()).pathname).toBe('/chinh-sach-du-lieu-ca-nhan');
    await page.getByText('5. Quyền của chủ thể dữ liệu', { exact: false }).waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    // The footer links to it from every page.
    await page.goto(server.url);
    await page
      .getByRole('contentinfo')
      .getByRole('link', { name: 'Chính sách dữ liệu cá nhân' })
      .waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a citizen’s request: the administrator finds their data, downloads it and erases it after the dialog', async () => {
    const email = `cong-dan-${Date.now()}@example.vn`;
    const citizen = await browser.newContext();
    const page = await citizen.newPage();
    const errors = watchErrors(page);
    await page.goto(server.url);
    await page.getByRole('link', { name: /Chuyển đổi số từ cơ sở/ }).click();
    await page.getByRole('link', { name: 'Ý kiến, đề xuất' }).click();
    const form = page.getByRole('form', { name: 'Gửi ý kiến' });
    await form.getByLabel('Tiêu đề').fill('Đề xuất cần xóa theo yêu cầu');
    await form
      .getByLabel('Nội dung')
      .fill('Nội dung đề xuất thử nghiệm; người gửi sẽ yêu cầu xóa dữ liệu cá nhân của mình.');
    await form.getByLabel('Họ và tên').fill('Đinh Văn Yêu Cầu');
    await form.getByLabel('E-mail', { exact: true }).fill(email);
    await form.getByLabel(/Tôi đồng ý/).check();
    await form.getByRole('button', { name: 'Gửi ý kiến' }).click();
    await page.getByRole('heading', { name: 'Theo dõi ý kiến' }).waitFor();
    await page.getByText('được xóa sau 90 ngày', { exact: false }).waitFor();
    expect(errors).toEqual([]);

    const office = await browser.newContext({ acceptDownloads: true });
    const ap = await office.newPage();
    const adminErrors = watchErrors(ap);
    await signInPage(ap, server.url, server.demo!.email, server.demo!.password);
    await ap.getByRole('link', { name: 'Dữ liệu cá nhân', exact: true }).click();
    await ap.getByRole('heading', { name: 'Dữ liệu cá nhân', level: 1 }).waitFor();
    await ap.getByRole('searchbox', { name: 'Thư điện tử hoặc số điện thoại' }).fill(email);
    await ap.getByRole('button', { name: 'Tìm' }).click();
    await ap.getByRole('cell', { name: 'Xóa cùng tệp đính kèm' }).waitFor();
    expect(await accessibilityProblems(ap)).toEqual([]);
    const download = ap.waitForEvent('download');
    await ap.getByRole('button', { name: 'Tải dữ liệu (JSON)' }).click();
    expect((await download).suggestedFilename()).toMatch(/^du-lieu-ca-nhan-[0-9a-f]{8}\.json$/);

    await ap.getByRole('button', { name: 'Xóa dữ liệu của người này' }).click();
    const dialog = ap.getByRole('dialog', { name: 'Xóa dữ liệu cá nhân của người này?' });
    await dialog.getByText('1 ý kiến chưa công khai bị xóa hẳn', { exact: false }).waitFor();
    await dialog.getByRole('button', { name: 'Xóa dữ liệu' }).click();
    await ap.getByText('Đã xóa: 0 ý kiến ẩn danh, 1 ý kiến xóa hẳn', { exact: false }).waitFor();
    await ap.getByText('Không có dữ liệu nào gắn với thông tin này.').waitFor();
    expect(adminErrors).toEqual([]);
    await citizen.close();
    await office.close();
  });
});
