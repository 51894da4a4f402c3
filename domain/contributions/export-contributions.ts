import { asc, eq } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';
import { conferenceSites, conferenceThemes } from '../../db/schema/conferences.ts';
import { contributions } from '../../db/schema/contributions.ts';
import type { Actor } from '../auth/policies.ts';
import { loadAccess } from '../conferences/policies.ts';
import { KIND_LABELS } from '../conferences/import-format.ts';
import { CSV_MIME, writeSpreadsheet, XLSX_MIME } from '../files/spreadsheet.ts';
import { requireModerator } from './policies.ts';

/** Labels as written in exported files (Vietnamese, like the rest of the file format). */
export const CONTRIBUTION_KIND_LABELS = {
  proposal: 'Đề xuất, giải pháp',
  practice: 'Cách làm hay, mô hình mới',
  question: 'Câu hỏi',
};
export const CONTRIBUTION_STATUS_LABELS = {
  submitted: 'Chờ duyệt',
  published: 'Đã đăng',
  rejected: 'Từ chối',
  under_consideration: 'Đang xem xét',
  answered: 'Đã trả lời',
  adopted: 'Đưa vào kết luận',
  merged: 'Đã gộp',
};

/** Every contribution with its status, for the organisers' records (moderators). */
export async function exportContributions(opts: {
  db: Database;
  actor: Actor | null;
  conferenceId: string;
  format: 'csv' | 'xlsx';
}) {
  const access = await loadAccess(opts.db, opts.actor, opts.conferenceId);
  requireModerator(access);
  const rows = await opts.db
    .select({
      c: contributions,
      theme: conferenceThemes.title,
      site: conferenceSites.name,
    })
    .from(contributions)
    .innerJoin(conferenceThemes, eq(conferenceThemes.id, contributions.themeId))
    .leftJoin(conferenceSites, eq(conferenceSites.id, contributions.siteId))
    .where(eq(contributions.conferenceId, opts.conferenceId))
    .orderBy(asc(contributions.createdAt));
  const stamp = (d: Date | null) => (d ? d.toISOString() : '');
  const data = await writeSpreadsheet(opts.format, [
    {
      title: 'Ý kiến',
      header: [
        'Mã',
        'Thời gian gửi (UTC)',
        'Loại',
        'Chủ đề',
        'Tiêu đề',
        'Nội dung',
        'Trạng thái',
        'Lý do từ chối',
        'Trả lời chính thức',
        'Lượt ủng hộ',
        'Người gửi',
        'Thành phần',
        'Đơn vị',
        'Tỉnh, thành phố',
        'Điểm cầu',
        'E-mail',
        'Điện thoại',
      ],
      rows: rows.map(({ c, theme, site }) => [
        c.id,
        stamp(c.createdAt),
        CONTRIBUTION_KIND_LABELS[c.kind],
        theme,
        c.title,
        c.body,
        CONTRIBUTION_STATUS_LABELS[c.status],
        c.rejectReason ?? '',
        c.answer ?? '',
        c.supportCount,
        c.authorName,
        KIND_LABELS[c.authorKind],
        c.authorUnit,
        c.province,
        site ?? '',
        c.email ?? '',
        c.phone ?? '',
      ]),
    },
  ]);
  const base = `${access.conference.slug.slice(0, 60)}-y-kien`;
  return opts.format === 'csv'
    ? { name: `${base}.csv`, mime: CSV_MIME, data }
    : { name: `${base}.xlsx`, mime: XLSX_MIME, data };
}
