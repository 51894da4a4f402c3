import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, watchErrors } from '../support/browser.ts';
import { PROVINCES, xlsxBytes } from '../support/builders.ts';
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

async function upload(page: Page, name: string, data: Buffer) {
  await page.getByLabel('Tệp CSV hoặc XLSX').setInputFiles({
    name,
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: data,
  });
  await page.getByRole('button', { name: 'Kiểm tra tệp' }).click();
}

describe('setting up a conference in the browser', () => {
  it('organiser: conference, 34 sites from XLSX, 8-item agenda, operator links; operator sees only their site', async () => {
    // An English browser in another time zone: dates are still typed and shown dd/MM/yyyy HH:mm, Vietnam time.
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      locale: 'en-US',
      timezoneId: 'America/New_York',
    });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${server.url}/dang-nhap`);
    await page.getByLabel('Địa chỉ e-mail').fill(server.demo!.email);
    await page.getByLabel('Mật khẩu').fill(server.demo!.password);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('button', { name: 'Đăng xuất' }).waitFor();
    await page.getByRole('link', { name: 'Hội nghị', exact: true }).click();

    const create = page.getByRole('form', { name: 'Tạo hội nghị mới' });
    await create
      .getByLabel('Tên hội nghị')
      .fill('Hội nghị đối thoại toàn quốc về nhân lực số 2027');
    await create.getByLabel('Chủ đề', { exact: true }).fill('Nhân lực số cho chính quyền cơ sở');
    await create.getByLabel('Đơn vị tổ chức', { exact: true }).fill('Ban Tổ chức Hội nghị');
    // Typed as people here write it, whatever the browser's language (this one is English).
    await create.getByLabel('Bắt đầu').fill('15/01/2027 08:00');
    await create.getByLabel('Kết thúc').fill('15/01/2027 11:30');
    await create
      .getByLabel('Các chủ đề thảo luận (mỗi dòng một chủ đề)')
      .fill('Chuyển đổi số\nNguồn nhân lực');
    await create.getByRole('button', { name: 'Tạo hội nghị' }).click();
    await page
      .getByRole('heading', { name: 'Hội nghị đối thoại toàn quốc về nhân lực số 2027' })
      .waitFor();
    await page.getByText('15/01/2027 08:00 – 15/01/2027 11:30').waitFor();
    expect(await page.getByLabel('Bắt đầu').inputValue()).toBe('15/01/2027 08:00');
    const conferenceUrl = page.url();

    // A malformed file: every bad row reported by line, nothing stored.
    await page.getByRole('link', { name: 'Điểm cầu', exact: true }).click();
    const broken = await xlsxBytes({
      'Điểm cầu': [
        ['Đơn vị', 'Tên điểm cầu', 'E-mail kỹ thuật', 'Số đại biểu dự kiến'],
        ['Hà Nội', '', 'sai-email', '20'],
        ['Huế', '', '', 'hai mươi'],
      ],
      'Đại biểu': [
        ['Điểm cầu', 'Họ và tên', 'Thành phần'],
        ['Sao Hỏa', 'Lê Văn A', 'Người dân'],
      ],
    });
    await upload(page, 'loi.xlsx', broken);
    await page.getByText('Tệp có 3 lỗi; chưa có gì được lưu.').waitFor();
    const problems = page.locator('table.problems tbody tr');
    expect(await problems.allInnerTexts()).toEqual([
      expect.stringMatching(/Điểm cầu\s+2\s+E-mail kỹ thuật\s+Địa chỉ e-mail không hợp lệ\./),
      expect.stringMatching(/Điểm cầu\s+3\s+Số đại biểu dự kiến/),
      expect.stringMatching(/Đại biểu\s+2\s+Điểm cầu\s+Không có điểm cầu “Sao Hỏa”/),
    ]);
    await page.getByText('0 điểm cầu').waitFor();

    // The real list: 34 provincial-level units, two delegates each.
    const sites = [
      ['Đơn vị', 'Tên điểm cầu', 'Điểm cầu trung tâm', 'Cán bộ kỹ thuật', 'Điện thoại kỹ thuật'],
    ];
    const people = [['Điểm cầu', 'Họ và tên', 'Chức vụ', 'Thành phần']];
    PROVINCES.forEach((p, i) => {
      sites.push([
        p,
        '',
        i === 0 ? 'x' : '',
        `Kỹ thuật ${p}`,
        `0900 000 ${String(i).padStart(3, '0')}`,
      ]);
      people.push([p, `Đại biểu ${p} thứ nhất`, 'Phó Chủ tịch', 'Địa phương']);
      people.push([
        p,
        `Đại biểu ${p} thứ hai`,
        'Giám đốc doanh nghiệp',
        'Doanh nhân, doanh nghiệp',
      ]);
    });
    await upload(
      page,
      'danh-sach.xlsx',
      await xlsxBytes({ 'Điểm cầu': sites, 'Đại biểu': people }),
    );
    await page.getByText('Tệp hợp lệ: 34 điểm cầu (34 mới) và 68 đại biểu (68 mới).').waitFor();
    await page.getByRole('button', { name: 'Xác nhận nhập' }).click();
    await page
      .getByText('Đã nhập: 34 điểm cầu mới, 0 cập nhật; 68 đại biểu mới, 0 cập nhật.')
      .waitFor();
    await page.getByText('34 điểm cầu').first().waitFor();

    // An agenda of eight items.
    await page.getByRole('link', { name: 'Chương trình', exact: true }).click();
    const items: [string, string, number][] = [
      ['Phát biểu khai mạc', 'Khai mạc hội nghị', 10],
      ['Báo cáo', 'Báo cáo đề dẫn', 20],
      ['Thảo luận chuyên đề', 'Thảo luận: đào tạo cán bộ số', 30],
      ['Thảo luận chuyên đề', 'Thảo luận: thu hút chuyên gia', 30],
      ['Giải lao', 'Giải lao', 15],
      ['Thảo luận chuyên đề', 'Thảo luận: hạ tầng cho xã', 30],
      ['Báo cáo', 'Tổng hợp ý kiến', 15],
      ['Kết luận', 'Phát biểu kết luận', 20],
    ];
    const addItem = page.getByRole('form', { name: 'Thêm mục' });
    for (const [kind, title, minutes] of items) {
      await addItem.getByLabel('Loại').selectOption({ label: kind });
      await addItem.getByLabel('Nội dung').fill(title);
      await addItem.getByLabel('Thời lượng (phút)').fill(String(minutes));
      await addItem.getByRole('button', { name: 'Thêm mục' }).click();
      await page.getByRole('cell', { name: title }).first().waitFor();
    }
    await page
      .getByText('Tổng thời lượng: 170 phút · Dự kiến kết thúc: 15/01/2027 10:50')
      .waitFor();
    // Reorder without retyping.
    await page.getByRole('button', { name: 'Lên: Tổng hợp ý kiến' }).click();
    await expect
      .poll(() => page.locator('tbody tr').nth(5).innerText())
      .toContain('Tổng hợp ý kiến');

    // Operator accounts and single-use links.
    await page.getByRole('link', { name: 'Điểm cầu', exact: true }).click();
    await page.getByRole('button', { name: /Tạo tài khoản cho mọi điểm cầu chưa có/ }).click();
    await page.getByText('Đã tạo 34 tài khoản kỹ thuật.').waitFor();
    await page.getByRole('button', { name: 'Phát liên kết đăng nhập' }).click();
    await page
      .getByRole('heading', { name: 'Liên kết đăng nhập (chỉ hiển thị một lần)' })
      .waitFor();
    const row = page.getByRole('row', { name: /Điểm cầu Gia Lai/ });
    const link = await row.locator('code').innerText();
    expect(link).toMatch(/\/dang-nhap\/lien-ket\/[\w-]+$/);
    expect(await page.locator('code.link-code').count()).toBe(34);
    expect(errors).toEqual([]);

    // The operator follows the link in a browser of their own.
    const opContext = await browser.newContext();
    const op = await opContext.newPage();
    const opErrors = watchErrors(op);
    await op.goto(link);
    await op.getByRole('button', { name: 'Đăng nhập' }).click();
    await op.getByRole('heading', { name: 'Điểm cầu Gia Lai' }).waitFor();
    await op.getByRole('link', { name: 'Điểm cầu', exact: true }).click();
    await op.getByText('Bạn đang xem điểm cầu do mình phụ trách.').waitFor();
    expect(await op.locator('tbody tr').count()).toBe(1);
    expect(await op.locator('tbody tr').innerText()).toContain('Điểm cầu Gia Lai');
    // Another site's page is refused.
    await page.getByRole('link', { name: 'Điểm cầu Cà Mau' }).click();
    await page.waitForURL(/\/diem-cau\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: /Điểm cầu Cà Mau/ }).waitFor();
    const otherSite = page.url();
    const res = await op.goto(otherSite);
    expect(res?.status()).toBe(403);
    // The link was used up.
    await op.goto(link);
    await op.getByRole('button', { name: 'Đăng nhập' }).click();
    await op
      .getByText('Liên kết đăng nhập không hợp lệ, đã được dùng hoặc đã hết hạn.', { exact: false })
      .waitFor();
    expect(opErrors).toEqual([]);
    await opContext.close();

    // The public page shows the agenda and the country grid.
    await page.goto(conferenceUrl);
    await page.getByRole('link', { name: 'Tổng quan' }).waitFor();
    await page.getByRole('button', { name: 'Chuyển sang: Sắp diễn ra' }).click();
    await page.getByRole('link', { name: 'Trang công khai' }).click();
    await page.getByRole('heading', { name: 'Miền Bắc (14)' }).waitFor();
    await page.getByRole('heading', { name: 'Miền Nam (8)' }).waitFor();
    await page.getByText('Phát biểu kết luận').waitFor();
    const ics = await page.request.get(`${page.url()}/lich.ics`);
    expect(ics.headers()['content-type']).toContain('text/calendar');
    expect(await ics.text()).toContain('DTSTART:20270115T010000Z');
    expect(errors).toEqual([]);
    await context.close();
  });
});
