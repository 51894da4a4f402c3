import { z } from 'zod';
import { DateTime, PageNumber } from './common.ts';

const HttpUrl = z.url({ protocol: /^https?$/, error: 'url' }).max(2000);

export const ArticleLink = z.strictObject({
  title: z.string().trim().min(1).max(300),
  url: HttpUrl,
});

const articleFields = {
  title: z.string().trim().min(5).max(300),
  summary: z.string().trim().max(1000).default(''),
  bodyHtml: z.string().max(500_000).default(''),
  authorName: z.string().trim().max(200).default(''),
  sourceName: z.string().trim().max(200).default(''),
  sourceUrl: z
    .union([z.literal('').transform(() => null), HttpUrl])
    .nullable()
    .default(null),
  categoryId: z.uuid().nullable().default(null),
  conferenceId: z.uuid().nullable().default(null),
  coverPhotoId: z.uuid().nullable().default(null),
  tags: z.array(z.string().trim().min(1).max(60)).max(20).default([]),
  links: z.array(ArticleLink).max(30).default([]),
  featured: z.boolean().default(false),
};

export const CreateArticleRequest = z
  .strictObject(articleFields)
  .meta({ id: 'CreateArticleRequest' });
export type CreateArticleInput = z.output<typeof CreateArticleRequest>;

export const UpdateArticleRequest = z
  .strictObject({
    title: articleFields.title.optional(),
    summary: z.string().trim().max(1000).optional(),
    bodyHtml: z.string().max(500_000).optional(),
    authorName: z.string().trim().max(200).optional(),
    sourceName: z.string().trim().max(200).optional(),
    sourceUrl: z
      .union([z.literal('').transform(() => null), HttpUrl])
      .nullable()
      .optional(),
    categoryId: z.uuid().nullable().optional(),
    conferenceId: z.uuid().nullable().optional(),
    coverPhotoId: z.uuid().nullable().optional(),
    tags: z.array(z.string().trim().min(1).max(60)).max(20).optional(),
    links: z.array(ArticleLink).max(30).optional(),
    featured: z.boolean().optional(),
  })
  .meta({ id: 'UpdateArticleRequest' });
export type UpdateArticleInput = z.output<typeof UpdateArticleRequest>;

/** Publish now, or at `publishAt` (it then goes live by itself). */
export const PublishArticleRequest = z
  .strictObject({ publishAt: DateTime.optional() })
  .meta({ id: 'PublishArticleRequest' });

export const ListArticlesQuery = z.strictObject({
  q: z.string().trim().max(200).optional(),
  status: z.enum(['draft', 'scheduled', 'published', 'unpublished']).optional(),
  categoryId: z.uuid().optional(),
  authorId: z.uuid().optional(),
  page: PageNumber,
});
export type ListArticlesInput = z.output<typeof ListArticlesQuery>;

export const CategoryRequest = z
  .strictObject({
    name: z.string().trim().min(2).max(120),
    description: z.string().trim().max(500).default(''),
    position: z.number().int().min(0).max(1000).default(0),
  })
  .meta({ id: 'CategoryRequest' });

export const SiteLinksRequest = z
  .strictObject({ links: z.array(ArticleLink).max(50) })
  .meta({ id: 'SiteLinksRequest' });

export const ArticleParams = z.strictObject({ articleId: z.uuid() });

/** Where a stored size of a photo is served. */
export function photoPath(photoId: string, width: number, format: 'webp' | 'jpeg') {
  return `/anh/${photoId}/${width}.${format === 'jpeg' ? 'jpg' : 'webp'}`;
}
