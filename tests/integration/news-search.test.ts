import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../domain/auth/policies.ts';
import { insertUser } from '../../domain/auth/users.ts';
import { createArticle, publishArticle, updateArticle } from '../../domain/news/articles.ts';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../db/database.ts';
import {
  createSearchLimiter,
  SEARCH_COUNT_LIMIT,
  searchArticles as search,
  SEARCH_LIMITS,
} from '../../domain/news/search.ts';
import { CreateArticleRequest } from '../../protocol/news.ts';
import { loadServerBuild } from '../support/server-build.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { createTestDatabase } from '../support/test-database.ts';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
/** An instance's limiter, as server/app.ts makes one for its database. */
let limiter: ReturnType<typeof createSearchLimiter>;
const searchArticles = (o: { db: typeof database.db; q: string; page?: number }) =>
  search({ ...o, limiter });
let editor: Actor;

async function published(title: string, extra: Record<string, unknown> = {}) {
  const a = await createArticle({
    db: database.db,
    actor: editor,
    input: CreateArticleRequest.parse({ title, ...extra }),
  });
  await publishArticle({ db: database.db, actor: editor, articleId: a.id });
  return a;
}

const ids = (r: Awaited<ReturnType<typeof searchArticles>>) => r.items.map((i) => i.id);
const marked = (segments: { text: string; match: boolean }[]) =>
  segments.filter((s) => s.match).map((s) => s.text);

let inBody: { id: string };
let inTitle: { id: string };
let inSummary: { id: string };
let fragment: { id: string };

beforeAll(async () => {
  database = await createTestDatabase();
  limiter = createSearchLimiter(SEARCH_LIMITS);
  const row = await insertUser(database.db, {
    email: `tim-${randomUUID()}@doithoai.example`,
    name: 'Biên tập',
    password: 'mat-khau-dai-du-10',
    roles: ['editor'],
  });
  editor = { id: row.id, name: row.name, email: row.email, language: 'vi', roles: row.roles };
  // Created oldest first: relevance, not date, must order them.
  inBody = await published('Tin hoạt động của xã', {
    bodyHtml: '<p>Năm nay xã đẩy mạnh chuyển đổi số trong giải quyết thủ tục hành chính.</p>',
  });
  inSummary = await published('Tin tổng hợp trong tuần', {
    summary: 'Tổng kết một năm chuyển đổi số cấp huyện.',
  });
  inTitle = await published('Chuyển đổi số ở cấp xã: một năm nhìn lại');
  // "so" only as the beginning of longer words ("sóng", "sốt"), never whole.
  fragment = await published('Chuyển đổi sóng truyền hình, phòng sốt xuất huyết');
});
afterAll(() => database.close());

describe('article search', () => {
  it('ranks title matches before sapo matches before body matches, ignoring diacritics', async () => {
    for (const q of ['chuyen doi so', 'Chuyển đổi số', 'CHUYEN DOI SO']) {
      const found = await searchArticles({ db: database.db, q });
      expect(ids(found).slice(0, 3), q).toEqual([inTitle.id, inSummary.id, inBody.id]);
    }
  });

  it('puts articles with the whole words before those where a word only begins one', async () => {
    const found = await searchArticles({ db: database.db, q: 'chuyen doi so' });
    expect(ids(found)).toContain(fragment.id);
    expect(ids(found).at(-1)).toBe(fragment.id);
    expect(found.mode).toBe('words');
  });

  it('highlights whole words only, on the page shown', async () => {
    const found = await searchArticles({ db: database.db, q: 'chuyen doi so' });
    const title = found.items.find((i) => i.id === inTitle.id)!;
    expect(marked(title.title)).toEqual(['Chuyển đổi số']);
    expect(title.title.map((s) => s.text).join('')).toBe(
      'Chuyển đổi số ở cấp xã: một năm nhìn lại',
    );
    const body = found.items.find((i) => i.id === inBody.id)!;
    expect(marked(body.excerpt)).toEqual(['chuyển đổi số']);
    // "xa" is a word of the query: "xã" is marked whole, never the "xa" inside another word.
    const xa = await searchArticles({ db: database.db, q: 'xa' });
    for (const item of xa.items)
      for (const m of [...marked(item.title), ...marked(item.excerpt)]) expect(m).toBe('xã');
    // An article with every word whole marks those, not words they only begin ("dùng" for
    // "dữ"); one found by a word's beginning marks what made it match.
    const both = await published('Dữ liệu dùng chung cho cơ sở', {
      summary: 'Cơ sở dữ liệu dân cư được dùng chung.',
    });
    const data = await searchArticles({ db: database.db, q: 'cơ sở dữ liệu' });
    const hit = data.items.find((i) => i.id === both.id)!;
    expect(marked(hit.title)).toEqual(['Dữ liệu', 'cơ sở']);
    expect(marked(hit.excerpt)).toEqual(['Cơ sở dữ liệu']);
    const begun = await searchArticles({ db: database.db, q: 'chuyen doi so' });
    expect(marked(begun.items.find((i) => i.id === fragment.id)!.title)).toEqual([
      'Chuyển đổi sóng',
      'sốt',
    ]);
  });

  it('tolerates a typo through trigram similarity when no word matches', async () => {
    const found = await searchArticles({ db: database.db, q: 'chuyne doi so' });
    expect(found.mode).toBe('similar');
    expect(ids(found)).toContain(inTitle.id);
    const none = await searchArticles({ db: database.db, q: 'qwxzyk' });
    expect(none).toMatchObject({ mode: 'none', total: 0, items: [] });
  });

  it('finds an edit at once and ignores tsquery syntax in the query', async () => {
    await updateArticle({
      db: database.db,
      actor: editor,
      articleId: inBody.id,
      input: { summary: 'Kéo điện lưới về vùng cao' },
    });
    expect(ids(await searchArticles({ db: database.db, q: 'dien luoi' }))).toEqual([inBody.id]);
    for (const q of ["'&|!:*()", 'a & | b', '\\', '<->']) {
      await expect(searchArticles({ db: database.db, q })).resolves.toBeTruthy();
    }
  });

  it('pages through results, counting them', async () => {
    const first = await searchArticles({ db: database.db, q: 'chuyen' });
    expect(first.total).toBe(4);
    const second = await searchArticles({ db: database.db, q: 'chuyen', page: 2 });
    expect(second).toMatchObject({ total: 4, items: [], page: 2 });
  });

  it('lets only a few searches run at once and refuses beyond its queue', async () => {
    // A limiter of its own, with the same limits as the shared one.
    const limits = SEARCH_LIMITS;
    const fresh = createSearchLimiter(limits);
    const all = Array.from({ length: limits.concurrency + limits.queue + 5 }, () =>
      search({ db: database.db, limiter: fresh, q: 'chuyen doi so' }).then(
        () => 'ok',
        (err: { code?: string }) => err.code,
      ),
    );
    const outcomes = await Promise.all(all);
    expect(outcomes.filter((o) => o === 'ok')).toHaveLength(limits.concurrency + limits.queue);
    expect(outcomes.filter((o) => o === 'unavailable')).toHaveLength(5);
  });
});

describe('a search matching more articles than are counted', () => {
  let app: TestApp;
  let flood: { id: string };
  /** A published article written straight into the table, `minutesAgo` old. */
  const insert = (slug: string, title: string, minutesAgo: number, body = '') =>
    app.database.db.execute(sql`
      insert into articles (slug, title, summary, body_html, body_text, status, published_at)
      values (${slug}, ${title}, '', ${body && `<p>${body}</p>`}, ${body}, 'published',
        now() - make_interval(mins => ${minutesAgo}))
      returning id`);
  beforeAll(async () => {
    app = await startTestApp({ build: await loadServerBuild() });
    // An older article with "lũ" whole, then more than SEARCH_COUNT_LIMIT newer ones where
    // "lu" only begins a word ("lúa").
    flood = rowsOf<{ id: string }>(await insert('bao-lu', 'Bão lũ ở miền Trung', 10_000))[0]!;
    for (let i = 0; i < SEARCH_COUNT_LIMIT + 5; i++)
      await insert(`mua-lua-${i}`, `Mùa lúa gạo số ${i}`, i);
  });
  afterAll(() => app.close());
  it('says a page past the last is not there, leads to the last one, and answers 404', async () => {
    const get = (page: number) =>
      fetch(`${app.url}/tim-kiem?q=lua&page=${page}`, {
        headers: { 'user-agent': 'Mozilla/5.0', cookie: 'dt_lang=vi' },
      });
    const last = await get(9);
    expect(last.status).toBe(200);
    expect(await last.text()).toContain('Trang 9 / 9');
    const past = await get(10);
    expect(past.status).toBe(404);
    const html = await past.text();
    expect(html).not.toContain('Trang 10 /');
    expect(html).toContain('Không có trang 10: danh sách có 9 trang. Về trang cuối');
    expect(html).not.toContain('Không tìm thấy bài viết phù hợp');
    expect(html).toContain('href="/tim-kiem?q=lua&amp;page=9"');
  });

  /** Every page's items, page after page, until an empty one. */
  async function allPages(q: string) {
    const limiter = createSearchLimiter(SEARCH_LIMITS);
    const seen: string[] = [];
    for (let page = 1; page < 20; page++) {
      const items = (await search({ db: app.database.db, limiter, q, page })).items;
      if (!items.length) break;
      seen.push(...items.map((i) => i.id));
    }
    return seen;
  }

  it('says "more than" the bound, still puts the whole word first, and pages on', async () => {
    const limiter = createSearchLimiter(SEARCH_LIMITS);
    const found = await search({ db: app.database.db, limiter, q: 'lu' });
    expect(found).toMatchObject({ total: SEARCH_COUNT_LIMIT, more: true, mode: 'words' });
    // Older than every "lúa" article counted, found as a whole word all the same.
    expect(found.items[0]!.id).toBe(flood.id);
    expect(found.items).toHaveLength(12);
    // The pages go on through the candidates (the newest SEARCH_COUNT_LIMIT, and the
    // article with the whole word): each on one page only, the same whatever page is asked.
    const seen = await allPages('lu');
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toHaveLength(SEARCH_COUNT_LIMIT + 1);
    expect(seen).toContain(flood.id);
  });

  it('pages through more whole-word matches than are counted without showing one twice', async () => {
    // An outside check: with 110 articles having every word whole, pages 8 to 10 repeated
    // some and never showed others (the candidates grew with the page asked for).
    for (let i = 0; i < SEARCH_COUNT_LIMIT + 10; i++)
      await insert(
        `ban-tin-${i}`,
        `Bản tin tổng hợp ${i}`,
        20_000 + i,
        'Nông thôn mới vượt mốc. '.repeat(1 + (i % 5)),
      );
    const seen = await allPages('nông thôn mới');
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toHaveLength(SEARCH_COUNT_LIMIT);
    // Numbered on from the page before.
    const page2 = await (
      await fetch(`${app.url}/tim-kiem?q=${encodeURIComponent('nông thôn mới')}&page=2`, {
        headers: { 'user-agent': 'Mozilla/5.0' },
      })
    ).text();
    expect(page2).toMatch(/<ol class="search-results" start="13"/);
  });

  it('tells the reader, in Vietnamese and English', async () => {
    const get = async (lang: string) =>
      (
        await fetch(`${app.url}/tim-kiem?q=lu`, {
          headers: { 'user-agent': 'Mozilla/5.0', cookie: `dt_lang=${lang}` },
        })
      ).text();
    expect(await get('vi')).toContain(`Hơn ${SEARCH_COUNT_LIMIT} kết quả cho “lu”`);
    expect(await get('en')).toContain(`More than ${SEARCH_COUNT_LIMIT} results for “lu”`);
  });
});

describe('a search the reader must mend, or that must wait', () => {
  let app: TestApp;
  const logged: { level: number; msg: string; err?: unknown }[] = [];
  beforeAll(async () => {
    app = await startTestApp({
      build: await loadServerBuild(),
      logger: pino(
        { level: 'info' },
        { write: (line: string) => void logged.push(JSON.parse(line)) },
      ),
    });
  });
  afterAll(() => app?.close());

  it('answers 400 with the reason, in Vietnamese and English, keeping what can be kept', async () => {
    const get = (q: string, lang: string) =>
      fetch(`${app.url}/tim-kiem?q=${encodeURIComponent(q)}`, {
        headers: { 'user-agent': 'Mozilla/5.0', cookie: `dt_lang=${lang}` },
      });
    for (const q of ['Đối\u0000thoại', 'a'.repeat(201)]) {
      const vi = await get(q, 'vi');
      expect(vi.status, q.slice(0, 20)).toBe(400);
      const html = await vi.text();
      expect(html).toContain('Từ khóa tìm kiếm không hợp lệ');
      expect(html).not.toContain('\u0000');
      const en = await get(q, 'en');
      expect(en.status).toBe(400);
      expect(await en.text()).toContain('The search words are not valid');
    }
    // The box keeps the words without the control character, to correct and search again.
    expect(await (await get('Đối\u0000thoại', 'vi')).text()).toMatch(/value="Đốithoại"/);
    // C1 controls and direction overrides are dropped, not shown back.
    const bidi = await (await get('Đối\u202Ethoại\u0085', 'vi')).text();
    expect(bidi).toMatch(/value="Đốithoại"/);
    expect(bidi).not.toMatch(/[\u0085\u202E]/);
    // Blank is no error: the empty search page.
    expect((await get('   ', 'vi')).status).toBe(200);
  });
  it('answers a page number that is no page of the list as not found; search results are known as the search page', async () => {
    await app.database.db.execute(
      sql`insert into news_categories (slug, name, position) values ('muc-trang', 'Mục trang', 9)`,
    );
    const get = (path: string) =>
      fetch(`${app.url}${path}`, {
        headers: { 'user-agent': 'Mozilla/5.0', cookie: 'dt_lang=vi' },
      });
    for (const page of ['-1', '0', '1.5', 'abc', '99999999999'])
      for (const path of [`/tim-kiem?q=so&page=${page}`, `/chuyen-muc/muc-trang?page=${page}`]) {
        const r = await get(path);
        expect(r.status, path).toBe(404);
        expect(await r.text()).toContain('Không tìm thấy trang');
      }
    expect((await get('/chuyen-muc/muc-trang?page=1')).status).toBe(200);
    const second = await get('/tim-kiem?q=chuyen+doi&page=1');
    expect(second.status).toBe(200);
    // Known as the search page, not as a page number without its words.
    const html = await second.text();
    expect(html).toMatch(/<link rel="canonical" href="[^"?]*\/tim-kiem"\/>/);
    // The box holds no more than a query may have.
    expect(html).toMatch(
      /<input[^>]*type="search"[^>]*maxLength="200"|<input[^>]*maxLength="200"[^>]*type="search"/,
    );
  });
  it('refuses searches beyond the queue with 503 and Retry-After, logged as a warning only', async () => {
    const { concurrency, queue } = SEARCH_LIMITS;
    const ask = (i: number, path: string) =>
      fetch(`${app.url}${path}${encodeURIComponent(`hoi nghi truc tuyen ${i} ${randomUUID()}`)}`, {
        headers: { 'user-agent': 'Mozilla/5.0', cookie: 'dt_lang=vi' },
      });
    const answers = await Promise.all(
      Array.from({ length: 2 * (concurrency + queue) + 10 }, (_, i) =>
        ask(i, i % 2 ? '/api/v1/news?q=' : '/tim-kiem?q='),
      ),
    );
    const refused = answers.filter((r) => r.status === 503);
    expect(refused.length).toBeGreaterThan(0);
    expect(answers.every((r) => r.status === 200 || r.status === 503)).toBe(true);
    for (const r of refused) {
      expect(r.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(await r.text()).toContain('nhiều người đang tìm kiếm');
    }
    // Expected under load: warnings, no error with a stack.
    await new Promise((r) => setTimeout(r, 100));
    expect(logged.filter((l) => l.level >= 50)).toEqual([]);
    expect(logged.some((l) => l.level === 40)).toBe(true);
  });
});
