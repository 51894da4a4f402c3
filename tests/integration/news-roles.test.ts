import sharp from 'sharp';
import { afterAll, beforeAll, describe } from 'vitest';
import type { Database } from '../../db/database.ts';
import type { Actor } from '../../domain/auth/policies.ts';
import { insertUser } from '../../domain/auth/users.ts';
import * as articles from '../../domain/news/articles.ts';
import * as newsroom from '../../domain/news/newsroom.ts';
import { uploadPhoto } from '../../domain/news/photos.ts';
import type { GlobalRole } from '../../protocol/common.ts';
import { roleMatrix, type Rule } from '../support/role-matrix.ts';
import { createTestDatabase } from '../support/test-database.ts';

// Every use case of the newsroom against every kind of account.
const EVERYONE = ['anonymous', 'citizen', 'reporter', 'editor', 'approver', 'admin'] as const;
type Who = (typeof EVERYONE)[number];
/** Everyone in the newsroom: they write, list, upload photos. */
const NEWSROOM: Who[] = ['reporter', 'editor', 'approver', 'admin'];
/** Those who edit others' articles (and publish while the workflow is off). */
const EDITORS: Who[] = ['editor', 'approver', 'admin'];
/** Those who publish while the three-step workflow is on. */
const APPROVERS: Who[] = ['approver', 'admin'];

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let db: Database;
const actors = {} as Record<Who, Actor | null>;
let articleId: string;
let photo: Buffer;
let n = 0;

async function account(roles: GlobalRole[]): Promise<Actor> {
  const row = await insertUser(db, {
    email: `tin-${++n}@doithoai.example`,
    name: `Người viết ${n}`,
    password: 'mat-khau-dai-du-10',
    roles,
  });
  return { id: row.id, name: row.name, email: row.email, language: 'vi', roles: row.roles };
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  actors.anonymous = null;
  actors.citizen = await account([]);
  actors.reporter = await account(['reporter']);
  actors.editor = await account(['editor']);
  actors.approver = await account(['approver']);
  actors.admin = await account(['admin']);
  const writer = await account(['editor']);
  const article = await articles.createArticle({
    db,
    actor: writer,
    input: {
      title: 'Bài viết để thử quyền',
      summary: '',
      bodyHtml: '<p>Nội dung</p>',
      authorName: '',
      sourceName: '',
      sourceUrl: null,
      categoryId: null,
      conferenceId: null,
      coverPhotoId: null,
      tags: [],
      links: [],
      featured: false,
    },
  });
  articleId = article.id;
  photo = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#123456' } })
    .png()
    .toBuffer();
});
afterAll(() => database.close());

const fresh = () => `${++n}`;
const rules: Rule<Who>[] = [
  {
    name: 'write an article',
    allowed: NEWSROOM,
    run: (actor) =>
      articles.createArticle({
        db,
        actor,
        input: {
          title: `Bài mới số ${fresh()}`,
          summary: '',
          bodyHtml: '',
          authorName: '',
          sourceName: '',
          sourceUrl: null,
          categoryId: null,
          conferenceId: null,
          coverPhotoId: null,
          tags: [],
          links: [],
          featured: false,
        },
      }),
  },
  {
    name: 'edit an article',
    allowed: EDITORS,
    run: (actor) =>
      articles.updateArticle({ db, actor, articleId, input: { summary: `Tóm tắt ${fresh()}` } }),
  },
  {
    name: 'publish and unpublish',
    allowed: EDITORS,
    run: async (actor) => {
      await articles.publishArticle({ db, actor, articleId });
      await articles.unpublishArticle({ db, actor, articleId });
    },
  },
  {
    name: 'list articles with drafts',
    allowed: NEWSROOM,
    run: (actor) => articles.listArticles({ db, actor, input: { page: 1 } }),
  },
  {
    name: 'open an article to edit',
    allowed: EDITORS,
    run: (actor) => articles.getArticleForEdit({ db, actor, articleId }),
  },
  {
    name: 'list authors',
    allowed: NEWSROOM,
    run: (actor) => articles.listAuthors({ db, actor }),
  },
  {
    name: 'upload a photo',
    allowed: NEWSROOM,
    run: (actor) => uploadPhoto({ db, actor, file: { name: 'anh.png', data: photo } }),
  },
  {
    name: 'create a category',
    allowed: ['admin'],
    run: (actor) =>
      articles.createCategory({
        db,
        actor,
        input: { name: `Chuyên mục ${fresh()}`, description: '', position: 0 },
      }),
  },
  {
    name: 'set the site-wide links',
    allowed: ['admin'],
    run: (actor) =>
      articles.setSiteLinks({ db, actor, links: [{ title: 'Cổng', url: 'https://cong.example' }] }),
  },
  {
    name: "see one's work queue",
    allowed: NEWSROOM,
    run: (actor) => newsroom.getMyQueue({ db, actor }),
  },
  {
    name: "see an article's workflow",
    allowed: EDITORS,
    run: (actor) => newsroom.getArticleWorkflow({ db, actor, articleId }),
  },
  {
    name: 'switch the three-step workflow',
    allowed: ['admin'],
    run: (actor) => newsroom.setNewsroomSettings({ db, actor, input: { workflowEnabled: false } }),
  },
];

describe('who may do what in the newsroom (the default: editors publish directly)', () => {
  roleMatrix(EVERYONE, () => actors, rules);
});

/** With the three-step workflow on, only approvers publish, change a live article, or take back one awaiting approval. */
const workflowRules: Rule<Who>[] = [
  {
    name: 'publish and unpublish (workflow on)',
    allowed: APPROVERS,
    run: async (actor) => {
      await articles.publishArticle({ db, actor, articleId });
      await articles.unpublishArticle({ db, actor, articleId });
    },
  },
  {
    name: 'edit a draft written by someone else (workflow on)',
    allowed: EDITORS,
    run: (actor) =>
      articles.updateArticle({ db, actor, articleId, input: { summary: `Tóm tắt ${fresh()}` } }),
  },
  {
    name: 'send for approval (workflow on)',
    allowed: EDITORS,
    run: async (actor) => {
      await newsroom.moveArticle({ db, actor, articleId, action: 'send_for_approval' });
      // Back to the editors, so that the next one starts from the same place.
      await newsroom.moveArticle({
        db,
        actor: actors.approver,
        articleId,
        action: 'return',
        comment: 'Xem lại',
      });
    },
  },
  {
    name: 'return an article awaiting approval to the editors (workflow on)',
    allowed: APPROVERS,
    run: async (actor) => {
      const { status } = await newsroom.getArticleWorkflow({ db, actor: actors.admin, articleId });
      if (status !== 'pending_approval')
        await newsroom.moveArticle({
          db,
          actor: actors.admin,
          articleId,
          action: 'send_for_approval',
        });
      await newsroom.moveArticle({ db, actor, articleId, action: 'return', comment: 'Sửa tít' });
    },
  },
];

describe('who may do what with the three-step workflow on', () => {
  beforeAll(async () => {
    await newsroom.setNewsroomSettings({
      db,
      actor: actors.admin,
      input: { workflowEnabled: true },
    });
  });
  roleMatrix(EVERYONE, () => actors, workflowRules);
});
