import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GlobalRole } from '../../protocol/common.ts';
import { sendJson, startTestApp, type TestApp } from '../support/test-app.ts';

// The newsroom's workflow through the API, for every role, with the three-step workflow
// off (the default: editors publish directly) and on.

let app: TestApp;
const cookies = {} as Record<'reporter' | 'other' | 'editor' | 'approver' | 'admin', string>;
const names = {} as Record<keyof typeof cookies, string>;

async function account(who: keyof typeof cookies, roles: GlobalRole[]) {
  const user = await app.createUser({ roles });
  cookies[who] = await app.signIn(user.email, user.password);
  const me = await (
    await fetch(`${app.url}/api/v1/auth/me`, { headers: { cookie: cookies[who] } })
  ).json();
  names[who] = me.user.name;
}

beforeAll(async () => {
  app = await startTestApp();
  await account('reporter', ['reporter']);
  await account('other', ['reporter']);
  await account('editor', ['editor']);
  await account('approver', ['approver']);
  await account('admin', ['admin']);
});
afterAll(() => app.close());

/** An API answer as this test reads it: the fields of an article, a workflow, a queue or an error. */
interface Answer {
  status: number;
  body: {
    id: string;
    slug: string;
    status: string;
    workflowEnabled: boolean;
    updatedByName: string | null;
    canEdit: boolean;
    actions: string[];
    transitions: {
      action: string;
      fromStatus: string;
      toStatus: string;
      comment: string;
      actorName: string | null;
    }[];
    items: { id: string }[];
    sections: { key: string; count: number; items: { id: string }[] }[];
    error: { code: string; message: string; fields?: Record<string, string> };
    article: { title: string; summary: string; updatedAt: string };
  };
}

async function call(
  who: keyof typeof cookies,
  method: string,
  path: string,
  body?: unknown,
): Promise<Answer> {
  const res =
    body === undefined
      ? await fetch(`${app.url}/api/v1${path}`, { method, headers: { cookie: cookies[who] } })
      : await sendJson(`${app.url}/api/v1${path}`, method, body, { cookie: cookies[who] });
  return { status: res.status, body: await res.json() };
}

async function write(who: keyof typeof cookies, title: string) {
  const res = await call(who, 'POST', '/articles', {
    title,
    summary: 'Tóm tắt',
    bodyHtml: '<p>Nội dung bài viết</p>',
  });
  expect(res.status).toBe(201);
  return res.body as { id: string; slug: string; status: string };
}

/** A step of the workflow; unpublishing takes no body. */
const step = (who: keyof typeof cookies, id: string, action: string, body: object = {}) =>
  call(who, 'POST', `/articles/${id}/${action}`, action === 'unpublish' ? undefined : body);

function expectRefused(res: Answer, status: number, message: RegExp) {
  expect(res.status).toBe(status);
  expect(res.body.error.message).toMatch(message);
}

async function queue(who: keyof typeof cookies) {
  const res = await call(who, 'GET', '/newsroom/queue');
  expect(res.status).toBe(200);
  return Object.fromEntries(
    res.body.sections.map((s) => [s.key, s.items.map((i) => i.id)]),
  ) as Record<string, string[]>;
}

describe('the workflow off (the default newsroom)', () => {
  it('editors keep publishing directly; reporters submit and cannot publish', async () => {
    expect((await call('editor', 'GET', '/newsroom/settings')).body.workflowEnabled).toBe(false);

    const own = await write('editor', 'Biên tập viên viết và đăng ngay');
    expect((await step('editor', own.id, 'publish')).status).toBe(200);
    expect((await fetch(`${app.url}/api/v1/news/by-slug/${own.slug}`)).status).toBe(200);
    expectRefused(
      await step('editor', own.id, 'send-for-approval'),
      409,
      /quy trình ba bước đang tắt/i,
    );

    const draft = await write('reporter', 'Phóng viên viết bài khi quy trình tắt');
    expect(draft.status).toBe('draft');
    expectRefused(await step('reporter', draft.id, 'publish'), 403, /Phóng viên không đăng/);
    expectRefused(await step('reporter', draft.id, 'approve'), 403, /Phóng viên không đăng/);
    expect((await step('reporter', draft.id, 'submit')).body.status).toBe('submitted');
    expectRefused(
      await call('reporter', 'PATCH', `/articles/${draft.id}`, { summary: 'Sửa sau khi gửi' }),
      403,
      /đã gửi đi/,
    );
    expect((await queue('editor')).submitted).toContain(draft.id);
    // Nobody approves while the workflow is off: the editor publishes what was submitted.
    const approved = await step('editor', draft.id, 'approve', { comment: 'Đăng luôn' });
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('published');
  });

  it('a reporter sees and opens only their own articles', async () => {
    const theirs = await write('other', 'Bài của một phóng viên khác');
    expectRefused(
      await call('reporter', 'GET', `/articles/${theirs.id}`),
      403,
      /chỉ mở và sửa được bài do mình viết/,
    );
    expectRefused(
      await call('reporter', 'PATCH', `/articles/${theirs.id}`, { summary: 'Không phải bài mình' }),
      403,
      /bài do mình viết/,
    );
    expect((await step('reporter', theirs.id, 'submit')).status).toBe(403);
    const list = await call('reporter', 'GET', '/articles');
    expect(list.body.items.map((a: { id: string }) => a.id)).not.toContain(theirs.id);
    expect(
      (await call('editor', 'GET', '/articles')).body.items.map((a: { id: string }) => a.id),
    ).toContain(theirs.id);
  });

  it('only administrators switch the workflow, and who did it is kept', async () => {
    for (const who of ['reporter', 'editor', 'approver'] as const)
      expect((await call(who, 'PUT', '/newsroom/settings', { workflowEnabled: true })).status).toBe(
        403,
      );
    expect(
      (await call('admin', 'PUT', '/newsroom/settings', { workflowEnabled: 'yes' })).status,
    ).toBe(400);
    const on = await call('admin', 'PUT', '/newsroom/settings', { workflowEnabled: true });
    expect(on.status).toBe(200);
    expect(on.body).toMatchObject({ workflowEnabled: true, updatedByName: names.admin });
    expect((await call('reporter', 'GET', '/newsroom/settings')).body.workflowEnabled).toBe(true);
  });
});

describe('the three-step workflow on', () => {
  it('reporter → editor (returns) → reporter → editor → approver (returns) → editor → approver publishes', async () => {
    const a = await write('reporter', 'Phóng viên viết, biên tập, lãnh đạo duyệt');
    expect((await queue('reporter')).mine).toContain(a.id);
    expect(
      (await step('reporter', a.id, 'submit', { comment: 'Nhờ anh chị xem' })).body.status,
    ).toBe('submitted');
    expect((await queue('editor')).submitted).toContain(a.id);
    expect((await queue('reporter')).mine).not.toContain(a.id);
    // Refusals while submitted.
    expectRefused(await step('reporter', a.id, 'submit'), 409, /Chờ biên tập/);
    expectRefused(await step('editor', a.id, 'publish'), 403, /chỉ lãnh đạo/);
    expectRefused(await step('editor', a.id, 'approve'), 403, /chỉ lãnh đạo/);
    const noComment = await step('editor', a.id, 'return', { comment: '  ' });
    expect(noComment.status).toBe(400);
    expect(noComment.body.error.fields?.comment).toBeTruthy();

    // The editor returns it with a comment; the reporter sees it in their queue and fixes it.
    const returned = await step('editor', a.id, 'return', { comment: 'Bổ sung số liệu ở đoạn 2' });
    expect(returned.body.status).toBe('returned');
    expect((await queue('reporter')).mine).toContain(a.id);
    const seen = await call('reporter', 'GET', `/articles/${a.id}/workflow`);
    expect(seen.body.transitions[0]).toMatchObject({
      action: 'return',
      fromStatus: 'submitted',
      toStatus: 'returned',
      comment: 'Bổ sung số liệu ở đoạn 2',
      actorName: names.editor,
    });
    expect(seen.body.actions).toEqual(['submit']);
    expect(seen.body.canEdit).toBe(true);
    expect(
      (await call('reporter', 'PATCH', `/articles/${a.id}`, { summary: 'Đã bổ sung số liệu' }))
        .status,
    ).toBe(200);
    expect((await step('reporter', a.id, 'submit')).body.status).toBe('submitted');
    // The approver cannot skip the editors.
    expectRefused(await step('approver', a.id, 'approve'), 409, /phải qua biên tập viên/);

    // The editor sends it for approval; the approver returns it to the editors once.
    expect((await step('editor', a.id, 'send-for-approval')).body.status).toBe('pending_approval');
    expect((await queue('approver')).pending_approval).toContain(a.id);
    expect((await queue('editor')).pending_approval).toBeUndefined();
    expectRefused(
      await step('editor', a.id, 'return', { comment: 'Rút lại' }),
      403,
      /chỉ lãnh đạo/,
    );
    const back = await step('approver', a.id, 'return', { comment: 'Tít dài quá' });
    expect(back.body.status).toBe('submitted');
    expect((await step('editor', a.id, 'send-for-approval')).body.status).toBe('pending_approval');

    // The approver publishes it; readers see it; only approvers change it now.
    const published = await step('approver', a.id, 'approve', { comment: 'Đồng ý đăng' });
    expect(published.status).toBe(200);
    expect(published.body.status).toBe('published');
    expect((await fetch(`${app.url}/api/v1/news/by-slug/${a.slug}`)).status).toBe(200);
    expectRefused(
      await call('editor', 'PATCH', `/articles/${a.id}`, { summary: 'Sửa bài đã đăng' }),
      403,
      /bài đã đăng/,
    );
    expectRefused(
      await call('reporter', 'PATCH', `/articles/${a.id}`, { summary: 'Sửa bài đã đăng' }),
      403,
      /đã gửi đi/,
    );
    expect(
      (await call('approver', 'PATCH', `/articles/${a.id}`, { summary: 'Lãnh đạo sửa' })).status,
    ).toBe(200);

    // Every step is kept, newest first, with who and the comment.
    const timeline = (await call('editor', 'GET', `/articles/${a.id}/workflow`)).body.transitions;
    expect(
      timeline.map((s) => [s.action, s.fromStatus, s.toStatus, s.comment, s.actorName]).reverse(),
    ).toEqual([
      ['submit', 'draft', 'submitted', 'Nhờ anh chị xem', names.reporter],
      ['return', 'submitted', 'returned', 'Bổ sung số liệu ở đoạn 2', names.editor],
      ['submit', 'returned', 'submitted', '', names.reporter],
      ['send_for_approval', 'submitted', 'pending_approval', '', names.editor],
      ['return', 'pending_approval', 'submitted', 'Tít dài quá', names.approver],
      ['send_for_approval', 'submitted', 'pending_approval', '', names.editor],
      ['published', 'pending_approval', 'published', 'Đồng ý đăng', names.approver],
    ]);
  });

  it('an editor who is also an approver publishes; an approver schedules; editors unpublish', async () => {
    const both = await app.createUser({ roles: ['editor', 'approver'] });
    const cookie = await app.signIn(both.email, both.password);
    const created = await sendJson(
      `${app.url}/api/v1/articles`,
      'POST',
      { title: 'Biên tập viên kiêm người duyệt' },
      { cookie },
    );
    const article = await created.json();
    const res = await sendJson(
      `${app.url}/api/v1/articles/${article.id}/publish`,
      'POST',
      {},
      { cookie },
    );
    expect(res.status).toBe(200);

    // A step sent without a body reads as `{}`; `{}` to a step that takes none is no content.
    expect((await call('approver', 'POST', `/articles/${article.id}/unpublish`, {})).status).toBe(
      200,
    );
    expect((await call('approver', 'POST', `/articles/${article.id}/publish`)).status).toBe(200);

    const later = await write('editor', 'Bài hẹn giờ do lãnh đạo duyệt');
    await step('editor', later.id, 'send-for-approval');
    const scheduled = await step('approver', later.id, 'approve', {
      publishAt: '2100-01-01T08:00:00+07:00',
    });
    expect(scheduled.body).toMatchObject({ status: 'published' });
    expect((await fetch(`${app.url}/api/v1/news/by-slug/${later.slug}`)).status).toBe(404);
    expect((await step('editor', later.id, 'unpublish')).body.status).toBe('unpublished');
    expectRefused(await step('reporter', later.id, 'unpublish'), 403, /bài do mình viết/);
    const steps = (await call('approver', 'GET', `/articles/${later.id}/workflow`)).body
      .transitions;
    expect(steps.map((s: { action: string }) => s.action)).toEqual([
      'unpublished',
      'scheduled',
      'send_for_approval',
    ]);
  });

  it('a save from a version someone has saved since is a 409 that says so', async () => {
    const a = await write('editor', 'Bài hai người cùng sửa qua API');
    const opened = (await call('editor', 'GET', `/articles/${a.id}`)).body.article.updatedAt;
    const first = await call('editor', 'PATCH', `/articles/${a.id}`, {
      summary: 'Sapo của người thứ nhất.',
      baseUpdatedAt: opened,
    });
    expect(first.status).toBe(200);
    expectRefused(
      await call('approver', 'PATCH', `/articles/${a.id}`, {
        title: 'Tiêu đề của người thứ hai',
        baseUpdatedAt: opened,
      }),
      409,
      /người khác lưu/,
    );
    expectRefused(
      await call('approver', 'PATCH', `/articles/${a.id}`, { baseUpdatedAt: '0000-01-01' }),
      400,
      /./,
    );
    const now = (await call('editor', 'GET', `/articles/${a.id}`)).body.article;
    expect(now.summary).toBe('Sapo của người thứ nhất.');
    expect(now.title).toBe('Bài hai người cùng sửa qua API');
  });

  it('outsiders are refused, unknown articles are not found, bad input is a 400', async () => {
    const a = await write('reporter', 'Bài để thử các lỗi của quy trình');
    const r = await app.createUser();
    const citizen = await app.signIn(r.email, r.password);
    const refused = await sendJson(
      `${app.url}/api/v1/articles/${a.id}/submit`,
      'POST',
      {},
      {
        cookie: citizen,
      },
    );
    expect(refused.status).toBe(403);
    expect((await sendJson(`${app.url}/api/v1/articles/${a.id}/submit`, 'POST', {})).status).toBe(
      401,
    );
    expect(
      (await fetch(`${app.url}/api/v1/newsroom/queue`, { headers: { cookie: citizen } })).status,
    ).toBe(403);
    expect(
      (await step('editor', '00000000-0000-4000-8000-000000000000', 'return', { comment: 'x' }))
        .status,
    ).toBe(404);
    expect((await step('editor', 'khong-phai-uuid', 'submit')).status).toBe(400);
    expect((await step('reporter', a.id, 'submit', { comment: 'x'.repeat(2001) })).status).toBe(
      400,
    );
    expect((await step('reporter', a.id, 'submit', { extra: 1 })).status).toBe(400);
  });

  it('switched off again, editors publish directly and what awaits approval is theirs', async () => {
    const a = await write('editor', 'Bài chờ duyệt khi tắt quy trình');
    await step('editor', a.id, 'send-for-approval');
    await call('admin', 'PUT', '/newsroom/settings', { workflowEnabled: false });
    expect((await queue('editor')).pending_approval).toContain(a.id);
    expect((await step('editor', a.id, 'approve')).body.status).toBe('published');
  });
});
