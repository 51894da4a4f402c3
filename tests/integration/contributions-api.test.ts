import sharp from 'sharp';
import { randomUUID } from 'node:crypto';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conferenceMembers } from '../../db/schema/conferences.ts';
import { contributions } from '../../db/schema/contributions.ts';
import { SUBMIT_LIMIT } from '../../domain/contributions/submit-contribution.ts';
import JSZip from 'jszip';
import { docxBytes, pdfBytes } from '../support/builders.ts';
import { sendJson, startTestApp, type TestApp } from '../support/test-app.ts';

let app: TestApp;
let admin: string;
let editor: string;
let organiser: string;
let outsider: string;
let otherEditor: string;
let conferenceId: string;
let themeId: string;
let ipCounter = 0;
// Each test speaks from its own address, so the per-address limit is its own.
const freshIp = () => `198.51.100.${++ipCounter}`;

beforeAll(async () => {
  app = await startTestApp({ env: { TRUST_PROXY: '1' } });
  const a = await app.createUser({ roles: ['admin'] });
  admin = await app.signIn(a.email, a.password);
  const e = await app.createUser({ roles: ['editor'] });
  editor = await app.signIn(e.email, e.password);
  const o = await app.createUser();
  organiser = await app.signIn(o.email, o.password);
  const x = await app.createUser();
  outsider = await app.signIn(x.email, x.password);
  const conf = await (
    await sendJson(
      `${app.url}/api/v1/conferences`,
      'POST',
      {
        title: 'Hội nghị lấy ý kiến về chuyển đổi số',
        theme: 'Chuyển đổi số',
        organiser: 'Ban Tổ chức',
        startsAt: '2026-12-18T01:00:00Z',
        endsAt: '2026-12-18T04:00:00Z',
        themes: ['Chuyển đổi số', 'Tăng trưởng xanh'],
      },
      { cookie: admin },
    )
  ).json();
  conferenceId = conf.id;
  await sendJson(
    `${app.url}/api/v1/conferences/${conferenceId}/status`,
    'POST',
    { status: 'scheduled' },
    { cookie: admin },
  );
  const overview = await (
    await fetch(`${app.url}/api/v1/conferences/${conferenceId}`, { headers: { cookie: admin } })
  ).json();
  themeId = overview.themes[0].id;
  await app.database.db.insert(conferenceMembers).values([
    { conferenceId, userId: o.id, role: 'organiser' },
    // The newsroom's editor moderates this conference because it gave them the role.
    { conferenceId, userId: e.id, role: 'moderator' },
  ]);
  const g = await app.createUser({ roles: ['editor'] });
  otherEditor = await app.signIn(g.email, g.password);
});
afterAll(() => app.close());

const base = () => `${app.url}/api/v1/conferences/${conferenceId}/contributions`;
function proposal(extra: Record<string, unknown> = {}) {
  return {
    themeId,
    kind: 'proposal',
    title: 'Đẩy mạnh chuyển đổi số ở cấp xã',
    body: 'Đề nghị bố trí mỗi xã một cán bộ chuyên trách chuyển đổi số và kinh phí đào tạo hằng năm.',
    authorName: 'Phạm Văn Dân',
    authorKind: 'citizen',
    province: 'Tỉnh Nghệ An',
    email: 'pham.van.dan@example.vn',
    consent: true,
    idempotencyKey: randomUUID(),
    ...extra,
  };
}
async function submit(body: Record<string, unknown>, headers: Record<string, string> = {}) {
  return sendJson(base(), 'POST', body, { 'x-forwarded-for': freshIp(), ...headers });
}
async function submitted(extra: Record<string, unknown> = {}) {
  const res = await submit(proposal(extra));
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; trackingPath: string };
}
const moderate = (id: string, body: unknown, cookie = editor) =>
  sendJson(`${base()}/${id}/moderate`, 'POST', body, { cookie });
const list = async (query = '') =>
  (await (await fetch(`${base()}${query}`)).json()) as {
    items: { id: string; title: string }[];
    total: number;
  };

describe('sending', () => {
  it('a citizen sends a proposal; it waits for moderation, then appears and is found without diacritics', async () => {
    const { id, trackingPath } = await submitted({
      title: 'Chuyển đổi số cho hợp tác xã nông nghiệp',
    });
    expect(trackingPath).toMatch(/^\/y-kien\/theo-doi\//);
    expect((await list()).items.map((i) => i.id)).not.toContain(id);
    expect((await moderate(id, { action: 'publish' })).status).toBe(200);
    const found = await list('?q=chuyen%20doi%20so%20hop%20tac%20xa');
    expect(found.items.map((i) => i.id)).toContain(id);
    const detail = await (await fetch(`${base()}/${id}`)).json();
    expect(detail.contribution.email).toBeUndefined();
    expect(detail.contribution.authorName).toBe('Phạm Văn Dân');
  });

  it('stores a submission sent 20 times at once only once', async () => {
    const body = proposal();
    const ip = freshIp();
    const results = await Promise.all(
      Array.from({ length: 20 }, () => submit(body, { 'x-forwarded-for': ip })),
    );
    expect(results.map((r) => r.status)).toEqual(new Array(20).fill(201));
    const ids = new Set(await Promise.all(results.map(async (r) => (await r.json()).id)));
    expect(ids.size).toBe(1);
    const [row] = await app.database.db
      .select({ n: count() })
      .from(contributions)
      .where(eq(contributions.idempotencyKey, body.idempotencyKey));
    expect(row!.n).toBe(1);
  });

  it(`refuses the ${SUBMIT_LIMIT.perAddress + 1}th new submission from one address with 429 in Vietnamese`, async () => {
    const ip = freshIp();
    for (let i = 0; i < SUBMIT_LIMIT.perAddress; i++) {
      expect((await submit(proposal(), { 'x-forwarded-for': ip })).status).toBe(201);
    }
    const res = await submit(proposal(), { 'x-forwarded-for': ip });
    expect(res.status).toBe(429);
    expect((await res.json()).error.message).toBe(
      'Bạn đã thử quá nhiều lần. Vui lòng thử lại sau 10 phút.',
    );
    // Another address is not affected.
    expect((await submit(proposal())).status).toBe(201);
  });

  it('counts the address the proxy saw, not what the client wrote in X-Forwarded-For', async () => {
    // Behind one proxy (TRUST_PROXY=1): the proxy appends the address it saw; whatever
    // the client put before it changes nothing.
    const ip = freshIp();
    const statuses = [];
    for (let i = 0; i < SUBMIT_LIMIT.perAddress + 2; i++) {
      statuses.push(
        (await submit(proposal(), { 'x-forwarded-for': `${freshIp()}, ${freshIp()}, ${ip}` }))
          .status,
      );
    }
    expect(statuses.filter((s) => s === 201)).toHaveLength(SUBMIT_LIMIT.perAddress);
    expect(statuses.at(-1)).toBe(429);
    // One IPv6 /64 is one address, whichever of its addresses sends.
    const v6 = [];
    for (let i = 1; i <= SUBMIT_LIMIT.perAddress + 2; i++) {
      v6.push((await submit(proposal(), { 'x-forwarded-for': `2001:db8:1:2::${i}` })).status);
    }
    expect(v6.filter((s) => s === 201)).toHaveLength(SUBMIT_LIMIT.perAddress);
  });

  it('refuses robots, missing consent and missing contact details', async () => {
    const bot = await submit(proposal({ website: 'http://spam.example' }));
    expect(bot.status).toBe(400);
    // The answer does not name the trap.
    expect(JSON.stringify(await bot.json())).not.toMatch(/website/i);
    const noConsent = await submit(proposal({ consent: false }));
    expect((await noConsent.json()).error.fields.consent).toBe(
      'Cần đồng ý để Ban tổ chức sử dụng thông tin liên hệ.',
    );
    const noContact = await submit(proposal({ email: undefined }));
    expect((await noContact.json()).error.fields.email).toBe(
      'Cần để lại e-mail hoặc số điện thoại.',
    );
    const tooLong = await submit(proposal({ body: 'x'.repeat(10_001) }));
    expect((await tooLong.json()).error.fields.body).toBe('Tối đa 10000 ký tự.');
    const foreignTheme = await submit(proposal({ themeId: randomUUID() }));
    expect(foreignTheme.status).toBe(400);
  });

  it('takes attachments checked by content: up to three, 10 MB each', async () => {
    const form = (files: { name: string; data: Buffer }[]) => {
      const f = new FormData();
      for (const [k, v] of Object.entries(proposal())) f.set(k, String(v));
      for (const file of files) f.append('files', new Blob([new Uint8Array(file.data)]), file.name);
      return fetch(base(), { method: 'POST', body: f, headers: { 'x-forwarded-for': freshIp() } });
    };
    // A phone photo: EXIF with the author and where it was taken.
    const photo = await sharp({
      create: { width: 64, height: 48, channels: 3, background: '#2a6f3e' },
    })
      .jpeg()
      .withExif({
        IFD0: { Artist: 'Nguyen Van Chup', Model: 'Dien thoai' },
        IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '21/1 1/1 30/1' },
      })
      .toBuffer();
    expect((await sharp(photo).metadata()).exif).toBeDefined();
    const png = await sharp({
      create: { width: 8, height: 8, channels: 4, background: '#ffffff' },
    })
      .png()
      .toBuffer();
    const ok = await form([
      { name: 'đề xuất của xã.pdf', data: pdfBytes() },
      { name: 'ảnh hiện trường.jpg', data: photo },
      { name: 'sơ đồ.png', data: png },
    ]);
    expect(ok.status).toBe(201);
    const { id } = await ok.json();
    await moderate(id, { action: 'publish' });
    const detail = await (await fetch(`${base()}/${id}`)).json();
    const names = detail.attachments.map((a: { name: string }) => a.name);
    expect(names).toEqual(
      expect.arrayContaining(['đề xuất của xã.pdf', 'ảnh hiện trường.jpg', 'sơ đồ.png']),
    );
    const photoAttachment = detail.attachments.find(
      (a: { name: string }) => a.name === 'ảnh hiện trường.jpg',
    );
    const file = await fetch(`${base()}/${id}/attachments/${photoAttachment.attachmentId}`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toContain(
      `filename*=UTF-8''${encodeURIComponent('ảnh hiện trường.jpg')}`,
    );
    const stored = Buffer.from(await file.arrayBuffer());
    const meta = await sharp(stored).metadata();
    expect(meta.exif).toBeUndefined();
    expect(meta.width).toBe(64);
    expect(stored.includes(Buffer.from('Nguyen Van Chup'))).toBe(false);

    expect(
      (await form([{ name: 'hoa-don.pdf', data: Buffer.from('MZ not a pdf at all') }])).status,
    ).toBe(415);
    // A Word file that would unpack to more than 100 MB: refused before anything opens it.
    const bomb = await JSZip.loadAsync(await docxBytes());
    bomb.file('word/media/padding.bin', Buffer.alloc(110 * 1024 * 1024));
    const bombBytes = await bomb.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    const refused = await form([{ name: 'de-an.docx', data: bombBytes }]);
    expect(refused.status).toBe(400);
    expect((await refused.json()).error.fields.file).toMatch(/quá nhiều dữ liệu/);
    expect(
      (await form(Array.from({ length: 4 }, (_, i) => ({ name: `${i}.pdf`, data: pdfBytes() }))))
        .status,
    ).toBe(400);
    expect(
      (
        await form([
          { name: 'lon.pdf', data: Buffer.concat([pdfBytes(), Buffer.alloc(10 * 1024 * 1024)]) },
        ])
      ).status,
    ).toBe(413);
  });
});

describe('moderation', () => {
  it('follows the allowed status transitions only', async () => {
    const cases: [string[], string, number][] = [
      [[], 'under_consideration', 409],
      [[], 'adopted', 409],
      [['publish'], 'under_consideration', 200],
      [['publish', 'under_consideration'], 'answered', 200],
      [['publish', 'under_consideration', 'answered'], 'adopted', 200],
      [['publish'], 'adopted', 200],
    ];
    for (const [path, to, status] of cases) {
      const { id } = await submitted();
      for (const step of path) {
        const body =
          step === 'publish' ? { action: 'publish' } : { action: 'status', status: step };
        expect((await moderate(id, body)).status).toBe(200);
      }
      expect(
        (await moderate(id, { action: 'status', status: to })).status,
        `${path.join('→')}→${to}`,
      ).toBe(status);
    }
    const { id } = await submitted();
    expect((await moderate(id, { action: 'reject' })).status).toBe(400);
    expect((await moderate(id, { action: 'reject', reason: 'Trùng lặp nội dung' })).status).toBe(
      200,
    );
    expect((await moderate(id, { action: 'status', status: 'answered' })).status).toBe(409);
    expect((await moderate(id, { action: 'publish' })).status).toBe(200);
  });

  it('shows the rejection reason to the author through the tracking link', async () => {
    const { id, trackingPath } = await submitted();
    await moderate(id, { action: 'reject', reason: 'Nội dung không thuộc chủ đề hội nghị' });
    const token = trackingPath.split('/').pop();
    const track = await (await fetch(`${app.url}/api/v1/contributions/track/${token}`)).json();
    expect(track).toMatchObject({
      status: 'rejected',
      rejectReason: 'Nội dung không thuộc chủ đề hội nghị',
    });
  });

  it('is for the conference’s moderators, organisers and administrators only; answering for organisers', async () => {
    const { id } = await submitted();
    // A global editor without the conference's moderator role: no queue, no contacts.
    expect((await fetch(`${base()}/queue`, { headers: { cookie: otherEditor } })).status).toBe(403);
    expect((await moderate(id, { action: 'publish' }, otherEditor)).status).toBe(403);
    expect(
      (await fetch(`${base()}/export?format=csv`, { headers: { cookie: otherEditor } })).status,
    ).toBe(403);
    expect(
      (
        await fetch(`${app.url}/api/v1/conferences/${conferenceId}`, {
          headers: { cookie: otherEditor },
        })
      ).status,
    ).toBe(403);
    expect((await sendJson(`${base()}/${id}/moderate`, 'POST', { action: 'publish' })).status).toBe(
      401,
    );
    expect((await moderate(id, { action: 'publish' }, outsider)).status).toBe(403);
    expect((await fetch(`${base()}/queue`, { headers: { cookie: outsider } })).status).toBe(403);
    expect((await moderate(id, { action: 'publish' }, organiser)).status).toBe(200);
    const answer = { answer: 'Ban Tổ chức tiếp thu và sẽ đưa vào kết luận của hội nghị.' };
    expect(
      (await sendJson(`${base()}/${id}/answer`, 'POST', answer, { cookie: editor })).status,
    ).toBe(403);
    const res = await sendJson(`${base()}/${id}/answer`, 'POST', answer, { cookie: organiser });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'answered', answer: answer.answer });
    const queue = await (await fetch(`${base()}/queue`, { headers: { cookie: editor } })).json();
    expect(queue.items.find((q: { id: string }) => q.id === id).email).toBe(
      'pham.van.dan@example.vn',
    );
  });

  it('pages the queue, so no contribution is ever out of reach', async () => {
    await app.database.db.insert(contributions).values(
      Array.from({ length: 120 }, (_, i) => ({
        conferenceId,
        themeId,
        kind: 'question' as const,
        title: `Câu hỏi số ${i + 1} gửi về hội nghị`,
        body: 'Nội dung câu hỏi đủ dài để được lưu lại.',
        authorName: 'Người dân',
        authorKind: 'citizen' as const,
        idempotencyKey: `queue-paging-${i}`,
        trackingId: `queue-paging-${i}`,
      })),
    );
    const page = async (n: number) =>
      (await fetch(`${base()}/queue?page=${n}`, { headers: { cookie: editor } })).json();
    const first = await page(1);
    expect(first.pageSize).toBe(50);
    expect(first.total).toBeGreaterThanOrEqual(120);
    const all: string[] = [];
    for (let n = 1; n <= Math.ceil(first.total / 50); n++) {
      all.push(...(await page(n)).items.map((i: { id: string }) => i.id));
    }
    expect(all).toHaveLength(first.total);
    expect(new Set(all).size).toBe(first.total);
  });

  it('fixes typos with the change kept in the history, and pins', async () => {
    const { id } = await submitted({ title: 'Chuyen doi so cap xa' });
    const edit = await sendJson(
      `${base()}/${id}`,
      'PATCH',
      { title: 'Chuyển đổi số cấp xã', note: 'Thêm dấu' },
      { cookie: editor },
    );
    expect(edit.status).toBe(200);
    await moderate(id, { action: 'publish' });
    await moderate(id, { action: 'pin', pinned: true });
    const history = await (
      await fetch(`${base()}/${id}/history`, { headers: { cookie: editor } })
    ).json();
    expect(history.map((h: { action: string }) => h.action)).toEqual([
      'submitted',
      'edited',
      'status',
      'pinned',
    ]);
    expect(history[1].details).toMatchObject({
      before: { title: 'Chuyen doi so cap xa' },
      after: { title: 'Chuyển đổi số cấp xã' },
    });
    expect((await list()).items[0]!.id).toBe(id);
  });

  it('suggests duplicates and merges one into another, supports and all', async () => {
    const a = await submitted({ title: 'Xây dựng kho dữ liệu dùng chung của tỉnh' });
    const b = await submitted({ title: 'Xay dung kho du lieu dung chung cua tinh' });
    await moderate(a.id, { action: 'publish' });
    await moderate(b.id, { action: 'publish' });
    const similar = await (
      await fetch(`${base()}/${b.id}/similar`, { headers: { cookie: editor } })
    ).json();
    expect(similar[0].id).toBe(a.id);
    for (const cookie of [outsider, organiser]) {
      expect(
        (await sendJson(`${base()}/${b.id}/support`, 'POST', undefined as never, { cookie }))
          .status,
      ).toBe(200);
    }
    await sendJson(`${base()}/${a.id}/support`, 'POST', undefined as never, { cookie: outsider });
    const merged = await sendJson(
      `${base()}/${b.id}/merge`,
      'POST',
      { intoId: a.id },
      { cookie: editor },
    );
    expect(merged.status).toBe(200);
    const target = await (await fetch(`${base()}/${a.id}`)).json();
    expect(target.contribution.supportCount).toBe(2);
    expect((await list()).items.map((i) => i.id)).not.toContain(b.id);
    const gone = await (await fetch(`${base()}/${b.id}`)).json();
    expect(gone.mergedInto).toEqual({
      id: a.id,
      title: 'Xây dựng kho dữ liệu dùng chung của tỉnh',
    });
  });
});

describe('supports', () => {
  it('counts one per signed-in user', async () => {
    const { id } = await submitted();
    expect(
      (await sendJson(`${base()}/${id}/support`, 'POST', undefined as never, { cookie: outsider }))
        .status,
    ).toBe(404);
    await moderate(id, { action: 'publish' });
    const first = await (
      await fetch(`${base()}/${id}/support`, { method: 'POST', headers: { cookie: outsider } })
    ).json();
    const again = await (
      await fetch(`${base()}/${id}/support`, { method: 'POST', headers: { cookie: outsider } })
    ).json();
    expect(first).toEqual({ supportCount: 1, added: true });
    expect(again).toEqual({ supportCount: 1, added: false });
    expect((await fetch(`${base()}/${id}/support`, { method: 'POST' })).status).toBe(401);
    const top = await list('?sort=supported');
    expect(top.items.length).toBeGreaterThan(0);
  });
});

describe('export', () => {
  it('writes text that looks like a formula as text, never as a formula', async () => {
    await submitted({
      title: '=HYPERLINK("http://evil.example","Bấm vào đây")',
      authorName: '@SUM(1+1)',
      body: '-2+3 là nội dung bắt đầu bằng dấu trừ, đủ dài để hợp lệ.',
    });
    const csv = await (
      await fetch(`${base()}/export?format=csv`, { headers: { cookie: editor } })
    ).text();
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""Bấm vào đây"")"`);
    expect(csv).toContain("'@SUM(1+1)");
    expect(csv).toContain("'-2+3 là nội dung");
    // No cell of the file starts a formula.
    for (const line of csv.split(/\r?\n/)) {
      for (const cell of line.split(',')) expect(cell.replace(/^"/, '')).not.toMatch(/^[=+@-]/);
    }
  });

  it('writes every contribution with its status as CSV', async () => {
    const csv = await (
      await fetch(`${base()}/export?format=csv`, { headers: { cookie: editor } })
    ).text();
    expect(csv).toContain('Trạng thái');
    expect(csv).toContain('Đã đăng');
    expect(csv).toContain('Từ chối');
    expect(
      (await fetch(`${base()}/export?format=xlsx`, { headers: { cookie: outsider } })).status,
    ).toBe(403);
  });
});
