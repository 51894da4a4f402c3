import { describe, expect, it } from 'vitest';
import { bodyToText, bodyVideos, cleanBody, sanitizeBody } from './sanitize.ts';

const XSS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<img src="javascript:alert(1)">',
  '<a href="javascript:alert(1)">x</a>',
  '<a href="JaVaScRiPt:alert(1)">x</a>',
  '<a href="&#106;avascript:alert(1)">x</a>',
  '<svg onload=alert(1)>',
  '<iframe src="https://evil.example"></iframe>',
  '<p style="background:url(javascript:alert(1))">x</p>',
  '<div onclick="alert(1)">x</div>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<object data="javascript:alert(1)"></object>',
  '<a href="//evil.example/x">x</a>',
  '<img src="http://insecure.example/a.jpg">',
  '<form action="https://evil.example"><input name=x></form>',
  '<video src="https://evil.example/a.mp4" onplay="alert(1)"></video>',
  '<video src="/media/videos/../../etc/passwd.mp4"></video>',
  '<table onclick="alert(1)" style="x"><tr><td onmouseover="alert(1)">ô</td></tr></table>',
  '<figure class="gallery" onclick="alert(1)" style="color:red"><figure><img src="/anh/a/640.webp" onerror="alert(1)"></figure></figure>',
  '<style>p{}</style><link rel="stylesheet" href="https://evil.example/x.css">',
];

describe('sanitizeBody', () => {
  it.each(XSS)('renders %s inert', (payload) => {
    const out = sanitizeBody(`<p>Trước</p>${payload}<p>Sau</p>`);
    expect(out).not.toMatch(/<script|<iframe|<svg|<object|<form|<input|<style/i);
    expect(out).not.toMatch(/\son[a-z]+\s*=/i);
    expect(out).not.toMatch(/javascript:/i);
    expect(out).not.toMatch(/style=/i);
    expect(out).not.toMatch(/href="\/\//);
    expect(out).toContain('<p>Trước</p>');
  });

  it('keeps headings, emphasis, lists, links, quotes and captioned photos', () => {
    const html =
      '<h2>Tiêu đề</h2><p><b>Đậm</b> và <i>nghiêng</i> <a href="https://chinhphu.example/a" target="_blank">liên kết</a></p>' +
      '<ul><li>Một</li></ul><blockquote>Trích dẫn</blockquote>' +
      '<figure><img src="/anh/abc/800.webp" alt="Hội nghị" data-photo-id="abc"><figcaption>Quang cảnh hội nghị</figcaption></figure>';
    expect(sanitizeBody(html)).toBe(
      '<h2>Tiêu đề</h2><p><strong>Đậm</strong> và <em>nghiêng</em> <a href="https://chinhphu.example/a" target="_blank" rel="noopener noreferrer">liên kết</a></p>' +
        '<ul><li>Một</li></ul><blockquote>Trích dẫn</blockquote>' +
        '<figure><img src="/anh/abc/800.webp" alt="Hội nghị" data-photo-id="abc" /><figcaption>Quang cảnh hội nghị</figcaption></figure>',
    );
  });

  it('keeps only photos uploaded here, and says which it dropped', () => {
    const { html, droppedImages } = cleanBody(
      '<p>Trước</p><img src="https://baochi.example/anh.jpg" alt="x"><img src="/anh/abc/640.webp" alt="y"><img src="//cdn.example/a.png"><p>Sau</p>',
    );
    expect(html).toBe('<p>Trước</p><img src="/anh/abc/640.webp" alt="y" /><p>Sau</p>');
    expect(droppedImages).toEqual(['https://baochi.example/anh.jpg']);
  });

  it('gives the text without tags for search', () => {
    expect(bodyToText('<p>Đối&nbsp;thoại &amp; <b>phát triển</b></p><p>địa phương</p>')).toBe(
      'Đối thoại & phát triển địa phương',
    );
  });

  const V = '0b9ac9a5-6f0e-4d5a-9c3e-1f2a3b4c5d6e';
  const C = '1c9ac9a5-6f0e-4d5a-9c3e-1f2a3b4c5d6e';

  it('keeps tables, photo galleries and videos of ours, with nothing else on them', () => {
    const html =
      '<table style="min-width: 50px"><colgroup><col style="min-width: 25px"></colgroup><tbody>' +
      '<tr><th colspan="2" rowspan="1" style="x"><p>Đơn vị</p></th></tr>' +
      '<tr><td colspan="1" rowspan="1"><p>Lào Cai</p></td><td><p>12</p></td></tr></tbody></table>' +
      '<figure class="gallery big"><figure><img src="/anh/a/1440.webp" alt="Một" data-photo-id="a"><figcaption>Ảnh một</figcaption></figure>' +
      '<figure><img src="/anh/b/1440.webp" alt="Hai" data-photo-id="b"><figcaption>Ảnh hai</figcaption></figure></figure>' +
      `<figure class="video"><video src="/media/videos/${V}.mp4" autoplay loop muted></video><figcaption>Phóng sự</figcaption></figure>` +
      `<figure class="video"><video src="/media/recordings/${C}/${V}.mp4"></video><figcaption>Bản ghi</figcaption></figure>`;
    expect(sanitizeBody(html)).toBe(
      '<table><tbody>' +
        '<tr><th colspan="2" rowspan="1"><p>Đơn vị</p></th></tr>' +
        '<tr><td colspan="1" rowspan="1"><p>Lào Cai</p></td><td><p>12</p></td></tr></tbody></table>' +
        '<figure class="gallery"><figure><img src="/anh/a/1440.webp" alt="Một" data-photo-id="a" /><figcaption>Ảnh một</figcaption></figure>' +
        '<figure><img src="/anh/b/1440.webp" alt="Hai" data-photo-id="b" /><figcaption>Ảnh hai</figcaption></figure></figure>' +
        `<figure class="video"><video src="/media/videos/${V}.mp4" controls preload="metadata"></video><figcaption>Phóng sự</figcaption></figure>` +
        `<figure class="video"><video src="/media/recordings/${C}/${V}.mp4" controls preload="metadata"></video><figcaption>Bản ghi</figcaption></figure>`,
    );
    expect(bodyVideos(sanitizeBody(html))).toEqual({
      videos: [V],
      recordings: [{ conferenceId: C, recordingId: V }],
    });
  });

  it('drops a video from elsewhere, or one said to be missing, with its figure and caption', () => {
    const other =
      '<figure class="video"><video src="https://youtube.example/x.mp4"></video><figcaption>Ngoài</figcaption></figure>';
    const ours = `<figure class="video"><video src="/media/videos/${V}.mp4"></video><figcaption>Của ta</figcaption></figure>`;
    const { html, droppedImages } = cleanBody(`<p>a</p>${other}${ours}<p>b</p>`);
    expect(html).toBe(
      `<p>a</p><figure class="video"><video src="/media/videos/${V}.mp4" controls preload="metadata"></video><figcaption>Của ta</figcaption></figure><p>b</p>`,
    );
    expect(droppedImages).toEqual(['https://youtube.example/x.mp4']);
    const gone = cleanBody(`<p>a</p>${ours}`, new Set([`/media/videos/${V}.mp4`]));
    expect(gone.html).toBe('<p>a</p>');
    expect(gone.droppedImages).toEqual([`/media/videos/${V}.mp4`]);
    // A gallery whose photos were all from elsewhere is gone too.
    expect(
      sanitizeBody(
        '<figure class="gallery"><figure><img src="https://x.example/a.jpg"><figcaption>x</figcaption></figure></figure><p>c</p>',
      ),
    ).toBe('<p>c</p>');
  });

  it('stores the body, captions and alt texts in NFC', () => {
    // "Đối thoại" typed with combining marks (NFD).
    const nfd = 'Đối thoại'.normalize('NFD');
    const out = sanitizeBody(
      `<p>${nfd}</p><figure><img src="/anh/a/640.webp" alt="${nfd}"><figcaption>${nfd}</figcaption></figure>`,
    );
    expect(out).toBe(
      '<p>Đối thoại</p><figure><img src="/anh/a/640.webp" alt="Đối thoại" /><figcaption>Đối thoại</figcaption></figure>',
    );
    expect(out).toBe(out.normalize('NFC'));
  });

  it('drops empty paragraphs', () => {
    expect(sanitizeBody('<p>Một</p><p></p><p> &nbsp; </p><p><br></p><p>Hai</p>')).toBe(
      '<p>Một</p><p>Hai</p>',
    );
  });

  it('separates table cells in the plain text', () => {
    expect(bodyToText('<table><tr><td>Lào Cai</td><td>12</td></tr></table>')).toBe('Lào Cai 12');
  });
});
