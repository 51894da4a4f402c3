import sharp from 'sharp';
import type { Actor } from '../auth/policies.ts';
import { createArticle, createCategory, publishArticle, setSiteLinks } from '../news/articles.ts';
import { uploadPhoto } from '../news/photos.ts';
import { CreateArticleRequest } from '../../protocol/news.ts';
import type { Database } from '../../db/database.ts';

/** A picture drawn here (no download): a coloured scene with simple shapes. */
async function drawPhoto(colors: [string, string], label: string): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="900">
    <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${colors[0]}"/><stop offset="1" stop-color="${colors[1]}"/></linearGradient></defs>
    <rect width="1600" height="900" fill="url(#g)"/>
    <rect x="120" y="520" width="1360" height="220" rx="24" fill="rgba(255,255,255,0.18)"/>
    ${Array.from({ length: 9 }, (_, i) => `<circle cx="${220 + i * 145}" cy="460" r="48" fill="rgba(255,255,255,0.35)"/>`).join('')}
    <rect x="560" y="120" width="480" height="260" rx="12" fill="rgba(0,0,0,0.25)"/>
    <text x="800" y="270" font-family="sans-serif" font-size="64" fill="#fff" text-anchor="middle">${label}</text>
  </svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer();
}

const figure = (photo: { id: string; src: string }, caption: string) =>
  `<figure><img src="${photo.src}" data-photo-id="${photo.id}" alt="${caption}"><figcaption>${caption}</figcaption></figure>`;

/** Demo categories, site links and articles (written for this project), with drawn photos. */
export async function loadDemoNews(db: Database, editor: Actor, conferenceId: string) {
  const [meetings, local, digital] = [
    await createCategory({
      db,
      actor: editor,
      input: {
        name: 'Tin hội nghị',
        description: 'Hoạt động của các hội nghị đối thoại.',
        position: 0,
      },
    }),
    await createCategory({
      db,
      actor: editor,
      input: { name: 'Địa phương', description: 'Tin từ các tỉnh, thành phố.', position: 1 },
    }),
    await createCategory({
      db,
      actor: editor,
      input: { name: 'Chuyển đổi số', description: 'Cách làm hay về chính quyền số.', position: 2 },
    }),
  ];
  await setSiteLinks({
    db,
    actor: editor,
    links: [
      { title: 'Cổng thông tin điện tử hội nghị (mẫu)', url: 'https://hoinghi.example' },
      { title: 'Cổng dịch vụ công (mẫu)', url: 'https://dichvucong.example' },
    ],
  });
  const photo = async (colors: [string, string], label: string) =>
    uploadPhoto({
      db,
      actor: editor,
      file: { name: `${label}.jpg`, data: await drawPhoto(colors, label) },
    });
  // Drawn and resized side by side (sharp works in its own threads): a shorter first start.
  const [hall, site, village] = await Promise.all([
    photo(['#0b3d91', '#3a6fd1'], 'Hội trường'),
    photo(['#17663a', '#7cc49a'], 'Điểm cầu'),
    photo(['#8a3b12', '#e3a35f'], 'Nhà văn hóa'),
  ]);

  const articles = [
    {
      title: 'Sẵn sàng cho hội nghị đối thoại về chuyển đổi số từ cơ sở',
      summary:
        'Ban Tổ chức đã hoàn tất kiểm tra kỹ thuật với các điểm cầu, sẵn sàng cho phiên đối thoại trực tuyến toàn quốc.',
      bodyHtml: `<p>Trong tuần qua, Ban Tổ chức cùng cán bộ kỹ thuật của các điểm cầu đã chạy thử đường truyền, âm thanh và hình ảnh.</p>${figure(hall, 'Hội trường điểm cầu trung tâm trong buổi chạy thử')}<h2>Điểm danh trực tuyến</h2><p>Mỗi điểm cầu sẽ điểm danh và báo số người dự trên bàn điều khiển của mình, để chủ trì nắm được tình hình ngay từ đầu phiên.</p>${figure(site, 'Cán bộ kỹ thuật kiểm tra bàn điều khiển điểm cầu')}`,
      categoryId: meetings.id,
      tags: ['Hội nghị', 'Chuyển đổi số'],
      coverPhotoId: hall.id,
      featured: true,
      links: [
        { title: 'Chương trình hội nghị (mẫu)', url: 'https://hoinghi.example/chuong-trinh' },
      ],
      daysAgo: 1,
    },
    {
      title: 'Tổ công nghệ số cộng đồng: cách làm hay ở vùng cao',
      summary:
        'Thanh niên và giáo viên ở nhiều thôn bản trực tại nhà văn hóa để hướng dẫn bà con dùng dịch vụ công trực tuyến.',
      bodyHtml: `<p>Mỗi tối thứ Bảy, nhà văn hóa thôn trở thành nơi bà con mang điện thoại đến để được hướng dẫn nộp hồ sơ trực tuyến.</p>${figure(village, 'Buổi hướng dẫn tại nhà văn hóa thôn')}<blockquote>Cách làm đơn giản nhưng hiệu quả, vì người hướng dẫn là người trong thôn.</blockquote>`,
      categoryId: local.id,
      tags: ['Cách làm hay', 'Chuyển đổi số'],
      coverPhotoId: village.id,
      daysAgo: 3,
    },
    {
      title: 'Dữ liệu dùng chung giúp giảm giấy tờ cho người dân',
      summary:
        'Kết nối dữ liệu giữa các cấp giúp người dân không phải nộp lại những giấy tờ đã có trong cơ sở dữ liệu.',
      bodyHtml:
        '<p>Khi dữ liệu được dùng chung, cán bộ một cửa có thể tra cứu ngay thông tin cần thiết.</p><ul><li>Rút ngắn thời gian giải quyết hồ sơ</li><li>Giảm chi phí đi lại của người dân</li></ul>',
      categoryId: digital.id,
      tags: ['Dữ liệu', 'Chuyển đổi số'],
      coverPhotoId: site.id,
      daysAgo: 5,
    },
  ];
  for (const { daysAgo, ...fields } of articles) {
    const row = await createArticle({
      db,
      actor: editor,
      input: CreateArticleRequest.parse({
        ...fields,
        authorName: 'Ban Biên tập',
        sourceName: 'Ban Tổ chức Hội nghị',
        conferenceId,
      }),
    });
    await publishArticle({
      db,
      actor: editor,
      articleId: row.id,
      publishAt: new Date(Date.now() - daysAgo * 86_400_000),
    });
  }
}
