import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, watchErrors } from '../support/browser.ts';
import { apiAs, demoAdminCookie, signedInContext } from '../support/e2e-session.ts';
import { serverDatabaseUrl, startServer, type ServerProcess } from '../support/server-process.ts';
import { dropServerDatabase } from '../support/test-database.ts';

let server: ServerProcess;
let browser: Browser;
let admin: string;
let api: ReturnType<typeof apiAs>;
let conferenceId: string;
let slug: string;
const sites: { id: string; name: string; email: string }[] = [];
const PASSWORD = 'mat-khau-ky-thuat-2026';

beforeAll(async () => {
  server = await startServer({ databaseUrl: await serverDatabaseUrl(), args: ['--demo'] });
  browser = await launchBrowser();
  admin = await demoAdminCookie(server);
  api = apiAs(server, admin);
  const conf = await api('/conferences', {
    title: 'Phiên đối thoại trực tuyến thử nghiệm',
    theme: 'Điều hành trực tuyến',
    organiser: 'Ban Tổ chức',
    startsAt: '2026-12-18T01:00:00Z',
    endsAt: '2026-12-18T04:00:00Z',
    siteChairApproval: true,
    defaultTurnMinutes: 5,
    themes: ['Chuyển đổi số', 'Tăng trưởng xanh'],
  });
  ({ id: conferenceId, slug } = conf);
  await api(`/conferences/${conferenceId}/status`, { status: 'scheduled' });
  for (const [i, name] of [
    'Điểm cầu Điện Biên',
    'Điểm cầu Khánh Hòa',
    'Điểm cầu Cà Mau',
  ].entries()) {
    const site = await api(`/conferences/${conferenceId}/sites`, { name, unitName: name });
    const email = `kythuat${i}@doithoai.example`;
    await api('/users', { email, name: `Kỹ thuật ${name}`, password: PASSWORD });
    await api(`/conferences/${conferenceId}/members`, {
      email,
      role: 'site_operator',
      siteId: site.id,
    });
    sites.push({ id: site.id, name, email });
  }
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (server?.databaseUrl) await dropServerDatabase(server.databaseUrl);
});

const seconds = async (page: Page) =>
  Number(await page.getByRole('timer').first().getAttribute('data-seconds'));

describe('a live session in the browser', () => {
  it('chair, display and three site consoles run a short session and agree', async () => {
    const chair = await signedInContext(browser, server, server.demo!.email, server.demo!.password);
    await chair.page.goto(`${server.url}/quan-ly/hoi-nghi/${conferenceId}/dieu-hanh`);
    await chair.page.getByText('Đã kết nối').waitFor();

    const display = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const screen = await display.newPage();
    const displayErrors = watchErrors(screen);
    await screen.goto(`${server.url}/hoi-nghi/${slug}/man-hinh`);

    const consoles = [];
    for (const site of sites) {
      const s = await signedInContext(browser, server, site.email, PASSWORD);
      await s.page.goto(
        `${server.url}/quan-ly/hoi-nghi/${conferenceId}/diem-cau/${site.id}/truc-tiep`,
      );
      await s.page.getByText('Đã kết nối').waitFor();
      consoles.push(s);
    }
    // Every site console shows on the chair's board as online.
    await expect
      .poll(() => chair.page.locator('.site-tile[data-link=online]').count(), {
        timeout: 10_000,
      })
      .toBe(3);

    await chair.page.getByRole('button', { name: 'Mở kiểm tra kỹ thuật' }).click();
    // No media server here (JANUS_URL=off): everything else works, and the media panel
    // says plainly why there is no picture and what to install.
    await chair.page.getByText('Chưa cấu hình hình ảnh và âm thanh').waitFor();
    for (const [i, s] of consoles.entries()) {
      await s.page.getByText('Kiểm tra kỹ thuật').first().waitFor();
      await s.page.getByLabel('Số người dự').fill(String(30 + i));
      await s.page.getByRole('button', { name: 'Điểm danh' }).click();
    }
    const count = (key: string) =>
      chair.page.locator(`.site-counts [data-count=${key}] strong`).textContent();
    await expect.poll(() => count('present')).toBe('3');
    expect(await count('online')).toBe('3');
    await chair.page.getByRole('button', { name: 'Bắt đầu phiên họp' }).click();

    // The Khánh Hòa site asks for the floor; its site chair approves it.
    const kh = consoles[1]!.page;
    await kh.getByLabel('Đại biểu phát biểu').fill('Nguyễn Thị Thanh Thủy');
    await kh.getByLabel('Chủ đề').selectOption({ label: 'Tăng trưởng xanh' });
    await kh.getByRole('button', { name: 'Xin phát biểu' }).click();
    await kh.getByText('Chờ duyệt', { exact: true }).waitFor();
    await chair.page.getByText('Chờ điểm cầu duyệt').waitFor();
    await kh.getByRole('button', { name: 'Duyệt' }).click();
    await kh.getByText('Vị trí trong hàng chờ: 1').waitFor();

    await chair.page.getByRole('button', { name: 'Giao lời: Điểm cầu Khánh Hòa' }).click();
    await screen.locator('.display-name', { hasText: 'Nguyễn Thị Thanh Thủy' }).waitFor();
    await screen.locator('.display-site', { hasText: 'Điểm cầu Khánh Hòa' }).waitFor();
    await chair.page.getByRole('button', { name: '+2 phút' }).click();
    await expect.poll(() => seconds(screen), { timeout: 5000 }).toBeGreaterThan(5 * 60);

    // Every screen counts down from the server's start time: they agree within a second,
    // once each has the extension (a busy machine may bring it to one a moment later).
    const pages = [chair.page, screen, ...consoles.map((c) => c.page)];
    await expect
      .poll(async () => Math.min(...(await Promise.all(pages.map(seconds)))), { timeout: 10_000 })
      .toBeGreaterThan(5 * 60);
    const readings = await Promise.all(pages.map(seconds));
    expect(Math.max(...readings) - Math.min(...readings)).toBeLessThanOrEqual(1);
    expect(Math.min(...readings)).toBeGreaterThan(6 * 60 - 10);

    await chair.page.getByRole('button', { name: 'Kết thúc lượt' }).click();
    await screen.getByText('Chưa có ai phát biểu').waitFor();
    await chair.page.getByRole('button', { name: 'Kết thúc phiên họp' }).click();
    await chair.page
      .getByRole('dialog', { name: 'Kết thúc phiên họp?' })
      .getByRole('button', { name: 'Kết thúc phiên họp' })
      .click();
    for (const page of pages) await page.getByText('Đã kết thúc').first().waitFor();
    await kh.getByText('Đã phát biểu').waitFor();

    // The public page, server-rendered, shows the timeline of turns.
    const pub = await display.newPage();
    await pub.goto(`${server.url}/hoi-nghi/${slug}/truc-tiep`);
    await pub.locator('.timeline li', { hasText: 'Nguyễn Thị Thanh Thủy' }).waitFor();

    // A site whose last screen goes away shows offline within ten seconds (after the end
    // of the session no longer an alarm).
    await consoles[2]!.context.close();
    await expect.poll(() => count('online'), { timeout: 10_000 }).toBe('2');
    expect(await chair.page.locator('.site-tile[data-link=lost]').count()).toBe(0);

    expect(chair.errors).toEqual([]);
    expect(displayErrors).toEqual([]);
    for (const c of consoles.slice(0, 2)) expect(c.errors).toEqual([]);
    await chair.context.close();
    await display.close();
    for (const c of consoles.slice(0, 2)) await c.context.close();
  });

  it('a screen cut off catches up when it comes back', async () => {
    const chair = await signedInContext(browser, server, server.demo!.email, server.demo!.password);
    const watcher = await browser.newContext();
    const page = await watcher.newPage();
    await page.goto(`${server.url}/hoi-nghi/${slug}/man-hinh`);
    await expect.poll(() => page.locator('.conn-on').count()).toBe(1);
    await watcher.setOffline(true);
    await page.getByText('Mất kết nối, đang kết nối lại…').waitFor();
    await chair.page.request.post(
      `${server.url}/api/v1/conferences/${conferenceId}/live/commands`,
      {
        data: {
          commandId: 'e2e-resume-0001',
          command: { type: 'announcement.post', text: 'Thông báo khi mất mạng' },
        },
        headers: { origin: server.url },
      },
    );
    await watcher.setOffline(false);
    await page
      .locator('.display-announcement', { hasText: 'Thông báo khi mất mạng' })
      .waitFor({ timeout: 15_000 });
    await expect.poll(() => page.locator('.conn-on').count()).toBe(1);
    await chair.context.close();
    await watcher.close();
  });
});
