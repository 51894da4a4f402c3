import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityProblems } from '../support/axe.ts';
import { launchBrowser, signInPage, watchErrors } from '../support/browser.ts';
import { pdfBytes } from '../support/builders.ts';
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

/** A conference of our own, made through the API as the signed-in organiser. */
async function setUp(page: Page, title: string) {
  const api = async (path: string, body: unknown) => {
    const res = await page.request.post(`${server.url}/api/v1${path}`, { data: body });
    expect(res.status(), `${path}: ${await res.text()}`).toBe(201);
    return (await res.json()) as { id: string };
  };
  const conference = await api('/conferences', {
    title,
    theme: 'Không xóa nhầm bằng một cú bấm',
    organiser: 'Ban Tổ chức',
    startsAt: '2027-03-10T01:00:00Z',
    endsAt: '2027-03-10T04:00:00Z',
    themes: ['Chuyển đổi số'],
  });
  const c = `/conferences/${conference.id}`;
  const site = await api(`${c}/sites`, { name: 'Tỉnh A', unitName: 'UBND Tỉnh A', isHost: false });
  await api(`${c}/sites`, { name: 'Tỉnh B', unitName: 'UBND Tỉnh B', isHost: false });
  for (const name of ['Nguyễn Văn An', 'Trần Thị Bình']) {
    await api(`${c}/sites/${site.id}/delegates`, { name, kind: 'locality' });
  }
  await api(`${c}/sites/${site.id}/operators`, { name: 'Kỹ thuật Tỉnh A' });
  for (const [title, minutes] of [
    ['Khai mạc', 10],
    ['Báo cáo đề dẫn', 20],
    ['Thảo luận', 30],
  ] as const) {
    await api(`${c}/agenda`, { kind: 'discussion', title, durationMinutes: minutes });
  }
  return { id: conference.id, base: `${server.url}/quan-ly/hoi-nghi/${conference.id}` };
}

const pdf = pdfBytes('Báo cáo đề dẫn');

const agendaTitles = (page: Page) => page.locator('tbody tr strong').allInnerTexts();

const focused = (page: Page) =>
  page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');

describe('no irreversible action in one click', () => {
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  let base: string;
  beforeAll(async () => {
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    errors = watchErrors(page);
    await signInPage(page, server.url, server.demo!.email, server.demo!.password);
    base = (await setUp(page, 'Hội nghị thử xóa an toàn')).base;
  });
  afterAll(() => context.close());

  it('agenda, with the keyboard: cancel keeps the item, confirm removes it, Undo puts it back', async () => {
    await page.goto(`${base}/chuong-trinh`);
    expect(await agendaTitles(page)).toEqual(['Khai mạc', 'Báo cáo đề dẫn', 'Thảo luận']);
    const trigger = page.getByRole('button', { name: 'Xóa: Báo cáo đề dẫn' });
    const dialog = page.getByRole('dialog', {
      name: 'Xóa mục “Báo cáo đề dẫn” khỏi chương trình?',
    });

    // Open with Enter: the dialog names the item and what changes; focus is on Cancel.
    await trigger.focus();
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain(
      'Tổng thời lượng giảm 20 phút; các mục sau sẽ bắt đầu sớm hơn 20 phút.',
    );
    expect(await dialog.innerText()).toContain('Có thể hoàn tác trong 10 phút sau khi xóa.');
    expect(await focused(page)).toBe('Hủy');
    expect(await accessibilityProblems(page)).toEqual([]);

    // Escape: closed, nothing sent, focus back on the row's button.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await focused(page)).toBe('Xóa');
    await page.reload();
    expect(await agendaTitles(page)).toEqual(['Khai mạc', 'Báo cáo đề dẫn', 'Thảo luận']);

    // Again, Tab to the confirm button, Enter: removed, and the page says so by name.
    await trigger.focus();
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('Xóa mục');
    await page.keyboard.press('Enter');
    const notice = page.getByRole('status').filter({ hasText: 'Đã xóa mục' });
    await notice.waitFor();
    expect(await notice.innerText()).toContain(
      'Đã xóa mục “Báo cáo đề dẫn” khỏi chương trình. Có thể hoàn tác đến',
    );
    expect(await agendaTitles(page)).toEqual(['Khai mạc', 'Thảo luận']);
    await page.getByText('Tổng thời lượng: 40 phút', { exact: false }).waitFor();

    // The notice has the focus; Tab reaches Undo; Enter puts the item back in its place.
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('Hoàn tác');
    await page.keyboard.press('Enter');
    await page
      .getByRole('status')
      .filter({ hasText: 'Đã khôi phục mục “Báo cáo đề dẫn” vào chỗ cũ trong chương trình.' })
      .waitFor();
    await page.getByText('Tổng thời lượng: 60 phút', { exact: false }).waitFor();
    expect(await agendaTitles(page)).toEqual(['Khai mạc', 'Báo cáo đề dẫn', 'Thảo luận']);
    expect(errors).toEqual([]);
  });

  it('a site, with the mouse: the dialog says what goes with it; Undo brings all of it back', async () => {
    await page.goto(`${base}/diem-cau`);
    await page.getByRole('link', { name: 'Tỉnh A' }).click();
    await page.getByRole('heading', { name: 'Tỉnh A' }).waitFor();
    const trigger = page.getByRole('button', { name: 'Xóa điểm cầu' });
    const dialog = page.getByRole('dialog', { name: 'Xóa điểm cầu “Tỉnh A”?' });

    await trigger.click();
    await dialog.waitFor();
    const text = await dialog.innerText();
    expect(text).toContain('Cùng bị xóa: 2 đại biểu của điểm cầu.');
    expect(text).toContain('Cùng bị bỏ: 1 vai trò gắn với điểm cầu');
    await dialog.getByRole('button', { name: 'Hủy' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.reload();
    await page.getByRole('heading', { name: 'Tỉnh A' }).waitFor();
    expect(await page.getByRole('cell', { name: 'Nguyễn Văn An', exact: true }).count()).toBe(1);

    await trigger.click();
    await dialog.getByRole('button', { name: 'Xóa điểm cầu' }).click();
    // The site's page goes with it: the list of sites says what was done.
    await page.waitForURL(/\/diem-cau$/);
    await page
      .getByRole('status')
      .filter({ hasText: 'Đã xóa điểm cầu “Tỉnh A” cùng 2 đại biểu và 1 vai trò.' })
      .waitFor();
    expect(await page.getByRole('link', { name: 'Tỉnh A' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Tỉnh B' }).count()).toBe(1);

    await page.getByRole('button', { name: 'Hoàn tác' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Đã khôi phục điểm cầu “Tỉnh A” cùng 2 đại biểu và 1 vai trò.' })
      .waitFor();
    await page.getByRole('link', { name: 'Tỉnh A' }).click();
    await page.getByRole('heading', { name: 'Tỉnh A' }).waitFor();
    expect(await page.getByRole('cell', { name: /^(Nguyễn Văn An|Trần Thị Bình)$/ }).count()).toBe(
      2,
    );
    expect(errors).toEqual([]);
  });

  it('themes: the list still saves and reorders; a theme is removed through the dialog and comes back', async () => {
    await page.goto(base);
    const themes = () => page.locator('.theme-list input[name="themeTitle"]');
    const titles = async () =>
      Promise.all((await themes().all()).map((input) => input.inputValue()));
    await page.getByLabel('Thêm chủ đề').fill('Nguồn nhân lực');
    await page.locator('button[form="themes-form"]', { hasText: 'Lưu' }).click();
    await expect.poll(titles).toEqual(['Chuyển đổi số', 'Nguồn nhân lực']);
    await page.locator('button[form="themes-form"]', { hasText: 'Xuống' }).first().click();
    await expect.poll(titles).toEqual(['Nguồn nhân lực', 'Chuyển đổi số']);

    await page.getByRole('button', { name: 'Xóa: Nguồn nhân lực' }).click();
    const dialog = page.getByRole('dialog', { name: 'Xóa chủ đề “Nguồn nhân lực”?' });
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain(
      '0 mục chương trình và 0 tham luận đang gắn với chủ đề sẽ không còn chủ đề.',
    );
    await dialog.getByRole('button', { name: 'Xóa chủ đề' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã xóa chủ đề “Nguồn nhân lực”.' }).waitFor();
    await expect.poll(titles).toEqual(['Chuyển đổi số']);
    await page.getByRole('button', { name: 'Hoàn tác' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Đã khôi phục chủ đề “Nguồn nhân lực”.' })
      .waitFor();
    await expect.poll(titles).toEqual(['Nguồn nhân lực', 'Chuyển đổi số']);
    expect(errors).toEqual([]);
  });

  it('a role and a document: named in the dialog, removed, put back', async () => {
    await page.goto(`${base}/vai-tro`);
    await page.getByRole('button', { name: 'Xóa: Kỹ thuật Tỉnh A (Kỹ thuật điểm cầu)' }).click();
    const roleDialog = page.getByRole('dialog', {
      name: 'Bỏ vai trò “Kỹ thuật điểm cầu” của Kỹ thuật Tỉnh A?',
    });
    await roleDialog.getByRole('button', { name: 'Bỏ vai trò' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Đã bỏ vai trò “Kỹ thuật điểm cầu” của Kỹ thuật Tỉnh A.' })
      .waitFor();
    await page.getByRole('button', { name: 'Hoàn tác' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Đã trả lại vai trò “Kỹ thuật điểm cầu” cho Kỹ thuật Tỉnh A.' })
      .waitFor();
    await page.getByRole('cell', { name: 'Kỹ thuật Tỉnh A', exact: true }).waitFor();

    const id = base.split('/').at(-1)!;
    const upload = await page.request.post(`${server.url}/api/v1/conferences/${id}/documents`, {
      multipart: {
        title: 'Báo cáo đề dẫn',
        file: { name: 'bao-cao.pdf', mimeType: 'application/pdf', buffer: pdf },
      },
    });
    expect(upload.status()).toBe(201);
    await page.goto(`${base}/tai-lieu`);
    await page.getByRole('button', { name: 'Xóa: Báo cáo đề dẫn' }).click();
    const docDialog = page.getByRole('dialog', { name: 'Xóa tài liệu “Báo cáo đề dẫn”?' });
    expect(await docDialog.innerText()).toContain(
      'Người tham dự sẽ không tải được tệp bao-cao.pdf nữa.',
    );
    await docDialog.getByRole('button', { name: 'Xóa tài liệu' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Đã xóa tài liệu “Báo cáo đề dẫn”.' })
      .waitFor();
    expect(await page.getByRole('link', { name: 'Báo cáo đề dẫn' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Hoàn tác' }).click();
    await page.getByRole('link', { name: 'Báo cáo đề dẫn' }).waitFor();
    expect(errors).toEqual([]);
  });
});

describe('without JavaScript', () => {
  it('the row button asks first (the server shows the dialog); the dialog removes; Undo restores', async () => {
    const signedIn = await browser.newContext();
    const setup = await signedIn.newPage();
    await signInPage(setup, server.url, server.demo!.email, server.demo!.password);
    const { base } = await setUp(setup, 'Hội nghị thử xóa không có JavaScript');
    const cookies = await signedIn.cookies();
    await signedIn.close();

    const context = await browser.newContext({ javaScriptEnabled: false });
    await context.addCookies(cookies);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${base}/chuong-trinh`);
    await page.getByRole('button', { name: 'Xóa: Thảo luận' }).click();
    // Nothing removed yet: the answer is the page with this item's dialog open.
    const dialog = page.getByRole('dialog', { name: 'Xóa mục “Thảo luận” khỏi chương trình?' });
    await dialog.waitFor();
    expect(await agendaTitles(page)).toEqual(['Khai mạc', 'Báo cáo đề dẫn', 'Thảo luận']);
    // Cancel closes it natively (a `method="dialog"` form): still nothing removed.
    await dialog.getByRole('button', { name: 'Hủy' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.goto(`${base}/chuong-trinh`);
    expect(await agendaTitles(page)).toEqual(['Khai mạc', 'Báo cáo đề dẫn', 'Thảo luận']);

    await page.getByRole('button', { name: 'Xóa: Thảo luận' }).click();
    await dialog.getByRole('button', { name: 'Xóa mục' }).click();
    await page.getByText('Đã xóa mục “Thảo luận” khỏi chương trình.').waitFor();
    expect(await agendaTitles(page)).toEqual(['Khai mạc', 'Báo cáo đề dẫn']);
    await page.getByRole('button', { name: 'Hoàn tác' }).click();
    await page.getByText('Đã khôi phục mục “Thảo luận” vào chỗ cũ trong chương trình.').waitFor();
    expect(await agendaTitles(page)).toEqual(['Khai mạc', 'Báo cáo đề dẫn', 'Thảo luận']);
    // The page's scripts are not run (the browser refuses them), which is the point.
    expect(errors.filter((e) => !/^failed: \S+\/assets\/\S+\.js csp$/.test(e))).toEqual([]);
    await context.close();
  });
});
