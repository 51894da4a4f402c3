import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityProblems } from '../support/axe.ts';
import { launchBrowser, watchErrors } from '../support/browser.ts';
import { serverDatabaseUrl, startServer, type ServerProcess } from '../support/server-process.ts';
import { dropServerDatabase } from '../support/test-database.ts';

// A delegate's phone: 390 px wide. No page may scroll sideways (wide tables scroll
// inside their own box), and none has a serious WCAG 2.1 AA problem (axe-core): the
// portal, the management pages and the live consoles.
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

/** How far the page reaches past the screen's right edge, and what sticks out. */
function overflow(page: Page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const wide: string[] = [];
    for (const el of Array.from(document.body.querySelectorAll('*'))) {
      const box = el.getBoundingClientRect();
      if (box.right > width + 1 && box.width > 0) {
        // Inside a box that scrolls by itself (and itself fits): that is allowed.
        let p = el.parentElement;
        let contained = false;
        while (p && p !== document.body) {
          const o = getComputedStyle(p).overflowX;
          if (
            (o === 'auto' || o === 'scroll' || o === 'hidden') &&
            p.getBoundingClientRect().right <= width + 1
          ) {
            contained = true;
            break;
          }
          p = p.parentElement;
        }
        if (!contained) {
          wide.push(
            `${el.tagName.toLowerCase()}.${(el as HTMLElement).className} ${Math.round(box.right)}px`,
          );
        }
      }
    }
    return { excess: document.documentElement.scrollWidth - width, wide: wide.slice(0, 5) };
  });
}

describe('on a 390 px phone', () => {
  it('no page scrolls sideways, and none has a serious accessibility problem', async () => {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${server.url}/dang-nhap`);
    await page.getByLabel('Địa chỉ e-mail').fill(server.demo!.email);
    await page.getByLabel('Mật khẩu').fill(server.demo!.password);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL(`${server.url}/`);
    const conferences = (await (
      await page.request.get(`${server.url}/api/v1/conferences`)
    ).json()) as { id: string; slug: string }[];
    const conf = conferences[0]!;
    const sites = (await (
      await page.request.get(`${server.url}/api/v1/conferences/${conf.id}/sites`)
    ).json()) as { id: string }[];
    const m = `/quan-ly/hoi-nghi/${conf.id}`;
    const articles = (await (await page.request.get(`${server.url}/api/v1/news`)).json()) as {
      items: { slug: string }[];
    };
    const paths = [
      '/',
      `/tin-tuc/${articles.items[0]!.slug}`,
      '/dang-nhap',
      `/hoi-nghi/${conf.slug}/man-hinh`,
      `/hoi-nghi/${conf.slug}`,
      `/hoi-nghi/${conf.slug}/y-kien`,
      `/hoi-nghi/${conf.slug}/truc-tiep`,
      '/tim-kiem?q=doi+thoai',
      '/quan-ly/hoi-nghi',
      m,
      `${m}/diem-cau`,
      `${m}/diem-cau/${sites[0]!.id}`,
      `${m}/chuong-trinh`,
      `${m}/tham-luan`,
      `${m}/tai-lieu`,
      `${m}/vai-tro`,
      `${m}/y-kien`,
      `${m}/dieu-hanh`,
      `${m}/thu-ky`,
      `${m}/diem-cau/${sites[0]!.id}/truc-tiep`,
      `${m}/nhat-ky`,
      '/quan-tri/nguoi-dung',
      '/quan-tri/nhat-ky',
      '/quan-tri/tin-tuc',
      '/quan-tri/tin-tuc/moi',
      '/quan-tri/chuyen-muc',
      '/tai-khoan',
    ];
    const problems: string[] = [];
    const inaccessible: string[] = [];
    for (const path of paths) {
      await page.goto(`${server.url}${path}`);
      const { excess, wide } = await overflow(page);
      if (excess > 0) problems.push(`${path}: ${excess}px wider (${wide.join(', ')})`);
      for (const p of await accessibilityProblems(page)) inaccessible.push(`${path}: ${p}`);
    }
    expect(problems).toEqual([]);
    expect(inaccessible).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
