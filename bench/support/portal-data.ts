// Articles for the portal benchmarks, written straight into the database.
import type { DatabaseHandle } from '../../db/client.ts';

/** The seeded articles' vocabulary. */
export const SYLLABLES =
  'đối thoại phát triển địa phương chuyển đổi số hội nghị người dân doanh nghiệp chính quyền tỉnh huyện xã phường thành phố kinh tế xã hội văn hóa giáo dục y tế nông nghiệp công nghiệp du lịch đầu tư hạ tầng giao thông môi trường tài nguyên khoa học công nghệ an ninh quốc phòng cải cách hành chính dịch vụ công trực tuyến thủ tục hồ sơ cán bộ công chức viên chức đoàn thanh niên phụ nữ cựu chiến binh mặt trận tổ quốc bảo hiểm lao động việc làm thu nhập nghèo bền vững nông thôn mới đô thị quy hoạch xây dựng đất đai nhà ở điện nước sạch trường học bệnh viện trạm y tế học sinh sinh viên giáo viên bác sĩ lễ hội di tích truyền thống thể thao báo chí truyền hình phát thanh internet mạng lưới viễn thông ngân sách thuế phí đầu tư công dự án kế hoạch chương trình mục tiêu quốc gia nghị quyết chỉ thị quyết định thông tư nghị định luật hiến pháp quốc hội hội đồng nhân dân ủy ban nhân dân chủ tịch phó bí thư giám đốc sở ban ngành trung ương năm tháng quý tuần ngày kết quả đánh giá tổng kết triển khai thực hiện kiểm tra giám sát thanh tra khen thưởng kỷ luật phòng chống tham nhũng lãng phí tiêu cực thiên tai bão lũ hạn hán xâm nhập mặn biến đổi khí hậu rừng biển đảo biên giới hợp tác quốc tế xuất khẩu nhập khẩu thương mại chợ siêu thị sản phẩm ocop hợp tác xã trang trại chăn nuôi thủy sản lúa gạo cà phê cao su hồ tiêu điều'.split(
    ' ',
  );

/** A deterministic pseudo-random generator, so every run seeds the same articles. */
export function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function words(rand: () => number, n: number) {
  const out: string[] = [];
  // Word frequencies skewed like a language's (a few very common, many rare).
  for (let i = 0; i < n; i++) out.push(SYLLABLES[Math.floor(rand() ** 2.5 * SYLLABLES.length)]!);
  return out.join(' ');
}

/** Published articles written straight into the database (3 categories), newest first. */
export async function seedArticles(db: DatabaseHandle, count: number) {
  const client = db.db;
  const cats = ['Mục tin 1', 'Mục tin 2', 'Mục tin 3'];
  const catIds: string[] = [];
  for (const [i, name] of cats.entries()) {
    const slug = `muc-${i + 1}`;
    const r = (await client.execute(
      `insert into news_categories (slug, name, position) values ('${slug}', '${name}', ${i})
       on conflict (slug) do update set name = excluded.name returning id`,
    )) as unknown as { rows: { id: string }[] };
    catIds.push(r.rows[0]!.id);
  }
  const rand = rng(42);
  const batch = 250;
  for (let from = 0; from < count; from += batch) {
    const rows: string[] = [];
    const params: unknown[] = [];
    for (let i = from; i < Math.min(count, from + batch); i++) {
      const title = words(rand, 8 + Math.floor(rand() * 6));
      const summary = words(rand, 25);
      const paragraphs = Array.from({ length: 5 }, () => words(rand, 50));
      const bodyHtml = paragraphs.map((p) => `<p>${p}.</p>`).join('');
      const bodyText = paragraphs.join('.\n\n');
      const p = params.length;
      rows.push(
        `($${p + 1}, $${p + 2}, $${p + 3}, $${p + 4}, $${p + 5}, 'published', now() - ($${p + 6} || ' minutes')::interval, $${p + 7}::uuid)`,
      );
      params.push(
        `bai-viet-${i + 1}`,
        title.charAt(0).toUpperCase() + title.slice(1),
        summary,
        bodyHtml,
        bodyText,
        String(i * 7 + 10),
        catIds[i % catIds.length],
      );
    }
    await (
      client as unknown as { $client: { query(q: string, p: unknown[]): Promise<unknown> } }
    ).$client.query(
      `insert into articles (slug, title, summary, body_html, body_text, status, published_at, category_id)
       values ${rows.join(', ')} on conflict (slug) do nothing`,
      params,
    );
  }
  await client.execute('analyze articles');
}
