import sharp from 'sharp';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

/** What Word puts on the clipboard: mso- styles, <o:p>, fonts, a list typed as bullets. */
const WORD = `<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word"><head><meta name=Generator content="Microsoft Word 15"><style><!-- p.MsoNormal {mso-style-parent:""; font-family:"Times New Roman"} --></style><!--[if gte mso 9]><xml><w:WordDocument><w:View>Normal</w:View></w:WordDocument></xml><![endif]--></head><body lang=VI style='tab-interval:36.0pt'><!--StartFragment-->
<h1 style='mso-margin-top-alt:auto'><span style='font-family:"Times New Roman";mso-fareast-font-family:Calibri'>Kết quả đối thoại<o:p></o:p></span></h1>
<p class=MsoNormal style='text-align:justify;mso-line-height-alt:15.0pt'><span lang=VI style='font-size:14.0pt;font-family:"Times New Roman";mso-fareast-font-family:Calibri'>Hội nghị đã ghi nhận <b style='mso-bidi-font-weight:normal'>45 ý kiến</b> của đại biểu.<o:p></o:p></span></p>
<p class=MsoNormal><o:p>&nbsp;</o:p></p>
<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span style='font-family:Symbol;mso-fareast-font-family:Symbol'><span style='mso-list:Ignore'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp; </span></span></span><![endif]><span style='font-size:14.0pt'>Đào tạo cán bộ số<o:p></o:p></span></p>
<p class=MsoListParagraphCxSpMiddle style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span style='font-family:Symbol'><span style='mso-list:Ignore'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp; </span></span></span><![endif]><span style='font-size:14.0pt'>Giữ chân nhân lực<o:p></o:p></span></p>
<p class=MsoListParagraphCxSpLast style='mso-list:l0 level1 lfo1'><span style='font-size:14.0pt'>·&nbsp;&nbsp; Bồi dưỡng kỹ năng<o:p></o:p></span></p>
<!--EndFragment--></body></html>`;

/** A story copied from a news site, with its page around it. */
const NEWS_PAGE = `<div class="header-banner ads"><script>document.title='quảng cáo'</script><a href="https://qc.example"><img src="https://qc.example/banner.gif"></a></div>
<div class="detail">
 <h1 class="detail-title">Tỉnh tổ chức đối thoại với thanh niên</h1>
 <div class="detail-sapo">Sáng nay, hơn 300 đoàn viên tham dự.</div>
 <div class="share-tools"><a href="#">Facebook</a><a href="#">Zalo</a></div>
 <div class="detail-content" style="font-family:Arial">
  <p style="text-align:justify"><span style="font-family:Arial;color:#333">Lãnh đạo tỉnh đã trả lời <strong>20 câu hỏi</strong>.</span></p>
  <figure class="image"><img src="https://baotinh.example/anh.jpg"><figcaption>Quang cảnh từ trang khác</figcaption></figure>
  <div>Nhiều ý kiến đề nghị mở thêm lớp kỹ năng số.</div>
  <p>Ảnh rời<img src="https://baotinh.example/roi.png" onerror="document.title='bị chèn'"></p>
  <div class="box-quang-cao">Quảng cáo: mua ngay</div>
 </div>
 <ul class="related-news"><li><a href="/x">Tin liên quan một</a></li></ul>
</div>
<iframe src="https://ads.example/frame"></iframe>`;

/** Word lists whose bullet and number are typed in spans without mso-list:Ignore. */
const WORD_LISTS = `<p class=MsoListParagraph style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><span style='font-family:Symbol'>·</span><span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp; </span><span>Mục Word thứ nhất</span></p>
<p class=MsoListParagraph style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><span style='font-family:Symbol'>\uf0b7</span><span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp; </span><span>Mục Word thứ hai</span></p>
<p class=MsoNormal>Giữa hai danh sách.</p>
<p class=MsoListParagraph style='text-indent:-18.0pt;mso-list:l1 level1 lfo2'><span>1.</span><span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp;&nbsp; </span><span>Bước một</span></p>
<p class=MsoListParagraph style='text-indent:-18.0pt;mso-list:l1 level1 lfo2'><span>2.</span><span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp;&nbsp; </span><span>Bước hai</span></p>`;

/** What Google Docs puts on the clipboard: everything in a <b> that is not bold. */
const GOOGLE_DOCS = `<meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-1a2b3c"><p dir="ltr" style="line-height:1.38;margin-top:0pt"><span style="font-size:11pt;font-family:Arial;font-weight:400">Đoạn từ Google Docs một.</span></p><br><p dir="ltr"><span style="font-weight:700">Chữ đậm</span><span style="font-weight:400"> trong đoạn hai.</span></p></b>`;

/** A news page that spaces its paragraphs with line breaks. */
const BREAKS = `<div class="content">Đoạn tin thứ nhất.<br><br>Đoạn tin thứ hai,<br>dòng hai.<br> <br><br>Đoạn tin thứ ba.</div>`;

async function paste(page: Page, html: string) {
  await page.evaluate((content) => {
    const data = new DataTransfer();
    data.setData('text/html', content);
    data.setData('text/plain', content.replace(/<[^>]*>/g, ''));
    const event = new ClipboardEvent('paste', {
      clipboardData: data,
      bubbles: true,
      cancelable: true,
    });
    document.querySelector('.rte-area')!.dispatchEvent(event);
  }, html);
}

const jpeg = (color: string) =>
  sharp({ create: { width: 1200, height: 800, channels: 3, background: color } })
    .jpeg()
    .toBuffer();

/** Uploads a photo with its alt text and inserts it at the cursor. */
async function insertPhoto(page: Page, name: string, color: string, alt: string) {
  await page.getByLabel('Chèn ảnh', { exact: true }).setInputFiles({
    name,
    mimeType: 'image/jpeg',
    buffer: await jpeg(color),
  });
  await page.getByLabel('Mô tả ảnh (bắt buộc, cho người khiếm thị)').fill(alt);
  await page.getByRole('button', { name: 'Chèn vào vị trí con trỏ' }).click();
}

/** The top-level blocks of the editor's document: tag and start of the text. */
const blocks = (page: Page) =>
  page
    .locator('.rte-area > *')
    .evaluateAll((els) =>
      els.map((e) =>
        // A photo, gallery or video shows its fields, not text of the body.
        e.tagName === 'FIGURE'
          ? 'figure:'
          : `${e.tagName.toLowerCase()}:${(e.textContent ?? '').trim()}`,
      ),
    )
    // The empty paragraph the editor keeps at the end to type into.
    .then((list) => list.filter((b) => b !== 'p:'));

/** The administrator's editor for a new article, in a browser context of its own. */
async function newArticlePage() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await signInPage(page, server.url, server.demo!.email, server.demo!.password);
  await page.goto(`${server.url}/quan-tri/tin-tuc/moi`);
  return { context, page, errors };
}

describe('the article editor in the browser', () => {
  it('types paragraphs, puts a photo at the cursor, cleans pasted Word and news pages, and previews exactly the public page', async () => {
    const { context, page, errors } = await newArticlePage();
    await page
      .getByLabel('Tiêu đề', { exact: true })
      .fill('Đối thoại với thanh niên về kỹ năng số');
    await page.getByLabel('Sapo (tóm tắt)').fill('Hội nghị ghi nhận nhiều đề xuất thiết thực.');

    // Paragraphs typed with Enter between them stay paragraphs.
    const body = page.getByRole('textbox', { name: 'Nội dung' });
    await body.click();
    await page.keyboard.type('Đoạn một: khai mạc hội nghị.');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Đoạn hai: phần thảo luận.');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Đoạn ba: kết luận.');
    expect(await blocks(page)).toEqual([
      'p:Đoạn một: khai mạc hội nghị.',
      'p:Đoạn hai: phần thảo luận.',
      'p:Đoạn ba: kết luận.',
    ]);

    // A photo at the cursor (end of the first paragraph), its alt text asked for.
    await page.locator('.rte-area > p').first().click();
    await page.keyboard.press('End');
    await page.getByLabel('Chèn ảnh', { exact: true }).setInputFiles({
      name: 'khai-mac.jpg',
      mimeType: 'image/jpeg',
      buffer: await jpeg('#0b3d91'),
    });
    const insert = page.getByRole('button', { name: 'Chèn vào vị trí con trỏ' });
    await insert.waitFor();
    expect(await insert.isDisabled()).toBe(true);
    await page.getByLabel('Mô tả ảnh (bắt buộc, cho người khiếm thị)').fill('Đại biểu dự khai mạc');
    await page
      .getByRole('group', { name: 'Ảnh, video chờ chèn vào bài' })
      .getByLabel('Chú thích')
      .fill('Quang cảnh khai mạc');
    await insert.click();
    // The editor takes the cursor back (as a person waits to see it blink).
    await page.waitForFunction(() => !!document.activeElement?.closest('.rte-area'));
    // Typing goes on below the photo, not into its caption.
    await page.keyboard.type('Đoạn sau ảnh.');
    expect(await blocks(page)).toEqual([
      'p:Đoạn một: khai mạc hội nghị.',
      'figure:',
      'p:Đoạn sau ảnh.',
      'p:Đoạn hai: phần thảo luận.',
      'p:Đoạn ba: kết luận.',
    ]);
    expect(await page.locator('.rte-figure input').first().inputValue()).toBe(
      'Quang cảnh khai mạc',
    );

    // Pasting from Word, then from a news page, at the end.
    await page.locator('.rte-area > p').last().click();
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await paste(page, WORD);
    // The cursor is in the pasted list's last item: Enter twice leaves the list.
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await paste(page, NEWS_PAGE);
    await page.getByText('Đã bỏ 2 ảnh trong nội dung dán').waitFor();
    // What the form sends: the document's HTML, from the schema.
    const editorHtml = await page.locator('input[name="bodyHtml"]').inputValue();
    for (const junk of [
      'mso-',
      'o:p',
      'Quảng cáo',
      'quảng cáo',
      'Facebook',
      'Tin liên quan',
      'span',
      'style=',
      'class="detail',
      'Quang cảnh từ trang khác',
      'iframe',
      'script',
      'onerror',
      'roi.png',
      '·',
    ])
      expect(editorHtml, junk).not.toContain(junk);
    expect(await blocks(page)).toEqual([
      'p:Đoạn một: khai mạc hội nghị.',
      'figure:',
      'p:Đoạn sau ảnh.',
      'p:Đoạn hai: phần thảo luận.',
      'p:Đoạn ba: kết luận.',
      'h2:Kết quả đối thoại',
      'p:Hội nghị đã ghi nhận 45 ý kiến của đại biểu.',
      'ul:Đào tạo cán bộ sốGiữ chân nhân lựcBồi dưỡng kỹ năng',
      'h2:Tỉnh tổ chức đối thoại với thanh niên',
      'p:Sáng nay, hơn 300 đoàn viên tham dự.',
      'p:Lãnh đạo tỉnh đã trả lời 20 câu hỏi.',
      'p:Nhiều ý kiến đề nghị mở thêm lớp kỹ năng số.',
      'p:Ảnh rời',
    ]);
    expect(await page.locator('.rte-area strong').allInnerTexts()).toEqual([
      '45 ý kiến',
      '20 câu hỏi',
    ]);

    // A gallery of two photos and an uploaded video, at the end.
    await page.locator('.rte-area > p').last().click();
    await page.keyboard.press('End');
    await page.getByLabel('Chèn bộ ảnh').setInputFiles([
      { name: 'a.jpg', mimeType: 'image/jpeg', buffer: await jpeg('#c8102e') },
      { name: 'b.jpg', mimeType: 'image/jpeg', buffer: await jpeg('#2e7d32') },
    ]);
    const pending = page.getByRole('group', { name: 'Ảnh, video chờ chèn vào bài' });
    await pending.locator('.rte-pending-photo').nth(1).waitFor();
    for (const [i, alt] of ['Đoàn viên phát biểu', 'Lãnh đạo tỉnh trả lời'].entries()) {
      const photo = pending.locator('.rte-pending-photo').nth(i);
      await photo.getByLabel('Mô tả ảnh (bắt buộc, cho người khiếm thị)').fill(alt);
      await photo.getByLabel('Chú thích').fill(`Ảnh ${i + 1}: ${alt}`);
    }
    await insert.click();
    const ftyp = Buffer.from('0000001c667479706d703432000000006d70343269736f6d61766331', 'hex');
    await page.getByLabel('Chèn video (MP4)').setInputFiles({
      name: 'phong-su.mp4',
      mimeType: 'video/mp4',
      buffer: Buffer.concat([ftyp, Buffer.alloc(50_000, 1)]),
    });
    await pending.locator('video').waitFor();
    await pending.getByLabel('Chú thích').fill('Phóng sự về hội nghị');
    await insert.click();
    await page.locator('.rte-area .rte-video').waitFor();

    // The cover, picked from thumbnails of the photos uploaded.
    expect(await page.locator('.cover-option img').count()).toBe(3);
    await page.locator('.cover-option').nth(1).click();

    // The preview: rendered by the server, the way the public page renders it.
    await page.getByRole('button', { name: 'Xem trước' }).click();
    await page.getByText('Xem trước: đúng như bài sẽ hiện trên cổng').waitFor();
    const previewBody = await page.locator('.article-preview .article-body').innerHTML();
    expect(previewBody).toContain('<figure class="gallery">');

    await page.getByRole('button', { name: 'Đăng bài' }).click();
    await page.getByText('Đã đăng bài, ngày đăng').waitFor();
    const slug = 'doi-thoai-voi-thanh-nien-ve-ky-nang-so';
    const reader = await (
      await browser.newContext({
        userAgent:
          'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36',
      })
    ).newPage();
    const readerErrors = watchErrors(reader);
    await reader.goto(`${server.url}/tin-tuc/${slug}`);
    const publicBody = reader.locator('.news-article .article-body');
    expect(await publicBody.innerHTML()).toBe(previewBody);
    expect(
      await publicBody
        .locator(':scope > *')
        .evaluateAll((els) => els.map((e) => e.tagName.toLowerCase())),
    ).toEqual([
      'p',
      'figure',
      'p',
      'p',
      'p',
      'h2',
      'p',
      'ul',
      'h2',
      'p',
      'p',
      'p',
      'p',
      'figure',
      'figure',
    ]);
    expect(await publicBody.locator('figure.gallery figure img[srcset]').count()).toBe(2);
    expect(await publicBody.locator('figure.gallery figcaption').allInnerTexts()).toEqual([
      'Ảnh 1: Đoàn viên phát biểu',
      'Ảnh 2: Lãnh đạo tỉnh trả lời',
    ]);
    expect(await publicBody.locator('figure.video video').getAttribute('src')).toMatch(
      /^\/media\/videos\/[0-9a-f-]{36}\.mp4$/,
    );
    const video = await reader.request.get(
      `${server.url}${await publicBody.locator('figure.video video').getAttribute('src')}`,
      { headers: { Range: 'bytes=0-99' } },
    );
    expect(video.status()).toBe(206);
    expect(await publicBody.locator('figure').first().locator('img').getAttribute('alt')).toBe(
      'Đại biểu dự khai mạc',
    );
    expect(readerErrors).toEqual([]);

    // Saving a published article says it stays published.
    await page.getByRole('button', { name: 'Lưu thay đổi (bài vẫn đăng trên cổng)' }).click();
    await page.getByText('Đã lưu. Bài vẫn đang đăng trên cổng').waitFor();
    const dated = await page.locator('.editor > p.muted').innerText();
    // Taken down and put back: the same date.
    await page.getByRole('button', { name: 'Gỡ bài' }).click();
    await page.getByText('Đã gỡ bài khỏi cổng').waitFor();
    await page.getByRole('button', { name: 'Đăng bài' }).click();
    await page.getByText('Đã đăng bài, ngày đăng').waitFor();
    expect((await page.locator('.editor > p.muted').innerText()).replace('Đã gỡ', 'Đã đăng')).toBe(
      dated,
    );
    await page.locator('.article-history').getByText('Đăng lại (giữ ngày đăng)').waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });
  it('pastes Word lists typed as text, Google Docs and line-broken news as clean blocks', async () => {
    const { context, page, errors } = await newArticlePage();
    await page.getByRole('textbox', { name: 'Nội dung' }).click();
    await paste(page, WORD_LISTS);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await paste(page, GOOGLE_DOCS);
    await page.keyboard.press('Enter');
    await paste(page, BREAKS);
    expect(await blocks(page)).toEqual([
      'ul:Mục Word thứ nhấtMục Word thứ hai',
      'p:Giữa hai danh sách.',
      'ol:Bước mộtBước hai',
      'p:Đoạn từ Google Docs một.',
      'p:Chữ đậm trong đoạn hai.',
      'p:Đoạn tin thứ nhất.',
      'p:Đoạn tin thứ hai,dòng hai.',
      'p:Đoạn tin thứ ba.',
    ]);
    // Only what was bold in the document is bold; no bullet or number is left as text.
    expect(await page.locator('.rte-area strong').allInnerTexts()).toEqual(['Chữ đậm']);
    const html = await page.locator('input[name="bodyHtml"]').inputValue();
    for (const junk of ['·', '\uf0b7', '1.', '&nbsp;&nbsp;'])
      expect(html, junk).not.toContain(junk);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('Enter in a photo field does not save; a second editor cannot overwrite the first', async () => {
    const { context, page, errors } = await newArticlePage();
    await page.getByLabel('Tiêu đề').fill('Hai biên tập viên cùng sửa một bài');
    await page.getByRole('textbox', { name: 'Nội dung' }).click();
    await page.keyboard.type('Đoạn gốc của bài.');
    await insertPhoto(page, 'anh.jpg', '#1565c0', 'Hội trường');
    await page.getByRole('button', { name: 'Lưu bản nháp' }).click();
    await page.getByText('Đã lưu bản nháp').waitFor();
    const address = page.url().replace(/\?.*/, '');

    // Typing in the photo's caption and pressing Enter saves nothing.
    await page.getByLabel('Tiêu đề').fill('Hai biên tập viên cùng sửa một bài NHÁP');
    const caption = page.locator('.rte-figure').getByLabel('Chú thích');
    await caption.click();
    await page.keyboard.type('Toàn cảnh hội trường');
    await page.keyboard.press('Enter');
    await page.waitForTimeout(500);
    expect(await caption.inputValue()).toBe('Toàn cảnh hội trường');
    const stored = await (await page.request.get(address)).text();
    expect(stored).toContain('Hai biên tập viên cùng sửa một bài');
    expect(stored).not.toContain('NHÁP');
    expect(stored).not.toContain('Toàn cảnh hội trường');

    // A second editor (the same account in another browser) opens the article now.
    const other = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const second = await other.newPage();
    await signInPage(second, server.url, server.demo!.email, server.demo!.password);
    await second.goto(address);
    // The first saves their caption; the second, still on the version they opened,
    // changes the title and saves: refused, with what they typed still in the form.
    await page.getByRole('button', { name: 'Lưu bản nháp' }).click();
    await page.getByText('Đã lưu bản nháp').waitFor();
    await second.getByLabel('Tiêu đề').fill('Tiêu đề của người thứ hai');
    await second.getByRole('button', { name: 'Lưu bản nháp' }).click();
    await second.getByText('Bài viết đã được người khác lưu sau khi bạn mở trang này').waitFor();
    expect(await second.getByLabel('Tiêu đề').inputValue()).toBe('Tiêu đề của người thứ hai');
    await page.reload();
    expect(await page.getByLabel('Tiêu đề').inputValue()).toBe(
      'Hai biên tập viên cùng sửa một bài NHÁP',
    );
    expect(await page.locator('.rte-figure').getByLabel('Chú thích').inputValue()).toBe(
      'Toàn cảnh hội trường',
    );
    expect(errors).toEqual([]);
    await other.close();
    await context.close();
  });

  it('splits a paragraph for a photo put in its middle, leaving no empty paragraph', async () => {
    const { context, page, errors } = await newArticlePage();
    await page.getByRole('textbox', { name: 'Nội dung' }).click();
    await page.keyboard.type('Trước giữa sau.');
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowLeft');
    await insertPhoto(page, 'giua.jpg', '#2e7d32', 'Ảnh giữa đoạn');
    await page.waitForFunction(() => !!document.activeElement?.closest('.rte-area'));
    await page.keyboard.type('XYZ');
    const html = await page.locator('input[name="bodyHtml"]').inputValue();
    expect(html).not.toContain('<p></p>');
    expect(await blocks(page)).toEqual(['p:Trước giữa', 'figure:', 'p:XYZ sau.']);
    expect(errors).toEqual([]);
    await context.close();
  });
});
