import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityProblems } from '../support/axe.ts';
import { launchBrowser, signInPage, watchErrors } from '../support/browser.ts';
import { signedInContext } from '../support/e2e-session.ts';
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

const PASSWORD = 'toa-soan-ba-buoc-2026';
const people = {
  reporter: { name: 'Trần Phóng Viên', email: 'phongvien@doithoai.example' },
  editor: { name: 'Lê Biên Tập', email: 'bientap@doithoai.example' },
  approver: { name: 'Phạm Thư Ký', email: 'thuky@doithoai.example' },
};
const TITLE = 'Người dân góp ý dự thảo quy hoạch khu dân cư mới';

/** The workflow bar of the article's edit page. */
const bar = (page: Page) => page.getByRole('region', { name: 'Quy trình duyệt bài' });

/** The part of "Việc của tôi" named `name`, on the newsroom's list. */
async function queuePart(page: Page, name: RegExp) {
  await page.goto(`${server.url}/quan-tri/tin-tuc`);
  const work = page.getByRole('region', { name: 'Việc của tôi' });
  await work.waitFor();
  return work.getByRole('region', { name });
}

/** Takes a step on the workflow bar, with a comment, and waits for the new status. */
async function takeStep(page: Page, button: string, status: string, comment?: string) {
  if (comment)
    await bar(page)
      .getByLabel(/Ý kiến/)
      .fill(comment);
  await bar(page).getByRole('button', { name: button }).click();
  await bar(page).getByText(status, { exact: true }).waitFor();
}

describe('the three-step workflow in the browser', () => {
  it('reporter writes and submits, editor returns, reporter fixes and resubmits, editor sends for approval, approver publishes', async () => {
    // The administrator gives the roles and switches the workflow on.
    const admin = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await admin.newPage();
    const adminErrors = watchErrors(page);
    await signInPage(page, server.url, server.demo!.email, server.demo!.password);
    await page.goto(`${server.url}/quan-tri/nguoi-dung`);
    const form = page.getByRole('form', { name: 'Tạo người dùng' });
    for (const [role, who] of Object.entries(people)) {
      await form.getByLabel('Họ và tên').fill(who.name);
      await form.getByLabel('E-mail').fill(who.email);
      await form.getByLabel('Mật khẩu').fill(PASSWORD);
      if (role === 'reporter') await form.getByLabel('Phóng viên').check();
      if (role === 'editor') await form.getByLabel('Biên tập viên', { exact: true }).check();
      await form.getByRole('button', { name: 'Tạo người dùng' }).click();
      await page.getByRole('row', { name: new RegExp(who.email) }).waitFor();
    }
    // The approver's role is given on the user's own page.
    await page
      .getByRole('row', { name: new RegExp(people.approver.email) })
      .getByRole('link')
      .first()
      .click();
    await page.getByRole('heading', { name: 'Sửa người dùng' }).waitFor();
    await page.getByLabel('Lãnh đạo / Thư ký tòa soạn (duyệt đăng)').check();
    await page.getByRole('button', { name: 'Lưu thay đổi' }).click();
    await page.getByText('Đã lưu thay đổi.').waitFor();

    await page.goto(`${server.url}/quan-tri/tin-tuc`);
    await page.getByRole('link', { name: 'Cài đặt tòa soạn' }).click();
    await page.getByLabel(/Bật quy trình ba bước/).check();
    await page.getByRole('button', { name: 'Lưu thay đổi' }).click();
    await page.getByText('Đã lưu cài đặt tòa soạn.').waitFor();
    await page
      .getByText(/tắt quy trình|bật quy trình/)
      .first()
      .waitFor();
    expect(adminErrors).toEqual([]);

    const sign = (who: keyof typeof people) =>
      signedInContext(browser, server, people[who].email, PASSWORD);
    const reporter = await sign('reporter');
    const editor = await sign('editor');
    const approver = await sign('approver');

    // The reporter writes; publishing is refused; the article is submitted.
    const r = reporter.page;
    await r.getByRole('link', { name: 'Tin bài' }).click();
    await r.getByRole('region', { name: 'Việc của tôi' }).waitFor();
    await r.getByRole('link', { name: 'Viết bài mới' }).click();
    await r.getByLabel('Tiêu đề', { exact: true }).fill(TITLE);
    await r.getByLabel('Sapo (tóm tắt)').fill('Hơn 200 ý kiến đã được gửi về trong tuần đầu.');
    await r.getByRole('button', { name: 'Lưu bản nháp' }).click();
    await bar(r).waitFor();
    await bar(r).getByText('Bản nháp', { exact: true }).waitFor();
    // Publishing is not offered to a reporter (the API refuses it too: news-workflow.test.ts).
    expect(await r.getByRole('button', { name: 'Đăng bài', exact: true }).count()).toBe(0);
    await takeStep(r, 'Gửi bài cho biên tập', 'Chờ biên tập');
    await bar(r).getByText('Đã gửi bài cho biên tập.').waitFor();
    await bar(r).getByText('Bạn không sửa được bài ở trạng thái này.').waitFor();
    const mine = await queuePart(r, /Bài của tôi/);
    await mine.getByText('Không có bài nào.').waitFor();

    // The editor finds it in their queue and returns it with a comment.
    const e = editor.page;
    const submitted = await queuePart(e, /Bài chờ biên tập/);
    await submitted.getByText('1', { exact: true }).waitFor();
    await submitted.getByRole('link', { name: TITLE }).click();
    await bar(e).waitFor();
    expect(await bar(e).getByRole('button', { name: 'Duyệt và đăng ngay' }).count()).toBe(0);
    await bar(e).getByRole('button', { name: 'Trả lại kèm ý kiến' }).click();
    await bar(e).getByText('Hãy ghi ý kiến: người nhận cần biết phải sửa gì.').waitFor();
    await takeStep(
      e,
      'Trả lại kèm ý kiến',
      'Bị trả lại',
      'Ghi rõ thời hạn góp ý và nơi nhận ý kiến.',
    );

    // The reporter sees it returned, reads the comment, fixes it and submits again.
    const back = await queuePart(r, /Bài của tôi/);
    await back.getByText('Bị trả lại', { exact: true }).waitFor();
    await back.getByRole('link', { name: TITLE }).click();
    await bar(r).getByText('Ghi rõ thời hạn góp ý và nơi nhận ý kiến.').waitFor();
    await r
      .getByLabel('Sapo (tóm tắt)')
      .fill('Hơn 200 ý kiến đã được gửi về; người dân góp ý đến hết ngày 15/12 tại UBND phường.');
    // Not saved yet: nothing can be sent, and the bar says why.
    await bar(r).getByText('Bài có thay đổi chưa lưu.').waitFor();
    expect(await bar(r).getByRole('button', { name: 'Gửi bài cho biên tập' }).isDisabled()).toBe(
      true,
    );
    await r.getByRole('button', { name: 'Lưu bản nháp' }).click();
    await r.getByRole('button', { name: 'Lưu bản nháp' }).waitFor();
    await expect
      .poll(() => r.getByLabel('Sapo (tóm tắt)').inputValue())
      .toContain('hết ngày 15/12');
    await takeStep(r, 'Gửi bài cho biên tập', 'Chờ biên tập');

    // The editor sends it for approval: it leaves their queue for the approver's.
    const again = await queuePart(e, /Bài chờ biên tập/);
    await again.getByRole('link', { name: TITLE }).click();
    await takeStep(e, 'Gửi duyệt', 'Chờ duyệt đăng');
    const emptied = await queuePart(e, /Bài chờ biên tập/);
    await emptied.getByText('Không có bài nào.').waitFor();

    // The approver publishes it with a word.
    const a = approver.page;
    const pending = await queuePart(a, /Bài chờ duyệt đăng/);
    await pending.getByText('1', { exact: true }).waitFor();
    await pending.getByRole('link', { name: TITLE }).click();
    await takeStep(a, 'Duyệt và đăng ngay', 'Đã đăng', 'Đồng ý đăng.');
    const timeline = bar(a).getByRole('list');
    for (const text of [
      'Ghi rõ thời hạn góp ý và nơi nhận ý kiến.',
      'Đồng ý đăng.',
      people.reporter.name,
      people.editor.name,
      people.approver.name,
    ])
      await timeline.getByText(text).first().waitFor();
    const href = await a.getByRole('link', { name: 'Xem trên cổng' }).getAttribute('href');
    // The workflow bar and the queue have no serious WCAG 2.1 AA problem.
    expect(await accessibilityProblems(a)).toEqual([]);
    await queuePart(a, /Bài chờ duyệt đăng/);
    expect(await accessibilityProblems(a)).toEqual([]);

    // Readers see it on the portal.
    const reader = await (
      await browser.newContext({
        userAgent:
          'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Mobile Safari/537.36',
      })
    ).newPage();
    expect((await reader.goto(`${server.url}${href}`))?.status()).toBe(200);
    await reader.getByRole('heading', { name: TITLE }).waitFor();
    await reader.getByText('hết ngày 15/12').first().waitFor();

    // The editor may take the live article down, but neither change nor re-date it.
    await e.goto(`${server.url}/quan-tri/tin-tuc`);
    await e.getByRole('link', { name: TITLE }).first().click();
    await bar(e).waitFor();
    expect(await e.getByRole('button', { name: 'Cập nhật ngày đăng thành bây giờ' }).count()).toBe(
      0,
    );
    expect(await e.getByLabel('Ngày đăng').count()).toBe(0);
    await e.getByRole('button', { name: 'Gỡ bài' }).click();
    await e.getByText('Đã gỡ bài khỏi cổng').waitFor();
    expect((await reader.goto(`${server.url}${href}`))?.status()).toBe(404);

    for (const who of [reporter, editor, approver]) expect(who.errors).toEqual([]);
    await Promise.all(
      [admin, reporter.context, editor.context, approver.context].map((c) => c.close()),
    );
  });
});
