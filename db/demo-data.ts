import { randomBytes } from 'node:crypto';
import { count } from 'drizzle-orm';
import { insertUser } from '../domain/auth/users.ts';
import type { Database } from './database.ts';
import { conferenceSites, conferenceThemes, conferences } from './schema/conferences.ts';
import { users } from './schema/users.ts';

export const DEMO_ADMIN_EMAIL = 'quantri@doithoai.example';

/** Whether the database holds no account yet (a fresh install). */
export async function isEmpty(db: Database): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(users);
  return (row?.n ?? 0) === 0;
}

/** Vietnam time (UTC+7, no daylight saving) as a Date. */
function vnTime(y: number, m: number, d: number, hh: number, mm = 0): Date {
  return new Date(Date.UTC(y, m - 1, d, hh - 7, mm));
}

/**
 * Loads the demo content (written for this project) into an empty database and
 * returns the demo administrator's credentials.
 */
export async function loadDemoData(db: Database): Promise<{ email: string; password: string }> {
  const password = randomBytes(12).toString('base64url');
  await insertUser(db, {
    email: DEMO_ADMIN_EMAIL,
    name: 'Quản trị hệ thống',
    password,
    roles: ['admin', 'editor'],
  });

  await db.transaction(async (tx) => {
    const [conf] = await tx
      .insert(conferences)
      .values({
        slug: 'hoi-nghi-doi-thoai-chuyen-doi-so-dia-phuong-2026',
        title: 'Hội nghị đối thoại trực tuyến toàn quốc: Chuyển đổi số từ cơ sở',
        theme: 'Đưa chuyển đổi số về tận xã, phường: cách làm hay và giải pháp đột phá',
        description:
          'Hội nghị kết nối điểm cầu trung tâm với các tỉnh, thành phố và bộ, ngành để cùng nhìn lại một năm triển khai chính quyền số ở cấp cơ sở, chia sẻ mô hình hiệu quả và đề xuất các giải pháp tháo gỡ vướng mắc về hạ tầng, dữ liệu và nhân lực.',
        organiser: 'Ban Tổ chức Hội nghị đối thoại trực tuyến toàn quốc',
        startsAt: vnTime(2026, 12, 18, 8, 0),
        endsAt: vnTime(2026, 12, 18, 11, 30),
        status: 'scheduled',
        visibility: 'public',
      })
      .returning({ id: conferences.id });
    const conferenceId = conf!.id;

    const themes = [
      'Chuyển đổi số và dữ liệu dùng chung',
      'Tăng trưởng xanh gắn với kinh tế số',
      'Chính phủ điện tử và dịch vụ công trực tuyến',
      'Nguồn nhân lực và hạ tầng công nghệ thông tin',
      'Đột phá chiến lược trong cải cách thể chế',
      'Nâng cao năng lực quản trị địa phương',
      'Phối hợp giữa bộ, ngành và địa phương',
    ];
    await tx
      .insert(conferenceThemes)
      .values(themes.map((title, position) => ({ conferenceId, position, title })));

    const sites = [
      {
        name: 'Điểm cầu trung tâm – Hà Nội',
        unitName: 'Ban Tổ chức Hội nghị',
        isHost: true,
        chairName: 'Nguyễn Minh Khang',
        chairTitle: 'Trưởng Ban Tổ chức',
        expectedAttendance: 120,
      },
      {
        name: 'Điểm cầu Thành phố Hồ Chí Minh',
        unitName: 'Ủy ban nhân dân Thành phố Hồ Chí Minh',
        chairName: 'Trần Thị Bích Ngọc',
        chairTitle: 'Phó Chủ tịch Ủy ban nhân dân Thành phố',
        expectedAttendance: 60,
      },
      {
        name: 'Điểm cầu Thành phố Đà Nẵng',
        unitName: 'Ủy ban nhân dân Thành phố Đà Nẵng',
        chairName: 'Lê Quang Huy',
        chairTitle: 'Phó Chủ tịch Ủy ban nhân dân Thành phố',
        expectedAttendance: 45,
      },
      {
        name: 'Điểm cầu tỉnh Lào Cai',
        unitName: 'Ủy ban nhân dân tỉnh Lào Cai',
        chairName: 'Hoàng Văn Đức',
        chairTitle: 'Phó Chủ tịch Ủy ban nhân dân tỉnh',
        expectedAttendance: 40,
      },
      {
        name: 'Điểm cầu Thành phố Cần Thơ',
        unitName: 'Ủy ban nhân dân Thành phố Cần Thơ',
        chairName: 'Phạm Thị Thu Trang',
        chairTitle: 'Phó Chủ tịch Ủy ban nhân dân Thành phố',
        expectedAttendance: 40,
      },
      {
        name: 'Điểm cầu Bộ Khoa học và Công nghệ',
        unitName: 'Bộ Khoa học và Công nghệ',
        chairName: 'Đặng Quốc Bảo',
        chairTitle: 'Thứ trưởng',
        expectedAttendance: 30,
      },
    ];
    await tx
      .insert(conferenceSites)
      .values(sites.map((s, position) => ({ ...s, conferenceId, position })));
  });

  return { email: DEMO_ADMIN_EMAIL, password };
}
