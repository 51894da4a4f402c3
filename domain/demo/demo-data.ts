import { randomBytes } from 'node:crypto';
import { count, inArray } from 'drizzle-orm';
import { insertUser } from '../auth/users.ts';
import { loadDemoNews } from './demo-news.ts';
import { loadDemoPortal } from './demo-portal.ts';
import type { Database } from '../../db/database.ts';
import {
  agendaItems,
  conferenceSites,
  conferenceThemes,
  conferences,
  delegates,
} from '../../db/schema/conferences.ts';
import { contributions } from '../../db/schema/contributions.ts';
import { units } from '../../db/schema/units.ts';
import { users } from '../../db/schema/users.ts';

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
  const admin = await insertUser(db, {
    email: DEMO_ADMIN_EMAIL,
    name: 'Quản trị hệ thống',
    password,
    roles: ['admin', 'editor'],
  });

  const conferenceId = await db.transaction(async (tx) => {
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
    const themeRows = await tx
      .insert(conferenceThemes)
      .values(themes.map((title, position) => ({ conferenceId, position, title })))
      .returning();

    const unitRows = await tx
      .select()
      .from(units)
      .where(
        inArray(units.code, [
          'ho-chi-minh',
          'da-nang',
          'lao-cai',
          'can-tho',
          'bo-khoa-hoc-va-cong-nghe',
        ]),
      );
    const unitId = (code: string) => unitRows.find((u) => u.code === code)?.id ?? null;
    const sites = [
      {
        name: 'Điểm cầu trung tâm – Hà Nội',
        unitName: 'Ban Tổ chức Hội nghị',
        unitId: null,
        isHost: true,
        address: 'Trung tâm Hội nghị Quốc gia, Hà Nội',
        chairName: 'Nguyễn Minh Khang',
        chairTitle: 'Trưởng Ban Tổ chức',
        expectedAttendance: 120,
      },
      {
        name: 'Điểm cầu Thành phố Hồ Chí Minh',
        unitName: 'Thành phố Hồ Chí Minh',
        unitId: unitId('ho-chi-minh'),
        chairName: 'Trần Thị Bích Ngọc',
        chairTitle: 'Phó Chủ tịch Ủy ban nhân dân Thành phố',
        techName: 'Võ Thành Đạt',
        techPhone: '028 3829 0000',
        expectedAttendance: 60,
      },
      {
        name: 'Điểm cầu Thành phố Đà Nẵng',
        unitName: 'Thành phố Đà Nẵng',
        unitId: unitId('da-nang'),
        chairName: 'Lê Quang Huy',
        chairTitle: 'Phó Chủ tịch Ủy ban nhân dân Thành phố',
        expectedAttendance: 45,
      },
      {
        name: 'Điểm cầu tỉnh Lào Cai',
        unitName: 'Tỉnh Lào Cai',
        unitId: unitId('lao-cai'),
        chairName: 'Hoàng Văn Đức',
        chairTitle: 'Phó Chủ tịch Ủy ban nhân dân tỉnh',
        expectedAttendance: 40,
      },
      {
        name: 'Điểm cầu Thành phố Cần Thơ',
        unitName: 'Thành phố Cần Thơ',
        unitId: unitId('can-tho'),
        chairName: 'Phạm Thị Thu Trang',
        chairTitle: 'Phó Chủ tịch Ủy ban nhân dân Thành phố',
        expectedAttendance: 40,
      },
      {
        name: 'Điểm cầu Bộ Khoa học và Công nghệ',
        unitName: 'Bộ Khoa học và Công nghệ',
        unitId: unitId('bo-khoa-hoc-va-cong-nghe'),
        chairName: 'Đặng Quốc Bảo',
        chairTitle: 'Thứ trưởng',
        expectedAttendance: 30,
      },
    ];
    const siteRows = await tx
      .insert(conferenceSites)
      .values(sites.map((s, position) => ({ ...s, conferenceId, position })))
      .returning();

    const people = [
      [1, 'Nguyễn Hoàng Phúc', 'Giám đốc Sở Khoa học và Công nghệ', 'locality'],
      [1, 'Lý Thị Mai Anh', 'Chủ tịch Hội doanh nghiệp trẻ', 'business'],
      [2, 'Trương Công Minh', 'Phó Giám đốc Trung tâm Chuyển đổi số', 'manager'],
      [3, 'Giàng A Pao', 'Chủ tịch Ủy ban nhân dân xã', 'party_member'],
      [4, 'Huỳnh Ngọc Hân', 'Giảng viên Trường Đại học', 'expert'],
      [5, 'Bùi Đức Long', 'Vụ trưởng', 'ministry'],
    ] as const;
    await tx.insert(delegates).values(
      people.map(([site, name, position, kind]) => ({
        conferenceId,
        siteId: siteRows[site]!.id,
        name,
        position,
        unitName: siteRows[site]!.unitName,
        kind,
      })),
    );

    const agenda = [
      ['opening', 'Phát biểu khai mạc', 'Trưởng Ban Tổ chức', 10, null],
      ['report', 'Báo cáo đề dẫn: một năm chính quyền số cấp xã', 'Đại diện Ban Tổ chức', 20, null],
      ['discussion', 'Thảo luận: dữ liệu dùng chung giữa các cấp', '', 40, 0],
      ['discussion', 'Thảo luận: dịch vụ công trực tuyến toàn trình', '', 35, 2],
      ['break', 'Giải lao', '', 15, null],
      ['discussion', 'Thảo luận: nhân lực số ở cơ sở', '', 35, 3],
      ['discussion', 'Thảo luận: phối hợp giữa bộ, ngành và địa phương', '', 30, 6],
      ['conclusion', 'Phát biểu kết luận', 'Chủ trì hội nghị', 25, null],
    ] as const;
    await tx.insert(agendaItems).values(
      agenda.map(([kind, title, presenter, durationMinutes, theme], position) => ({
        conferenceId,
        position,
        kind,
        title,
        presenter,
        durationMinutes,
        themeId: theme === null ? null : themeRows[theme]!.id,
      })),
    );

    const ideas = [
      [
        0,
        'proposal',
        'Kết nối dữ liệu dân cư với hồ sơ đất đai ở cấp xã',
        'Đề nghị cho phép cán bộ địa chính xã tra cứu dữ liệu dân cư ngay trong phần mềm đất đai, để người dân không phải nộp lại bản sao giấy tờ đã có trong cơ sở dữ liệu quốc gia.',
        'Nguyễn Thị Thu Hà',
        'manager',
        'Tỉnh Ninh Bình',
        12,
      ],
      [
        2,
        'practice',
        'Tổ hỗ trợ dịch vụ công ngay tại nhà văn hóa thôn',
        'Xã chúng tôi bố trí đoàn viên thanh niên trực tại nhà văn hóa mỗi tối thứ Bảy để giúp bà con nộp hồ sơ trực tuyến; sau sáu tháng, tỷ lệ hồ sơ trực tuyến của xã tăng gấp ba lần.',
        'Hà Văn Sơn',
        'party_member',
        'Tỉnh Lào Cai',
        8,
      ],
      [
        3,
        'question',
        'Cán bộ công nghệ thông tin cấp xã được hưởng chế độ nào?',
        'Nhiều xã đã có cán bộ phụ trách chuyển đổi số nhưng làm kiêm nhiệm. Xin hỏi sắp tới có chính sách phụ cấp hoặc vị trí việc làm riêng cho cán bộ này không?',
        'Trần Minh Tuấn',
        'citizen',
        'Thành phố Cần Thơ',
        21,
      ],
    ] as const;
    await tx.insert(contributions).values(
      ideas.map(([theme, kind, title, body, authorName, authorKind, province, supportCount]) => ({
        conferenceId,
        themeId: themeRows[theme]!.id,
        kind,
        title,
        body,
        status: 'published' as const,
        authorName,
        authorKind,
        province,
        trackingId: randomBytes(24).toString('base64url'),
        supportCount,
        publishedAt: new Date(),
      })),
    );
    return conferenceId;
  });

  const adminActor = {
    id: admin.id,
    name: admin.name,
    email: admin.email,
    language: admin.language,
    roles: admin.roles,
  };
  await loadDemoNews(db, adminActor, conferenceId);
  await loadDemoPortal(db, adminActor);

  return { email: DEMO_ADMIN_EMAIL, password };
}
