import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, gt, sql } from 'drizzle-orm';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, type AuditRow } from '../../db/schema/audit.ts';
import { conferenceMembers } from '../../db/schema/conferences.ts';
import { purgeAuditLog } from '../../domain/audit/purge-audit-log.ts';
import { createUserFromConsole, setPasswordFromConsole } from '../../domain/auth/users.ts';
import { removeMember } from '../../domain/conferences/members.ts';
import { undoRemoval } from '../../domain/conferences/undo-removal.ts';
import { signUndo } from '../../domain/conferences/undo-token.ts';
import { LiveClient } from '../support/live-client.ts';
import { loadServerBuild } from '../support/server-build.ts';
import { startTestApp, TEST_SECRET, type TestApp } from '../support/test-app.ts';

// The audit trail end to end: each privileged action, done through the API as people do
// it (behind one proxy, so each request names its own client address), leaves exactly
// its entry; the table refuses edits from the app's own database handle; the retention
// purge removes only what is old; administrators read, filter and export it.

let app: TestApp;
let admin: { id: string; email: string; cookie: string };
let ipCounter = 0;
/** Each request from its own documentation address, to tell entries' addresses apart. */
const freshIp = () => `198.51.100.${++ipCounter}`;

async function api(
  method: string,
  path: string,
  body?: unknown,
  opts: { cookie?: string; ip?: string } = {},
) {
  const res = await fetch(`${app.url}/api/v1${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(opts.cookie === '' ? {} : { cookie: opts.cookie ?? admin.cookie }),
      'x-forwarded-for': opts.ip ?? freshIp(),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  // As `res.json()` would give it (any JSON): the checks below say what it must hold.
  let json: Awaited<ReturnType<Response['json']>> = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = text;
  }
  return { status: res.status, json, headers: res.headers };
}

async function ok(method: string, path: string, body?: unknown, ip?: string) {
  const res = await api(method, path, body, { ip });
  if (res.status >= 300)
    throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.json)}`);
  return res.json;
}

/** The entries written since `mark` (an id), oldest first. */
async function since(mark: number, action?: string): Promise<AuditRow[]> {
  return app.database.db
    .select()
    .from(auditLog)
    .where(and(gt(auditLog.id, mark), action ? eq(auditLog.action, action) : undefined))
    .orderBy(asc(auditLog.id));
}

async function mark(): Promise<number> {
  const [row] = await app.database.db
    .select({ id: auditLog.id })
    .from(auditLog)
    .orderBy(desc(auditLog.id))
    .limit(1);
  return row?.id ?? 0;
}

/** The one entry of `action` written since `from`. */
async function only(from: number, action: string): Promise<AuditRow> {
  const rows = await since(from, action);
  expect(rows, `one ${action} entry`).toHaveLength(1);
  return rows[0]!;
}

const byAdmin = { actorId: () => admin.id };

let conferenceId: string;
let themeId: string;
let siteId: string;

beforeAll(async () => {
  app = await startTestApp({ build: await loadServerBuild(), env: { TRUST_PROXY: '1' } });
  const a = await app.createUser({ roles: ['admin', 'editor'] });
  admin = { id: a.id, email: a.email, cookie: await app.signIn(a.email, a.password) };
});
afterAll(() => app.close());

describe('accounts and global roles', () => {
  it('created, roles changed, disabled, enabled, edited, password reset: each its entry, no secret', async () => {
    const m = await mark();
    const ip = freshIp();
    const user = await ok(
      'POST',
      '/users',
      {
        email: 'can.bo.moi@example.vn',
        name: 'Cán Bộ Mới',
        password: 'mat-khau-bi-mat-12',
        roles: ['reporter'],
      },
      ip,
    );
    const created = await only(m, 'user.created');
    expect(created).toMatchObject({
      actorId: byAdmin.actorId(),
      actorEmail: admin.email,
      ip,
      targetType: 'user',
      targetId: user.id,
      targetLabel: 'can.bo.moi@example.vn',
      before: null,
      after: {
        email: 'can.bo.moi@example.vn',
        name: 'Cán Bộ Mới',
        roles: ['reporter'],
        disabled: false,
        language: 'vi',
      },
    });

    let n = await mark();
    await ok('PATCH', `/users/${user.id}`, { roles: ['reporter', 'editor'] });
    expect(await only(n, 'user.roles_changed')).toMatchObject({
      before: { roles: ['reporter'] },
      after: { roles: ['editor', 'reporter'] },
    });
    expect(await since(n)).toHaveLength(1);

    n = await mark();
    await ok('PATCH', `/users/${user.id}`, { disabled: true });
    expect(await only(n, 'user.disabled')).toMatchObject({
      before: { disabled: false },
      after: { disabled: true },
    });
    n = await mark();
    await ok('PATCH', `/users/${user.id}`, { disabled: false });
    expect(await only(n, 'user.enabled')).toMatchObject({
      before: { disabled: true },
      after: { disabled: false },
    });

    n = await mark();
    await ok('PATCH', `/users/${user.id}`, { name: 'Cán Bộ Đã Đổi Tên', language: 'vi' });
    // Only what changed: the language was already Vietnamese.
    expect(await only(n, 'user.edited')).toMatchObject({
      before: { name: 'Cán Bộ Mới' },
      after: { name: 'Cán Bộ Đã Đổi Tên' },
    });
    expect((await only(n, 'user.edited')).after).not.toHaveProperty('language');

    n = await mark();
    await ok('PATCH', `/users/${user.id}`, { password: 'mat-khau-khac-han-34' });
    const reset = await only(n, 'user.password_reset');
    expect(reset.before).toBeNull();
    expect(reset.after).toBeNull();

    // Saving with nothing changed leaves no entry.
    n = await mark();
    await ok('PATCH', `/users/${user.id}`, { name: 'Cán Bộ Đã Đổi Tên' });
    expect(await since(n)).toHaveLength(0);

    const all = JSON.stringify(await since(m));
    expect(all).not.toContain('mat-khau-bi-mat-12');
    expect(all).not.toContain('mat-khau-khac-han-34');
    expect(all).not.toMatch(/argon2/);
  });

  it('an action sent from a page (a form posted to its route) records the address too', async () => {
    const user = await app.createUser({});
    const m = await mark();
    const ip = freshIp();
    const res = await fetch(`${app.url}/quan-tri/nguoi-dung/${user.id}`, {
      method: 'POST',
      headers: {
        cookie: admin.cookie,
        origin: app.url,
        'x-forwarded-for': ip,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ intent: 'sign-out-everywhere' }),
      redirect: 'manual',
    });
    expect(res.status).toBeLessThan(400);
    expect(await only(m, 'user.signed_out_everywhere')).toMatchObject({
      actorId: admin.id,
      ip,
      targetId: user.id,
    });
  });

  it('the console acts as the system: no actor, no address', async () => {
    const m = await mark();
    const user = await createUserFromConsole({
      db: app.database.db,
      input: {
        email: 'quan.tri.bang.lenh@example.vn',
        name: 'Quản Trị Bằng Lệnh',
        password: 'mat-khau-tu-dong-lenh-56',
        language: 'vi',
        roles: ['admin'],
        disabled: false,
      },
    });
    await setPasswordFromConsole({
      db: app.database.db,
      email: user.email,
      password: 'mat-khau-dong-lenh-moi-78',
    });
    const rows = await since(m);
    expect(rows.map((r) => r.action)).toEqual(['user.created', 'user.password_reset']);
    for (const r of rows) {
      expect(r).toMatchObject({ actorId: null, actorName: null, ip: null, targetId: user.id });
    }
    expect(rows[0]!.after).toMatchObject({ roles: ['admin'] });
  });
});

describe('conferences and their roles', () => {
  it('created, edited, status changed; operator created, role granted and revoked', async () => {
    let m = await mark();
    const conf = await ok('POST', '/conferences', {
      title: 'Hội nghị đối thoại về nhật ký',
      theme: 'Minh bạch',
      organiser: 'Ban Tổ chức',
      startsAt: '2026-12-18T01:00:00Z',
      endsAt: '2026-12-18T04:00:00Z',
      themes: ['Minh bạch'],
    });
    conferenceId = conf.id;
    expect(await only(m, 'conference.created')).toMatchObject({
      actorId: admin.id,
      targetType: 'conference',
      targetId: conferenceId,
      conferenceId,
      after: { title: 'Hội nghị đối thoại về nhật ký', status: 'draft' },
    });

    m = await mark();
    await ok('PATCH', `/conferences/${conferenceId}`, { theme: 'Minh bạch và trách nhiệm' });
    expect(await only(m, 'conference.updated')).toMatchObject({
      before: { theme: 'Minh bạch' },
      after: { theme: 'Minh bạch và trách nhiệm' },
    });

    m = await mark();
    const ip = freshIp();
    await ok('POST', `/conferences/${conferenceId}/status`, { status: 'scheduled' }, ip);
    expect(await only(m, 'conference.status_changed')).toMatchObject({
      ip,
      before: { status: 'draft' },
      after: { status: 'scheduled' },
    });
    themeId = (await ok('GET', `/conferences/${conferenceId}`)).themes[0].id;

    siteId = (
      await ok('POST', `/conferences/${conferenceId}/sites`, {
        name: 'Điểm cầu Lạng Sơn',
        unitName: 'UBND tỉnh Lạng Sơn',
      })
    ).id;
    m = await mark();
    const operator = await ok('POST', `/conferences/${conferenceId}/sites/${siteId}/operators`, {
      name: 'Kỹ thuật Lạng Sơn',
    });
    expect(await only(m, 'conference.operator_created')).toMatchObject({
      targetType: 'user',
      targetId: operator.userId,
      conferenceId,
      after: { role: 'site_operator', siteId, site: 'Điểm cầu Lạng Sơn' },
    });

    const chair = await app.createUser();
    const [chairRow] = await app.database.db
      .select({ email: sql<string>`email` })
      .from(sql`users`)
      .where(sql`id = ${chair.id}`);
    m = await mark();
    const member = await ok('POST', `/conferences/${conferenceId}/members`, {
      email: chairRow!.email,
      role: 'chair',
    });
    expect(await only(m, 'conference.role_granted')).toMatchObject({
      actorId: admin.id,
      targetId: chair.id,
      targetLabel: chair.email,
      conferenceId,
      after: { role: 'chair' },
    });
    m = await mark();
    await ok('DELETE', `/conferences/${conferenceId}/members/${member.id}`);
    expect(await only(m, 'conference.role_revoked')).toMatchObject({
      targetId: chair.id,
      conferenceId,
      before: { role: 'chair' },
      after: null,
    });

    // Taken away and given back with Undo: both are in the trail.
    const again = await ok('POST', `/conferences/${conferenceId}/members`, {
      email: chairRow!.email,
      role: 'secretary',
    });
    const actor = {
      id: admin.id,
      name: 'Quản trị',
      email: admin.email,
      language: 'vi' as const,
      roles: ['admin' as const],
    };
    const removal = await removeMember({
      db: app.database.db,
      actor,
      conferenceId,
      memberId: again.id,
    });
    const { token } = signUndo({
      secret: TEST_SECRET,
      actorId: admin.id,
      conferenceId,
      removed: removal,
    });
    m = await mark();
    await undoRemoval({ db: app.database.db, actor, conferenceId, secret: TEST_SECRET, token });
    expect(await only(m, 'conference.removal_undone')).toMatchObject({
      targetType: 'user',
      targetId: chair.id,
      conferenceId,
      after: { role: 'secretary' },
    });

    // A site removed takes its operator's role with it.
    const spare = (
      await ok('POST', `/conferences/${conferenceId}/sites`, {
        name: 'Điểm cầu dự phòng',
        unitName: 'Dự phòng',
      })
    ).id;
    const spareOperator = await ok(
      'POST',
      `/conferences/${conferenceId}/sites/${spare}/operators`,
      { name: 'Kỹ thuật dự phòng' },
    );
    m = await mark();
    await ok('DELETE', `/conferences/${conferenceId}/sites/${spare}`);
    expect(await only(m, 'conference.site_removed')).toMatchObject({
      targetType: 'site',
      targetId: spare,
      targetLabel: 'Điểm cầu dự phòng',
      before: { roles: [{ userId: spareOperator.userId, role: 'site_operator' }] },
    });
  });
});

describe('settings, categories and articles', () => {
  it('site particulars, site links, newsroom workflow and categories: only the changed fields', async () => {
    let m = await mark();
    await ok('PUT', '/site-settings', { siteName: 'Cổng Đối thoại', phone: '024 1234 5678' });
    expect(await only(m, 'site_settings.changed')).toMatchObject({
      before: { siteName: '', phone: '' },
      after: { siteName: 'Cổng Đối thoại', phone: '024 1234 5678' },
    });
    expect(Object.keys((await only(m, 'site_settings.changed')).after!).sort()).toEqual([
      'phone',
      'siteName',
    ]);

    m = await mark();
    await ok('PUT', '/news/site-links', {
      links: [{ title: 'Chính phủ', url: 'https://chinhphu.vn' }],
    });
    expect(await only(m, 'site_settings.links_changed')).toMatchObject({
      before: { links: [] },
      after: { links: [{ title: 'Chính phủ', url: 'https://chinhphu.vn' }] },
    });

    m = await mark();
    await ok('PUT', '/newsroom/settings', { workflowEnabled: true });
    await ok('PUT', '/newsroom/settings', { workflowEnabled: true });
    expect(await only(m, 'newsroom.settings_changed')).toMatchObject({
      before: { workflowEnabled: false },
      after: { workflowEnabled: true },
    });
    await ok('PUT', '/newsroom/settings', { workflowEnabled: false });

    m = await mark();
    const cat = await ok('POST', '/news/categories', {
      name: 'Chuyên mục nhật ký',
      description: '',
      position: 0,
    });
    expect(await only(m, 'category.created')).toMatchObject({
      targetId: cat.id,
      after: { name: 'Chuyên mục nhật ký' },
    });
    m = await mark();
    await ok('PATCH', `/news/categories/${cat.id}`, { hidden: true, description: '' });
    expect(await only(m, 'category.updated')).toMatchObject({
      before: { hidden: false },
      after: { hidden: true },
    });
    m = await mark();
    await ok('DELETE', `/news/categories/${cat.id}`);
    expect(await only(m, 'category.deleted')).toMatchObject({
      targetId: cat.id,
      targetLabel: 'Chuyên mục nhật ký',
      before: { name: 'Chuyên mục nhật ký', articleCount: 0 },
      after: { movedTo: null },
    });
  });

  it('articles published, scheduled and unpublished', async () => {
    const article = await ok('POST', '/articles', { title: 'Bài viết về nhật ký hệ thống' });
    let m = await mark();
    await ok('POST', `/articles/${article.id}/publish`, {});
    expect(await only(m, 'article.published')).toMatchObject({
      actorId: admin.id,
      targetType: 'article',
      targetId: article.id,
      targetLabel: 'Bài viết về nhật ký hệ thống',
      before: { status: 'draft', publishedAt: null },
      after: { status: 'published' },
    });
    m = await mark();
    await ok('POST', `/articles/${article.id}/unpublish`, {});
    expect(await only(m, 'article.unpublished')).toMatchObject({
      before: { status: 'published' },
      after: { status: 'unpublished' },
    });
    const later = await ok('POST', '/articles', { title: 'Bài hẹn giờ đăng sau' });
    m = await mark();
    await ok('POST', `/articles/${later.id}/publish`, { publishAt: '2099-01-01T08:00:00+07:00' });
    expect(await only(m, 'article.scheduled')).toMatchObject({
      targetId: later.id,
      after: { publishedAt: '2099-01-01T01:00:00.000Z' },
    });
  });
});

describe('contributions moderated', () => {
  async function submitted(title: string) {
    const res = await api(
      'POST',
      `/conferences/${conferenceId}/contributions`,
      {
        themeId,
        kind: 'proposal',
        title,
        body: 'Đề nghị công khai nhật ký các thao tác quản trị để người dân giám sát được.',
        authorName: 'Phạm Văn Dân',
        authorKind: 'citizen',
        email: 'pham.van.dan@example.vn',
        consent: true,
        idempotencyKey: randomUUID(),
      },
      { cookie: '' },
    );
    expect(res.status).toBe(201);
    return res.json.id as string;
  }
  const c = (id: string) => `/conferences/${conferenceId}/contributions/${id}`;

  it('published, rejected, adopted, answered and merged, each with the conference', async () => {
    const a = await submitted('Công khai nhật ký quản trị');
    const b = await submitted('Từ chối thử một ý kiến');
    const d = await submitted('Ý kiến trùng lặp để gộp');

    let m = await mark();
    const ip = freshIp();
    await ok('POST', `${c(a)}/moderate`, { action: 'publish' }, ip);
    expect(await only(m, 'contribution.published')).toMatchObject({
      actorId: admin.id,
      ip,
      targetType: 'contribution',
      targetId: a,
      targetLabel: 'Công khai nhật ký quản trị',
      conferenceId,
      before: { status: 'submitted' },
      after: { status: 'published' },
    });
    m = await mark();
    await ok('POST', `${c(b)}/moderate`, { action: 'reject', reason: 'Không đúng chủ đề' });
    expect(await only(m, 'contribution.rejected')).toMatchObject({
      after: { status: 'rejected', rejectReason: 'Không đúng chủ đề' },
    });
    m = await mark();
    await ok('POST', `${c(a)}/answer`, { answer: 'Ban Tổ chức tiếp thu và sẽ công khai.' });
    expect(await only(m, 'contribution.answered')).toMatchObject({
      before: { status: 'published', answer: null },
      after: { status: 'answered', answer: 'Ban Tổ chức tiếp thu và sẽ công khai.' },
    });
    m = await mark();
    await ok('POST', `${c(a)}/moderate`, { action: 'status', status: 'adopted' });
    expect(await only(m, 'contribution.adopted')).toMatchObject({
      before: { status: 'answered' },
      after: { status: 'adopted' },
    });
    await ok('POST', `${c(d)}/moderate`, { action: 'publish' });
    m = await mark();
    await ok('POST', `${c(d)}/merge`, { intoId: a });
    expect(await only(m, 'contribution.merged')).toMatchObject({
      targetId: d,
      before: { status: 'published' },
      after: { status: 'merged', mergedIntoId: a },
    });
  });
});

describe('the live session', () => {
  it('started and ended over HTTP, a site muted and a turn ended over a WebSocket with its address', async () => {
    const live = `/conferences/${conferenceId}/live/commands`;
    const send = (command: unknown, ip?: string) =>
      ok('POST', live, { commandId: randomUUID(), command }, ip);
    await send({ type: 'session.open_check' });
    let m = await mark();
    const ip = freshIp();
    await send({ type: 'session.start' }, ip);
    expect(await only(m, 'live.session_started')).toMatchObject({
      actorId: admin.id,
      ip,
      conferenceId,
      targetType: 'live_session',
      before: { phase: 'technical_check' },
      after: { phase: 'in_progress' },
    });
    // Nothing else the open check or the start did is a privileged action.
    expect((await since(m)).map((r) => r.action)).toEqual(['live.session_started']);

    // Over a WebSocket no HTTP request is in flight: the socket's own address is kept.
    const wsIp = '192.0.2.77';
    const screen = await LiveClient.connect(app.url, admin.cookie, { 'x-forwarded-for': wsIp });
    screen.subscribe(conferenceId);
    await screen.until(() => true);
    try {
      m = await mark();
      expect(
        (await screen.command(conferenceId, { type: 'site.mute', siteId, muted: true })).t,
      ).toBe('ack');
      expect(await only(m, 'live.site_muted')).toMatchObject({
        actorId: admin.id,
        ip: wsIp,
        targetType: 'site',
        targetId: siteId,
        targetLabel: 'Điểm cầu Lạng Sơn',
        before: { muted: false },
        after: { muted: true },
      });
      expect((await screen.command(conferenceId, { type: 'floor.grant', siteId })).t).toBe('ack');
      await screen.until((s) => s.turns.some((t) => t.endedAt === null));
      const turnId = screen.state!.turns.find((t) => t.endedAt === null)!.id;
      m = await mark();
      expect((await screen.command(conferenceId, { type: 'floor.end', turnId })).t).toBe('ack');
      expect(await only(m, 'live.floor_ended')).toMatchObject({
        ip: wsIp,
        targetType: 'site',
        targetId: siteId,
        before: { turnId },
      });
    } finally {
      screen.close();
    }

    m = await mark();
    await send({ type: 'session.end' });
    await send({ type: 'session.reopen' });
    expect((await since(m)).map((r) => [r.action, r.before, r.after])).toEqual([
      ['live.session_ended', { phase: 'in_progress' }, { phase: 'ended' }],
      ['live.session_reopened', { phase: 'ended' }, { phase: 'paused' }],
    ]);
  });
});

describe('the conference record', () => {
  it('minutes locked and conclusions published', async () => {
    const record = `/conferences/${conferenceId}/record`;
    await ok('PUT', `${record}/minutes`, { html: '<p>Biên bản phiên họp.</p>', version: 0 });
    let m = await mark();
    await ok('POST', `${record}/minutes/finish`, {});
    expect(await only(m, 'record.minutes_locked')).toMatchObject({
      actorId: admin.id,
      targetType: 'conference_record',
      targetId: conferenceId,
      conferenceId,
      before: { lockedAt: null },
      after: { version: 1 },
    });
    await ok('PUT', `${record}/conclusions`, { html: '<p>Kết luận của hội nghị.</p>', version: 0 });
    m = await mark();
    await ok('POST', `${record}/conclusions/finish`, { publish: true });
    expect(await only(m, 'record.conclusions_published')).toMatchObject({
      before: { publishedAt: null },
      after: { version: 1 },
    });
  });
});

/** The database refused it with the trigger's message (drizzle wraps it in `cause`). */
async function refused(query: PromiseLike<unknown>) {
  const err = await Promise.resolve(query).then(
    () => null,
    (e: unknown) => e as Error & { cause?: Error },
  );
  expect(err, 'refused').not.toBeNull();
  expect(`${err!.message} ${err!.cause?.message ?? ''}`).toMatch(/append-only/);
}

describe('append-only', () => {
  it("refuses UPDATE, DELETE and TRUNCATE from the app's database handle", async () => {
    const db = app.database.db;
    const [row] = await db.select().from(auditLog).limit(1);
    await refused(db.update(auditLog).set({ action: 'tampered' }).where(eq(auditLog.id, row!.id)));
    await refused(db.delete(auditLog).where(eq(auditLog.id, row!.id)));
    await refused(db.execute(sql`truncate audit_log`));
    // Even naming a purge cut-off, an entry younger than 30 days stays.
    await refused(
      db.transaction(async (tx) => {
        await tx.execute(
          sql`select set_config('doi_thoai.audit_purge_before', '2999-01-01', true)`,
        );
        await tx.delete(auditLog).where(eq(auditLog.id, row!.id));
      }),
    );
    const [still] = await db.select().from(auditLog).where(eq(auditLog.id, row!.id));
    expect(still).toEqual(row);
  });
});

describe('retention', () => {
  it('removes only entries older than the retention, says so once, and is idempotent', async () => {
    const db = app.database.db;
    const now = new Date();
    const daysAgo = (d: number) => new Date(now.getTime() - d * 24 * 60 * 60 * 1000);
    const old = await db
      .insert(auditLog)
      .values([
        { action: 'test.old', targetType: 'test', at: daysAgo(2000) },
        { action: 'test.old', targetType: 'test', at: daysAgo(1826) },
        { action: 'test.kept', targetType: 'test', at: daysAgo(1824) },
        { action: 'test.kept', targetType: 'test', at: daysAgo(40) },
        { action: 'test.kept', targetType: 'test', at: daysAgo(20) },
      ])
      .returning({ id: auditLog.id });
    expect(old).toHaveLength(5);
    const m = await mark();

    const first = await purgeAuditLog({ db, retentionDays: 1825, now });
    expect(first.deleted).toBe(2);
    const left = await db.select({ action: auditLog.action }).from(auditLog);
    expect(left.filter((r) => r.action === 'test.old')).toHaveLength(0);
    expect(left.filter((r) => r.action === 'test.kept')).toHaveLength(3);
    expect(await only(m, 'audit.purged')).toMatchObject({
      actorId: null,
      ip: null,
      targetType: 'audit_log',
      after: { deleted: 2, retentionDays: 1825 },
    });

    const again = await purgeAuditLog({ db, retentionDays: 1825, now });
    expect(again.deleted).toBe(0);
    expect(await since(m, 'audit.purged')).toHaveLength(1);

    // A retention under 30 days is read as 30: the 20-day-old entry stays.
    const short = await purgeAuditLog({ db, retentionDays: 1, now });
    expect(short.deleted).toBe(2);
    const kept = await db
      .select({ at: auditLog.at })
      .from(auditLog)
      .where(eq(auditLog.action, 'test.kept'));
    expect(kept).toHaveLength(1);
  });

  it('two purges at once (two instances) remove each entry once, each recording what it removed', async () => {
    const db = app.database.db;
    const at = new Date(Date.now() - 3000 * 24 * 60 * 60 * 1000);
    await db
      .insert(auditLog)
      .values(Array.from({ length: 20 }, () => ({ action: 'test.race', targetType: 'test', at })));
    const m = await mark();
    const runs = await Promise.all([
      purgeAuditLog({ db, retentionDays: 1825 }),
      purgeAuditLog({ db, retentionDays: 1825 }),
    ]);
    expect(runs[0].deleted + runs[1].deleted).toBe(20);
    const purged = await since(m, 'audit.purged');
    expect(purged.map((r) => (r.after as { deleted: number }).deleted).sort()).toEqual(
      runs
        .map((r) => r.deleted)
        .filter(Boolean)
        .sort(),
    );
  });
});

describe('reading the trail', () => {
  it('filters by days, actor, action, target, conference and address, newest first, paged', async () => {
    const all = await api('GET', '/audit');
    expect(all.status).toBe(200);
    expect(all.json.pageSize).toBe(50);
    const times = all.json.entries.map((e: { at: string }) => e.at);
    expect(times).toEqual([...times].sort().reverse());

    const users = await api('GET', '/audit?action=user.&actor=' + encodeURIComponent(admin.email));
    expect(users.json.total).toBeGreaterThanOrEqual(6);
    for (const e of users.json.entries) {
      expect(e.action).toMatch(/^user\./);
      expect(e.actor.email).toBe(admin.email);
    }

    const conf = await api('GET', `/audit?conferenceId=${conferenceId}&targetType=contribution`);
    expect(conf.json.entries.map((e: { action: string }) => e.action)).toEqual([
      'contribution.merged',
      'contribution.published',
      'contribution.adopted',
      'contribution.answered',
      'contribution.rejected',
      'contribution.published',
    ]);
    const one = conf.json.entries[5];
    const byTarget = await api('GET', `/audit?targetType=contribution&targetId=${one.target.id}`);
    expect(byTarget.json.entries.map((e: { id: number }) => e.id)).toContain(one.id);
    const byIp = await api('GET', `/audit?ip=${one.ip}`);
    expect(byIp.json.entries.map((e: { id: number }) => e.id)).toEqual([one.id]);

    // Days in Vietnam time, typed dd/MM/yyyy: today holds everything, yesterday nothing new.
    const vn = new Date(Date.now() + 7 * 3600_000);
    const day = (d: Date) =>
      `${String(d.getUTCDate()).padStart(2, '0')}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${d.getUTCFullYear()}`;
    const today = day(vn);
    const yesterday = day(new Date(vn.getTime() - 24 * 3600_000));
    const todays = await api('GET', `/audit?from=${today}&to=${today}&action=contribution.`);
    expect(todays.json.total).toBe(6);
    const before = await api('GET', `/audit?to=${yesterday}&action=contribution.`);
    expect(before.json.total).toBe(0);

    const page2 = await api('GET', '/audit?page=2');
    expect(page2.status).toBe(200);
    expect(page2.json.page).toBe(2);
    expect(page2.json.entries.length).toBe(Math.max(0, Math.min(50, all.json.total - 50)));
  });

  it('refuses bad filters with a message in the reader’s language, never a 500', async () => {
    const bad = await api('GET', '/audit?from=31/02/2026');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json)).toContain('dd/MM/yyyy');
    for (const q of ['conferenceId=abc', 'actor=%00', 'page=0', 'ip=<script>', 'x=1']) {
      expect((await api('GET', `/audit?${q}`)).status, q).toBe(400);
    }
    expect((await api('GET', `/audit?actor=${'a'.repeat(5000)}`)).status).toBe(400);
  });

  it('is for administrators; organisers see only their own conference', async () => {
    const editor = await app.createUser({ roles: ['editor'] });
    const editorCookie = await app.signIn(editor.email, editor.password);
    expect((await api('GET', '/audit', undefined, { cookie: editorCookie })).status).toBe(403);
    expect((await api('GET', '/audit/export', undefined, { cookie: editorCookie })).status).toBe(
      403,
    );
    expect((await api('GET', '/audit', undefined, { cookie: '' })).status).toBe(401);

    const organiser = await app.createUser();
    await app.database.db
      .insert(conferenceMembers)
      .values({ conferenceId, userId: organiser.id, role: 'organiser' });
    const orgCookie = await app.signIn(organiser.email, organiser.password);
    expect((await api('GET', '/audit', undefined, { cookie: orgCookie })).status).toBe(403);
    const own = await api('GET', `/audit?conferenceId=${conferenceId}`, undefined, {
      cookie: orgCookie,
    });
    expect(own.status).toBe(200);
    expect(own.json.total).toBeGreaterThan(0);
    for (const e of own.json.entries) expect(e.conferenceId).toBe(conferenceId);
    const other = await ok('POST', '/conferences', {
      title: 'Hội nghị khác',
      theme: 'Khác',
      organiser: 'Ban Tổ chức',
      startsAt: '2026-12-18T01:00:00Z',
      endsAt: '2026-12-18T04:00:00Z',
      themes: ['Khác'],
    });
    expect(
      (await api('GET', `/audit?conferenceId=${other.id}`, undefined, { cookie: orgCookie }))
        .status,
    ).toBe(403);

    // The conference's own trail page: its organisers, only its entries.
    const confPage = (cookie: string, id = conferenceId) =>
      fetch(`${app.url}/quan-ly/hoi-nghi/${id}/nhat-ky?action=contribution.`, {
        headers: { cookie },
        redirect: 'manual',
      });
    const ownPage = await confPage(orgCookie);
    expect(ownPage.status).toBe(200);
    const ownHtml = await ownPage.text();
    expect(ownHtml).toContain('Nhật ký thao tác của hội nghị');
    expect(ownHtml).toContain('Gộp ý kiến');
    expect(ownHtml).not.toContain('Tạo tài khoản');
    expect(ownHtml).toContain(
      `/api/v1/audit/export?action=contribution.&amp;conferenceId=${conferenceId}`,
    );
    expect((await confPage(orgCookie, other.id)).status).toBe(403);
    expect((await confPage(editorCookie)).status).toBe(403);

    // The page: administrators only.
    const page = (cookie: string) =>
      fetch(`${app.url}/quan-tri/nhat-ky`, { headers: { cookie }, redirect: 'manual' });
    expect((await page(editorCookie)).status).toBe(403);
    expect((await page(orgCookie)).status).toBe(403);
    const html = await (await page(admin.cookie)).text();
    expect(html).toContain('Nhật ký hệ thống');
    expect(html).toContain('Đăng ý kiến');
    expect(html).toContain('/api/v1/audit/export?format=csv');
  });

  it('the page shows a filtered trail with before → after and names a bad filter', async () => {
    const res = await fetch(
      `${app.url}/quan-tri/nhat-ky?action=conference.status_changed&from=99/99/2026`,
      { headers: { cookie: admin.cookie } },
    );
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Đổi trạng thái hội nghị');
    expect(html).toMatch(/<del>draft<\/del> → <ins>scheduled<\/ins>/);
    expect(html).toContain('Bộ lọc không hợp lệ đã bị bỏ qua: Từ ngày (dd/mm/yyyy)');
    expect(html).not.toContain('Đăng ý kiến');
  });
});

describe('export', () => {
  it('CSV with a BOM and XLSX, the filtered rows only, formula-looking cells inert', async () => {
    // A name that a spreadsheet would run as a formula.
    const m = await mark();
    await ok('POST', '/news/categories', {
      name: '=HYPERLINK("http://evil.example","bấm")',
      description: '',
      position: 9,
    });
    const entry = await only(m, 'category.created');

    const csv = await fetch(
      `${app.url}/api/v1/audit/export?format=csv&targetId=${entry.targetId}`,
      {
        headers: { cookie: admin.cookie },
      },
    );
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    // Read as bytes: `text()` would drop the BOM.
    const text = Buffer.from(await csv.arrayBuffer()).toString('utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const rows = parse(text.slice(1)) as string[][];
    expect(rows[0]).toContain('Thời gian (giờ Việt Nam)');
    expect(rows).toHaveLength(2);
    expect(rows[1]![7]).toBe('category.created');
    expect(rows[1]![10]).toBe(`'=HYPERLINK("http://evil.example","bấm")`);
    for (const cell of rows.flat()) expect(cell).not.toMatch(/^[=+\-@]/);
    expect(text).toContain('category.created');
    expect(text).toContain(`,"'=HYPERLINK(""http://evil.example"",""bấm"")",`);
    expect(text).not.toMatch(/(^|,)"?=/m);

    const xlsx = await fetch(`${app.url}/api/v1/audit/export?format=xlsx&action=category.`, {
      headers: { cookie: admin.cookie },
    });
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as never);
    const ws = wb.worksheets[0]!;
    const actions = new Set<string>();
    let found = false;
    ws.eachRow((row, n) => {
      if (n === 1) return;
      actions.add(String(row.getCell(8).value));
      row.eachCell((cell) => {
        expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
      });
      if (row.getCell(10).value === entry.targetId) {
        found = true;
        expect(row.getCell(11).type).toBe(ExcelJS.ValueType.String);
        expect(row.getCell(11).value).toBe('=HYPERLINK("http://evil.example","bấm")');
      }
    });
    expect([...actions]).toContain('category.created');
    for (const action of actions) expect(action).toMatch(/^category\./);
    expect(found).toBe(true);
  });
});
