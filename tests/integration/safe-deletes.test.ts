import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.ts';
import {
  agendaItems,
  conferenceDocuments,
  conferenceMembers,
  conferenceSites,
  conferenceThemes,
  delegates,
} from '../../db/schema/conferences.ts';
import { storedFiles } from '../../db/schema/files.ts';
import { conferenceEvents } from '../../db/schema/live.ts';
import type { Actor } from '../../domain/auth/policies.ts';
import { insertUser } from '../../domain/auth/users.ts';
import { addAgendaItem, removeAgendaItem } from '../../domain/conferences/agenda.ts';
import { listThemes } from '../../domain/conferences/conferences.ts';
import { addDocument, removeDocument } from '../../domain/conferences/documents.ts';
import { assignRole, createSiteOperator, removeMember } from '../../domain/conferences/members.ts';
import type { Removal } from '../../domain/conferences/removal.ts';
import { removeTheme } from '../../domain/conferences/remove-theme.ts';
import { siteRemovalFacts } from '../../domain/conferences/site-removal.ts';
import {
  addDelegate,
  addSite,
  removeDelegate,
  removeSite,
  updateSite,
} from '../../domain/conferences/sites.ts';
import { undoRemoval } from '../../domain/conferences/undo-removal.ts';
import { signUndo, UNDO_WINDOW_MS } from '../../domain/conferences/undo-token.ts';
import { isAppError } from '../../domain/errors.ts';
import { sweepUnusedFiles } from '../../domain/files/unused-files.ts';
import { errorBody } from '../../app/i18n/error-body.ts';
import { getT } from '../../app/i18n/i18n.ts';
import { buildConference, buildSite, pdfBytes } from '../support/builders.ts';
import { loadServerBuild } from '../support/server-build.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { createTestDatabase } from '../support/test-database.ts';

const SECRET = 'test-secret-test-secret-test-secret-0123';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let db: Database;
let organiser: Actor;
let other: Actor;
let n = 0;

async function makeActor(roles: ('admin' | 'editor')[] = []): Promise<Actor> {
  const row = await insertUser(db, {
    email: `xoa-an-toan-${++n}@doithoai.example`,
    name: `Người thử ${n}`,
    password: 'mat-khau-dai-du-10',
    roles,
  });
  return { id: row.id, name: row.name, email: row.email, language: 'vi', roles: row.roles };
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  organiser = await makeActor(['admin']);
  other = await makeActor(['admin']);
});
afterAll(() => database.close());

/** The token an action hands out for a removal by `actor`. */
const tokenFor = (actor: Actor, conferenceId: string, removed: Removal, now?: number) =>
  signUndo({ secret: SECRET, actorId: actor.id, conferenceId, removed, now }).token;

const undo = (actor: Actor | null, conferenceId: string, token: unknown) =>
  undoRemoval({ db, actor, conferenceId, secret: SECRET, token });

/** The error code a promise is refused with, and its message in Vietnamese. */
async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (err) {
    if (!isAppError(err)) throw err;
    const { status, body } = errorBody(err, getT('vi'));
    return { code: err.code, status, message: body.error.message };
  }
  throw new Error('expected a refusal');
}

async function siteRows(siteId: string) {
  const [site] = await db.select().from(conferenceSites).where(eq(conferenceSites.id, siteId));
  const people = await db
    .select()
    .from(delegates)
    .where(eq(delegates.siteId, siteId))
    .orderBy(asc(delegates.id));
  const roles = await db
    .select()
    .from(conferenceMembers)
    .where(eq(conferenceMembers.siteId, siteId))
    .orderBy(asc(conferenceMembers.id));
  return { site, people, roles };
}

describe('removing and putting back', () => {
  it('a site comes back with its delegates and roles, same ids, same rows', async () => {
    const conf = await buildConference(db, organiser);
    const site = await addSite({
      db,
      actor: organiser,
      conferenceId: conf.id,
      input: {
        name: 'Tỉnh A',
        unitName: 'UBND Tỉnh A',
        isHost: false,
        address: '1 Đường Lê Lợi',
        techPhone: '0900 000 001',
        expectedAttendance: 40,
      },
    });
    for (const name of ['Nguyễn Văn An', 'Trần Thị Bình']) {
      await addDelegate({
        db,
        actor: organiser,
        conferenceId: conf.id,
        siteId: site.id,
        input: { name, position: 'Phó Chủ tịch', unitName: '', kind: 'locality' },
      });
    }
    await createSiteOperator({
      db,
      actor: organiser,
      conferenceId: conf.id,
      siteId: site.id,
      input: { name: 'Kỹ thuật Tỉnh A' },
    });
    const before = await siteRows(site.id);
    expect(before.people).toHaveLength(2);
    expect(before.roles).toHaveLength(1);

    const removed = await removeSite({
      db,
      actor: organiser,
      conferenceId: conf.id,
      siteId: site.id,
    });
    expect(removed.label).toEqual({ name: 'Tỉnh A', delegates: 2, members: 1 });
    const gone = await siteRows(site.id);
    expect(gone.site).toBeUndefined();
    expect(gone.people).toEqual([]);
    expect(gone.roles).toEqual([]);

    // The token travels as text (a hidden field) and comes back.
    const token = tokenFor(organiser, conf.id, JSON.parse(JSON.stringify(removed)) as Removal);
    const restored = await undo(organiser, conf.id, token);
    expect(restored.kind).toBe('site');
    expect(await siteRows(site.id)).toEqual(before);

    // Twice: a conflict, not a second copy.
    expect(await refusal(undo(organiser, conf.id, token))).toMatchObject({
      code: 'undo_conflict',
      status: 409,
      message: expect.stringContaining('đã được khôi phục rồi'),
    });
  });

  it('refuses forged, expired and other people’s tokens with 400 and a clear message', async () => {
    const conf = await buildConference(db, organiser);
    const site = await buildSite(db, organiser, conf.id, 'Tỉnh B');
    const removed = await removeSite({
      db,
      actor: organiser,
      conferenceId: conf.id,
      siteId: site.id,
    });
    const token = tokenFor(organiser, conf.id, removed);

    // Forged: the payload changed (another name), the signature kept.
    const [v, body, mac] = token.split('.');
    const payload = JSON.parse(Buffer.from(body!, 'base64url').toString()) as {
      removed: Removal;
    };
    payload.removed.rows.sites![0]!.name = 'Tỉnh giả mạo';
    const forged = `${v}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${mac}`;
    for (const bad of [forged, `${token}x`, 'u1.abc.def', '', 'not a token', 42, null]) {
      expect(await refusal(undo(organiser, conf.id, bad))).toMatchObject({
        code: 'undo_invalid',
        status: 400,
        message: expect.stringContaining('không hợp lệ'),
      });
    }
    // Signed with another secret.
    const foreign = signUndo({
      secret: 'another-secret-another-secret-0123456789',
      actorId: organiser.id,
      conferenceId: conf.id,
      removed,
    }).token;
    expect((await refusal(undo(organiser, conf.id, foreign))).code).toBe('undo_invalid');

    // Expired: made more than ten minutes ago.
    const old = tokenFor(organiser, conf.id, removed, Date.now() - UNDO_WINDOW_MS - 1000);
    expect(await refusal(undo(organiser, conf.id, old))).toMatchObject({
      code: 'undo_expired',
      status: 400,
      message: expect.stringContaining('10 phút'),
    });

    // Another organiser (an administrator, with every right) may not use it.
    expect(await refusal(undo(other, conf.id, token))).toMatchObject({
      code: 'undo_not_yours',
      status: 400,
    });
    // Nor in another conference, even the same person.
    const elsewhere = await buildConference(db, organiser);
    expect((await refusal(undo(organiser, elsewhere.id, token))).code).toBe('undo_not_yours');
    // A token for this conference whose rows claim another one.
    const smuggled = tokenFor(organiser, elsewhere.id, removed);
    expect((await refusal(undo(organiser, elsewhere.id, smuggled))).code).toBe('undo_invalid');
    // Signed out.
    expect((await refusal(undo(null, conf.id, token))).code).toBe('unauthenticated');

    // None of that put anything back; the real token still does.
    expect((await siteRows(site.id)).site).toBeUndefined();
    await undo(organiser, conf.id, token);
    expect((await siteRows(site.id)).site?.name).toBe('Tỉnh B');
  });

  it('checks the rights again: an organiser who lost the role cannot undo', async () => {
    const admin = await makeActor(['admin']);
    const conf = await buildConference(db, admin);
    const person = await makeActor();
    const member = await assignRole({
      db,
      actor: admin,
      conferenceId: conf.id,
      input: { email: person.email, role: 'organiser' },
    });
    const site = await buildSite(db, person, conf.id, 'Tỉnh C');
    const removed = await removeSite({ db, actor: person, conferenceId: conf.id, siteId: site.id });
    await removeMember({ db, actor: admin, conferenceId: conf.id, memberId: member.id });
    const token = tokenFor(person, conf.id, removed);
    expect(await refusal(undo(person, conf.id, token))).toMatchObject({
      code: 'forbidden',
      status: 403,
    });
    expect((await siteRows(site.id)).site).toBeUndefined();
  });

  it('answers 409 when a site of the same name was added meanwhile, and changes nothing', async () => {
    const conf = await buildConference(db, organiser);
    const site = await buildSite(db, organiser, conf.id, 'Tỉnh D');
    await addDelegate({
      db,
      actor: organiser,
      conferenceId: conf.id,
      siteId: site.id,
      input: { name: 'Lê Văn Cường', position: '', unitName: '', kind: 'citizen' },
    });
    const removed = await removeSite({
      db,
      actor: organiser,
      conferenceId: conf.id,
      siteId: site.id,
    });
    const namesake = await buildSite(db, organiser, conf.id, 'Tỉnh D');
    const token = tokenFor(organiser, conf.id, removed);
    expect(await refusal(undo(organiser, conf.id, token))).toMatchObject({
      code: 'undo_conflict',
      status: 409,
      message:
        'Không hoàn tác được: sau khi xóa đã có một điểm cầu khác tên “Tỉnh D”. Hãy đổi tên điểm cầu đó rồi thử lại. Không có gì thay đổi.',
    });
    expect((await siteRows(site.id)).site).toBeUndefined();
    expect(await db.select().from(delegates).where(eq(delegates.conferenceId, conf.id))).toEqual(
      [],
    );
    // Renamed, the way is clear.
    await updateSite({
      db,
      actor: organiser,
      conferenceId: conf.id,
      siteId: namesake.id,
      input: { name: 'Tỉnh D (mới)' },
    });
    await undo(organiser, conf.id, token);
    expect((await siteRows(site.id)).people.map((d) => d.name)).toEqual(['Lê Văn Cường']);
  });

  it('a delegate comes back with its id; a site operator may undo their own', async () => {
    const conf = await buildConference(db, organiser);
    const site = await buildSite(db, organiser, conf.id, 'Tỉnh E');
    const operator = await makeActor();
    await assignRole({
      db,
      actor: organiser,
      conferenceId: conf.id,
      input: { email: operator.email, role: 'site_operator', siteId: site.id },
    });
    const delegate = await addDelegate({
      db,
      actor: operator,
      conferenceId: conf.id,
      siteId: site.id,
      input: { name: 'Phạm Thị Dung', position: 'Chuyên viên', unitName: 'Sở', kind: 'expert' },
    });
    const removed = await removeDelegate({
      db,
      actor: operator,
      conferenceId: conf.id,
      siteId: site.id,
      delegateId: delegate.id,
    });
    expect(removed.label).toEqual({ name: 'Phạm Thị Dung', site: 'Tỉnh E' });
    await undo(operator, conf.id, tokenFor(operator, conf.id, removed));
    const [back] = await db.select().from(delegates).where(eq(delegates.id, delegate.id));
    expect(back).toEqual(delegate);
  });

  it('an agenda item comes back in its place; a document while its file is kept', async () => {
    const conf = await buildConference(db, organiser);
    const ids: string[] = [];
    for (const [title, minutes] of [
      ['Khai mạc', 10],
      ['Báo cáo đề dẫn', 20],
      ['Thảo luận', 30],
    ] as const) {
      const item = await addAgendaItem({
        db,
        actor: organiser,
        conferenceId: conf.id,
        input: { kind: 'discussion', title, presenter: '', durationMinutes: minutes },
      });
      ids.push(item.id);
    }
    const order = async () =>
      (
        await db
          .select({ id: agendaItems.id, position: agendaItems.position })
          .from(agendaItems)
          .where(eq(agendaItems.conferenceId, conf.id))
          .orderBy(asc(agendaItems.position))
      ).map((r) => `${r.position}:${r.id}`);
    const before = await order();
    const removed = await removeAgendaItem({
      db,
      actor: organiser,
      conferenceId: conf.id,
      itemId: ids[1]!,
    });
    expect(removed.label).toEqual({ name: 'Báo cáo đề dẫn', minutes: 20 });
    expect(await order()).toEqual([`0:${ids[0]}`, `1:${ids[2]}`]);
    await undo(organiser, conf.id, tokenFor(organiser, conf.id, removed));
    expect(await order()).toEqual(before);

    const doc = await addDocument({
      db,
      actor: organiser,
      conferenceId: conf.id,
      title: 'Báo cáo tổng hợp',
      file: { name: 'bao-cao.pdf', data: pdfBytes() },
    });
    const gone = await removeDocument({
      db,
      actor: organiser,
      conferenceId: conf.id,
      documentId: doc.id,
    });
    expect(gone.label).toEqual({ name: 'Báo cáo tổng hợp', file: 'bao-cao.pdf' });
    await undo(organiser, conf.id, tokenFor(organiser, conf.id, gone));
    const [back] = await db
      .select()
      .from(conferenceDocuments)
      .where(eq(conferenceDocuments.id, doc.id));
    expect(back).toEqual(doc);

    // Removed again, and its file deleted for good meanwhile: the undo says so.
    const again = await removeDocument({
      db,
      actor: organiser,
      conferenceId: conf.id,
      documentId: doc.id,
    });
    await db.delete(storedFiles).where(eq(storedFiles.id, doc.fileId));
    expect(
      await refusal(undo(organiser, conf.id, tokenFor(organiser, conf.id, again))),
    ).toMatchObject({
      code: 'undo_conflict',
      status: 409,
      message: expect.stringContaining('tệp của tài liệu “Báo cáo tổng hợp” đã bị xóa hẳn'),
    });
  });

  it('a role comes back; one given again meanwhile is a conflict', async () => {
    const conf = await buildConference(db, organiser);
    const person = await makeActor();
    const role = await assignRole({
      db,
      actor: organiser,
      conferenceId: conf.id,
      input: { email: person.email, role: 'chair' },
    });
    const removed = await removeMember({
      db,
      actor: organiser,
      conferenceId: conf.id,
      memberId: role.id,
    });
    expect(removed.label).toMatchObject({ role: 'chair' });
    const token = tokenFor(organiser, conf.id, removed);
    await undo(organiser, conf.id, token);
    const [back] = await db
      .select()
      .from(conferenceMembers)
      .where(eq(conferenceMembers.id, role.id));
    expect(back).toEqual(role);

    const again = await removeMember({
      db,
      actor: organiser,
      conferenceId: conf.id,
      memberId: role.id,
    });
    await assignRole({
      db,
      actor: organiser,
      conferenceId: conf.id,
      input: { email: person.email, role: 'chair' },
    });
    expect(
      (await refusal(undo(organiser, conf.id, tokenFor(organiser, conf.id, again)))).message,
    ).toContain('người này đã được giao lại vai trò đó');
  });

  it('a theme comes back in its place, with the agenda items that lost it', async () => {
    const conf = await buildConference(db, organiser, { themes: ['Một', 'Hai', 'Ba'] });
    const themes = await listThemes(db, conf.id);
    const item = await addAgendaItem({
      db,
      actor: organiser,
      conferenceId: conf.id,
      input: {
        kind: 'discussion',
        title: 'Thảo luận chủ đề hai',
        presenter: '',
        durationMinutes: 30,
        themeId: themes[1]!.id,
      },
    });
    const removed = await removeTheme({
      db,
      actor: organiser,
      conferenceId: conf.id,
      themeId: themes[1]!.id,
    });
    expect(removed.label).toEqual({ name: 'Hai', agendaItems: 1, submissions: 0 });
    expect((await listThemes(db, conf.id)).map((t) => t.title)).toEqual(['Một', 'Ba']);
    const [bare] = await db.select().from(agendaItems).where(eq(agendaItems.id, item.id));
    expect(bare!.themeId).toBeNull();

    await undo(organiser, conf.id, tokenFor(organiser, conf.id, removed));
    expect(await listThemes(db, conf.id)).toEqual(themes);
    const [linked] = await db.select().from(agendaItems).where(eq(agendaItems.id, item.id));
    expect(linked!.themeId).toBe(themes[1]!.id);
    const positions = await db
      .select({ position: conferenceThemes.position })
      .from(conferenceThemes)
      .where(eq(conferenceThemes.conferenceId, conf.id))
      .orderBy(asc(conferenceThemes.position));
    expect(positions.map((p) => p.position)).toEqual([0, 1, 2]);
  });
});

describe('a site with a history', () => {
  it('is not removed once the live log names it, and the answer says what to do instead', async () => {
    const conf = await buildConference(db, organiser);
    const quiet = await buildSite(db, organiser, conf.id, 'Tỉnh yên lặng');
    const site = await buildSite(db, organiser, conf.id, 'Tỉnh đã điểm danh');
    await db.insert(conferenceEvents).values({
      conferenceId: conf.id,
      seq: 1,
      type: 'site.checked_in',
      payload: { siteId: site.id, siteName: site.name, attendees: 12 },
      actorId: organiser.id,
      actorName: organiser.name,
      at: Date.now(),
    });
    const facts = await siteRemovalFacts({ db, actor: organiser, conferenceId: conf.id });
    expect(facts[site.id]?.history).toBe('live');
    expect(facts[quiet.id]).toBeUndefined();

    const answer = await refusal(
      removeSite({ db, actor: organiser, conferenceId: conf.id, siteId: site.id }),
    );
    expect(answer).toMatchObject({ code: 'site_has_activity', status: 409 });
    expect(answer.message).toBe(
      'Không xóa được điểm cầu “Tỉnh đã điểm danh”: điểm cầu đã có lịch sử trong phiên trực tiếp (kết nối, điểm danh, đăng ký hoặc lượt phát biểu). Để giữ nguyên biên bản và báo cáo, điểm cầu không tham dự thì đánh dấu vắng mặt trong phiên trực tiếp thay vì xóa.',
    );
    const [still] = await db.select().from(conferenceSites).where(eq(conferenceSites.id, site.id));
    expect(still?.name).toBe('Tỉnh đã điểm danh');
    // A site no event names goes as before.
    await removeSite({ db, actor: organiser, conferenceId: conf.id, siteId: quiet.id });
  });
});

describe('the files of removed documents', () => {
  it('are deleted at the second sweep that finds them unused, never while in use', async () => {
    const conf = await buildConference(db, organiser);
    const add = (title: string) =>
      addDocument({
        db,
        actor: organiser,
        conferenceId: conf.id,
        title,
        file: { name: `${title}.pdf`, data: pdfBytes(title) },
      });
    const kept = await add('giu-lai');
    const doc = await add('xoa-di');
    const removed = await removeDocument({
      db,
      actor: organiser,
      conferenceId: conf.id,
      documentId: doc.id,
    });
    const exists = async (id: string) =>
      (await db.select({ id: storedFiles.id }).from(storedFiles).where(eq(storedFiles.id, id)))
        .length === 1;

    // First sighting: noted, not deleted (the undo still works).
    const first = await sweepUnusedFiles({ db, seen: new Set() });
    expect(first.deleted).toBe(0);
    expect(first.unused.has(doc.fileId)).toBe(true);
    expect(first.unused.has(kept.fileId)).toBe(false);
    expect(await exists(doc.fileId)).toBe(true);

    // Put back in between: used again, so the next sweep keeps it.
    const token = tokenFor(organiser, conf.id, removed);
    await undo(organiser, conf.id, token);
    const second = await sweepUnusedFiles({ db, seen: first.unused });
    expect(await exists(doc.fileId)).toBe(true);
    expect(second.unused.has(doc.fileId)).toBe(false);

    // Removed again and seen unused twice: gone; the other document's file stays.
    const again = await removeDocument({
      db,
      actor: organiser,
      conferenceId: conf.id,
      documentId: doc.id,
    });
    const third = await sweepUnusedFiles({ db, seen: second.unused });
    const fourth = await sweepUnusedFiles({ db, seen: third.unused });
    expect(fourth.deleted).toBeGreaterThanOrEqual(1);
    expect(await exists(doc.fileId)).toBe(false);
    expect(await exists(kept.fileId)).toBe(true);
    expect(
      (await refusal(undo(organiser, conf.id, tokenFor(organiser, conf.id, again)))).code,
    ).toBe('undo_conflict');
  });
});

describe('the pages', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ build: await loadServerBuild() });
  });
  afterAll(() => app.close());

  const post = (path: string, cookie: string, fields: Record<string, string>) =>
    fetch(`${app.url}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: app.url,
        cookie,
      },
      body: new URLSearchParams(fields),
    });

  it('remove only once confirmed; undo with a bad token is a 400 in the reader’s language', async () => {
    const user = await app.createUser({ roles: ['admin'] });
    const cookie = await app.signIn(user.email, user.password);
    const actor: Actor = { id: user.id, name: '', email: user.email, language: 'vi', roles: [] };
    const conf = await buildConference(app.database.db, { ...actor, roles: ['admin'] });
    const item = await addAgendaItem({
      db: app.database.db,
      actor: { ...actor, roles: ['admin'] },
      conferenceId: conf.id,
      input: { kind: 'opening', title: 'Khai mạc', presenter: '', durationMinutes: 10 },
    });
    const page = `/quan-ly/hoi-nghi/${conf.id}/chuong-trinh`;
    const count = async () =>
      (
        await app.database.db
          .select({ id: agendaItems.id })
          .from(agendaItems)
          .where(eq(agendaItems.conferenceId, conf.id))
      ).length;

    // The row's button without the dialog's `confirmed`: nothing removed, the dialog shown.
    const asked = await post(page, cookie, { intent: 'remove', itemId: item.id });
    expect(asked.status).toBe(200);
    expect(await asked.text()).toMatch(/<dialog[^>]*open=""/);
    expect(await count()).toBe(1);

    const done = await post(page, cookie, {
      intent: 'remove',
      itemId: item.id,
      confirmed: 'yes',
    });
    expect(done.status).toBe(200);
    const html = await done.text();
    expect(html).toContain('Đã xóa mục “Khai mạc” khỏi chương trình.');
    expect(await count()).toBe(0);
    const token = /name="token" value="([^"]+)"/.exec(html)?.[1];
    expect(token).toMatch(/^u1\./);

    for (const bad of ['', 'u1.abc.def', `${token}x`]) {
      const res = await post(page, cookie, { intent: 'undo', token: bad });
      expect(res.status).toBe(400);
      expect(await res.text()).toContain('Yêu cầu hoàn tác không hợp lệ');
    }
    // An English-speaking organiser reads it in English.
    const reader = await app.createUser({ roles: ['admin'], language: 'en' });
    const readerCookie = await app.signIn(reader.email, reader.password);
    const english = await post(page, readerCookie, { intent: 'undo', token: 'x' });
    expect(english.status).toBe(400);
    expect(await english.text()).toContain('This undo request is not valid');
    expect(await count()).toBe(0);

    // Another organiser cannot use it.
    const other = await app.createUser({ roles: ['admin'] });
    const otherCookie = await app.signIn(other.email, other.password);
    const stolen = await post(page, otherCookie, { intent: 'undo', token: token! });
    expect(stolen.status).toBe(400);
    expect(await stolen.text()).toContain('Chỉ người đã xóa mới hoàn tác được');

    const undone = await post(page, cookie, { intent: 'undo', token: token! });
    expect(undone.status).toBe(200);
    expect(await undone.text()).toContain('Đã khôi phục mục “Khai mạc”');
    expect(await count()).toBe(1);
  });

  it('a site with a history: its page says why in the dialog; a confirmed post is refused', async () => {
    const user = await app.createUser({ roles: ['admin'] });
    const cookie = await app.signIn(user.email, user.password);
    const actor: Actor = {
      id: user.id,
      name: '',
      email: user.email,
      language: 'vi',
      roles: ['admin'],
    };
    const conf = await buildConference(app.database.db, actor);
    const site = await buildSite(app.database.db, actor, conf.id, 'Tỉnh đã kết nối');
    await app.database.db.insert(conferenceEvents).values({
      conferenceId: conf.id,
      seq: 1,
      type: 'site.connection',
      payload: { siteId: site.id, siteName: site.name, online: true },
      at: Date.now(),
    });
    const sitePage = `/quan-ly/hoi-nghi/${conf.id}/diem-cau/${site.id}`;
    const html = await (await fetch(`${app.url}${sitePage}`, { headers: { cookie } })).text();
    expect(html).toContain('Không xóa được điểm cầu “Tỉnh đã kết nối”');
    expect(html).toContain('Đóng');

    const refused = await post(`/quan-ly/hoi-nghi/${conf.id}/diem-cau`, cookie, {
      intent: 'removeSite',
      siteId: site.id,
      confirmed: 'yes',
    });
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain('đánh dấu vắng mặt trong phiên trực tiếp');
    const [still] = await app.database.db
      .select({ id: conferenceSites.id })
      .from(conferenceSites)
      .where(eq(conferenceSites.id, site.id));
    expect(still).toBeDefined();
  });
});
