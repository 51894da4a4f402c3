import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.ts';
import { conferenceMembers } from '../../db/schema/conferences.ts';
import type { Actor } from '../../domain/auth/policies.ts';
import { insertUser } from '../../domain/auth/users.ts';
import * as agenda from '../../domain/conferences/agenda.ts';
import * as conferences from '../../domain/conferences/conferences.ts';
import * as documents from '../../domain/conferences/documents.ts';
import { confirmImport } from '../../domain/conferences/confirm-import.ts';
import { exportParticipants } from '../../domain/conferences/export-participants.ts';
import { previewImport } from '../../domain/conferences/preview-import.ts';
import * as members from '../../domain/conferences/members.ts';
import * as sites from '../../domain/conferences/sites.ts';
import * as submissions from '../../domain/conferences/submissions.ts';
import type { ConferenceRole } from '../../protocol/conferences.ts';
import { buildConference, buildSite, pdfBytes, xlsxBytes } from '../support/builders.ts';
import { roleMatrix, type UseCase } from '../support/role-matrix.ts';
import { createTestDatabase } from '../support/test-database.ts';

type Who =
  | 'anonymous'
  | 'outsider'
  | 'delegateA'
  | 'operatorA'
  | 'operatorB'
  | 'secretary'
  | 'chair'
  | 'organiser'
  | 'admin';
const EVERYONE: Who[] = [
  'anonymous',
  'outsider',
  'delegateA',
  'operatorA',
  'operatorB',
  'secretary',
  'chair',
  'organiser',
  'admin',
];
const ORGANISERS: Who[] = ['organiser', 'admin'];
const PARTICIPANTS: Who[] = [
  ...ORGANISERS,
  'chair',
  'secretary',
  'operatorA',
  'operatorB',
  'delegateA',
];
const SITE_A: Who[] = [...ORGANISERS, 'operatorA'];

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let db: Database;
const actors = {} as Record<Who, Actor | null>;
let conferenceId: string;
let siteA: string;
let siteB: string;
let n = 0;

async function makeActor(roles: ('admin' | 'editor')[] = []): Promise<Actor> {
  const row = await insertUser(db, {
    email: `vai-tro-${++n}@doithoai.example`,
    name: `Người thử ${n}`,
    password: 'mat-khau-dai-du-10',
    roles,
  });
  return { id: row.id, name: row.name, email: row.email, language: 'vi', roles: row.roles };
}

async function member(actor: Actor, role: ConferenceRole, siteId: string | null = null) {
  await db.insert(conferenceMembers).values({ conferenceId, userId: actor.id, role, siteId });
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  actors.admin = await makeActor(['admin']);
  // The conference is created by another administrator, so `admin` holds no membership.
  const creator = await makeActor(['admin']);
  const conf = await buildConference(db, creator, { visibility: 'internal' });
  conferenceId = conf.id;
  siteA = (await buildSite(db, creator, conferenceId, 'Điểm cầu A')).id;
  siteB = (await buildSite(db, creator, conferenceId, 'Điểm cầu B')).id;
  actors.anonymous = null;
  actors.outsider = await makeActor();
  actors.delegateA = await makeActor();
  await member(actors.delegateA, 'delegate', siteA);
  actors.operatorA = await makeActor();
  await member(actors.operatorA, 'site_operator', siteA);
  actors.operatorB = await makeActor();
  await member(actors.operatorB, 'site_operator', siteB);
  actors.secretary = await makeActor();
  await member(actors.secretary, 'secretary');
  actors.chair = await makeActor();
  await member(actors.chair, 'chair');
  actors.organiser = await makeActor(['editor']);
  await member(actors.organiser, 'organiser');
});
afterAll(() => database.close());

const fresh = () => `${++n}`;

/**
 * Every use case of the capability, who may run it, and what the others are told:
 * by default 401 (anonymous) or 403; `hidden` when the conference is not theirs to
 * know of (an internal conference's pages: 404 for everyone without a role).
 */
const HIDDEN = { hidden: true } as const;
const table: [string, Who[], UseCase, typeof HIDDEN?][] = [
  [
    'view the conference',
    PARTICIPANTS,
    (actor) => conferences.getConferenceOverview({ db, actor, conferenceId }),
  ],
  [
    'edit the conference',
    ORGANISERS,
    (actor) =>
      conferences.updateConference({ db, actor, conferenceId, input: { description: fresh() } }),
  ],
  [
    'change its status',
    ORGANISERS,
    async (actor) => {
      await conferences.changeConferenceStatus({ db, actor, conferenceId, status: 'scheduled' });
      await conferences.changeConferenceStatus({ db, actor, conferenceId, status: 'draft' });
    },
  ],
  [
    'set the themes',
    ORGANISERS,
    (actor) =>
      conferences.setThemes({
        db,
        actor,
        conferenceId,
        input: { themes: [{ title: `Chủ đề ${fresh()}` }] },
      }),
  ],
  ['list sites', PARTICIPANTS, (actor) => sites.listSites({ db, actor, conferenceId })],
  [
    'add a site',
    ORGANISERS,
    (actor) =>
      sites.addSite({
        db,
        actor,
        conferenceId,
        input: { name: `Điểm cầu ${fresh()}`, unitName: 'X', isHost: false, address: '' },
      }),
  ],
  [
    'edit site A',
    SITE_A,
    (actor) =>
      sites.updateSite({ db, actor, conferenceId, siteId: siteA, input: { address: fresh() } }),
  ],
  [
    'edit site B',
    [...ORGANISERS, 'operatorB'],
    (actor) =>
      sites.updateSite({ db, actor, conferenceId, siteId: siteB, input: { address: fresh() } }),
  ],
  [
    'see site A in detail',
    SITE_A,
    (actor) => sites.getSiteDetail({ db, actor, conferenceId, siteId: siteA }),
  ],
  [
    'remove a site',
    ORGANISERS,
    async (actor) => {
      const creator = actors.organiser!;
      const site = await sites.addSite({
        db,
        actor: creator,
        conferenceId,
        input: { name: `Tạm ${fresh()}`, unitName: 'X', isHost: false, address: '' },
      });
      await sites.removeSite({ db, actor, conferenceId, siteId: site.id });
    },
  ],
  [
    'add, edit and remove a delegate of site A',
    SITE_A,
    async (actor) => {
      const d = await sites.addDelegate({
        db,
        actor,
        conferenceId,
        siteId: siteA,
        input: { name: `Đại biểu ${fresh()}`, position: '', unitName: '', kind: 'citizen' },
      });
      await sites.updateDelegate({
        db,
        actor,
        conferenceId,
        siteId: siteA,
        delegateId: d.id,
        input: { position: 'Chuyên viên' },
      });
      await sites.removeDelegate({ db, actor, conferenceId, siteId: siteA, delegateId: d.id });
    },
  ],
  [
    'add a delegate to site B',
    [...ORGANISERS, 'operatorB'],
    (actor) =>
      sites.addDelegate({
        db,
        actor,
        conferenceId,
        siteId: siteB,
        input: { name: `Đại biểu ${fresh()}`, position: '', unitName: '', kind: 'expert' },
      }),
  ],
  [
    'read the agenda (internal conference)',
    PARTICIPANTS,
    (actor) => agenda.getAgenda({ db, actor, conferenceId }),
    HIDDEN,
  ],
  [
    'edit the agenda',
    ORGANISERS,
    async (actor) => {
      const item = await agenda.addAgendaItem({
        db,
        actor,
        conferenceId,
        input: { kind: 'report', title: `Báo cáo ${fresh()}`, presenter: '', durationMinutes: 10 },
      });
      await agenda.updateAgendaItem({
        db,
        actor,
        conferenceId,
        itemId: item.id,
        input: { durationMinutes: 15 },
      });
      await agenda.moveAgendaItem({ db, actor, conferenceId, itemId: item.id, position: 0 });
      await agenda.removeAgendaItem({ db, actor, conferenceId, itemId: item.id });
    },
  ],
  ['list roles', ORGANISERS, (actor) => members.listMembers({ db, actor, conferenceId })],
  [
    'assign and remove a role',
    ORGANISERS,
    async (actor) => {
      const someone = await makeActor();
      const m = await members.assignRole({
        db,
        actor,
        conferenceId,
        input: { email: someone.email, role: 'delegate', siteId: siteB },
      });
      await members.removeMember({ db, actor, conferenceId, memberId: m.id });
    },
  ],
  [
    'create a site operator',
    ORGANISERS,
    (actor) =>
      members.createSiteOperator({
        db,
        actor,
        conferenceId,
        siteId: siteB,
        input: { name: `Kỹ thuật ${fresh()}` },
      }),
  ],
  [
    'create operators for every site without one',
    ORGANISERS,
    (actor) => members.createMissingOperators({ db, actor, conferenceId }),
  ],
  [
    'issue sign-in links',
    ORGANISERS,
    (actor) =>
      members.issueSignInLinks({
        db,
        actor,
        conferenceId,
        input: { validHours: 1 },
        secret: 'x'.repeat(32),
      }),
  ],
  [
    'send a written submission',
    PARTICIPANTS,
    (actor) =>
      submissions.createSubmission({
        db,
        actor,
        conferenceId,
        input: { title: `Tham luận ${fresh()}`, summary: 'Tóm tắt', authorName: 'Tác giả' },
        file: { name: 'tham-luan.pdf', data: pdfBytes() },
      }),
  ],
  [
    'list submissions',
    PARTICIPANTS,
    (actor) => submissions.listSubmissions({ db, actor, conferenceId }),
  ],
  [
    'review and schedule a submission',
    ORGANISERS,
    async (actor) => {
      const s = await submissions.createSubmission({
        db,
        actor: actors.operatorA,
        conferenceId,
        input: { title: `Tham luận ${fresh()}`, summary: 'Tóm tắt', authorName: 'Tác giả' },
        file: { name: 'a.pdf', data: pdfBytes() },
      });
      await submissions.reviewSubmission({
        db,
        actor,
        conferenceId,
        submissionId: s.id,
        input: { decision: 'accept' },
      });
      await submissions.scheduleSubmission({
        db,
        actor,
        conferenceId,
        submissionId: s.id,
        durationMinutes: 7,
      });
    },
  ],
  [
    'publish and remove a document',
    ORGANISERS,
    async (actor) => {
      const d = await documents.addDocument({
        db,
        actor,
        conferenceId,
        title: `Tài liệu ${fresh()}`,
        file: { name: 'a.pdf', data: pdfBytes() },
      });
      await documents.removeDocument({ db, actor, conferenceId, documentId: d.id });
    },
  ],
  [
    'read documents (internal conference)',
    PARTICIPANTS,
    (actor) => documents.listDocuments({ db, actor, conferenceId }),
    HIDDEN,
  ],
  [
    'import sites and delegates',
    ORGANISERS,
    async (actor) => {
      const file = await xlsxBytes({
        'Điểm cầu': [
          ['Tên điểm cầu', 'Đơn vị'],
          [`Điểm cầu ${fresh()}`, 'Đơn vị Z'],
        ],
      });
      const preview = await previewImport({
        db,
        actor,
        conferenceId,
        file: { name: 'a.xlsx', data: file },
      });
      expect(preview.problems).toEqual([]);
      await confirmImport({ db, actor, conferenceId, previewId: preview.previewId! });
    },
  ],
  [
    'export sites and delegates',
    ORGANISERS,
    (actor) =>
      exportParticipants({
        db,
        actor,
        conferenceId,
        format: 'csv',
        kind: 'delegates',
      }),
  ],
];

describe('who may do what in a conference', () => {
  roleMatrix(
    EVERYONE,
    () => actors,
    table.map(([name, allowed, run, rule]) => ({ name, allowed, run, hidden: rule?.hidden })),
  );

  it('an operator cannot rename their site or make it the host', async () => {
    const site = await sites.updateSite({
      db,
      actor: actors.operatorA,
      conferenceId,
      siteId: siteA,
      input: { name: 'Đổi tên', isHost: true, chairName: 'Nguyễn Văn Chủ Trì' },
    });
    expect(site).toMatchObject({
      name: 'Điểm cầu A',
      isHost: false,
      chairName: 'Nguyễn Văn Chủ Trì',
    });
  });

  it('an operator lists only their own site', async () => {
    const list = await sites.listSites({ db, actor: actors.operatorA, conferenceId });
    expect(list.map((s) => s.id)).toEqual([siteA]);
    const overview = await conferences.getConferenceOverview({
      db,
      actor: actors.operatorB,
      conferenceId,
    });
    expect(overview.sites.map((s) => s.id)).toEqual([siteB]);
    expect(overview.totalSites).toBeGreaterThanOrEqual(2);
  });
});
