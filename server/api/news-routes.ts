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
  searchPublished,
  setSiteLinks,
  unpublishArticle,
  updateArticle,
} from '../../domain/news/articles.ts';
import { PageNumber } from '../../protocol/common.ts';
import { PHOTO_MAX_BYTES, uploadPhoto } from '../../domain/news/photos.ts';
import {
  ArticleParams,
  CategoryRequest,
  CreateArticleRequest,
  ListArticlesQuery,
  PublishArticleRequest,
  SiteLinksRequest,
  UpdateArticleRequest,
} from '../../protocol/news.ts';
import { defineRoute } from './route.ts';

const tag = 'news';

export const newsRoutes = [
  defineRoute({
    method: 'get',
    path: '/news',
    operationId: 'listNews',
    summary: 'Published articles, newest first; `q` searches ignoring diacritics',
    tag,
    access: 'public',
    query: z.strictObject({
      q: z.string().trim().max(200).optional(),
      page: PageNumber,
    }),
    handler: (ctx) =>
      ctx.query.q
        ? searchPublished({ db: ctx.db, q: ctx.query.q, page: ctx.query.page })
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
    errors: ['forbidden', 'not_found'],
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
    summary: 'Publish now, or at `publishAt` (it goes live by itself)',
    tag,
    access: 'signed-in',
    params: ArticleParams,
    body: PublishArticleRequest,
    errors: ['forbidden', 'not_found'],
    handler: (ctx) =>
      publishArticle({
        db: ctx.db,
        actor: ctx.actor,
        articleId: ctx.params.articleId,
        publishAt: ctx.body.publishAt,
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
    errors: ['forbidden', 'not_found'],
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
    handler: (ctx) => setSiteLinks({ db: ctx.db, actor: ctx.actor, links: ctx.body.links }),
  }),
];
