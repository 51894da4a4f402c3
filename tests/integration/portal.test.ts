import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conferenceSites, conferences } from '../../db/schema/conferences.ts';
import { loadServerBuild } from '../support/server-build.ts';
import { postForm, sendJson, startTestApp, type TestApp } from '../support/test-app.ts';

/** The reader's portal: its particulars, categories, every public page's head, feeds. */
const SITE = 'https://cong.example.gov.vn';
let app: TestApp;
let admin: string;
let editor: string;
/** The staff accounts: nothing of theirs may reach a reader. */
const staff: { id: string; email: string }[] = [];
const cats: Record<string, { id: string; slug: string }> = {};
const arts: Record<string, { id: string; slug: string }> = {};

const api = (path: string, method: string, body: unknown, cookie = admin) =>
  sendJson(`${app.url}/api/v1${path}`, method, body, { cookie });
const page = async (path: string, headers: Record<string, string> = {}) => {
  app.instance.pageCache?.clear();
  const res = await fetch(`${app.url}${path}`, { headers });
  expect(res.status, path).toBe(200);
  return res.text();
};

async function article(key: string, fields: Record<string, unknown>) {
  const created = await (await api('/articles', 'POST', fields)).json();
  expect((await api(`/articles/${created.id}/publish`, 'POST', {})).status).toBe(200);
  arts[key] = created;
  return created;
}

beforeAll(async () => {
  app = await startTestApp({ build: await loadServerBuild(), env: { PUBLIC_URL: SITE } });
  const a = await app.createUser({ roles: ['admin', 'editor'] });
  admin = await app.signIn(a.email, a.password);
  const e = await app.createUser({ roles: ['editor'] });
  editor = await app.signIn(e.email, e.password);
  staff.push(a, e);
  for (const [key, name] of [
    ['news', 'Tin hội nghị'],
    ['local', 'Tin địa phương'],
    ['digital', 'Chuyển đổi số'],
  ] as const) {
    cats[key] = await (await api('/news/categories', 'POST', { name, description: '' })).json();
  }
  await article('lead', {
    title: 'Hội nghị đối thoại về chuyển đổi số cấp xã thu hút đông đảo người dân tham gia ý kiến',
    summary: 'Sapo của bài dẫn. '.repeat(20),
    bodyHtml: '<p>Đoạn một.</p>',
    authorName: 'Hoàng Lan',
    categoryId: cats.news!.id,
    tags: ['Chuyển đổi số'],
  });
  await article('local', {
    title: 'Tỉnh mẫu lắng nghe doanh nghiệp',
    bodyHtml:
      '<p></p><p>Đoạn mở đầu <strong>không có sapo</strong> &amp; ngắn.</p><p>Đoạn hai.</p>',
    categoryId: cats.local!.id,
  });
  await article('digital', {
    title: 'Dữ liệu dùng chung giảm giấy tờ',
    summary: 'Người dân không phải nộp lại giấy tờ đã có.',
    categoryId: cats.digital!.id,
  });
  const [conf] = await app.database.db
    .insert(conferences)
    .values({
      slug: 'hoi-nghi-cong',
      title: 'Hội nghị đối thoại trực tuyến về cải cách hành chính',
      theme: 'Gỡ vướng thủ tục cho doanh nghiệp',
      organiser: 'Ban Tổ chức mẫu',
      startsAt: new Date('2026-12-18T01:00:00Z'),
      endsAt: new Date('2026-12-18T04:30:00Z'),
      status: 'scheduled',
      visibility: 'public',
      createdBy: a.id,
    })
    .returning();
  await app.database.db.insert(conferenceSites).values({
    conferenceId: conf!.id,
    position: 0,
    name: 'Điểm cầu trung tâm',
    unitName: 'Ban Tổ chức',
    isHost: true,
  });
});
afterAll(() => app.close());

describe('the portal’s particulars (Thông tin cổng)', () => {
  it('are empty until set, set by administrators only, and checked', async () => {
    expect(await (await fetch(`${app.url}/api/v1/site-settings`)).json()).toMatchObject({
      siteName: '',
      managingAgency: '',
      updatedAt: null,
    });
    const html = await page('/');
    expect(html).not.toContain('Cơ quan chủ quản');
    expect((await api('/site-settings', 'PUT', { siteName: 'X' }, editor)).status).toBe(403);
    const bad = await api('/site-settings', 'PUT', { email: 'khong-phai-email' });
    expect(bad.status).toBe(400);
    expect(
      (await api('/site-settings', 'PUT', { emblemPhotoId: crypto.randomUUID() })).status,
    ).toBe(400);
  });

  it('show in the header and footer of every public page, English falling back to Vietnamese', async () => {
    const settings = {
      siteName: 'Cổng thông tin điện tử Hội nghị mẫu',
      siteNameEn: 'Sample Conference e-Portal',
      agencyName: 'Văn phòng mẫu',
      managingAgency: 'Ban Tổ chức mẫu',
      responsiblePerson: 'Phạm Văn Mẫu',
      address: 'Số 1 phố Thử',
      phone: '0200 000 111',
      email: 'lienhe@cong.example',
      licence: 'Giấy phép số 01/GP-MAU',
      description: 'Tin tức và hội nghị đối thoại của cổng mẫu.',
    };
    const res = await api('/site-settings', 'PUT', settings);
    expect(res.status).toBe(200);
    for (const path of ['/', `/tin-tuc/${arts.local!.slug}`, `/chuyen-muc/${cats.local!.slug}`]) {
      const html = await page(path);
      for (const value of Object.values(settings).slice(2, 9)) expect(html).toContain(value);
      expect(html).toContain('Cổng thông tin điện tử Hội nghị mẫu');
      expect(html).toContain('Giấy phép');
      expect(html).toMatch(/(Thứ (Hai|Ba|Tư|Năm|Sáu|Bảy)|Chủ Nhật), \d{2}\/\d{2}\/\d{4}/);
    }
    const en = await page('/', { cookie: 'dt_lang=en' });
    expect(en).toContain('Sample Conference e-Portal');
    expect(en).toContain('Managing agency');
    expect(en).toContain('<meta property="og:locale" content="en_US"/>');
    expect(en).toContain('Ban Tổ chức mẫu'); // no English given: the Vietnamese
    expect(en).toMatch(/(Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day, \d{2}\/\d{2}\/\d{4}/);
  });
});

describe('categories', () => {
  const menu = (html: string) =>
    [...html.matchAll(/<nav class="main-nav[^"]*"[\s\S]*?<\/nav>/g)][0]![0]
      .match(/href="\/chuyen-muc\/[^"]+"/g)!
      .map((h) => h.slice(18, -1));

  it('are reordered (menu and home follow), and only by administrators', async () => {
    const order = [cats.digital!.id, cats.news!.id, cats.local!.id];
    expect((await api('/news/category-order', 'PUT', { ids: order }, editor)).status).toBe(403);
    expect((await api('/news/category-order', 'PUT', { ids: order.slice(1) })).status).toBe(400);
    expect((await api('/news/category-order', 'PUT', { ids: [order[0], ...order] })).status).toBe(
      400,
    );
    expect((await api('/news/category-order', 'PUT', { ids: order })).status).toBe(200);
    expect(menu(await page('/'))).toEqual([cats.digital!.slug, cats.news!.slug, cats.local!.slug]);
  });

  it('are renamed and hidden: out of the menu, the home page and the sitemap, the page still there', async () => {
    const res = await api(`/news/categories/${cats.digital!.id}`, 'PATCH', {
      name: 'Chính quyền số',
      hidden: true,
    });
    expect(res.status).toBe(200);
    const home = await page('/');
    expect(menu(home)).toEqual([cats.news!.slug, cats.local!.slug]);
    expect(home).not.toContain('Chính quyền số');
    expect(await page('/sitemap.xml')).not.toContain(`/chuyen-muc/${cats.digital!.slug}<`);
    const hidden = await page(`/chuyen-muc/${cats.digital!.slug}`);
    expect(hidden).toContain('<h1>Chính quyền số</h1>');
    expect(await page(`/tin-tuc/${arts.digital!.slug}`)).toContain('Chính quyền số');
    await api(`/news/categories/${cats.digital!.id}`, 'PATCH', { hidden: false });
    expect(menu(await page('/'))).toContain(cats.digital!.slug);
    expect(
      (await api(`/news/categories/${cats.digital!.id}`, 'PATCH', { name: 'Tin hội nghị' })).status,
    ).toBe(200); // names may repeat; the address does not change
    expect((await api(`/news/categories/${crypto.randomUUID()}`, 'PATCH', {})).status).toBe(404);
    // A new category whose name gives an address already taken: said as such.
    const taken = await api('/news/categories', 'POST', { name: 'tin hội nghị' });
    expect(taken.status).toBe(409);
    expect((await taken.json()).error.message).toMatch(/Đã có chuyên mục mang tên này/);
  });

  it('are removed with their articles moved (to another category, or to none), never deleted', async () => {
    const extra = await (await api('/news/categories', 'POST', { name: 'Tạm thời' })).json();
    const moved = await article('moved', {
      title: 'Bài sẽ chuyển chuyên mục',
      categoryId: extra.id,
    });
    const removal = await (
      await api(`/news/categories/${extra.id}/removal`, 'GET', undefined)
    ).json();
    expect(removal).toMatchObject({ name: 'Tạm thời', articleCount: 1 });
    expect(
      (await api(`/news/categories/${extra.id}?moveTo=${extra.id}`, 'DELETE', undefined)).status,
    ).toBe(400);
    const done = await api(
      `/news/categories/${extra.id}?moveTo=${cats.local!.id}`,
      'DELETE',
      undefined,
    );
    expect(await done.json()).toMatchObject({ articleCount: 1, movedTo: cats.local!.id });
    expect(await page(`/chuyen-muc/${cats.local!.slug}`)).toContain(moved.slug);
    expect((await fetch(`${app.url}/chuyen-muc/${extra.slug}`)).status).toBe(404);

    const other = await (await api('/news/categories', 'POST', { name: 'Sẽ xóa' })).json();
    const orphan = await article('orphan', { title: 'Bài mất chuyên mục', categoryId: other.id });
    const gone = await api(`/news/categories/${other.id}`, 'DELETE', undefined);
    expect(await gone.json()).toMatchObject({ articleCount: 1, movedTo: null });
    const html = await page(`/tin-tuc/${orphan.slug}`);
    expect(html).toContain('Không chuyên mục');
    expect((await api(`/news/categories/${other.id}`, 'DELETE', undefined)).status).toBe(404);
  });

  it('are removed from the admin page only after the dialog’s confirmation', async () => {
    const c = await (await api('/news/categories', 'POST', { name: 'Xóa qua trang' })).json();
    const post = (fields: Record<string, string>) =>
      postForm(`${app.url}/quan-tri/chuyen-muc`, fields, { cookie: admin });
    const first = await post({ intent: 'remove', id: c.id });
    expect(await first.text()).toContain('Xóa chuyên mục “Xóa qua trang”?');
    expect((await fetch(`${app.url}/chuyen-muc/${c.slug}`)).status).toBe(200);
    await post({ intent: 'remove', id: c.id, moveTo: '', confirmed: 'yes' });
    app.instance.pageCache?.clear();
    expect((await fetch(`${app.url}/chuyen-muc/${c.slug}`)).status).toBe(404);
  });
});

/** The head of a page: what validators and link previews read. */
function head(html: string) {
  const h = html.slice(0, html.indexOf('</head>'));
  const attr = (re: RegExp) =>
    re
      .exec(h)?.[1]
      ?.replace(/&amp;/g, '&')
      .replace(/&quot;/g, '"');
  const all = (re: RegExp) => [...h.matchAll(re)].map((m) => m[1]!);
  return {
    title: attr(/<title>([^<]*)<\/title>/),
    titles: all(/<title>([^<]*)<\/title>/g),
    description: attr(/<meta name="description" content="([^"]*)"/),
    descriptions: all(/<meta name="description" content="([^"]*)"/g),
    canonicals: all(/<link rel="canonical" href="([^"]*)"/g),
    og: (p: string) => attr(new RegExp(`<meta property="og:${p}" content="([^"]*)"`)),
    feeds: all(/<link rel="alternate" type="application\/rss\+xml" href="([^"]*)"/g),
    jsonLd: all(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g).map(
      (s) => JSON.parse(s) as Record<string, unknown>,
    ),
  };
}

describe('every public page kind’s head', () => {
  const kinds = () => [
    ['/', `${SITE}/`],
    [`/tin-tuc/${arts.lead!.slug}`, `${SITE}/tin-tuc/${arts.lead!.slug}`],
    [`/chuyen-muc/${cats.news!.slug}`, `${SITE}/chuyen-muc/${cats.news!.slug}`],
    [
      `/chuyen-muc/${cats.news!.slug}?page=2&utm_source=x`,
      `${SITE}/chuyen-muc/${cats.news!.slug}?page=2`,
    ],
    ['/the/chuyen-doi-so', `${SITE}/the/chuyen-doi-so`],
    ['/tim-kiem?q=doi+thoai', `${SITE}/tim-kiem`],
    ['/hoi-nghi/hoi-nghi-cong', `${SITE}/hoi-nghi/hoi-nghi-cong`],
    ['/hoi-nghi/hoi-nghi-cong/y-kien', `${SITE}/hoi-nghi/hoi-nghi-cong/y-kien`],
    ['/hoi-nghi/hoi-nghi-cong/truc-tiep', `${SITE}/hoi-nghi/hoi-nghi-cong/truc-tiep`],
  ];

  it('has one canonical link from PUBLIC_URL, one description cut at a word, a title of at most 70 characters, og:site_name and og:locale', async () => {
    for (const [path, canonical] of kinds()) {
      const h = head(
        await page(path!, { host: 'evil.example', 'x-forwarded-host': 'evil.example' }),
      );
      expect(h.canonicals, path).toEqual([canonical]);
      expect(h.titles, path).toHaveLength(1);
      expect(h.title!.length, path).toBeLessThanOrEqual(70);
      expect(h.descriptions, path).toHaveLength(1);
      expect(h.description!.length, path).toBeLessThanOrEqual(160);
      expect(h.description, path).toMatch(/(\S…|[^…])$/);
      expect(h.og('site_name'), path).toBe('Cổng thông tin điện tử Hội nghị mẫu');
      expect(h.og('locale'), path).toBe('vi_VN');
      // Every page previews as a link: its title, address and kind.
      expect(h.og('title'), path).toBeTruthy();
      expect(h.og('url'), path).toBe(canonical);
      expect(h.og('type'), path).toMatch(/^(website|article)$/);
    }
  });

  it('keeps pages that are not there out of search engines: noindex, no canonical address', async () => {
    for (const path of ['/tin-tuc/khong-co-bai-nay', '/khong-co-trang-nay']) {
      app.instance.pageCache?.clear();
      const res = await fetch(`${app.url}${path}`);
      expect(res.status, path).toBe(404);
      const html = await res.text();
      expect(html, path).toContain('<meta name="robots" content="noindex"/>');
      expect(head(html).canonicals, path).toEqual([]);
      expect(html, path).not.toContain('og:url');
    }
  });

  it('has Open Graph and the feed on the home page, and the category feed on a category page', async () => {
    const home = head(await page('/'));
    expect(home.og('type')).toBe('website');
    expect(home.og('url')).toBe(`${SITE}/`);
    expect(home.og('title')).toBe('Cổng thông tin điện tử Hội nghị mẫu');
    expect(home.og('description')).toBe('Tin tức và hội nghị đối thoại của cổng mẫu.');
    expect(home.feeds).toEqual([`${SITE}/rss.xml`]);
    const category = head(await page(`/chuyen-muc/${cats.news!.slug}`));
    expect(category.feeds).toEqual([`${SITE}/chuyen-muc/${cats.news!.slug}/rss.xml`]);
  });

  it('describes an article as a NewsArticle, its title cut to 70 and its sapo at a word', async () => {
    const h = head(await page(`/tin-tuc/${arts.lead!.slug}`));
    expect(h.title!.length).toBeLessThanOrEqual(70);
    expect(h.title!.endsWith('…')).toBe(true);
    expect(h.description!.endsWith('…')).toBe(true);
    expect('Sapo của bài dẫn. '.repeat(20).startsWith(h.description!.slice(0, -1))).toBe(true);
    const news = h.jsonLd.find((j) => j['@type'] === 'NewsArticle')!;
    expect(news).toMatchObject({
      '@context': 'https://schema.org',
      headline: expect.stringContaining('Hội nghị đối thoại về chuyển đổi số'),
      url: `${SITE}/tin-tuc/${arts.lead!.slug}`,
      author: [{ '@type': 'Person', name: 'Hoàng Lan' }],
      publisher: { '@type': 'Organization', name: 'Cổng thông tin điện tử Hội nghị mẫu' },
      articleSection: 'Tin hội nghị',
    });
    expect(String(news.headline).length).toBeLessThanOrEqual(110);
    expect(new Date(String(news.datePublished)).getTime()).not.toBeNaN();
    expect(new Date(String(news.dateModified)).getTime()).not.toBeNaN();
    const crumbs = h.jsonLd.find((j) => j['@type'] === 'BreadcrumbList')!;
    expect((crumbs.itemListElement as unknown[]).length).toBe(3);
    // The first paragraph when there is no sapo (an empty one skipped), entities read.
    expect(head(await page(`/tin-tuc/${arts.local!.slug}`)).description).toBe(
      'Đoạn mở đầu không có sapo & ngắn.',
    );
  });

  it('describes a public conference as an Event', async () => {
    const h = head(await page('/hoi-nghi/hoi-nghi-cong'));
    expect(h.jsonLd.find((j) => j['@type'] === 'Event')).toMatchObject({
      name: 'Hội nghị đối thoại trực tuyến về cải cách hành chính',
      startDate: '2026-12-18T01:00:00.000Z',
      endDate: '2026-12-18T04:30:00.000Z',
      eventStatus: 'https://schema.org/EventScheduled',
      eventAttendanceMode: 'https://schema.org/OnlineEventAttendanceMode',
      location: { '@type': 'VirtualLocation', url: `${SITE}/hoi-nghi/hoi-nghi-cong/truc-tiep` },
      organizer: { '@type': 'Organization', name: 'Ban Tổ chức mẫu' },
    });
  });

  it('shares an article to Facebook and Zalo with its canonical address, without their scripts', async () => {
    const html = await page(`/tin-tuc/${arts.lead!.slug}`);
    const url = `${SITE}/tin-tuc/${arts.lead!.slug}`;
    expect(html).toContain(
      `https://www.facebook.com/sharer/sharer.php?u=${encodeURIComponent(url)}`,
    );
    const zalo = /href="(https:\/\/button-share\.zalo\.me\/share_external\?d=[^"]+)"/.exec(
      html,
    )![1]!;
    const d = decodeURIComponent(new URL(zalo.replace(/&amp;/g, '&')).searchParams.get('d')!);
    expect(JSON.parse(Buffer.from(d, 'base64').toString())).toEqual({ url });
    expect(html).not.toMatch(/<script[^>]+src="https?:/);
  });
});

describe('feeds', () => {
  it('name themselves, link to the page they mirror, and describe items by sapo or first paragraph', async () => {
    const all = await page('/rss.xml');
    expect(all).toContain(
      `<atom:link href="${SITE}/rss.xml" rel="self" type="application/rss+xml"/>`,
    );
    expect(all).toContain(`<link>${SITE}/</link>`);
    expect(all).toContain('xmlns:atom="http://www.w3.org/2005/Atom"');
    expect(all).toContain('<title>Cổng thông tin điện tử Hội nghị mẫu – Tin tức</title>');
    expect(all).toContain('<description>Người dân không phải nộp lại giấy tờ đã có.</description>');
    expect(all).toContain('<description>Đoạn mở đầu không có sapo &amp; ngắn.</description>');
    const slug = cats.local!.slug;
    const one = await page(`/chuyen-muc/${slug}/rss.xml`);
    expect(one).toContain(`<link>${SITE}/chuyen-muc/${slug}</link>`);
    expect(one).toContain(
      `<atom:link href="${SITE}/chuyen-muc/${slug}/rss.xml" rel="self" type="application/rss+xml"/>`,
    );
    expect(one).not.toContain(arts.lead!.slug);
  });
});

describe('what readers receive', () => {
  it('holds nothing of the staff: no account ids, e-mails or who wrote and edited, in the page or its data', async () => {
    // An edit by the second editor: the article now has both a creator and an editor.
    expect(
      (await api(`/articles/${arts.local!.id}`, 'PATCH', { summary: 'Sapo đã sửa.' }, editor))
        .status,
    ).toBe(200);
    const tag = 'chuyen-doi-so';
    const paths = [
      '/',
      `/tin-tuc/${arts.lead!.slug}`,
      `/tin-tuc/${arts.local!.slug}`,
      `/chuyen-muc/${cats.news!.slug}`,
      `/the/${tag}`,
      `/tim-kiem?q=${encodeURIComponent('đối thoại')}`,
      '/hoi-nghi/hoi-nghi-cong',
      '/hoi-nghi/hoi-nghi-cong/y-kien',
      '/hoi-nghi/hoi-nghi-cong/truc-tiep',
    ];
    const bodies: [string, string][] = [];
    for (const path of paths) {
      bodies.push([path, await page(path)]);
      // The same page's data, as a client-side navigation fetches it.
      const [p, q] = path.split('?');
      const data = await fetch(`${app.url}${p === '/' ? '/_root' : p}.data${q ? `?${q}` : ''}`);
      expect(data.status, `${path} data`).toBe(200);
      bodies.push([`${path} (data)`, await data.text()]);
    }
    for (const path of ['/rss.xml', `/chuyen-muc/${cats.news!.slug}/rss.xml`, '/sitemap.xml'])
      bodies.push([path, await page(path)]);
    bodies.push([
      'the API',
      await (await fetch(`${app.url}/api/v1/news/by-slug/${arts.local!.slug}`)).text(),
    ]);
    for (const [path, body] of bodies) {
      for (const s of staff) {
        expect(body, path).not.toContain(s.id);
        expect(body, path).not.toContain(s.email);
      }
      expect(body, path).not.toMatch(/createdBy|updatedBy|passwordHash/);
    }
  });
});
