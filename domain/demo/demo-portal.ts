import type { Database } from '../../db/database.ts';
import type { Actor } from '../auth/policies.ts';
import { updateSiteSettings } from '../news/site-settings.ts';

/**
 * The demo portal's particulars: invented for this project (names, address, numbers and
 * licence are samples, marked as such), so that the header and footer show every field.
 */
export async function loadDemoPortal(db: Database, admin: Actor) {
  await updateSiteSettings({
    db,
    actor: admin,
    input: {
      siteName: 'Cổng thông tin Hội nghị đối thoại (bản mẫu)',
      siteNameEn: 'Dialogue Conference Portal (sample)',
      agencyName: 'Văn phòng Ban Tổ chức (đơn vị mẫu)',
      agencyNameEn: 'Organising Committee Office (sample unit)',
      managingAgency: 'Ban Tổ chức hội nghị đối thoại trực tuyến (cơ quan mẫu)',
      managingAgencyEn: 'Online Dialogue Organising Committee (sample agency)',
      responsiblePerson: 'Lê Thị Hồng Vân – Chánh Văn phòng (tên mẫu)',
      address: 'Số 25 phố Thử Nghiệm, phường Mẫu Đơn, thành phố Ví Dụ',
      phone: '0200 000 2026',
      email: 'toasoan@doithoai.example',
      licence: 'Giấy phép số 000/GP-MẪU cấp ngày 02/01/2026 (số hiệu mẫu, không có giá trị)',
      description:
        'Tin tức, lịch và diễn biến các hội nghị đối thoại trực tuyến toàn quốc; nơi người dân, doanh nghiệp gửi ý kiến và theo dõi trả lời (nội dung mẫu).',
      descriptionEn:
        'News, schedules and live coverage of nationwide online dialogue conferences, where people and businesses send their views (sample content).',
      emblemPhotoId: null,
    },
  });
}
