import { eq } from 'drizzle-orm';
import sharp from 'sharp';
import { cookieOf, totpCode } from '../support/second-factor.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { emailOutbox } from '../../db/schema/email.ts';
import { docxBytes, pdfBytes } from '../support/builders.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

// The API against its own document: every operation of /api/v1/openapi.json is called for
// real, with valid input, by a caller allowed to; each answer must have the documented
// success status, a documented media type, and (JSON) a body the documented schema accepts.
// An operation added without a case here fails the last check.

type Json = Record<string, unknown>;
interface Operation {
  operationId: string;
  responses: Record<string, { content?: Record<string, { schema: Json }> }>;
}
interface Doc {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Json> };
}

let app: TestApp;
let doc: Doc;
let admin: { id: string; cookie: string };
const operations = new Map<string, { method: string; path: string; op: Operation }>();
const exercised = new Set<string>();
const validators = new Map<string, z.ZodType>();
/** The headers of the last answer (a session cookie from a sign-in). */
let lastHeaders = new Headers();

const localRefs = (value: unknown): Json =>
  JSON.parse(JSON.stringify(value).replaceAll('"#/components/schemas/', '"#/$defs/')) as Json;

/** A validator for a schema of the document, its `$ref`s resolved in `components.schemas`. */
function validatorFor(schema: Json): z.ZodType {
  const root = { ...localRefs(schema), $defs: localRefs(doc.components.schemas) };
  return z.fromJSONSchema(root as Parameters<typeof z.fromJSONSchema>[0]);
}

/** `text/csv; charset=utf-8` is listed as such; `application/json; charset=utf-8` as its essence. */
function listed(documented: string[], header: string): boolean {
  const full = header.toLowerCase().replace(/\s+/g, '');
  const essence = full.split(';')[0];
  return documented.some((d) => [full, essence].includes(d.toLowerCase().replace(/\s+/g, '')));
}

interface CallInit {
  cookie?: string;
  params?: Record<string, string>;
  query?: Record<string, string>;
  json?: unknown;
  form?: FormData;
}

/** Calls an operation by its id, checks the answer against the document, returns its body. */
async function call(operationId: string, init: CallInit = {}) {
  const found = operations.get(operationId);
  if (!found) throw new Error(`no operation ${operationId} in the document`);
  const path = found.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = init.params?.[name];
    if (!value) throw new Error(`${operationId}: no value for {${name}}`);
    return encodeURIComponent(value);
  });
  const search = init.query ? `?${new URLSearchParams(init.query)}` : '';
  const headers: Record<string, string> = {};
  if (init.cookie) headers.cookie = init.cookie;
  let body: string | FormData | undefined;
  if (init.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(init.json);
  } else body = init.form;
  const label = `${operationId} (${found.method.toUpperCase()} ${path}${search})`;
  const res = await fetch(`${app.url}/api/v1${path}${search}`, {
    method: found.method.toUpperCase(),
    headers,
    body,
  });
  lastHeaders = res.headers;

  const successes = Object.keys(found.op.responses).filter((s) => s.startsWith('2'));
  expect(successes, `${label}: one documented success`).toHaveLength(1);
  const status = successes[0]!;
  if (String(res.status) !== status) {
    expect.fail(
      `${label}: ${res.status} instead of ${status}: ${(await res.text()).slice(0, 400)}`,
    );
  }
  exercised.add(operationId);
  const content = found.op.responses[status]!.content;
  if (!content) {
    expect(await res.text(), `${label}: no body`).toBe('');
    return null;
  }
  const type = res.headers.get('content-type') ?? '';
  const documented = Object.keys(content);
  expect(listed(documented, type), `${label}: ${type} is not one of ${documented}`).toBe(true);
  const json = content['application/json'];
  if (!json || !listed(['application/json'], type)) {
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.length, `${label}: a file`).toBeGreaterThan(0);
    return { type, bytes };
  }
  // As any JSON a test reads (checked here against the document's schema).
  const data = await res.json();
  const key = `${operationId} ${status}`;
  let validator = validators.get(key);
  if (!validator) validators.set(key, (validator = validatorFor(json.schema)));
  const checked = validator.safeParse(data);
  expect(
    checked.success,
    `${label}: ${checked.success ? '' : z.prettifyError(checked.error)}\n${JSON.stringify(data).slice(0, 600)}`,
  ).toBe(true);
  return data;
}

function form(fields: Record<string, string>, files: Record<string, [string, Buffer][]> = {}) {
  const out = new FormData();
  for (const [k, v] of Object.entries(fields)) out.set(k, v);
  for (const [field, list] of Object.entries(files)) {
    for (const [name, data] of list) out.append(field, new Blob([new Uint8Array(data)]), name);
  }
  return out;
}

const sessionCookie = () =>
  lastHeaders
    .getSetCookie()
    .find((c) => c.startsWith('dt_session='))!
    .split(';')[0]!;

let n = 0;
/** A public, scheduled conference with one theme; its id and the theme's. */
async function publicConference(title: string) {
  const conf = await call('createConference', {
    cookie: admin.cookie,
    json: {
      title: `${title} ${++n}`,
      theme: 'Chuyển đổi số từ cơ sở',
      organiser: 'Ban Tổ chức',
      startsAt: '2026-12-18T08:00:00+07:00',
      endsAt: '2026-12-18T11:00:00+07:00',
      themes: ['Chủ đề A'],
    },
  });
  await call('changeConferenceStatus', {
    cookie: admin.cookie,
    params: { conferenceId: conf.id },
    json: { status: 'scheduled' },
  });
  const overview = await call('getConference', {
    cookie: admin.cookie,
    params: { conferenceId: conf.id },
  });
  return { conferenceId: conf.id as string, themeId: overview.themes[0].id as string };
}

function contributionForm(themeId: string, title: string, key: string, files: [string, Buffer][]) {
  return form(
    {
      themeId,
      kind: 'proposal',
      title,
      body: 'Nội dung đề xuất đủ dài để được ghi nhận và xem xét.',
      authorName: 'Phạm Văn Dân',
      authorKind: 'citizen',
      email: 'pham.van.dan@example.vn',
      consent: 'true',
      idempotencyKey: key,
    },
    { files },
  );
}

beforeAll(async () => {
  app = await startTestApp();
  const user = await app.createUser({ roles: ['admin', 'editor'] });
  admin = { id: user.id, cookie: await app.signIn(user.email, user.password) };
  doc = (await (await fetch(`${app.url}/api/v1/openapi.json`)).json()) as Doc;
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      operations.set(op.operationId, { method, path, op });
    }
  }
});
afterAll(() => app.close());

describe('the OpenAPI document', () => {
  it('has schemas strict enough to refuse a wrong type, a missing field or an extra one', async () => {
    const me = await call('getMe', { cookie: admin.cookie });
    const check = validatorFor(
      operations.get('getMe')!.op.responses['200']!.content!['application/json']!.schema,
    );
    expect(check.safeParse(me).success).toBe(true);
    const { id: _id, ...withoutId } = me.user;
    expect(check.safeParse({ user: { ...me.user, email: 5 } }).success).toBe(false);
    expect(check.safeParse({ user: withoutId }).success).toBe(false);
    expect(check.safeParse({ user: { ...me.user, createdAt: 'hôm qua' } }).success).toBe(false);
    expect(check.safeParse({ user: { ...me.user, passwordHash: 'x' } }).success).toBe(false);
  });
});

describe('every operation of the OpenAPI document', () => {
  it('answers its documented status, media type and schema', async () => {
    const a = admin.cookie;

    // Conferences
    const conf = await call('createConference', {
      cookie: a,
      json: {
        title: 'Hội nghị kiểm tra hợp đồng API',
        theme: 'Chuyển đổi số',
        organiser: 'Ban Tổ chức',
        startsAt: '2026-12-18T08:00:00+07:00',
        endsAt: '2026-12-18T11:00:00+07:00',
        themes: ['Chủ đề A'],
      },
    });
    const conferenceId: string = conf.id;
    const c = { conferenceId };
    await call('listUnits', { cookie: a });
    await call('listMyConferences', { cookie: a });
    const overview = await call('getConference', { cookie: a, params: c });
    await call('updateConference', { cookie: a, params: c, json: { description: 'Mô tả' } });
    await call('changeConferenceStatus', { cookie: a, params: c, json: { status: 'scheduled' } });
    const themes = await call('setThemes', {
      cookie: a,
      params: c,
      json: { themes: [{ id: overview.themes[0].id, title: 'Chủ đề A' }, { title: 'Chủ đề B' }] },
    });
    const themeId: string = themes[0].id;

    // Sites, delegates, operators
    const site = await call('addSite', {
      cookie: a,
      params: c,
      json: { name: 'Điểm cầu Hà Nội', unitName: 'Thành phố Hà Nội' },
    });
    const spare = await call('addSite', {
      cookie: a,
      params: c,
      json: { name: 'Điểm cầu tạm', unitName: 'Đơn vị tạm' },
    });
    const s = { conferenceId, siteId: site.id as string };
    await call('listSites', { cookie: a, params: c });
    await call('getSite', { cookie: a, params: s });
    await call('updateSite', { cookie: a, params: s, json: { address: 'Số 1 Tràng Tiền' } });
    const delegate = await call('addDelegate', {
      cookie: a,
      params: s,
      json: { name: 'Nguyễn Văn An', kind: 'citizen', email: 'an@example.vn' },
    });
    await call('updateDelegate', {
      cookie: a,
      params: { ...s, delegateId: delegate.id },
      json: { position: 'Chủ tịch' },
    });
    await call('createSiteOperator', { cookie: a, params: s, json: { name: 'Kỹ thuật Hà Nội' } });
    await call('createMissingOperators', { cookie: a, params: c });

    // Import and export, in each format
    const preview = await call('previewImport', {
      cookie: a,
      params: c,
      form: form(
        {},
        { file: [['diem-cau.csv', Buffer.from('Đơn vị,Tên điểm cầu\nHuế,Điểm cầu Huế\n')]] },
      ),
    });
    expect(preview.previewId).toBeTruthy();
    await call('confirmImport', { cookie: a, params: c, json: { previewId: preview.previewId } });
    const formats: Record<string, string>[] = [
      { format: 'csv', kind: 'sites' },
      { format: 'csv', kind: 'delegates' },
      { format: 'xlsx' },
    ];
    for (const query of formats) {
      const file = await call('exportParticipants', { cookie: a, params: c, query });
      expect(file.type).toContain(query.format === 'csv' ? 'text/csv' : 'spreadsheetml');
    }

    // Agenda
    const item = await call('addAgendaItem', {
      cookie: a,
      params: c,
      json: { kind: 'opening', title: 'Khai mạc', durationMinutes: 10 },
    });
    const extra = await call('addAgendaItem', {
      cookie: a,
      params: c,
      json: { kind: 'break', title: 'Giải lao', durationMinutes: 5, themeId },
    });
    await call('getAgenda', { params: c });
    const i = { conferenceId, itemId: item.id as string };
    await call('updateAgendaItem', { cookie: a, params: i, json: { title: 'Khai mạc hội nghị' } });
    await call('moveAgendaItem', { cookie: a, params: i, json: { position: 1 } });

    // Accounts and roles
    const password = 'mat-khau-hop-dong-api';
    const account = await call('createUser', {
      cookie: a,
      json: {
        email: `hop-dong-${Date.now()}@doithoai.example`,
        name: 'Người kiểm tra',
        password,
      },
    });
    await call('listUsers', { cookie: a, query: { q: 'kiểm tra' } });
    await call('getUser', { cookie: a, params: { id: account.id } });
    await call('updateUser', { cookie: a, params: { id: account.id }, json: { language: 'en' } });
    // The audit trail: the change just made, and the same rows as files.
    const trail = await call('listAuditLog', {
      cookie: a,
      query: { action: 'user.', targetId: account.id },
    });
    expect(trail.entries.map((e: { action: string }) => e.action)).toEqual([
      'user.edited',
      'user.created',
    ]);
    for (const format of ['csv', 'xlsx']) {
      const file = await call('exportAuditLog', {
        cookie: a,
        query: { format, targetId: account.id },
      });
      expect(file.type).toContain(format === 'csv' ? 'text/csv' : 'spreadsheetml');
    }
    const member = await call('assignRole', {
      cookie: a,
      params: c,
      json: { email: account.email, role: 'secretary' },
    });
    await call('listMembers', { cookie: a, params: c });
    const links = await call('issueSignInLinks', { cookie: a, params: c, json: { validHours: 1 } });
    expect(links.links.length).toBeGreaterThan(0);
    await call('signInWithLink', { json: { token: links.links[0].token } });
    const sending = await call('emailSignInLinks', {
      cookie: a,
      params: c,
      json: { validHours: 1 },
    });
    await call('getEmailBatch', { cookie: a, params: { conferenceId, batchId: sending.batchId } });

    // Written submissions
    const submission = await call('createSubmission', {
      cookie: a,
      params: c,
      form: form(
        { title: 'Tham luận', summary: 'Tóm tắt tham luận', authorName: 'Tác giả', themeId },
        { file: [['tham-luan.pdf', pdfBytes()]] },
      ),
    });
    const sub = { conferenceId, submissionId: submission.id as string };
    await call('listSubmissions', { cookie: a, params: c });
    await call('reviewSubmission', { cookie: a, params: sub, json: { decision: 'accept' } });
    await call('scheduleSubmission', { cookie: a, params: sub, json: {} });
    expect((await call('getSubmissionFile', { cookie: a, params: sub })).type).toBe(
      'application/pdf',
    );

    // Documents, read anonymously
    const document = await call('addDocument', {
      cookie: a,
      params: c,
      form: form({ title: 'Tài liệu hội nghị' }, { file: [['tai-lieu.docx', await docxBytes()]] }),
    });
    const d = { conferenceId, documentId: document.id as string };
    await call('listDocuments', { params: c });
    expect((await call('getDocumentFile', { params: d })).type).toContain('wordprocessingml');

    // Contributions: sent and read anonymously, moderated by the administrator
    const sent = await call('submitContribution', {
      params: c,
      form: contributionForm(themeId, 'Đề xuất số hóa thủ tục', 'hop-dong-0001', [
        ['phu-luc.pdf', pdfBytes()],
      ]),
    });
    const one = { conferenceId, contributionId: sent.id as string };
    await call('moderateContribution', { cookie: a, params: one, json: { action: 'publish' } });
    await call('listContributions', { params: c, query: { sort: 'supported' } });
    const page = await call('getContribution', { params: one });
    expect(page.attachments).toHaveLength(1);
    const attachment = await call('getContributionAttachment', {
      params: { ...one, attachmentId: page.attachments[0].attachmentId },
    });
    expect(attachment.type).toBe('application/pdf');
    await call('moderationQueue', { cookie: a, params: c });
    await call('supportContribution', { cookie: a, params: one });
    await call('editContribution', {
      cookie: a,
      params: one,
      json: { title: 'Đề xuất số hóa thủ tục hành chính', note: 'Sửa tiêu đề' },
    });
    const twin = await call('submitContribution', {
      params: c,
      form: contributionForm(themeId, 'Đề xuất số hóa thủ tục công', 'hop-dong-0002', []),
    });
    await call('similarContributions', { cookie: a, params: one });
    await call('contributionHistory', { cookie: a, params: one });
    await call('mergeContribution', {
      cookie: a,
      params: { conferenceId, contributionId: twin.id },
      json: { intoId: sent.id },
    });
    await call('answerContribution', {
      cookie: a,
      params: one,
      json: { answer: 'Ban Tổ chức tiếp thu đề xuất.' },
    });
    await call('trackContribution', { params: { token: sent.trackingPath.split('/').pop() } });
    for (const format of ['csv', 'xlsx']) {
      const file = await call('exportContributions', { cookie: a, params: c, query: { format } });
      expect(file.type).toContain(format === 'csv' ? 'text/csv' : 'spreadsheetml');
    }

    // The live session: a snapshot, a command, the events after it
    const first = await call('getLiveSession', { params: c });
    expect(first.snapshot).toBeTruthy();
    await call('sendLiveCommand', {
      cookie: a,
      params: c,
      json: { commandId: 'hop-dong-lenh-1', command: { type: 'session.open_check' } },
    });
    const after = await call('getLiveSession', { params: c, query: { after: '0' } });
    expect(after.events).toHaveLength(1);
    // The session is open: a participant's grant to join the media room (a viewer's here)
    const grant = await call('getMediaGrant', { cookie: a, params: c });
    expect(grant.publish).toBe(false);
    // Nothing recorded yet: an empty list, for anyone who may view the conference.
    expect(await call('listRecordings', { params: c })).toEqual([]);

    // News
    const png = await sharp({
      create: { width: 64, height: 48, channels: 3, background: '#1f6f8b' },
    })
      .png()
      .toBuffer();
    const photo = await call('uploadPhoto', {
      cookie: a,
      form: form({}, { file: [['anh.png', png]] }),
    });
    const category = await call('createCategory', { cookie: a, json: { name: 'Tin hội nghị' } });
    await call('listCategories', {});
    await call('setSiteLinks', {
      cookie: a,
      json: { links: [{ title: 'Cổng thông tin', url: 'https://cong.example' }] },
    });
    await call('listSiteLinks', {});
    const article = await call('createArticle', {
      cookie: a,
      json: {
        title: 'Khai mạc hội nghị đối thoại',
        categoryId: category.id,
        conferenceId,
        coverPhotoId: photo.id,
        tags: ['Đối thoại'],
        links: [{ title: 'Lịch', url: 'https://lich.example' }],
        bodyHtml: '<p>Nội dung</p><img src="https://ngoai.example/anh.jpg">',
      },
    });
    const art = { articleId: article.id as string };
    await call('updateArticle', { cookie: a, params: art, json: { summary: 'Tóm tắt' } });
    await call('getArticle', { cookie: a, params: art });
    await call('listArticles', { cookie: a, query: { status: 'draft' } });
    await call('publishArticle', { cookie: a, params: art, json: {} });
    await call('listNews', {});
    const found = await call('listNews', { query: { q: 'khai mac doi thoai' } });
    expect(found.items.map((x: { id: string }) => x.id)).toEqual([article.id]);
    await call('getNewsArticle', { params: { slug: article.slug } });
    await call('unpublishArticle', { cookie: a, params: art });

    // The portal: categories and its particulars
    const cat = { categoryId: category.id as string };
    const second = await call('createCategory', { cookie: a, json: { name: 'Địa phương' } });
    await call('updateCategory', { cookie: a, params: cat, json: { hidden: true } });
    await call('reorderCategories', { cookie: a, json: { ids: [second.id, category.id] } });
    expect(await call('describeCategoryRemoval', { cookie: a, params: cat })).toMatchObject({
      articleCount: 1,
    });
    await call('deleteCategory', { cookie: a, params: cat, query: { moveTo: second.id } });
    await call('updateSiteSettings', {
      cookie: a,
      json: { siteName: 'Cổng thông tin thử nghiệm', email: 'lienhe@cong.example' },
    });
    await call('getSiteSettings', {});
    // The newsroom's workflow: a reporter submits; the administrator (an approver) does the rest
    const reporter = await app.createUser({ roles: ['reporter'] });
    const rep = await app.signIn(reporter.email, reporter.password);
    await call('getNewsroomSettings', { cookie: a });
    await call('setNewsroomSettings', { cookie: a, json: { workflowEnabled: true } });
    const story = await call('createArticle', {
      cookie: rep,
      json: { title: 'Bài qua quy trình' },
    });
    const st = { articleId: story.id as string };
    await call('submitArticle', { cookie: rep, params: st, json: {} });
    await call('returnArticle', { cookie: a, params: st, json: { comment: 'Bổ sung ảnh' } });
    await call('sendArticleForApproval', { cookie: a, params: st, json: { comment: '' } });
    await call('getNewsroomQueue', { cookie: a });
    await call('approveArticle', { cookie: a, params: st, json: { comment: 'Đồng ý' } });
    await call('getArticleWorkflow', { cookie: a, params: st });
    await call('setNewsroomSettings', { cookie: a, json: { workflowEnabled: false } });

    // The conference's record: figures, its files, minutes locked, a news draft
    const rec = { conferenceId };
    const minutesDoc = { conferenceId, document: 'minutes' };
    await call('getConferenceRecord', { cookie: a, params: rec });
    await call('getConferenceRecord', { params: rec, query: { view: 'public' } });
    await call('downloadConferenceRecord', { cookie: a, params: rec, query: { kind: 'csv' } });
    const minutes = await call('getRecordDocument', { cookie: a, params: minutesDoc });
    await call('saveRecordDocument', {
      cookie: a,
      params: minutesDoc,
      json: { html: minutes.draft, version: minutes.version },
    });
    await call('finishRecordDocument', { cookie: a, params: minutesDoc, json: {} });
    await call('createRecordNewsDraft', { cookie: a, params: rec });

    // Own account, signed in as the new account
    await call('login', { json: { email: account.email, password } });
    const own = sessionCookie();
    await call('getMe', { cookie: own });
    await call('updateMe', { cookie: own, json: { name: 'Người kiểm tra hợp đồng' } });
    await call('changePassword', {
      cookie: own,
      json: { currentPassword: password, newPassword: 'mat-khau-moi-hop-dong-api' },
    });

    // Second factor and sessions
    const newPassword = 'mat-khau-moi-hop-dong-api';
    await call('getSecondFactor', { cookie: own });
    const enrolment = await call('startSecondFactorEnrolment', { cookie: own });
    await call('confirmSecondFactorEnrolment', {
      cookie: own,
      json: { code: await totpCode(enrolment.secret) },
    });
    await call('renewRecoveryCodes', { cookie: own, json: { password: newPassword } });
    await call('getUserSecondFactor', { cookie: a, params: { id: account.id } });
    await call('getSecondFactorPolicy', { cookie: a });
    await call('updateSecondFactorPolicy', { cookie: a, json: { roles: { chair: false } } });
    await call('login', { json: { email: account.email, password: newPassword } });
    await call('loginSecondFactor', {
      cookie: cookieOf({ headers: lastHeaders } as Response, 'dt_2fa'),
      json: { code: await totpCode(enrolment.secret, 1) },
    });
    const { sessions } = await call('listSessions', { cookie: own });
    const other = sessions.find((s: { current: boolean }) => !s.current);
    await call('endSession', { cookie: own, params: { sessionId: other.id } });
    await call('endOtherSessions', { cookie: own });
    await call('disableSecondFactor', { cookie: own, json: { password: newPassword } });

    // Quên mật khẩu: the link's token, read from the outbox (e-mail is off here: held).
    await call('requestPasswordReset', { json: { email: account.email } });
    let token: string | undefined;
    while (!token) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      const [row] = await app.database.db
        .select({ params: emailOutbox.params, text: emailOutbox.text })
        .from(emailOutbox)
        .where(eq(emailOutbox.toAddress, account.email));
      token =
        (row?.params as { token?: string } | undefined)?.token ??
        /dat-lai-mat-khau\/([\w-]+)/.exec(row?.text ?? '')?.[1];
    }
    await call('resetPassword', { json: { token, password: 'Sông Hồng mùa nước nổi 2026' } });

    // Removals, then the end of the session
    await call('removeDocument', { cookie: a, params: d });
    await call('removeMember', { cookie: a, params: { conferenceId, memberId: member.id } });
    await call('removeAgendaItem', { cookie: a, params: { conferenceId, itemId: extra.id } });
    await call('removeDelegate', { cookie: a, params: { ...s, delegateId: delegate.id } });
    await call('removeSite', { cookie: a, params: { conferenceId, siteId: spare.id } });
    await call('resetUserSecondFactor', { cookie: a, params: { id: account.id } });
    await call('signUserOutEverywhere', { cookie: a, params: { id: account.id } });
    await call('logout', { cookie: own });

    // Every operation of the document had its case.
    expect([...exercised].sort()).toEqual([...operations.keys()].sort());
  }, 120_000);
});

describe('what public callers receive', () => {
  it('has no account ids, editors or contacts of the people behind it', async () => {
    const a = admin.cookie;
    const { conferenceId, themeId } = await publicConference('Hội nghị công khai');
    const author = await app.createUser();
    const authorCookie = await app.signIn(author.email, author.password);
    const sent = await call('submitContribution', {
      cookie: authorCookie,
      params: { conferenceId },
      form: contributionForm(themeId, 'Đề xuất của người có tài khoản', 'cong-khai-0001', []),
    });
    const one = { conferenceId, contributionId: sent.id as string };
    await call('moderateContribution', { cookie: a, params: one, json: { action: 'publish' } });
    await call('moderateContribution', {
      cookie: a,
      params: one,
      json: { action: 'status', status: 'under_consideration' },
    });
    await call('answerContribution', { cookie: a, params: one, json: { answer: 'Đã tiếp thu.' } });

    const article = await call('createArticle', {
      cookie: a,
      json: { title: 'Tin công khai về hội nghị', conferenceId },
    });
    await call('publishArticle', { cookie: a, params: { articleId: article.id }, json: {} });

    const answers = {
      article: await call('getNewsArticle', { params: { slug: article.slug } }),
      news: await call('listNews', {}),
      list: await call('listContributions', { params: { conferenceId } }),
      contribution: await call('getContribution', { params: one }),
      tracked: await call('trackContribution', {
        params: { token: sent.trackingPath.split('/').pop() },
      }),
    };
    for (const [name, body] of Object.entries(answers)) {
      const text = JSON.stringify(body);
      for (const secret of [admin.id, author.id, 'pham.van.dan@example.vn', 'cong-khai-0001']) {
        expect(text, `${name} shows ${secret}`).not.toContain(secret);
      }
    }
    for (const field of ['createdBy', 'updatedBy', 'conferenceId']) {
      expect(answers.article.article).not.toHaveProperty(field);
    }
    for (const field of ['userId', 'email', 'phone', 'answeredBy', 'siteId', 'trackingId']) {
      expect(answers.contribution.contribution).not.toHaveProperty(field);
      expect(answers.list.items[0]).not.toHaveProperty(field);
      expect(answers.tracked).not.toHaveProperty(field);
    }
    // The conference's moderators still see the author's contacts.
    const moderated = await call('getContribution', { cookie: a, params: one });
    expect(moderated.contribution.email).toBe('pham.van.dan@example.vn');
  });
});
