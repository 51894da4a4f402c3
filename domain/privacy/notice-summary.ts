import type { Executor } from '../../db/database.ts';
import { getPrivacyNotice, noticeText } from './privacy-notice.ts';

/** What a public form shows: the short notice in the reader's language and its version. */
export async function noticeSummary(opts: { db: Executor; lang: 'vi' | 'en' }) {
  const notice = await getPrivacyNotice({ db: opts.db });
  return {
    version: notice.version,
    retentionDays: notice.retentionDays,
    summary: noticeText(notice, opts.lang).summary,
  };
}
