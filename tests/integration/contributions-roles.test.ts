import { afterAll, beforeAll, describe } from 'vitest';
import type { Database } from '../../db/database.ts';
import { conferenceMembers } from '../../db/schema/conferences.ts';
import type { Actor } from '../../domain/auth/policies.ts';
import { insertUser } from '../../domain/auth/users.ts';
import { answerContribution } from '../../domain/contributions/answer-contribution.ts';
import { contributionHistoryOf } from '../../domain/contributions/contribution-history.ts';
import { editContribution } from '../../domain/contributions/edit-contribution.ts';
import { exportContributions } from '../../domain/contributions/export-contributions.ts';
import { getContribution } from '../../domain/contributions/get-contribution.ts';
import { listContributions } from '../../domain/contributions/list-contributions.ts';
import { mergeContribution } from '../../domain/contributions/merge-contribution.ts';
import { moderateContribution } from '../../domain/contributions/moderate-contribution.ts';
import { moderationQueue } from '../../domain/contributions/moderation-queue.ts';
import { similarContributions } from '../../domain/contributions/similar-contributions.ts';
import { submitContribution } from '../../domain/contributions/submit-contribution.ts';
import { supportContribution } from '../../domain/contributions/support-contribution.ts';
import { changeConferenceStatus, listThemes } from '../../domain/conferences/conferences.ts';
import type { GlobalRole } from '../../protocol/common.ts';
import type { ConferenceRole } from '../../protocol/conferences.ts';
import { buildConference, buildSite } from '../support/builders.ts';
import { roleMatrix, type Rule } from '../support/role-matrix.ts';
import { createTestDatabase } from '../support/test-database.ts';

// Every use case of contributions against every role a person can have in a public
// conference; a global editor moderates only where the conference made them moderator.
const EVERYONE = [
  'anonymous',
  'citizen',
  'editor',
  'delegate',
  'operator',
  'secretary',
  'chair',
  'moderator',
  'organiser',
  'admin',
] as const;
type Who = (typeof EVERYONE)[number];
const MODERATORS: Who[] = ['moderator', 'organiser', 'admin'];
const SIGNED_IN = EVERYONE.filter((w) => w !== 'anonymous');

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let db: Database;
const actors = {} as Record<Who, Actor | null>;
let conferenceId: string;
let themeId: string;
let published: string;
let waiting: string;
let n = 0;
const secret = 's'.repeat(32);

async function account(roles: GlobalRole[] = [], role?: ConferenceRole, siteId?: string) {
  const row = await insertUser(db, {
    email: `y-kien-${++n}@doithoai.example`,
    name: `Người thử ${n}`,
    password: 'mat-khau-dai-du-10',
    roles,
  });
  if (role) {
    await db
      .insert(conferenceMembers)
      .values({ conferenceId, userId: row.id, role, siteId: siteId ?? null });
  }
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    language: 'vi' as const,
    roles: row.roles,
  };
}

async function send(title: string) {
  const { contribution } = await submitContribution({
    db,
    actor: null,
    conferenceId,
    input: {
      themeId,
      kind: 'proposal',
      title,
      body: 'Nội dung đề xuất đủ dài để được nhận.',
      authorName: 'Người dân',
      authorKind: 'citizen',
      email: 'dan@example.vn',
      authorUnit: undefined,
      province: undefined,
      phone: undefined,
      consent: true,
      notifyByEmail: false,
      idempotencyKey: `vai-tro-${++n}-${title}`,
    },
    files: [],
    ip: `203.0.113.${n % 250}`,
    secret,
  });
  return contribution.id;
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  const creator = await account(['admin']);
  const conf = await buildConference(db, creator, { visibility: 'public' });
  conferenceId = conf.id;
  await changeConferenceStatus({ db, actor: creator, conferenceId, status: 'scheduled' });
  const site = (await buildSite(db, creator, conferenceId)).id;
  themeId = (await listThemes(db, conferenceId))[0]!.id;
  actors.anonymous = null;
  actors.citizen = await account();
  actors.editor = await account(['editor']);
  actors.delegate = await account([], 'delegate', site);
  actors.operator = await account([], 'site_operator', site);
  actors.secretary = await account([], 'secretary');
  actors.chair = await account([], 'chair');
  actors.moderator = await account(['editor'], 'moderator');
  actors.organiser = await account([], 'organiser');
  actors.admin = await account(['admin']);
  published = await send('Đề xuất đã đăng');
  await moderateContribution({
    db,
    actor: creator,
    conferenceId,
    contributionId: published,
    input: { action: 'publish' },
  });
  waiting = await send('Đề xuất chờ duyệt');
});
afterAll(() => database.close());

const on = (contributionId: string) => ({ db, conferenceId, contributionId });
const rules: Rule<Who>[] = [
  {
    name: 'send a contribution (anyone, to a public conference)',
    allowed: EVERYONE,
    run: (actor) =>
      submitContribution({
        db,
        actor,
        conferenceId,
        input: {
          themeId,
          kind: 'question',
          title: `Câu hỏi số ${++n}`,
          body: 'Câu hỏi đủ dài để được nhận.',
          authorName: 'Người hỏi',
          authorKind: 'citizen',
          email: 'hoi@example.vn',
          authorUnit: undefined,
          province: undefined,
          phone: undefined,
          consent: true,
          notifyByEmail: false,
          idempotencyKey: `cau-hoi-${n}`,
        },
        files: [],
        ip: `198.51.100.${n % 250}`,
        secret,
      }),
  },
  {
    name: 'read the published list',
    allowed: EVERYONE,
    run: (actor) =>
      listContributions({ db, actor, conferenceId, input: { sort: 'newest', page: 1 } }),
  },
  {
    name: 'read a published one',
    allowed: EVERYONE,
    run: (actor) => getContribution({ ...on(published), actor }),
  },
  {
    name: 'read one still waiting (moderators only; others do not learn it exists)',
    allowed: MODERATORS,
    hidden: true,
    run: (actor) => getContribution({ ...on(waiting), actor }),
  },
  {
    name: 'support a published one',
    allowed: SIGNED_IN,
    run: (actor) => supportContribution({ ...on(published), actor }),
  },
  {
    name: 'see the moderation queue, with contacts',
    allowed: MODERATORS,
    run: (actor) => moderationQueue({ db, actor, conferenceId }),
  },
  {
    name: 'moderate (pin)',
    allowed: MODERATORS,
    run: (actor) =>
      moderateContribution({ ...on(published), actor, input: { action: 'pin', pinned: true } }),
  },
  {
    name: 'fix a typo',
    allowed: MODERATORS,
    run: (actor) =>
      editContribution({ ...on(waiting), actor, input: { title: `Đề xuất chờ duyệt ${++n}` } }),
  },
  {
    name: 'see similar ones and the history',
    allowed: MODERATORS,
    run: async (actor) => {
      await similarContributions({ ...on(waiting), actor });
      await contributionHistoryOf({ ...on(waiting), actor });
    },
  },
  {
    name: 'merge one into another',
    allowed: MODERATORS,
    run: async (actor) => {
      const from = await send(`Trùng số ${++n}`);
      await mergeContribution({ ...on(from), actor, intoId: published });
    },
  },
  {
    name: 'give the official answer (organisers)',
    allowed: ['organiser', 'admin'],
    run: (actor) =>
      answerContribution({ ...on(published), actor, answer: 'Ban Tổ chức tiếp thu ý kiến.' }),
  },
  {
    name: 'export them with contacts',
    allowed: MODERATORS,
    run: (actor) => exportContributions({ db, actor, conferenceId, format: 'csv' }),
  },
];

describe('who may do what with contributions', () => {
  roleMatrix(EVERYONE, () => actors, rules);
});
