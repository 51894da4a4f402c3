// The record in the browser, as the organiser and the public use it: a short session is
// run, the record page shows its figures and charts, every file downloads, the minutes
// are written with the keyboard and locked, the conclusions published, a news draft made.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Browser, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityProblems } from '../support/axe.ts';
import { launchBrowser, watchErrors } from '../support/browser.ts';
import { apiAs, demoAdminCookie, signedInContext } from '../support/e2e-session.ts';
import { serverDatabaseUrl, startServer, type ServerProcess } from '../support/server-process.ts';
import { dropServerDatabase } from '../support/test-database.ts';

let server: ServerProcess;
let browser: Browser;
let conference: { id: string; slug: string; title: string };

beforeAll(async () => {
  server = await startServer({ databaseUrl: await serverDatabaseUrl(), args: ['--demo'] });
  browser = await launchBrowser();
  const api = apiAs(server, await demoAdminCookie(server));
  const list = (await api('/conferences')) as { id: string; slug: string; title: string }[];
  conference = list[0]!;
  const full = await api(`/conferences/${conference.id}`);
  const sites = full.sites as { id: string; name: string; isHost: boolean }[];
  const themes = full.themes as { id: string }[];
  const command = (c: Record<string, unknown>) =>
    api(`/conferences/${conference.id}/live/commands`, { commandId: randomUUID(), command: c });
  await command({ type: 'session.open_check' });
  await command({ type: 'site.check_in', siteId: sites[0]!.id, attendees: 118 });
  await command({ type: 'site.check_in', siteId: sites[1]!.id, attendees: 57 });
  await command({
    type: 'site.absent',
    siteId: sites[2]!.id,
    reason: 'Sự cố đường truyền cáp quang',
  });
  await command({ type: 'session.start' });
  for (const [i, site] of sites.slice(0, 2).entries()) {
    const granted = await command({
      type: 'floor.grant',
      siteId: site.id,
      themeId: themes[i]!.id,
      delegateName: i ? 'Ông Phan Văn Tài' : 'Bà Đỗ Thị Mai',
      minutes: 3,
    });
    await command({
      type: 'minutes.add',
      text: `Ghi chép lượt ${i + 1}: đề nghị hỗ trợ thiết bị cho xã vùng sâu.`,
    });
    await new Promise((r) => setTimeout(r, 1100));
    const turn = granted.events.find((e: { type: string }) => e.type === 'floor.granted');
    await command({ type: 'floor.end', turnId: turn.turnId });
  }
  await command({ type: 'session.end' });
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (server?.databaseUrl) await dropServerDatabase(server.databaseUrl);
});

/** Clicks a download link and returns the saved file's first bytes and its name. */
async function download(
  page: Page,
  name: string | RegExp,
): Promise<{ name: string; head: string }> {
  const [file] = (await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name }).click(),
  ])) as [Download, unknown];
  const path = await file.path();
  const bytes = await readFile(path);
  return { name: file.suggestedFilename(), head: bytes.subarray(0, 4).toString('latin1') };
}

describe('the conference record in the browser', () => {
  it('the organiser reads the record, downloads every file, writes and locks the minutes, publishes the conclusions and makes a news draft', async () => {
    const { context, page, errors } = await signedInContext(
      browser,
      server,
      server.demo!.email,
      server.demo!.password,
    );
    const base = `${server.url}/quan-ly/hoi-nghi/${conference.id}`;
    await page.goto(base);
    await page.getByRole('link', { name: 'Kết quả', exact: true }).click();
    await page.getByRole('heading', { name: 'Kết quả hội nghị' }).waitFor();
    const totals = page.getByRole('region', { name: 'Tổng hợp' });
    await expect.poll(() => totals.innerText()).toContain('175');
    expect(await page.locator('.record-chart svg').count()).toBeGreaterThanOrEqual(4);
    expect(
      await page.getByRole('table', { name: 'Điểm danh theo điểm cầu' }).innerText(),
    ).toContain('Sự cố đường truyền cáp quang');
    expect(await accessibilityProblems(page)).toEqual([]);

    const files = [
      [/PDF, có biểu đồ/, '%PDF'],
      [/^Biên bản \(DOCX/, 'PK\u0003\u0004'],
      [/^Báo cáo kết quả \(DOCX/, 'PK\u0003\u0004'],
      [/^Số liệu \(XLSX/, 'PK\u0003\u0004'],
      [/^Bảng lượt phát biểu \(CSV\)/, '\u00ef\u00bb\u00bf'.slice(0, 3)],
    ] as const;
    for (const [label, head] of files) {
      const got = await download(page, label);
      expect(got.head.startsWith(head), `${label}: ${JSON.stringify(got.head)}`).toBe(true);
      expect(got.name).toContain(conference.slug);
    }
    await page
      .getByText(/Đã tải xong/)
      .first()
      .waitFor();

    // The minutes: the draft from the notes, a paragraph typed with the keyboard, saved, locked.
    await page.getByRole('link', { name: 'Soạn biên bản' }).click();
    const editor = page.getByRole('textbox', { name: 'Biên bản hội nghị' });
    await editor.waitFor();
    await expect.poll(() => editor.innerText()).toContain('Ghi chép lượt 1');
    await editor.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.keyboard.type(
      'Hội nghị thống nhất giao Sở Khoa học và Công nghệ tổng hợp kiến nghị.',
    );
    await page.keyboard.press('Enter');
    await page.keyboard.type('Biên bản kết thúc lúc 11 giờ 30 phút.');
    await page.getByRole('button', { name: 'Lưu' }).click();
    await page.getByText('Đã lưu (phiên bản 1).').waitFor();
    await page.getByRole('button', { name: 'Khóa biên bản' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Khóa biên bản' }).click();
    await page.getByText('Đã khóa biên bản.').waitFor();
    await expect
      .poll(() => page.getByRole('textbox', { name: 'Biên bản hội nghị' }).count())
      .toBe(0);

    // The conclusions: drafted, saved, published.
    await page.goto(`${base}/ket-qua/ket-luan`);
    const conclusions = page.getByRole('textbox', { name: 'Kết luận của hội nghị' });
    await conclusions.waitFor();
    await conclusions.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Giao các địa phương báo cáo kết quả trước ngày 30/01/2027.');
    await page.getByRole('button', { name: 'Lưu' }).click();
    await page.getByText('Đã lưu (phiên bản 1).').waitFor();
    await page.getByRole('button', { name: 'Công bố kết luận' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Công bố kết luận' }).click();
    await page.getByText('Đã công bố kết luận.').waitFor();

    // Into the news: a draft article, opened in the newsroom's editor.
    await page.goto(`${base}/ket-qua`);
    await page.getByRole('button', { name: 'Tạo bài viết nháp' }).click();
    await page.waitForURL(/\/quan-tri\/tin-tuc\/[0-9a-f-]{36}$/);
    expect(await page.getByLabel('Tiêu đề').inputValue()).toContain(conference.title);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the public reads the results: conclusions and minutes, no internal reasons', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${server.url}/hoi-nghi/${conference.slug}`);
    expect(await page.getByRole('region', { name: 'Kết luận của hội nghị' }).innerText()).toContain(
      'Giao các địa phương báo cáo kết quả',
    );
    await page.getByRole('link', { name: 'Xem kết quả hội nghị' }).click();
    await page.getByRole('heading', { name: 'Kết quả hội nghị', level: 1 }).waitFor();
    const text = await page.locator('main').innerText();
    expect(text).toContain('Hội nghị thống nhất giao Sở Khoa học và Công nghệ');
    expect(text).not.toContain('Sự cố đường truyền cáp quang');
    expect(await accessibilityProblems(page)).toEqual([]);
    const pdf = await download(page, /PDF, có biểu đồ/);
    expect(pdf.head).toBe('%PDF');
    expect(errors).toEqual([]);
    await context.close();
  });
});
