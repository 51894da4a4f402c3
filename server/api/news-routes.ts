import { z } from 'zod';
import {
  createArticle,
  createCategory,
  getArticleForEdit,
  getPublishedArticle,
  listArticles,
  listCategories,
  listPublished,
  listSiteLinks,
  publishArticle,
  setSiteLinks,
  unpublishArticle,
  updateArticle,
} from '../../domain/news/articles.ts';
import {
  getArticleWorkflow,
  getMyQueue,
  getNewsroomSettings,
  moveArticle,
  setNewsroomSettings,
} from '../../domain/news/newsroom.ts';
import { requireEditor } from '../../domain/news/photos.ts';
import { searchArticles } from '../../domain/news/search.ts';
import { PageNumber, SEARCH_MAX_LENGTH } from '../../protocol/common.ts';
import { PHOTO_MAX_BYTES, uploadPhoto } from '../../domain/news/photos.ts';
import {
  ArticleForEdit,
  ArticleList,
  ArticleParams,
  ArticleView,
  CategoryList,
  CategoryView,
  NewsArticlePage,
  NewsList,
  PhotoView,
  SavedArticle,
  SiteLinkList,
  CategoryRequest,
  CreateArticleRequest,
  ListArticlesQuery,
  PublishArticleRequest,
  SiteLinksRequest,
  UpdateArticleRequest,
  ApproveArticleRequest,
  ArticleWorkflowView,
  NewsroomQueue,
  NewsroomSettingsRequest,
  NewsroomSettingsView,
  ReturnArticleRequest,
  WorkflowStepRequest,
} from '../../protocol/news.ts';
import { defineRoute, type ApiRoute } from './route.ts';

const tag = 'news';

export const newsRoutes = [
  defineRoute({
    method: 'get',
    path: '/news',
    operationId: 'listNews',
    summary:
      'Published articles, newest first; `q` searches title, sapo and body by relevance, ignoring diacritics (503 when too many searches run at once)',
    tag,
    access: 'public',
    query: z.strictObject({
      q: z.string().trim().max(SEARCH_MAX_LENGTH).optional(),
      page: PageNumber,
    }),
    response: NewsList,
    handler: (ctx) =>
      ctx.query.q
        ? searchArticles({
            db: ctx.db,
            limiter: ctx.searchLimiter,
            q: ctx.query.q,
            page: ctx.query.page,
          }).then((r) => ({
            ...r,
            items: r.items.map((hit) => ({
              id: hit.id,
              slug: hit.slug,
              title: hit.title.map((s) => s.text).join(''),
              summary: hit.excerpt.map((s) => s.text).join(''),
              publishedAt: hit.publishedAt,
            })),
          }))
        : listPublished({ db: ctx.db, page: ctx.query.page }),
  }),
  defineRoute({
    method: 'get',
    path: '/news/by-slug/:slug',
    operationId: 'getNewsArticle',
    summary: 'One published article with its links, category, conference and related articles',
    tag,
    access: 'public',
    params: z.strictObject({ slug: z.string().min(1).max(200) }),
    response: NewsArticlePage,
    errors: ['not_found'],
    handler: (ctx) => getPublishedArticle({ db: ctx.db, slug: ctx.params.slug }),
  }),
  defineRoute({
    method: 'get',
    path: '/articles',
    operationId: 'listArticles',
    summary: 'Every article for editors, filtered by status, category, author and text',
    tag,
    access: 'signed-in',
    query: ListArticlesQuery,
    response: ArticleList,
    errors: ['forbidden'],
    handler: (ctx) => listArticles({ db: ctx.db, actor: ctx.actor, input: ctx.query }),
  }),
  defineRoute({
    method: 'post',
    path: '/articles',
    operationId: 'createArticle',
    summary: 'Write an article (a draft); the body HTML is sanitised',
    tag,
    access: 'signed-in',
    body: CreateArticleRequest,
    // A long article of Vietnamese text: up to 500,000 characters of body.
    bodyLimit: 2 * 1024 * 1024,
    status: 201,
    response: SavedArticle,
    errors: ['forbidden'],
    handler: (ctx) => createArticle({ db: ctx.db, actor: ctx.actor, input: ctx.body }),
  }),
  defineRoute({
    method: 'get',
    path: '/articles/:articleId',
    operationId: 'getArticle',
    summary: 'An article as editors see it, with its links and revisions',
    tag,
    access: 'signed-in',
    params: ArticleParams,
    response: ArticleForEdit,
    errors: ['forbidden', 'not_found'],
    handler: (ctx) =>
      getArticleForEdit({ db: ctx.db, actor: ctx.actor, articleId: ctx.params.articleId }),
  }),
  defineRoute({
    method: 'patch',
    path: '/articles/:articleId',
    operationId: 'updateArticle',
    summary: 'Change an article; every save is kept as a revision',
    tag,
    access: 'signed-in',
    params: ArticleParams,
    body: UpdateArticleRequest,
    // A long article of Vietnamese text: up to 500,000 characters of body.
    bodyLimit: 2 * 1024 * 1024,
    response: SavedArticle,
    errors: ['forbidden', 'not_found', 'conflict'],
    handler: (ctx) =>
      updateArticle({
        db: ctx.db,
        actor: ctx.actor,
        articleId: ctx.params.articleId,
        input: ctx.body,
      }),
  }),
  defineRoute({
    method: 'post',
    path: '/articles/:articleId/publish',
    operationId: 'publishArticle',
    summary:
      'Publish, keeping the date it has (or now); `publishAt` backdates or schedules, `redate` makes it now',
    tag,
    access: 'signed-in',
    params: ArticleParams,
    body: PublishArticleRequest,
    response: ArticleView,
    errors: ['forbidden', 'not_found'],
    handler: (ctx) =>
      publishArticle({
        db: ctx.db,
        actor: ctx.actor,
        articleId: ctx.params.articleId,
        publishAt: ctx.body.publishAt,
        redate: ctx.body.redate,
      }),
  }),
  defineRoute({
    method: 'post',
    path: '/articles/:articleId/unpublish',
    operationId: 'unpublishArticle',
    summary: 'Take an article off the portal',
    tag,
    access: 'signed-in',
    params: ArticleParams,
    response: ArticleView,
    errors: ['forbidden', 'not_found', 'invalid_transition'],
    handler: (ctx) =>
      unpublishArticle({ db: ctx.db, actor: ctx.actor, articleId: ctx.params.articleId }),
  }),
  defineRoute({
    method: 'post',
    path: '/photos',
    operationId: 'uploadPhoto',
    summary:
      'Upload a JPEG, PNG or WebP (≤ 10 MB, by content); stored re-encoded in responsive sizes',
    tag,
    access: 'signed-in',
    upload: {
      field: 'file',
      maxBytes: PHOTO_MAX_BYTES,
      accept: 'image/jpeg, image/png, image/webp',
    },
    status: 201,
    response: PhotoView,
    errors: ['forbidden'],
    handler: (ctx) => uploadPhoto({ db: ctx.db, actor: ctx.actor, file: ctx.file }),
  }),
  defineRoute({
    method: 'get',
    path: '/news/categories',
    operationId: 'listCategories',
    summary: 'News categories',
    tag,
    access: 'public',
    response: CategoryList,
    handler: (ctx) => listCategories({ db: ctx.db }),
  }),
  defineRoute({
    method: 'post',
    path: '/news/categories',
    operationId: 'createCategory',
    summary: 'Add a category (administrators)',
    tag,
    access: 'admin',
    body: CategoryRequest,
    status: 201,
    response: CategoryView,
    errors: ['conflict'],
    handler: (ctx) => createCategory({ db: ctx.db, actor: ctx.actor, input: ctx.body }),
  }),
  defineRoute({
    method: 'get',
    path: '/news/site-links',
    operationId: 'listSiteLinks',
    summary: 'The site-wide "Liên kết website" list',
    tag,
    access: 'public',
    response: SiteLinkList,
    handler: (ctx) => listSiteLinks({ db: ctx.db }),
  }),
  defineRoute({
    method: 'put',
    path: '/news/site-links',
    operationId: 'setSiteLinks',
    summary: 'Replace the site-wide "Liên kết website" list (administrators)',
    tag,
    access: 'admin',
    body: SiteLinksRequest,
    response: SiteLinkList,
    handler: (ctx) => setSiteLinks({ db: ctx.db, actor: ctx.actor, links: ctx.body.links }),
  }),
  ...workflowRoutes(),
];

/** A step of the newsroom's workflow that moves an article with a comment. */
function stepRoute(step: {
  path: string;
  operationId: string;
  action: 'submit' | 'send_for_approval' | 'return';
  summary: string;
  body: typeof WorkflowStepRequest | typeof ReturnArticleRequest;
  errors: ApiRoute['errors'];
}) {
  return defineRoute({
    method: 'post',
    path: `/articles/:articleId/${step.path}`,
    operationId: step.operationId,
    summary: step.summary,
    tag,
    access: 'signed-in',
    params: ArticleParams,
    body: step.body,
    response: ArticleView,
    errors: step.errors,
    handler: (ctx) =>
      moveArticle({
        db: ctx.db,
        actor: ctx.actor,
        articleId: ctx.params.articleId,
        action: step.action,
        comment: ctx.body.comment,
      }),
  });
}

/** The newsroom's workflow: reporter → editor → approver (domain/news/workflow.ts). */
function workflowRoutes() {
  const refusals = ['forbidden', 'not_found', 'invalid_transition'] as const;
  return [
    stepRoute({
      path: 'submit',
      operationId: 'submitArticle',
      action: 'submit',
      summary:
        'Hand an article to the editors (its author); a reporter cannot change it afterwards',
      body: WorkflowStepRequest,
      errors: [...refusals],
    }),
    stepRoute({
      path: 'send-for-approval',
      operationId: 'sendArticleForApproval',
      action: 'send_for_approval',
      summary: 'Send an article to the approvers (editors; the three-step workflow must be on)',
      body: WorkflowStepRequest,
      errors: [...refusals],
    }),
    stepRoute({
      path: 'return',
      operationId: 'returnArticle',
      action: 'return',
      summary:
        'Return an article with a comment: a submitted one to its author (editors), one awaiting approval to the editors (approvers)',
      body: ReturnArticleRequest,
      errors: ['validation', ...refusals],
    }),
    defineRoute({
      method: 'post',
      path: '/articles/:articleId/approve',
      operationId: 'approveArticle',
      summary:
        'Approve and publish now, or at `publishAt` (approvers; editors too while the workflow is off)',
      tag,
      access: 'signed-in',
      params: ArticleParams,
      body: ApproveArticleRequest,
      response: ArticleView,
      errors: [...refusals],
      handler: (ctx) =>
        publishArticle({
          db: ctx.db,
          actor: ctx.actor,
          articleId: ctx.params.articleId,
          publishAt: ctx.body.publishAt,
          comment: ctx.body.comment,
        }),
    }),
    defineRoute({
      method: 'get',
      path: '/articles/:articleId/workflow',
      operationId: 'getArticleWorkflow',
      summary: "An article's status, what the caller may do now, and its steps with their comments",
      tag,
      access: 'signed-in',
      params: ArticleParams,
      response: ArticleWorkflowView,
      errors: ['forbidden', 'not_found'],
      handler: (ctx) =>
        getArticleWorkflow({ db: ctx.db, actor: ctx.actor, articleId: ctx.params.articleId }),
    }),
    defineRoute({
      method: 'get',
      path: '/newsroom/queue',
      operationId: 'getNewsroomQueue',
      summary:
        "The caller's work: own drafts and returned articles, submitted ones (editors), those awaiting approval (approvers)",
      tag,
      access: 'signed-in',
      response: NewsroomQueue,
      errors: ['forbidden'],
      handler: (ctx) => getMyQueue({ db: ctx.db, actor: ctx.actor }),
    }),
    defineRoute({
      method: 'get',
      path: '/newsroom/settings',
      operationId: 'getNewsroomSettings',
      summary: "The newsroom's settings (whether the three-step workflow is on)",
      tag,
      access: 'signed-in',
      response: NewsroomSettingsView,
      errors: ['forbidden'],
      handler: async (ctx) => {
        requireEditor(ctx.actor);
        return getNewsroomSettings({ db: ctx.db });
      },
    }),
    defineRoute({
      method: 'put',
      path: '/newsroom/settings',
      operationId: 'setNewsroomSettings',
      summary: 'Switch the three-step workflow on or off (administrators; every change is logged)',
      tag,
      access: 'admin',
      body: NewsroomSettingsRequest,
      response: NewsroomSettingsView,
      handler: (ctx) => setNewsroomSettings({ db: ctx.db, actor: ctx.actor, input: ctx.body }),
    }),
  ];
}
