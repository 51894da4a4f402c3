import type { EmailKind } from '../../db/schema/email.ts';
import type { Language } from '../../protocol/common.ts';
import { dateTime, escapeHtml } from '../reports/record-format.ts';

/** What each kind of message carries until it is rendered (stored in the outbox row). */
export interface EmailParams {
  password_reset: { token: string; name: string; validMinutes: number };
  sign_in_link: {
    token: string;
    operatorName: string;
    siteName: string;
    conferenceTitle: string;
    expiresAt: string;
  };
  contribution_notice: {
    event: 'published' | 'answered' | 'adopted';
    authorName: string;
    title: string;
    conferenceTitle: string;
    /** The public page's path when the contribution is public; null otherwise. */
    path: string | null;
    answer: string | null;
  };
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export interface Sender {
  /** The portal's or agency's name, in the message's language (site settings). */
  siteName: string;
  /** PUBLIC_URL: every link in a message is absolute. */
  publicUrl: string;
}

/** One block of a message: a paragraph, a link on its own line, or a quotation. */
type Block = { p: string } | { link: string; label: string } | { quote: string };

function compose(subject: string, blocks: Block[], sender: Sender, lang: Language): RenderedEmail {
  const footer =
    lang === 'en'
      ? `This message was sent automatically by ${sender.siteName} (${sender.publicUrl}). Please do not reply.`
      : `Thư này do ${sender.siteName} (${sender.publicUrl}) gửi tự động. Xin đừng trả lời thư này.`;
  const text = [
    ...blocks.map((b) =>
      'p' in b
        ? b.p
        : 'link' in b
          ? b.link
          : b.quote
              .split('\n')
              .map((l) => `> ${l}`)
              .join('\n'),
    ),
    '-- ',
    footer,
  ].join('\n\n');
  const body = blocks
    .map((b) =>
      'p' in b
        ? `<p>${escapeHtml(b.p)}</p>`
        : 'link' in b
          ? `<p><a href="${escapeHtml(b.link)}">${escapeHtml(b.label)}</a><br><small>${escapeHtml(b.link)}</small></p>`
          : `<blockquote style="border-left:3px solid #ccc;margin:0;padding-left:12px">${escapeHtml(b.quote).replace(/\n/g, '<br>')}</blockquote>`,
    )
    .join('\n');
  const html = `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#1a1a1a">
<p style="font-weight:bold">${escapeHtml(sender.siteName)}</p>
${body}
<hr><p style="color:#666;font-size:13px">${escapeHtml(footer)}</p>
</body></html>`;
  return { subject: `${subject} – ${sender.siteName}`, text, html };
}

const EVENT = {
  vi: {
    published: 'đã được đăng công khai',
    answered: 'đã được trả lời',
    adopted: 'đã được tiếp thu',
  },
  en: {
    published: 'has been published',
    answered: 'has been answered',
    adopted: 'has been adopted',
  },
} as const;

/** The message for a row of the outbox, in its language. */
export function renderEmail<K extends EmailKind>(
  kind: K,
  params: EmailParams[K],
  lang: Language,
  sender: Sender,
): RenderedEmail {
  const en = lang === 'en';
  const base = sender.publicUrl.replace(/\/+$/, '');
  switch (kind) {
    case 'password_reset': {
      const p = params as EmailParams['password_reset'];
      const link = `${base}/dang-nhap/dat-lai-mat-khau/${p.token}`;
      return en
        ? compose(
            'Reset your password',
            [
              { p: `Hello ${p.name},` },
              { p: 'Someone (hopefully you) asked to reset the password of your account.' },
              { p: `To choose a new password, open this link within ${p.validMinutes} minutes:` },
              { link, label: 'Choose a new password' },
              {
                p: 'The link works once. If you did not ask for it, ignore this message: your password stays as it is.',
              },
            ],
            sender,
            lang,
          )
        : compose(
            'Đặt lại mật khẩu',
            [
              { p: `Kính gửi ${p.name},` },
              { p: 'Có yêu cầu đặt lại mật khẩu cho tài khoản của Quý vị.' },
              { p: `Để đặt mật khẩu mới, xin mở liên kết sau trong vòng ${p.validMinutes} phút:` },
              { link, label: 'Đặt mật khẩu mới' },
              {
                p: 'Liên kết chỉ dùng được một lần. Nếu Quý vị không yêu cầu, xin bỏ qua thư này: mật khẩu vẫn giữ nguyên.',
              },
            ],
            sender,
            lang,
          );
    }
    case 'sign_in_link': {
      const p = params as EmailParams['sign_in_link'];
      const link = `${base}/dang-nhap/lien-ket/${p.token}`;
      const until = dateTime(new Date(p.expiresAt).getTime());
      return en
        ? compose(
            `Sign-in link for ${p.siteName}`,
            [
              { p: `Hello ${p.operatorName},` },
              {
                p: `This is the sign-in link of the site "${p.siteName}" for the conference "${p.conferenceTitle}".`,
              },
              { link, label: 'Sign in to the site’s console' },
              {
                p: `It works once, until ${until} (Vietnam time). Do not forward it: whoever opens it signs in as the site's operator.`,
              },
            ],
            sender,
            lang,
          )
        : compose(
            `Liên kết đăng nhập điểm cầu ${p.siteName}`,
            [
              { p: `Kính gửi ${p.operatorName},` },
              {
                p: `Đây là liên kết đăng nhập của điểm cầu "${p.siteName}" cho hội nghị "${p.conferenceTitle}".`,
              },
              { link, label: 'Đăng nhập màn hình điểm cầu' },
              {
                p: `Liên kết dùng được một lần, đến ${until}. Xin không chuyển tiếp: ai mở liên kết sẽ đăng nhập với tư cách kỹ thuật viên điểm cầu.`,
              },
            ],
            sender,
            lang,
          );
    }
    case 'contribution_notice': {
      const p = params as EmailParams['contribution_notice'];
      const what = EVENT[en ? 'en' : 'vi'][p.event];
      const blocks: Block[] = en
        ? [
            { p: `Hello ${p.authorName},` },
            {
              p: `Your contribution "${p.title}" to the conference "${p.conferenceTitle}" ${what}.`,
            },
          ]
        : [
            { p: `Kính gửi ${p.authorName},` },
            { p: `Ý kiến "${p.title}" của Quý vị gửi hội nghị "${p.conferenceTitle}" ${what}.` },
          ];
      if (p.answer && p.event !== 'published') {
        blocks.push({ p: en ? 'The answer:' : 'Nội dung trả lời:' }, { quote: p.answer });
      }
      if (p.path) {
        blocks.push({
          link: `${base}${p.path}`,
          label: en ? 'Read it on the portal' : 'Xem trên cổng',
        });
      } else {
        blocks.push({
          p: en
            ? 'You can follow it with the tracking link you received when you sent it.'
            : 'Quý vị có thể theo dõi bằng liên kết theo dõi nhận được khi gửi ý kiến.',
        });
      }
      blocks.push({
        p: en
          ? 'You receive this message because you asked to be told by e-mail.'
          : 'Quý vị nhận thư này vì đã đề nghị được báo qua e-mail.',
      });
      return compose(
        en ? `Your contribution ${what}` : `Ý kiến của Quý vị ${what}`,
        blocks,
        sender,
        lang,
      );
    }
  }
  throw new Error(`unknown e-mail kind ${String(kind)}`);
}
