// The conference record: built from a scripted session (roll call, turns, pauses,
// contributions), the numbers add up; the public record leaks nothing internal; the
// minutes are drafted from the secretary's notes, saved with a version and locked; the
// conclusions are published on the public page; each file parses back with its
// Vietnamese text in NFC; a news draft is made from the record.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conferenceMembers } from '../../db/schema/conferences.ts';
import { recordings } from '../../db/schema/recordings.ts';
import type { ConferenceRecord } from '../../protocol/reports.ts';
import { sendJson, startTestApp, type TestApp } from '../support/test-app.ts';

let app: TestApp;
let organiser: string;
let secretary: string;
let chair: string;
let operator: string;
let outsider: string;
let reporter: string;
let conferenceId: string;
let slug: string;
const sites: Record<string, string> = {};
const themes: string[] = [];
let units: { id: string; code: string; name: string }[] = [];
let mediaDir: string;

const api = (path: string, method = 'GET', body?: unknown, cookie = organiser) =>
  sendJson(`${app.url}/api/v1${path}`, method, body, { cookie });
const json = async (path: string, method = 'GET', body?: unknown, cookie = organiser) => {
  const res = await api(path, method, body, cookie);
  const data = await res.json();
  if (res.status >= 300)
    throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(data)}`);
  return data;
};
const command = (command: Record<string, unknown>, cookie = chair) =>
  json(
    `/conferences/${conferenceId}/live/commands`,
    'POST',
    {
      commandId: randomUUID(),
      command,
    },
    cookie,
  );
const record = (view: 'full' | 'public' = 'full', cookie = organiser) =>
  json(
    `/conferences/${conferenceId}/record?view=${view}`,
    'GET',
    undefined,
    cookie,
  ) as Promise<ConferenceRecord>;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function signedIn(roles: ('admin' | 'editor' | 'reporter')[] = []) {
  const u = await app.createUser({ roles });
  return { id: u.id, email: u.email, cookie: await app.signIn(u.email, u.password) };
}

beforeAll(async () => {
  mediaDir = await mkdtemp(join(tmpdir(), 'record-media-'));
  app = await startTestApp({
    env: { PUBLIC_URL: 'https://doithoai.example.gov.vn', MEDIA_DIR: mediaDir },
  });
  organiser = (await signedIn(['admin'])).cookie;
  const conf = await json('/conferences', 'POST', {
    title: 'Hội nghị đối thoại về chuyển đổi số cấp xã',
    theme: 'Dịch vụ công trực tuyến cho người dân',
    organiser: 'Văn phòng Ủy ban',
    startsAt: '2026-12-18T01:00:00Z',
    endsAt: '2026-12-18T04:00:00Z',
    themes: ['Dịch vụ công trực tuyến', 'Hạ tầng số ở xã'],
  });
  conferenceId = conf.id;
  slug = conf.slug;
  const full = await json(`/conferences/${conferenceId}`);
  themes.push(...full.themes.map((t: { id: string }) => t.id));
  await json(`/conferences/${conferenceId}/status`, 'POST', { status: 'scheduled' });
  units = await json('/units');
  for (const code of ['ha-noi', 'hue', 'lao-cai', 'ca-mau']) {
    const unit = units.find((u) => u.code === code)!;
    const site = await json(`/conferences/${conferenceId}/sites`, 'POST', {
      name: `Điểm cầu ${unit.name}`,
      unitId: unit.id,
      unitName: unit.name,
      isHost: code === 'ha-noi',
      techPhone: '0912 345 678',
      techEmail: `ky-thuat-${code}@example.gov.vn`,
    });
    sites[code] = site.id;
  }
  const member = async (role: string, siteId?: string) => {
    const u = await signedIn();
    await app.database.db
      .insert(conferenceMembers)
      .values({ conferenceId, userId: u.id, role: role as 'chair', siteId: siteId ?? null });
    return u.cookie;
  };
  chair = await member('chair');
  secretary = await member('secretary');
  operator = await member('site_operator', sites['hue']);
  outsider = (await signedIn()).cookie;
  reporter = (await signedIn(['reporter'])).cookie;
});
afterAll(() => app.close());

describe('conference record', () => {
  it('adds up a scripted session: roll call, turns, pauses, notes, contributions', async () => {
    await command({ type: 'session.open_check' });
    await command({ type: 'site.check_in', siteId: sites['ha-noi'], attendees: 120 });
    await command({ type: 'site.check_in', siteId: sites['hue'], attendees: 45 }, operator);
    await command({ type: 'site.absent', siteId: sites['ca-mau'], reason: 'Mất điện do bão số 9' });
    await command({ type: 'session.start' });
    const grant = async (site: string, theme: string, delegate: string) => {
      const res = await command({
        type: 'floor.grant',
        siteId: sites[site],
        themeId: theme,
        delegateName: delegate,
        minutes: 1,
      });
      return res.events.find((e: { type: string }) => e.type === 'floor.granted').turnId as string;
    };
    const t1 = await grant('hue', themes[0]!, 'Bà Nguyễn Thị Lan');
    await json(
      `/conferences/${conferenceId}/live/commands`,
      'POST',
      {
        commandId: randomUUID(),
        command: {
          type: 'minutes.add',
          text: 'Đề nghị liên thông dữ liệu dân cư với hồ sơ đất đai.',
        },
      },
      secretary,
    );
    await sleep(1200);
    await command({ type: 'session.pause' });
    await sleep(1000); // paused: not speaking time
    await command({ type: 'session.resume' });
    await sleep(300);
    await command({ type: 'floor.end', turnId: t1 });
    const t2 = await grant('lao-cai', themes[1]!, 'Ông Lò Văn Sáng');
    await sleep(500);
    await command({ type: 'floor.end', turnId: t2 });

    const contribution = async (theme: string, title: string) =>
      json(
        `/conferences/${conferenceId}/contributions`,
        'POST',
        {
          themeId: theme,
          kind: 'proposal',
          title,
          body: 'Nội dung kiến nghị đủ dài để được ghi nhận đầy đủ.',
          authorName: 'Trần Văn Bình',
          authorKind: 'citizen',
          email: 'binh@example.com',
          phone: '0987654321',
          consent: true,
          idempotencyKey: randomUUID(),
        },
        '',
      );
    const a = await contribution(themes[0]!, 'Mở rộng thanh toán trực tuyến lệ phí');
    const b = await contribution(themes[1]!, 'Phủ sóng di động ở các thôn vùng cao');
    await contribution(themes[1]!, 'Nội dung không phù hợp với chủ đề');
    await json(`/conferences/${conferenceId}/contributions/${a.id}/moderate`, 'POST', {
      action: 'publish',
    });
    await json(`/conferences/${conferenceId}/contributions/${a.id}/moderate`, 'POST', {
      action: 'status',
      status: 'adopted',
    });
    await json(`/conferences/${conferenceId}/contributions/${b.id}/moderate`, 'POST', {
      action: 'reject',
      reason: 'Trùng lặp với ý kiến đã có',
    });

    const r = await record();
    expect(r.totals).toMatchObject({
      sites: 4,
      present: 2,
      absent: 1,
      notCheckedIn: 1,
      attendees: 165,
      turns: 2,
      contributions: 3,
    });
    const hue = r.sites.find((s) => s.siteId === sites['hue'])!;
    expect(hue).toMatchObject({
      rollCall: 'present',
      attendees: 45,
      turns: 1,
      unitCode: 'hue',
      region: 'central',
    });
    expect(r.sites.find((s) => s.siteId === sites['ca-mau'])!.absenceReason).toBe(
      'Mất điện do bão số 9',
    );
    // The pause is not speaking time: 1.2 s + 0.3 s spoken, not 2.5 s.
    expect(r.turns[0]!.spokenSeconds).toBeLessThanOrEqual(2);
    expect(r.turns.map((t) => t.number)).toEqual([1, 2]);
    expect(r.turns[0]!.delegateName).toBe('Bà Nguyễn Thị Lan');
    expect(r.totals.spokenSeconds).toBe(r.turns.reduce((s, t) => s + t.spokenSeconds, 0));
    expect(r.sites.reduce((s, x) => s + x.turns, 0)).toBe(r.totals.turns);
    expect(r.themes.reduce((s, x) => s + x.turns, 0)).toBe(r.totals.turns);
    expect(r.themes.reduce((s, x) => s + x.contributions, 0)).toBe(r.totals.contributions);
    expect(r.contributionsByStatus.reduce((s, x) => s + x.count, 0)).toBe(3);
    expect(r.contributionsByStatus.find((x) => x.key === 'rejected')?.count).toBe(1);
    expect(r.adopted.map((x) => x.title)).toEqual(['Mở rộng thanh toán trực tuyến lệ phí']);
  });

  it('gives the public only the public record; others the full one by role', async () => {
    const pub = await record('public', '');
    const text = JSON.stringify(pub);
    expect(text).not.toContain('Mất điện');
    expect(text).not.toContain('Trùng lặp');
    expect(text).not.toContain('binh@example.com');
    expect(text).not.toContain('0912 345 678');
    expect(text).not.toContain('ky-thuat-');
    expect(pub.contributionsByStatus.map((x) => x.key)).not.toContain('rejected');
    expect(pub.totals.contributions).toBe(1);
    expect(pub.minutes).toBeNull();
    expect(pub.conclusions).toBeNull();
    // The full record: organiser, chair, secretary; not an operator, an outsider or anonymous.
    for (const cookie of [chair, secretary])
      expect(
        (await api(`/conferences/${conferenceId}/record`, 'GET', undefined, cookie)).status,
      ).toBe(200);
    expect(
      (await api(`/conferences/${conferenceId}/record`, 'GET', undefined, operator)).status,
    ).toBe(403);
    expect(
      (await api(`/conferences/${conferenceId}/record`, 'GET', undefined, outsider)).status,
    ).toBe(403);
    expect((await api(`/conferences/${conferenceId}/record`, 'GET', undefined, '')).status).toBe(
      401,
    );
    expect(
      (await api(`/conferences/${randomUUID()}/record?view=public`, 'GET', undefined, '')).status,
    ).toBe(404);
    expect((await api(`/conferences/not-an-id/record`, 'GET', undefined, '')).status).toBe(400);
    expect(
      (await api(`/conferences/${conferenceId}/record?view=secret`, 'GET', undefined, '')).status,
    ).toBe(400);
  });

  it('drafts the minutes from the notes, saves with a version, locks them for good', async () => {
    const doc = await json(
      `/conferences/${conferenceId}/record/minutes`,
      'GET',
      undefined,
      secretary,
    );
    expect(doc.version).toBe(0);
    expect(doc.draft).toContain('Đề nghị liên thông dữ liệu dân cư');
    expect(doc.draft).toContain('Bà Nguyễn Thị Lan');
    expect(doc.canEdit).toBe(true);
    const html = `${doc.draft}<p>Ghi chú của thư ký<script>alert(1)</script></p>`;
    const saved = await json(
      `/conferences/${conferenceId}/record/minutes`,
      'PUT',
      { html, version: 0 },
      secretary,
    );
    expect(saved.version).toBe(1);
    // A second editor who started from version 0 does not overwrite it.
    const stale = await api(
      `/conferences/${conferenceId}/record/minutes`,
      'PUT',
      { html: '<p>Khác</p>', version: 0 },
      organiser,
    );
    expect(stale.status).toBe(409);
    // Not the operator's, nor the public's.
    expect(
      (
        await api(
          `/conferences/${conferenceId}/record/minutes`,
          'PUT',
          { html: '<p>x</p>', version: 1 },
          operator,
        )
      ).status,
    ).toBe(403);
    expect(
      (
        await api(
          `/conferences/${conferenceId}/record/minutes`,
          'PUT',
          { html: '<p>x</p>', version: 1 },
          '',
        )
      ).status,
    ).toBe(401);
    const full = await record();
    expect(full.minutes!.html).not.toContain('<script');
    expect(full.minutes!.html).toContain('Ghi chú của thư ký');
    const locked = await json(
      `/conferences/${conferenceId}/record/minutes/finish`,
      'POST',
      {},
      chair,
    );
    expect(locked.lockedAt).toBeGreaterThan(0);
    expect(
      (
        await api(
          `/conferences/${conferenceId}/record/minutes`,
          'PUT',
          { html: '<p>Sửa sau khi khóa</p>', version: 1 },
          secretary,
        )
      ).status,
    ).toBe(409);
    expect(
      (await api(`/conferences/${conferenceId}/record/minutes/finish`, 'POST', {}, secretary))
        .status,
    ).toBe(409);
    const after = await record();
    expect(after.minutes!.lockedBy).toBeTruthy();
    const pubMinutes = (await record('public', '')).minutes!;
    expect(pubMinutes.html).toContain('Ghi chú của thư ký');
    // Staff names stay inside.
    expect(pubMinutes.lockedBy).toBeNull();
    expect(pubMinutes.updatedBy).toBeNull();
  });

  it('refuses a document nested deeper than anyone writes, keeping what was stored', async () => {
    const before = (await record()).conclusions!.html;
    const deep = '<ul><li>'.repeat(200) + 'x' + '</li></ul>'.repeat(200);
    const res = await api(
      `/conferences/${conferenceId}/record/conclusions`,
      'PUT',
      { html: deep, version: 0 },
      chair,
    );
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toContain('lồng quá nhiều cấp');
    expect((await record()).conclusions!.html).toBe(before);
  });

  it('drafts the conclusions from the adopted contributions and publishes them', async () => {
    const doc = await json(
      `/conferences/${conferenceId}/record/conclusions`,
      'GET',
      undefined,
      chair,
    );
    expect(doc.draft).toContain('Mở rộng thanh toán trực tuyến lệ phí');
    // Empty conclusions cannot be published.
    expect(
      (await api(`/conferences/${conferenceId}/record/conclusions/finish`, 'POST', {}, chair))
        .status,
    ).toBe(409);
    await json(
      `/conferences/${conferenceId}/record/conclusions`,
      'PUT',
      { html: doc.draft, version: 0 },
      chair,
    );
    expect(
      (await api(`/conferences/${conferenceId}/record/conclusions/finish`, 'POST', {}, secretary))
        .status,
    ).toBe(403);
    await json(`/conferences/${conferenceId}/record/conclusions/finish`, 'POST', {}, chair);
    const pub = await record('public', '');
    expect(pub.conclusions!.html).toContain('Mở rộng thanh toán trực tuyến lệ phí');
    await json(
      `/conferences/${conferenceId}/record/conclusions/finish`,
      'POST',
      { publish: false },
      chair,
    );
    expect((await record('public', '')).conclusions).toBeNull();
    await json(
      `/conferences/${conferenceId}/record/conclusions/finish`,
      'POST',
      { publish: true },
      chair,
    );
    // Edits after publication are a draft: the public keeps the published text until the
    // chair publishes again (the secretary may draft, not publish).
    await json(
      `/conferences/${conferenceId}/record/conclusions`,
      'PUT',
      { html: '<p>Bản sửa của thư ký, chưa công bố.</p>', version: 1 },
      secretary,
    );
    expect((await record('public', '')).conclusions!.html).toContain(
      'Mở rộng thanh toán trực tuyến lệ phí',
    );
    expect((await record('public', '')).conclusions!.html).not.toContain('Bản sửa của thư ký');
    expect((await record()).conclusions!.unpublishedChanges).toBe(true);
    await json(`/conferences/${conferenceId}/record/conclusions/finish`, 'POST', {}, chair);
    expect((await record('public', '')).conclusions!.html).toContain('Bản sửa của thư ký');
    await json(
      `/conferences/${conferenceId}/record/conclusions`,
      'PUT',
      { html: doc.draft, version: 2 },
      chair,
    );
    await json(`/conferences/${conferenceId}/record/conclusions/finish`, 'POST', {}, chair);
  });

  it('writes every file, which parses back with the Vietnamese text in NFC', async () => {
    const file = async (query: string, cookie = organiser) => {
      const res = await api(
        `/conferences/${conferenceId}/record/file?${query}`,
        'GET',
        undefined,
        cookie,
      );
      expect(res.status, query).toBe(200);
      return {
        type: res.headers.get('content-type'),
        disposition: res.headers.get('content-disposition'),
        data: Buffer.from(await res.arrayBuffer()),
      };
    };
    const nfc = (s: string) => s.normalize('NFC');

    const pdf = await file('kind=pdf');
    expect(pdf.type).toBe('application/pdf');
    const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const doc = await getDocument({ data: new Uint8Array(pdf.data) }).promise;
    let text = '';
    for (let i = 1; i <= doc.numPages; i++) {
      const page = await doc.getPage(i);
      text += (await page.getTextContent()).items.map((x) => ('str' in x ? x.str : '')).join(' ');
    }
    expect(text.normalize('NFC')).toContain(nfc('Điểm cầu Thành phố Huế'));
    expect(text.normalize('NFC')).toContain(nfc('Bà Nguyễn Thị Lan'));

    for (const kind of ['minutes', 'report']) {
      const docx = await file(`kind=${kind}`);
      const zip = await JSZip.loadAsync(docx.data);
      const xml = await zip.file('word/document.xml')!.async('string');
      expect(xml).toContain(nfc('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'));
      expect(xml).toContain(nfc('Độc lập - Tự do - Hạnh phúc'));
      expect(xml.normalize('NFC')).toBe(xml);
    }
    const minutes = await JSZip.loadAsync((await file('kind=minutes')).data);
    expect(await minutes.file('word/document.xml')!.async('string')).toContain(
      nfc('Ghi chú của thư ký'),
    );

    const xlsx = await file('kind=xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.data as unknown as ArrayBuffer);
    expect(wb.worksheets.length).toBeGreaterThanOrEqual(5);
    const values = JSON.stringify(wb.worksheets.map((ws) => ws.getSheetValues()));
    expect(values).toContain(nfc('Điểm cầu Tỉnh Lào Cai'));

    const csv = await file('kind=csv&table=turns');
    const csvText = csv.data.toString('utf8');
    expect(csvText.charCodeAt(0)).toBe(0xfeff);
    expect(csvText).toContain(nfc('Ông Lò Văn Sáng'));

    // The public's files hold the public record only.
    const pubCsv = (await file('kind=csv&table=sites&view=public', '')).data.toString('utf8');
    expect(pubCsv).not.toContain('Mất điện');
    const pubXlsx = await file('kind=xlsx&view=public', '');
    const pwb = new ExcelJS.Workbook();
    await pwb.xlsx.load(pubXlsx.data as unknown as ArrayBuffer);
    expect(JSON.stringify(pwb.worksheets.map((ws) => ws.getSheetValues()))).not.toContain(
      'Trùng lặp',
    );
    expect(
      (await api(`/conferences/${conferenceId}/record/file?kind=pdf`, 'GET', undefined, '')).status,
    ).toBe(401);
    expect(
      (await api(`/conferences/${conferenceId}/record/file?kind=exe`, 'GET', undefined, '')).status,
    ).toBe(400);
  });

  it('makes a news draft from the record, with links from PUBLIC_URL', async () => {
    // A chair without a newsroom role may not; a press officer (newsroom role, no role in
    // the conference) may, for a conference the public sees; so may the organiser here (an
    // administrator, in the newsroom).
    expect(
      (await api(`/conferences/${conferenceId}/record/news-draft`, 'POST', {}, chair)).status,
    ).toBe(403);
    expect(
      (await api(`/conferences/${conferenceId}/record/news-draft`, 'POST', {}, outsider)).status,
    ).toBe(403);
    expect(
      (await api(`/conferences/${conferenceId}/record/news-draft`, 'POST', {}, reporter)).status,
    ).toBe(201);
    const draft = await json(
      `/conferences/${conferenceId}/record/news-draft`,
      'POST',
      {},
      organiser,
    );
    const { article, links } = await json(`/articles/${draft.id}`, 'GET');
    expect(article.status).toBe('draft');
    expect(article.title).toContain('Hội nghị đối thoại về chuyển đổi số cấp xã');
    expect(article.summary).toContain('4 điểm cầu');
    expect(article.bodyHtml, article.bodyHtml).toContain('Mở rộng thanh toán trực tuyến lệ phí');
    expect(article.bodyHtml).toContain(`https://doithoai.example.gov.vn/hoi-nghi/${slug}/ket-qua`);
    expect(article.bodyHtml).not.toContain('Trùng lặp');
    expect(links.map((l: { url: string }) => l.url)).toContain(
      `https://doithoai.example.gov.vn/hoi-nghi/${slug}`,
    );
    expect(article.conferenceId).toBe(conferenceId);
  });

  it("puts frames of the conference's recording into the news draft", async () => {
    const path = `recordings/${conferenceId}/ban-ghi.mp4`;
    await mkdir(join(mediaDir, 'recordings', conferenceId), { recursive: true });
    await promisify(execFile)('ffmpeg', [
      ...['-hide_banner', '-loglevel', 'error', '-f', 'lavfi'],
      ...['-i', 'testsrc=size=640x360:rate=25', '-t', '8', '-pix_fmt', 'yuv420p'],
      join(mediaDir, path),
    ]);
    const chapter = (start: number, siteName: string, delegateName: string) => ({
      start,
      end: start + 4,
      title: siteName,
      siteName,
      delegateName,
      themeTitle: null,
      turn: true,
    });
    const [recording] = await app.database.db
      .insert(recordings)
      .values({
        conferenceId,
        endedSeq: 10_000,
        status: 'ready',
        path,
        finishedAt: new Date(),
        chapters: [
          chapter(0, 'Điểm cầu Thành phố Huế', 'Bà Nguyễn Thị Lan'),
          chapter(4, 'Điểm cầu Tỉnh Lào Cai', 'Ông Lò Văn Sáng'),
        ],
      })
      .returning();
    const draft = await json(`/conferences/${conferenceId}/record/news-draft`, 'POST', {});
    const { article } = await json(`/articles/${draft.id}`, 'GET');
    const photos = article.bodyHtml.match(/<img src="\/anh\/[\w-]+\/\d+\.webp"/g) ?? [];
    expect(photos).toHaveLength(2);
    expect(article.bodyHtml).toContain('Bà Nguyễn Thị Lan');
    expect(article.bodyHtml).toContain(
      `<video src="/media/recordings/${conferenceId}/${recording!.id}.mp4"`,
    );
    expect(article.coverPhotoId).toBeTruthy();
  });
});
