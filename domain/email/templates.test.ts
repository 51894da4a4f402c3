import { describe, expect, it } from 'vitest';
import { linkAddress } from '../conferences/email-sign-in-links.ts';
import { renderEmail } from './templates.ts';

const sender = { siteName: 'Cổng Đối thoại <Tỉnh>', publicUrl: 'https://doithoai.example.gov.vn' };

describe('e-mail templates', () => {
  it('escape what people wrote in the HTML, keep it as written in the text', () => {
    const mail = renderEmail(
      'contribution_notice',
      {
        event: 'answered',
        authorName: 'Nguyễn <b>Văn</b> A',
        title: 'Đề xuất "số hoá" <script>alert(1)</script>',
        conferenceTitle: 'Hội nghị & đối thoại',
        path: '/hoi-nghi/hoi-nghi-1/y-kien/abc',
        answer: 'Dòng một\n<img src=x onerror=alert(1)>',
      },
      'vi',
      sender,
    );
    expect(mail.html).not.toMatch(/<script>|<img|<b>/);
    expect(mail.html).toContain('&lt;script&gt;');
    expect(mail.html).toContain('Cổng Đối thoại &lt;Tỉnh&gt;');
    expect(mail.text).toContain('Đề xuất "số hoá" <script>alert(1)</script>');
    expect(mail.text).toContain('> Dòng một');
    expect(mail.text).toContain('https://doithoai.example.gov.vn/hoi-nghi/hoi-nghi-1/y-kien/abc');
    expect(mail.subject).toBe('Ý kiến của Quý vị đã được trả lời – Cổng Đối thoại <Tỉnh>');
  });

  it('speak English to English-speaking accounts, with absolute links', () => {
    const mail = renderEmail(
      'password_reset',
      { token: 'abc_DEF-123', name: 'Jane', validMinutes: 60 },
      'en',
      sender,
    );
    expect(mail.subject).toBe('Reset your password – Cổng Đối thoại <Tỉnh>');
    expect(mail.text).toContain('Hello Jane,');
    expect(mail.text).toContain(
      'https://doithoai.example.gov.vn/dang-nhap/dat-lai-mat-khau/abc_DEF-123',
    );
    expect(mail.html).toContain('<html lang="en">');
  });

  it('a sign-in link says until when it works, in Vietnam time', () => {
    const mail = renderEmail(
      'sign_in_link',
      {
        token: 't0k',
        operatorName: 'Kỹ thuật',
        siteName: 'Điểm cầu Huế',
        conferenceTitle: 'Hội nghị',
        expiresAt: '2026-12-18T01:00:00.000Z',
      },
      'vi',
      sender,
    );
    expect(mail.text).toContain('18/12/2026 08:00');
    expect(mail.text).toContain('https://doithoai.example.gov.vn/dang-nhap/lien-ket/t0k');
  });
});

describe('where a site operator’s link goes', () => {
  it('the account’s own address, else the site’s technical e-mail, else nowhere', () => {
    expect(linkAddress({ email: 'kt@so.gov.vn', techEmail: 'khac@so.gov.vn' })).toBe(
      'kt@so.gov.vn',
    );
    expect(linkAddress({ email: 'hue.a1b2c3@hoi-nghi.invalid', techEmail: ' KT@So.gov.vn ' })).toBe(
      'kt@so.gov.vn',
    );
    expect(linkAddress({ email: 'hue.a1b2c3@hoi-nghi.invalid', techEmail: null })).toBeNull();
    expect(
      linkAddress({ email: 'hue.a1b2c3@hoi-nghi.invalid', techEmail: 'khong dung' }),
    ).toBeNull();
  });
});
