// A conference record made up in memory, for the document and chart writers' tests and
// benchmarks: `sampleRecord({ sites: 40, turns: 300, contributions: 2000 })` is the
// issue's "large conference". Deterministic (same options, same record).
import { randomUUID } from 'node:crypto';
import type { ConferenceRecord, RecordSite, RecordTurn } from '../../protocol/reports.ts';

const UNITS: [code: string, name: string, kind: string, region: 'north' | 'central' | 'south'][] = [
  ['ha-noi', 'Thành phố Hà Nội', 'city', 'north'],
  ['hue', 'Thành phố Huế', 'city', 'central'],
  ['hai-phong', 'Thành phố Hải Phòng', 'city', 'north'],
  ['da-nang', 'Thành phố Đà Nẵng', 'city', 'central'],
  ['ho-chi-minh', 'Thành phố Hồ Chí Minh', 'city', 'south'],
  ['can-tho', 'Thành phố Cần Thơ', 'city', 'south'],
  ['lai-chau', 'Tỉnh Lai Châu', 'province', 'north'],
  ['dien-bien', 'Tỉnh Điện Biên', 'province', 'north'],
  ['son-la', 'Tỉnh Sơn La', 'province', 'north'],
  ['lang-son', 'Tỉnh Lạng Sơn', 'province', 'north'],
  ['quang-ninh', 'Tỉnh Quảng Ninh', 'province', 'north'],
  ['cao-bang', 'Tỉnh Cao Bằng', 'province', 'north'],
  ['tuyen-quang', 'Tỉnh Tuyên Quang', 'province', 'north'],
  ['lao-cai', 'Tỉnh Lào Cai', 'province', 'north'],
  ['thai-nguyen', 'Tỉnh Thái Nguyên', 'province', 'north'],
  ['phu-tho', 'Tỉnh Phú Thọ', 'province', 'north'],
  ['bac-ninh', 'Tỉnh Bắc Ninh', 'province', 'north'],
  ['hung-yen', 'Tỉnh Hưng Yên', 'province', 'north'],
  ['ninh-binh', 'Tỉnh Ninh Bình', 'province', 'north'],
  ['thanh-hoa', 'Tỉnh Thanh Hóa', 'province', 'central'],
  ['nghe-an', 'Tỉnh Nghệ An', 'province', 'central'],
  ['ha-tinh', 'Tỉnh Hà Tĩnh', 'province', 'central'],
  ['quang-tri', 'Tỉnh Quảng Trị', 'province', 'central'],
  ['quang-ngai', 'Tỉnh Quảng Ngãi', 'province', 'central'],
  ['gia-lai', 'Tỉnh Gia Lai', 'province', 'central'],
  ['khanh-hoa', 'Tỉnh Khánh Hòa', 'province', 'central'],
  ['lam-dong', 'Tỉnh Lâm Đồng', 'province', 'central'],
  ['dak-lak', 'Tỉnh Đắk Lắk', 'province', 'central'],
  ['dong-nai', 'Tỉnh Đồng Nai', 'province', 'south'],
  ['tay-ninh', 'Tỉnh Tây Ninh', 'province', 'south'],
  ['vinh-long', 'Tỉnh Vĩnh Long', 'province', 'south'],
  ['dong-thap', 'Tỉnh Đồng Tháp', 'province', 'south'],
  ['ca-mau', 'Tỉnh Cà Mau', 'province', 'south'],
  ['an-giang', 'Tỉnh An Giang', 'province', 'south'],
];
const MINISTRIES = [
  'Bộ Tài chính',
  'Bộ Nội vụ',
  'Bộ Y tế',
  'Bộ Giáo dục và Đào tạo',
  'Bộ Xây dựng',
  'Bộ Nông nghiệp và Môi trường',
  'Bộ Công Thương',
  'Bộ Khoa học và Công nghệ',
];
const THEMES = [
  'Chuyển đổi số trong cải cách hành chính',
  'Phát triển kinh tế tư nhân ở địa phương',
  'Y tế cơ sở và chăm sóc sức khỏe ban đầu',
  'Giáo dục nghề nghiệp cho thanh niên nông thôn',
  'Ứng phó thiên tai và biến đổi khí hậu',
];
const PEOPLE = [
  'Nguyễn Thị Hồng',
  'Trần Văn Đức',
  'Lê Minh Khôi',
  'Phạm Thu Hằng',
  'Hoàng Quốc Việt',
  'Đặng Ngọc Ánh',
];

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** A made-up record: `sites` bridge points (the 34 provinces first, then ministries). */
export function sampleRecord(
  opts: { sites?: number; turns?: number; contributions?: number; view?: 'full' | 'public' } = {},
): ConferenceRecord {
  const rand = rng(30);
  const nSites = opts.sites ?? 12;
  const nTurns = opts.turns ?? 20;
  const nContrib = opts.contributions ?? 60;
  const view = opts.view ?? 'full';
  const start = Date.UTC(2026, 10, 20, 1, 0); // 08:00 in Hà Nội
  const id = () => randomUUID();
  const themes = THEMES.map((title) => ({
    themeId: id(),
    title,
    turns: 0,
    spokenSeconds: 0,
    contributions: 0,
  }));
  const sites: RecordSite[] = Array.from({ length: nSites }, (_, i) => {
    const unit = UNITS[i];
    const name = unit
      ? `Điểm cầu ${unit[1]}`
      : `Điểm cầu ${MINISTRIES[(i - UNITS.length) % MINISTRIES.length]} ${i}`;
    const r = rand();
    const rollCall = r < 0.85 ? 'present' : r < 0.93 ? 'absent' : 'not_checked_in';
    return {
      siteId: id(),
      name: i === 0 ? 'Điểm cầu chính — Hội trường Diên Hồng' : name,
      unitName: unit ? unit[1] : (MINISTRIES[(i - UNITS.length) % MINISTRIES.length] ?? ''),
      unitCode: unit ? unit[0] : null,
      unitKind: unit ? unit[2] : 'ministry',
      region: unit ? unit[3] : null,
      isHost: i === 0,
      rollCall,
      attendees: rollCall === 'present' ? 20 + Math.floor(rand() * 180) : null,
      expectedAttendance: 50 + Math.floor(rand() * 150),
      absenceReason:
        rollCall === 'absent' && view === 'full'
          ? 'Mất điện do mưa bão, đã báo cáo bằng văn bản'
          : null,
      firstOnlineAt: rollCall === 'present' ? start - Math.floor(rand() * 1800_000) : null,
      onlineMs: rollCall === 'present' ? 3 * 3600_000 - Math.floor(rand() * 600_000) : 0,
      turns: 0,
      spokenSeconds: 0,
      contributions: 0,
    };
  });
  const turns: RecordTurn[] = [];
  let t = start + 20 * 60_000;
  for (let n = 1; n <= nTurns; n++) {
    const site = sites[Math.floor(rand() * sites.length)]!;
    const theme = themes[Math.floor(rand() * themes.length)]!;
    const allowed = 300;
    const spoken = 120 + Math.floor(rand() * 300);
    turns.push({
      turnId: id(),
      number: n,
      siteId: site.siteId,
      siteName: site.name,
      delegateName: `${PEOPLE[n % PEOPLE.length]}, ${site.unitName}`,
      themeId: theme.themeId,
      themeTitle: theme.title,
      agendaTitle: `Thảo luận: ${theme.title}`,
      startedAt: t,
      endedAt: t + spoken * 1000,
      spokenSeconds: spoken,
      allowedSeconds: allowed,
      overSeconds: Math.max(0, spoken - allowed),
      answersNumber: n > 3 && rand() < 0.15 ? n - 1 : null,
    });
    site.turns++;
    site.spokenSeconds += spoken;
    theme.turns++;
    theme.spokenSeconds += spoken;
    t += (spoken + 20) * 1000;
  }
  const statuses = [
    'published',
    'under_consideration',
    'answered',
    'adopted',
    'rejected',
    'submitted',
  ];
  const byStatus = new Map<string, number>();
  const byKind = new Map<string, number>();
  const byAuthor = new Map<string, number>();
  const adopted: ConferenceRecord['adopted'] = [];
  for (let i = 0; i < nContrib; i++) {
    const theme = themes[Math.floor(rand() * themes.length)]!;
    const site = rand() < 0.6 ? sites[Math.floor(rand() * sites.length)]! : null;
    const status = statuses[Math.floor(rand() * statuses.length)]!;
    const kind = ['proposal', 'practice', 'question'][Math.floor(rand() * 3)]!;
    const author = ['citizen', 'locality', 'business', 'expert'][Math.floor(rand() * 4)]!;
    theme.contributions++;
    if (site) site.contributions++;
    byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
    byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
    byAuthor.set(author, (byAuthor.get(author) ?? 0) + 1);
    if (status === 'adopted')
      adopted.push({
        id: id(),
        title: `Đề xuất số ${i + 1}: đơn giản hóa thủ tục cấp phép xây dựng nhà ở riêng lẻ`,
        kind,
        status,
        themeTitle: theme.title,
        authorName: PEOPLE[i % PEOPLE.length]!,
        siteName: site?.name ?? null,
        supportCount: Math.floor(rand() * 500),
      });
  }
  const LABELS: Record<string, string> = {
    published: 'Đã đăng',
    under_consideration: 'Đang xem xét',
    answered: 'Đã trả lời',
    adopted: 'Đưa vào kết luận',
    rejected: 'Từ chối',
    submitted: 'Chờ duyệt',
    proposal: 'Đề xuất, giải pháp',
    practice: 'Cách làm hay, mô hình mới',
    question: 'Câu hỏi',
    citizen: 'Người dân',
    locality: 'Địa phương',
    business: 'Doanh nghiệp',
    expert: 'Chuyên gia, nhà khoa học',
  };
  const counts = (m: Map<string, number>) =>
    [...m].map(([key, count]) => ({ key, label: LABELS[key] ?? key, count }));
  const present = sites.filter((s) => s.rollCall === 'present');
  return {
    view,
    conference: {
      id: id(),
      slug: 'hoi-nghi-doi-thoai-2026',
      title: 'Hội nghị trực tuyến toàn quốc đối thoại với người dân và doanh nghiệp năm 2026',
      theme: 'Tháo gỡ khó khăn, thúc đẩy phát triển kinh tế – xã hội ở địa phương',
      organiser: 'Văn phòng Chính phủ',
      startsAt: start,
      endsAt: start + 4 * 3600_000,
      status: 'ended',
    },
    session: { phase: 'ended', startedAt: start, endedAt: t + 600_000 },
    totals: {
      sites: sites.length,
      present: present.length,
      absent: sites.filter((s) => s.rollCall === 'absent').length,
      notCheckedIn: sites.filter((s) => s.rollCall === 'not_checked_in').length,
      attendees: present.reduce((a, s) => a + (s.attendees ?? 0), 0),
      turns: turns.length,
      spokenSeconds: turns.reduce((a, x) => a + x.spokenSeconds, 0),
      overTimeTurns: turns.filter((x) => x.overSeconds > 0).length,
      contributions: nContrib,
      submissions: 3,
    },
    sites,
    turns,
    themes,
    contributionsByStatus: counts(byStatus),
    contributionsByKind: counts(byKind),
    contributionsByAuthorKind: counts(byAuthor),
    adopted,
    submissions: Array.from({ length: 3 }, (_, i) => ({
      id: id(),
      title: `Tham luận ${i + 1}: kinh nghiệm số hóa hồ sơ đất đai ở cấp xã`,
      authorName: PEOPLE[i]!,
      siteName: sites[i % sites.length]!.name,
      themeTitle: themes[0]!.title,
      status: 'accepted',
      createdAt: start - 86400_000 * (i + 2),
    })),
    minutes: {
      html:
        '<h2>I. Diễn biến hội nghị</h2><p>Hội nghị khai mạc lúc 08 giờ 00 phút, do đồng chí chủ trì điều hành.</p>' +
        '<h3>Lượt phát biểu 1 — Điểm cầu Thành phố Huế</h3><p>Đại biểu nêu kiến nghị về <strong>thủ tục đất đai</strong> và đề nghị hướng dẫn thống nhất.</p>' +
        '<ul><li>Rút ngắn thời gian cấp giấy chứng nhận</li><li>Liên thông dữ liệu dân cư</li></ul>' +
        '<table><tr><th>Điểm cầu</th><th>Số đại biểu</th></tr><tr><td>Huế</td><td>120</td></tr></table>',
      lockedAt: view === 'full' ? null : t + 3600_000,
      lockedBy: view === 'full' ? null : 'Thư ký hội nghị',
      publishedAt: null,
      unpublishedChanges: false,
      updatedAt: t + 1800_000,
      updatedBy: 'Thư ký hội nghị',
    },
    conclusions: {
      html: '<p>Thay mặt Chính phủ, đồng chí chủ trì kết luận:</p><ol><li>Các bộ, ngành khẩn trương rà soát thủ tục.</li><li>Ủy ban nhân dân các tỉnh, thành phố đẩy mạnh chuyển đổi số.</li></ol>',
      lockedAt: null,
      lockedBy: null,
      publishedAt: t + 7200_000,
      unpublishedChanges: false,
      updatedAt: t + 7000_000,
      updatedBy: 'Chủ trì hội nghị',
    },
    generatedAt: t + 7200_000,
  };
}
