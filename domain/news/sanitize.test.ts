import { describe, expect, it } from 'vitest';
import { bodyToText, cleanBody, sanitizeBody } from './sanitize.ts';

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
});
