import sharp from 'sharp';
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

/** Vietnam time as people type it: dd/MM/yyyy HH:mm. */
function vnLocal(date: Date) {
  const [d, t] = new Date(date.getTime() + 7 * 3600_000).toISOString().slice(0, 16).split('T');
  const [y, m, day] = d!.split('-');
  return `${day}/${m}/${y} ${t}`;
}

describe('the news portal in the browser', () => {
  it('an editor schedules an article with two captioned photos; it appears by itself and readers find it', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors = watchErrors(page);
    page.on('dialog', (d) => void d.accept('https://nguon.example/lien-ket'));
    await page.goto(`${server.url}/dang-nhap`);
    await page.getByLabel('Địa chỉ e-mail').fill(server.demo!.email);
    await page.getByLabel('Mật khẩu').fill(server.demo!.password);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('button', { name: 'Đăng xuất' }).waitFor();
    await page.getByRole('link', { name: 'Tin bài' }).click();
    await page.getByRole('link', { name: 'Viết bài mới' }).click();

    await page
      .getByLabel('Tiêu đề', { exact: true })
      .fill('Hội nghị đối thoại bàn giải pháp nhân lực số cho xã, phường');
    await page
      .getByLabel('Sapo (tóm tắt)')
      .fill('Đại biểu các điểm cầu đề xuất nhiều cách làm để có đủ cán bộ chuyển đổi số ở cơ sở.');
    const body = page.getByRole('textbox', { name: 'Nội dung' });
    await body.click();
    await page.keyboard.type(
      'Phiên thảo luận tập trung vào đào tạo và giữ chân cán bộ công nghệ ở cấp xã.',
    );
    for (const [i, color] of ['#0b3d91', '#c8102e'].entries()) {
      const jpeg = await sharp({
        create: { width: 1400, height: 800, channels: 3, background: color },
      })
        .jpeg()
        .toBuffer();
      await page
        .getByLabel('Chèn ảnh', { exact: true })
        .setInputFiles({ name: `anh-${i + 1}.jpg`, mimeType: 'image/jpeg', buffer: jpeg });
      const pending = page.getByRole('group', { name: 'Ảnh, video chờ chèn vào bài' });
      await pending
        .getByLabel('Mô tả ảnh (bắt buộc, cho người khiếm thị)')
        .fill(i === 0 ? 'Điểm cầu trung tâm' : 'Đại biểu Lào Cai');
      await pending
        .getByLabel('Chú thích')
        .fill(i === 0 ? 'Quang cảnh điểm cầu trung tâm' : 'Đại biểu tỉnh Lào Cai phát biểu');
      await page.getByRole('button', { name: 'Chèn vào vị trí con trỏ' }).click();
      await expect
        .poll(() => page.locator('.rte-area .rte-figure').count(), { timeout: 15_000 })
        .toBe(i + 1);
    }
    await page
      .getByRole('combobox', { name: 'Chuyên mục' })
      .selectOption({ label: 'Tin hội nghị' });
    await page.getByLabel('Từ khóa (cách nhau bởi dấu phẩy)').fill('Nhân lực số, Cấp xã');
    await page.getByLabel('Tác giả').fill('Thu Hằng');
    await page.getByLabel('Nguồn (tên)').fill('Báo điện tử tỉnh (mẫu)');
    await page.getByLabel('Nguồn (địa chỉ web)').fill('https://baotinh.example/bai-viet');
    await page
      .getByLabel(/Liên kết website/)
      .fill(
        'Cổng thông tin tỉnh (mẫu) | https://tinh.example\nTrang hội nghị (mẫu) | https://hoinghi.example',
      );
    await page.locator('.cover-option').nth(1).click();

    // A minute ahead, in Vietnam time.
    let at = new Date(Math.ceil(Date.now() / 60_000) * 60_000);
    if (at.getTime() - Date.now() < 20_000) at = new Date(at.getTime() + 60_000);
    // A future publication date schedules.
    await page.getByLabel('Ngày đăng', { exact: true }).fill(vnLocal(at));
    await page.getByRole('button', { name: 'Đăng bài' }).click();
    await page.getByText('Đã hẹn giờ: bài tự lên cổng lúc').waitFor();
    expect(errors).toEqual([]);

    // Not yet on the portal…
    // Headless Chromium calls itself HeadlessChrome, which counts as a robot: the
    // reader uses an ordinary phone browser's user agent.
    const reader = await (
      await browser.newContext({
        viewport: { width: 390, height: 900 },
        userAgent:
          'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Mobile Safari/537.36',
      })
    ).newPage();
    const readerErrors = watchErrors(reader);
    const slug = 'hoi-nghi-doi-thoai-ban-giai-phap-nhan-luc-so-cho-xa-phuong';
    expect((await reader.goto(`${server.url}/tin-tuc/${slug}`))?.status()).toBe(404);
    // …then there by itself once the time has come.
    await expect
      .poll(async () => (await reader.goto(`${server.url}/tin-tuc/${slug}`))?.status(), {
        interval: 1000,
        timeout: 100_000,
      })
      .toBe(200);
    expect(Date.now()).toBeGreaterThanOrEqual(at.getTime());
    const html = await reader.content();
    await reader
      .getByRole('heading', { name: 'Hội nghị đối thoại bàn giải pháp nhân lực số cho xã, phường' })
      .waitFor();
    for (const text of [
      'Đại biểu các điểm cầu đề xuất',
      'Quang cảnh điểm cầu trung tâm',
      'Đại biểu tỉnh Lào Cai phát biểu',
      'Thu Hằng',
      'Báo điện tử tỉnh (mẫu)',
      'Liên kết website',
      'Cổng thông tin tỉnh (mẫu)',
      'Nhân lực số',
    ]) {
      expect(await reader.getByText(text, { exact: false }).count(), text).toBeGreaterThan(0);
    }
    expect(await reader.locator('.article-body figure img[srcset]').count()).toBe(2);
    expect(html).toContain('property="og:image"');
    const views = async () =>
      Number(/Số lượt xem: (\d+)/.exec(await reader.locator('.views').innerText())![1]);
    const first = await views();
    await expect
      .poll(async () => (await reader.reload(), await views()), { timeout: 10_000 })
      .toBeGreaterThan(first);
    // Reloaded, the page itself (before any script) shows at least what the tab last
    // showed: the kept page is served with the count of the moment.
    const last = await views();
    const reloaded = await reader.reload();
    const served = Number(/data-views="[0-9a-f-]+">(\d+)</.exec(await reloaded!.text())?.[1]);
    expect(served).toBeGreaterThanOrEqual(last);
    await expect.poll(views).toBeGreaterThan(last);
    // A tab never shows a count lower than it showed (another instance may lag seconds).
    const key = await reader.evaluate(() =>
      Object.keys(sessionStorage).find((k) => k.startsWith('dt:views:')),
    );
    expect(key).toBeTruthy();
    await reader.evaluate((k) => sessionStorage.setItem(k!, '100000'), key);
    await reader.reload();
    await expect.poll(views).toBe(100000);

    await reader.goto(`${server.url}/tim-kiem?q=${encodeURIComponent('nhan luc so cho xa')}`);
    await reader.locator('mark', { hasText: 'nhân lực số cho xã' }).first().waitFor();
    await reader.getByRole('link', { name: /giải pháp nhân lực số/ }).click();
    await reader.getByRole('heading', { level: 1 }).waitFor();
    expect(readerErrors).toEqual([]);
    await context.close();
  });
});
