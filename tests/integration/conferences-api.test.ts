import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { conferenceSites, delegates } from '../../db/schema/conferences.ts';
import { docxBytes, pdfBytes, pngBytes, PROVINCES, xlsxBytes } from '../support/builders.ts';
import { sendJson, startTestApp, type TestApp } from '../support/test-app.ts';

let app: TestApp;
let cookie: string;
let api: (
  path: string,
  init?: { method?: string; body?: unknown; cookie?: string },
) => Promise<Response>;

beforeAll(async () => {
  app = await startTestApp();
  const admin = await app.createUser({ roles: ['admin'] });
  cookie = await app.signIn(admin.email, admin.password);
  api = (path, init = {}) =>
    init.body === undefined
      ? fetch(`${app.url}/api/v1${path}`, {
          method: init.method ?? 'GET',
          headers: { cookie: init.cookie ?? cookie },
        })
      : sendJson(`${app.url}/api/v1${path}`, init.method ?? 'POST', init.body, {
          cookie: init.cookie ?? cookie,
        });
});
afterAll(() => app.close());

async function newConference(extra: Record<string, unknown> = {}) {
  const res = await api('/conferences', {
    body: {
      title: 'Hội nghị đối thoại về chuyển đổi số năm 2026',
      theme: 'Chuyển đổi số từ cơ sở',
      organiser: 'Ban Tổ chức',
      startsAt: '2026-12-18T01:00:00Z',
      endsAt: '2026-12-18T04:30:00Z',
      themes: ['Chuyển đổi số', 'Tăng trưởng xanh', 'Chính phủ điện tử'],
      ...extra,
    },
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; slug: string };
}

function upload(
  path: string,
  fields: Record<string, string>,
  file?: { name: string; data: Buffer; type?: string },
  as = cookie,
) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  if (file)
    form.set(
      'file',
      new Blob([new Uint8Array(file.data)], { type: file.type ?? 'application/octet-stream' }),
      file.name,
    );
  return fetch(`${app.url}/api/v1${path}`, { method: 'POST', headers: { cookie: as }, body: form });
}

describe('units directory', () => {
  it('ships the 34 provincial-level units and the ministries', async () => {
    const units = (await (await api('/units')).json()) as {
      kind: string;
      name: string;
      region: string;
    }[];
    const provincial = units.filter((u) => u.kind === 'city' || u.kind === 'province');
    expect(provincial).toHaveLength(34);
    expect(
      units
        .filter((u) => u.kind === 'city')
        .map((u) => u.name)
        .sort(),
    ).toEqual(
      [
        'Thành phố Cần Thơ',
        'Thành phố Huế',
        'Thành phố Hà Nội',
        'Thành phố Hải Phòng',
        'Thành phố Hồ Chí Minh',
        'Thành phố Đà Nẵng',
      ].sort(),
    );
    expect(units.map((u) => u.name)).toContain('Bộ Khoa học và Công nghệ');
    expect(provincial.every((u) => ['north', 'central', 'south'].includes(u.region))).toBe(true);
  });
});

describe('conference set-up', () => {
  it('creates a conference with a slug without diacritics, unique', async () => {
    const a = await newConference();
    const b = await newConference();
    expect(a.slug).toBe('hoi-nghi-doi-thoai-ve-chuyen-doi-so-nam-2026');
    expect(b.slug).toBe('hoi-nghi-doi-thoai-ve-chuyen-doi-so-nam-2026-2');
  });

  it('refuses an end before the start, in Vietnamese', async () => {
    const res = await api('/conferences', {
      body: {
        title: 'X',
        theme: 'Y',
        organiser: 'Z',
        startsAt: '2026-12-18T04:00:00Z',
        endsAt: '2026-12-18T01:00:00Z',
      },
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error.fields.endsAt).toBe(
      'Thời gian kết thúc phải sau thời gian bắt đầu.',
    );
  });

  it('moves through the statuses in order only', async () => {
    const c = await newConference();
    const bad = await api(`/conferences/${c.id}/status`, { body: { status: 'ended' } });
    expect(bad.status).toBe(409);
    expect((await bad.json()).error.code).toBe('invalid_transition');
    for (const status of ['scheduled', 'live', 'ended', 'archived']) {
      const res = await api(`/conferences/${c.id}/status`, { body: { status } });
      expect(res.status).toBe(200);
      expect((await res.json()).status).toBe(status);
    }
  });

  it('edits and reorders themes, keeping their identity', async () => {
    const c = await newConference();
    const overview = await (await api(`/conferences/${c.id}`)).json();
    const [t1, t2, t3] = overview.themes as { id: string; title: string }[];
    const res = await api(`/conferences/${c.id}/themes`, {
      method: 'PUT',
      body: {
        themes: [
          { id: t3!.id, title: t3!.title },
          { id: t1!.id, title: 'Chuyển đổi số toàn diện' },
          { title: 'Nhân lực số' },
        ],
      },
    });
    const themes = (await res.json()) as { id: string; title: string }[];
    expect(themes.map((t) => t.title)).toEqual([
      'Chính phủ điện tử',
      'Chuyển đổi số toàn diện',
      'Nhân lực số',
    ]);
    expect(themes[0]!.id).toBe(t3!.id);
    expect(themes.map((t) => t.id)).not.toContain(t2!.id);
  });

  it('keeps a single host site per conference', async () => {
    const c = await newConference();
    const first = await api(`/conferences/${c.id}/sites`, {
      body: { name: 'Điểm cầu trung tâm', unitName: 'Ban Tổ chức', isHost: true },
    });
    expect(first.status).toBe(201);
    const second = await api(`/conferences/${c.id}/sites`, {
      body: { name: 'Điểm cầu Huế', unitName: 'UBND', isHost: true },
    });
    expect(second.status).toBe(409);
    expect((await second.json()).error.fields.isHost).toBe('Hội nghị đã có điểm cầu trung tâm.');
  });
});

describe('agenda', () => {
  it('computes planned starts, the total and the planned end, and reorders without retyping', async () => {
    const c = await newConference();
    const ids: string[] = [];
    for (const [kind, title, durationMinutes] of [
      ['opening', 'Phát biểu khai mạc', 10],
      ['report', 'Báo cáo đề dẫn', 20],
      ['discussion', 'Thảo luận chuyên đề', 90],
      ['conclusion', 'Kết luận', 15],
    ] as const) {
      const res = await api(`/conferences/${c.id}/agenda`, {
        body: { kind, title, durationMinutes },
      });
      ids.push((await res.json()).id);
    }
    await api(`/conferences/${c.id}/agenda/${ids[3]}/move`, { body: { position: 1 } });
    const agenda = await (await api(`/conferences/${c.id}/agenda`)).json();
    expect(agenda.items.map((i: { title: string }) => i.title)).toEqual([
      'Phát biểu khai mạc',
      'Kết luận',
      'Báo cáo đề dẫn',
      'Thảo luận chuyên đề',
    ]);
    expect(agenda.items.map((i: { plannedStart: string }) => i.plannedStart)).toEqual([
      '2026-12-18T01:00:00.000Z',
      '2026-12-18T01:10:00.000Z',
      '2026-12-18T01:25:00.000Z',
      '2026-12-18T01:45:00.000Z',
    ]);
    expect(agenda.totalMinutes).toBe(135);
    expect(agenda.plannedEnd).toBe('2026-12-18T03:15:00.000Z');
  });
});

describe('written submissions', () => {
  it('accepts PDF and DOCX by content, refuses disguised and oversized files', async () => {
    const c = await newConference();
    const fields = {
      title: 'Mô hình chính quyền số cấp xã',
      summary: 'Kinh nghiệm triển khai',
      authorName: 'Nguyễn Văn Bình',
    };
    expect(
      (
        await upload(`/conferences/${c.id}/submissions`, fields, {
          name: 'tham-luan.pdf',
          data: pdfBytes(),
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await upload(`/conferences/${c.id}/submissions`, fields, {
          name: 'tham-luan.docx',
          data: await docxBytes(),
        })
      ).status,
    ).toBe(201);

    const disguised = await upload(`/conferences/${c.id}/submissions`, fields, {
      name: 'anh.pdf',
      data: pngBytes(),
      type: 'application/pdf',
    });
    expect(disguised.status).toBe(415);
    expect((await disguised.json()).error.message).toContain('theo nội dung tệp');

    const big = Buffer.concat([pdfBytes(), Buffer.alloc(20 * 1024 * 1024 + 10)]);
    const oversized = await upload(`/conferences/${c.id}/submissions`, fields, {
      name: 'lon.pdf',
      data: big,
    });
    expect(oversized.status).toBe(413);
    expect((await oversized.json()).error.message).toContain('20 MB');

    const missing = await upload(`/conferences/${c.id}/submissions`, fields);
    expect(missing.status).toBe(400);
    expect((await missing.json()).error.fields.file).toBe('Cần chọn một tệp.');

    const list = await (await api(`/conferences/${c.id}/submissions`)).json();
    expect(list).toHaveLength(2);
  });

  it('is returned with a reason, or accepted and turned into a speaking slot', async () => {
    const c = await newConference();
    const created = await (
      await upload(
        `/conferences/${c.id}/submissions`,
        { title: 'Dữ liệu dùng chung', summary: 'Tóm tắt', authorName: 'Trần Thị Hoa' },
        { name: 'a.pdf', data: pdfBytes() },
      )
    ).json();
    const noReason = await api(`/conferences/${c.id}/submissions/${created.id}/review`, {
      body: { decision: 'return' },
    });
    expect(noReason.status).toBe(400);
    expect((await noReason.json()).error.fields.reason).toBe('Cần ghi rõ lý do trả lại.');
    const notYet = await api(`/conferences/${c.id}/submissions/${created.id}/schedule`, {
      body: {},
    });
    expect(notYet.status).toBe(409);

    await api(`/conferences/${c.id}/submissions/${created.id}/review`, {
      body: { decision: 'return', reason: 'Cần bổ sung số liệu' },
    });
    let [sub] = await (await api(`/conferences/${c.id}/submissions`)).json();
    expect(sub).toMatchObject({ status: 'returned', reviewReason: 'Cần bổ sung số liệu' });

    await api(`/conferences/${c.id}/submissions/${created.id}/review`, {
      body: { decision: 'accept' },
    });
    const slot = await api(`/conferences/${c.id}/submissions/${created.id}/schedule`, {
      body: { durationMinutes: 8 },
    });
    expect(slot.status).toBe(201);
    expect(await slot.json()).toMatchObject({
      kind: 'discussion',
      title: 'Dữ liệu dùng chung',
      durationMinutes: 8,
      presenter: 'Trần Thị Hoa',
    });
    [sub] = await (await api(`/conferences/${c.id}/submissions`)).json();
    expect(sub.scheduled).toBe(true);

    const file = await api(`/conferences/${c.id}/submissions/${created.id}/file`);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(
      Buffer.from(await file.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
  });
});

describe('documents', () => {
  it('follow the conference visibility', async () => {
    const pub = await newConference();
    const internal = await newConference({ visibility: 'internal' });
    for (const c of [pub, internal]) {
      await api(`/conferences/${c.id}/status`, { body: { status: 'scheduled' } });
      const res = await upload(
        `/conferences/${c.id}/documents`,
        { title: 'Chương trình hội nghị' },
        { name: 'chuong-trinh.pdf', data: pdfBytes() },
      );
      expect(res.status).toBe(201);
    }
    const anonPublic = await fetch(`${app.url}/api/v1/conferences/${pub.id}/documents`);
    expect(anonPublic.status).toBe(200);
    const [doc] = await anonPublic.json();
    const download = await fetch(
      `${app.url}/api/v1/conferences/${pub.id}/documents/${doc.id}/file`,
    );
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toContain('chuong-trinh.pdf');
    expect((await fetch(`${app.url}/api/v1/conferences/${internal.id}/documents`)).status).toBe(
      404,
    );
  });
});

describe('sign-in links', () => {
  it('sign an operator in once, into their own site only', async () => {
    const c = await newConference();
    const a = await (
      await api(`/conferences/${c.id}/sites`, {
        body: { name: 'Điểm cầu Gia Lai', unitName: 'UBND tỉnh Gia Lai' },
      })
    ).json();
    const b = await (
      await api(`/conferences/${c.id}/sites`, {
        body: { name: 'Điểm cầu Cà Mau', unitName: 'UBND tỉnh Cà Mau' },
      })
    ).json();
    const op = await api(`/conferences/${c.id}/sites/${a.id}/operators`, {
      body: { name: 'Rơ Châm H’Mai' },
    });
    expect(op.status).toBe(201);
    expect((await op.json()).email).toMatch(/\.invalid$/);

    const { links } = await (
      await api(`/conferences/${c.id}/sign-in-links`, { body: { validHours: 48 } })
    ).json();
    expect(links).toHaveLength(1);
    expect(links[0]).toMatchObject({ siteName: 'Điểm cầu Gia Lai', operatorName: 'Rơ Châm H’Mai' });

    const used = await sendJson(`${app.url}/api/v1/auth/link`, 'POST', { token: links[0].token });
    expect(used.status).toBe(200);
    expect(await used.json()).toEqual({ conferenceId: c.id, siteId: a.id });
    const opCookie = used.headers
      .getSetCookie()
      .find((x) => x.startsWith('dt_session='))!
      .split(';')[0]!;
    const again = await sendJson(`${app.url}/api/v1/auth/link`, 'POST', { token: links[0].token });
    expect(again.status).toBe(410);
    expect((await again.json()).error.code).toBe('link_invalid');

    const sites = await (await api(`/conferences/${c.id}/sites`, { cookie: opCookie })).json();
    expect(sites.map((s: { id: string }) => s.id)).toEqual([a.id]);
    expect((await api(`/conferences/${c.id}/sites/${b.id}`, { cookie: opCookie })).status).toBe(
      403,
    );
    const own = await api(`/conferences/${c.id}/sites/${a.id}`, {
      method: 'PATCH',
      body: { techPhone: '0269 3824 000' },
      cookie: opCookie,
    });
    expect(own.status).toBe(200);
    const other = await api(`/conferences/${c.id}/sites/${b.id}`, {
      method: 'PATCH',
      body: { techPhone: '1' },
      cookie: opCookie,
    });
    expect(other.status).toBe(403);
  });

  it('refuses an expired or made-up link', async () => {
    expect(
      (await sendJson(`${app.url}/api/v1/auth/link`, 'POST', { token: 'khong-ton-tai' })).status,
    ).toBe(410);
  });
});

describe('import and export', () => {
  it('imports 34 sites and their delegates from XLSX, once, and exports them back', async () => {
    const c = await newConference();
    const sites = [
      ['Đơn vị', 'Tên điểm cầu', 'Điểm cầu trung tâm', 'Người chủ trì', 'Số đại biểu dự kiến'],
    ];
    const people = [['Điểm cầu', 'Họ và tên', 'Chức vụ', 'Thành phần', 'E-mail']];
    PROVINCES.forEach((p, i) => {
      sites.push([p, '', i === 0 ? 'x' : '', `Chủ trì ${p}`, String(20 + i)]);
      people.push([p, `Đại biểu ${p} 1`, 'Chuyên viên', 'Địa phương', `db${i}a@tinh.example`]);
      people.push([p, `Đại biểu ${p} 2`, 'Giám đốc', 'Doanh nhân, doanh nghiệp', '']);
    });
    const file = await xlsxBytes({ 'Điểm cầu': sites, 'Đại biểu': people });
    const preview = await (
      await upload(`/conferences/${c.id}/import/preview`, {}, { name: 'ds.xlsx', data: file })
    ).json();
    expect(preview.problems).toEqual([]);
    expect(preview.plan.sites).toHaveLength(34);
    expect(preview.plan.delegates).toHaveLength(68);
    expect(preview.plan.sites[0]).toMatchObject({
      name: 'Điểm cầu Hà Nội',
      unitName: 'Thành phố Hà Nội',
      isHost: true,
    });

    const done = await api(`/conferences/${c.id}/import/confirm`, {
      body: { previewId: preview.previewId },
    });
    expect(await done.json()).toEqual({
      sitesCreated: 34,
      sitesUpdated: 0,
      delegatesCreated: 68,
      delegatesUpdated: 0,
    });
    // A preview is used once.
    expect(
      (await api(`/conferences/${c.id}/import/confirm`, { body: { previewId: preview.previewId } }))
        .status,
    ).toBe(404);

    // The same file again updates, never duplicates.
    const again = await (
      await upload(`/conferences/${c.id}/import/preview`, {}, { name: 'ds.xlsx', data: file })
    ).json();
    expect(again.plan.sites.every((s: { action: string }) => s.action === 'update')).toBe(true);
    const redo = await (
      await api(`/conferences/${c.id}/import/confirm`, { body: { previewId: again.previewId } })
    ).json();
    expect(redo).toEqual({
      sitesCreated: 0,
      sitesUpdated: 34,
      delegatesCreated: 0,
      delegatesUpdated: 68,
    });

    const csv = await api(`/conferences/${c.id}/export?format=csv&kind=delegates`);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const bytes = Buffer.from(await csv.arrayBuffer());
    expect(bytes.subarray(0, 3).toString('hex')).toBe('efbbbf');
    const text = bytes.toString('utf8');
    expect(text.startsWith('\uFEFFĐiểm cầu,Họ và tên')).toBe(true);
    expect(text.split('\n').filter(Boolean)).toHaveLength(69);

    // The exported workbook imports cleanly into another conference.
    const xlsx = Buffer.from(
      await (await api(`/conferences/${c.id}/export?format=xlsx`)).arrayBuffer(),
    );
    const other = await newConference();
    const round = await (
      await upload(
        `/conferences/${other.id}/import/preview`,
        {},
        { name: 'export.xlsx', data: xlsx },
      )
    ).json();
    expect(round.problems).toEqual([]);
    expect(round.plan.sites).toHaveLength(34);
    expect(round.plan.delegates).toHaveLength(68);
  });

  it('writes formula-like cells of a CSV export as text, and reads them back as written', async () => {
    const c = await newConference();
    expect(
      (
        await api(`/conferences/${c.id}/sites`, {
          body: {
            name: '=Điểm cầu +thử',
            unitName: 'UBND tỉnh Lạng Sơn',
            techPhone: '+84 205 3870 000',
          },
        })
      ).status,
    ).toBe(201);
    const csv = await (await api(`/conferences/${c.id}/export?format=csv&kind=sites`)).text();
    expect(csv).toContain("'=Điểm cầu +thử");
    expect(csv).toContain("'+84 205 3870 000");
    const other = await newConference();
    const round = await (
      await upload(
        `/conferences/${other.id}/import/preview`,
        {},
        { name: 'diem-cau.csv', data: Buffer.from(csv), type: 'text/csv' },
      )
    ).json();
    expect(round.problems).toEqual([]);
    expect(round.plan.sites[0]).toMatchObject({
      name: '=Điểm cầu +thử',
      techPhone: '+84 205 3870 000',
    });
  });

  it('re-checks the plan on confirmation: a host added after the preview is reported, nothing stored', async () => {
    const c = await newConference();
    const file = await xlsxBytes({
      'Điểm cầu': [
        ['Đơn vị', 'Tên điểm cầu', 'Điểm cầu trung tâm'],
        ['Hà Nội', 'Điểm cầu Văn phòng Chính phủ', 'x'],
        ['Huế', '', ''],
      ],
    });
    const preview = await (
      await upload(`/conferences/${c.id}/import/preview`, {}, { name: 'ds.xlsx', data: file })
    ).json();
    expect(preview.problems).toEqual([]);
    await api(`/conferences/${c.id}/sites`, {
      body: { name: 'Điểm cầu Bộ Nội vụ', unitName: 'Bộ Nội vụ', isHost: true },
    });
    const res = await api(`/conferences/${c.id}/import/confirm`, {
      body: { previewId: preview.previewId },
    });
    expect(res.status).toBe(409);
    expect((await res.json()).error.fields.file).toContain('Điểm cầu Bộ Nội vụ');
    const sites = await (await api(`/conferences/${c.id}/sites`)).json();
    expect(sites.map((s: { name: string }) => s.name)).toEqual(['Điểm cầu Bộ Nội vụ']);
  });

  it('refuses a workbook that would unpack to too much, before reading it', async () => {
    const c = await newConference();
    const zip = await JSZip.loadAsync(await xlsxBytes({ 'Điểm cầu': [['Đơn vị'], ['Huế']] }));
    zip.file('xl/media/padding.bin', Buffer.alloc(40 * 1024 * 1024));
    const bomb = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const res = await upload(
      `/conferences/${c.id}/import/preview`,
      {},
      { name: 'bom.xlsx', data: bomb },
    );
    expect(res.status).toBe(400);
    expect((await res.json()).error.fields.file).toMatch(/quá nhiều dữ liệu/);
  });

  it('reports every bad row with its line, column and reason, and stores nothing', async () => {
    const c = await newConference();
    const file = await xlsxBytes({
      'Điểm cầu': [
        ['Đơn vị', 'Tên điểm cầu', 'E-mail kỹ thuật', 'Số đại biểu dự kiến', 'Cột lạ'],
        ['Hà Nội', '', 'khong-phai-email', '30', ''],
        ['Huế', '', '', 'ba mươi', ''],
        ['Huế', '', '', '', ''],
      ],
      'Đại biểu': [
        ['Điểm cầu', 'Họ và tên', 'Thành phần'],
        ['Hà Nội', 'Lê Văn Một', 'Địa phương'],
        ['Sao Hỏa', 'Lê Văn Hai', 'Địa phương'],
        ['Hà Nội', '', 'Người ngoài hành tinh'],
      ],
    });
    const res = await upload(
      `/conferences/${c.id}/import/preview`,
      {},
      { name: 'loi.xlsx', data: file },
    );
    expect(res.status).toBe(200);
    const preview = await res.json();
    expect(preview.previewId).toBeNull();
    const where = preview.problems.map(
      (p: { sheet: string; line: number; column: string }) => `${p.sheet}:${p.line}:${p.column}`,
    );
    expect(where).toEqual([
      'sites:1:Cột lạ',
      'sites:2:E-mail kỹ thuật',
      'sites:3:Số đại biểu dự kiến',
      'sites:4:Tên điểm cầu',
      'delegates:3:Điểm cầu',
      'delegates:4:Họ và tên',
      'delegates:4:Thành phần',
    ]);
    // Each reason in Vietnamese, as the page shows it.
    const messages = preview.problems.map((p: { message: string }) => p.message);
    expect(messages[1]).toBe('Địa chỉ e-mail không hợp lệ.');
    for (const m of messages) expect(m).not.toMatch(/Invalid|expected|NaN|\{\{/);
    const [sitesCount] = await app.database.db
      .select({ n: count() })
      .from(conferenceSites)
      .where(eq(conferenceSites.conferenceId, c.id));
    const [delegatesCount] = await app.database.db
      .select({ n: count() })
      .from(delegates)
      .where(eq(delegates.conferenceId, c.id));
    expect([sitesCount!.n, delegatesCount!.n]).toEqual([0, 0]);
  });

  it('splits a CSV file on its own delimiter only: a semicolon in a comma file stays in its cell', async () => {
    const c = await newConference();
    await api(`/conferences/${c.id}/sites`, {
      body: {
        name: 'Điểm cầu Sở Nội vụ',
        unitName: 'UBND tỉnh Lâm Đồng',
        address: 'Tầng 2; phòng 5',
      },
    });
    const csv = await (await api(`/conferences/${c.id}/export?format=csv&kind=sites`)).text();
    const other = await newConference();
    const round = await (
      await upload(
        `/conferences/${other.id}/import/preview`,
        {},
        { name: 'dc.csv', data: Buffer.from(csv) },
      )
    ).json();
    expect(round.problems).toEqual([]);
    expect(round.plan.sites[0]).toMatchObject({ address: 'Tầng 2; phòng 5' });
    const written =
      'Đơn vị,Tên điểm cầu,Địa chỉ,Người chủ trì\r\nUBND tỉnh Lâm Đồng,Điểm cầu X,Số 1; Đà Lạt,Nguyễn Văn A\r\n';
    const typed = await (
      await upload(
        `/conferences/${other.id}/import/preview`,
        {},
        { name: 'x.csv', data: Buffer.from(written) },
      )
    ).json();
    expect(typed.plan.sites[0]).toMatchObject({
      address: 'Số 1; Đà Lạt',
      chairName: 'Nguyễn Văn A',
    });
  });

  it('reads CSV with semicolons and a BOM, and refuses non-UTF-8 and disguised files', async () => {
    const c = await newConference();
    const csv =
      '\uFEFFĐơn vị;Tên điểm cầu;Người chủ trì\r\nTỉnh Đắk Lắk;;"Y Ngọc, Phó Chủ tịch"\r\nBộ Y tế;Điểm cầu Bộ Y tế;\r\n';
    const ok = await (
      await upload(
        `/conferences/${c.id}/import/preview`,
        {},
        { name: 'a.csv', data: Buffer.from(csv) },
      )
    ).json();
    expect(ok.problems).toEqual([]);
    expect(
      ok.plan.sites.map((s: { name: string; unitName: string; chairName: string }) => [
        s.name,
        s.unitName,
        s.chairName,
      ]),
    ).toEqual([
      ['Điểm cầu Đắk Lắk', 'Tỉnh Đắk Lắk', 'Y Ngọc, Phó Chủ tịch'],
      ['Điểm cầu Bộ Y tế', 'Bộ Y tế', null],
    ]);
    const latin1 = Buffer.from('Đơn vị,Tên điểm cầu\nHuế,Điểm cầu Huế\n', 'latin1');
    const bad = await upload(
      `/conferences/${c.id}/import/preview`,
      {},
      { name: 'b.csv', data: latin1 },
    );
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.fields.file).toContain('UTF-8');
    const png = await upload(
      `/conferences/${c.id}/import/preview`,
      {},
      { name: 'c.csv', data: pngBytes() },
    );
    expect(png.status).toBe(415);
  });
});
