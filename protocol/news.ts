import { z } from 'zod';
import { DateTime, PageNumber, Timestamp, Uuid } from './common.ts';

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
    /**
     * The article's `updatedAt` when the editor opened it: saved by someone else since,
     * the save is refused (409) rather than overwrite their work.
     */
    baseUpdatedAt: DateTime.optional(),
  })
  .meta({ id: 'UpdateArticleRequest' });
export type UpdateArticleInput = z.output<typeof UpdateArticleRequest>;

/**
 * Publish. Without `publishAt` the article keeps the date it already has (it is not
 * re-dated when put back) or gets now; `publishAt` in the past backdates it (an
 * imported article), in the future schedules it; `redate` makes its date now.
 */
export const PublishArticleRequest = z
  .strictObject({ publishAt: DateTime.optional(), redate: z.boolean().optional() })
  .meta({ id: 'PublishArticleRequest' });

export const ListArticlesQuery = z.strictObject({
  q: z.string().trim().max(200).optional(),
  status: z
    .enum([
      'draft',
      'submitted',
      'returned',
      'pending_approval',
      'scheduled',
      'published',
      'unpublished',
    ])
    .optional(),
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

// Responses: what a client receives (dates as ISO 8601 strings).

/** An article's place in the newsroom's workflow (domain/news/workflow.ts); scheduled is published with a future date. */
export const articleStatuses = [
  'draft',
  'submitted',
  'returned',
  'pending_approval',
  'published',
  'unpublished',
] as const;
const ArticleStatus = z.enum(articleStatuses);

const publicArticleFields = {
  id: Uuid,
  slug: z.string(),
  title: z.string(),
  summary: z.string(),
  bodyHtml: z.string(),
  /** The body as plain text. */
  bodyText: z.string(),
  coverPhotoId: Uuid.nullable(),
  authorName: z.string(),
  sourceName: z.string(),
  sourceUrl: z.string().nullable(),
  categoryId: Uuid.nullable(),
  tags: z.array(z.string()),
  tagSlugs: z.array(z.string()),
  status: ArticleStatus,
  featured: z.boolean(),
  /** In the future: scheduled. */
  publishedAt: Timestamp.nullable(),
  /** Views counted so far: in what readers and editors read, not in a write's answer. */
  viewCount: z.number().int().optional(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
};

/** An article as editors see it. */
export const ArticleView = z
  .object({
    ...publicArticleFields,
    conferenceId: Uuid.nullable(),
    createdBy: Uuid.nullable(),
    updatedBy: Uuid.nullable(),
  })
  .meta({ id: 'Article' });

/** An article just saved, with the body images that were left out (not uploaded here). */
export const SavedArticle = ArticleView.extend({ droppedImages: z.array(z.string()) }).meta({
  id: 'SavedArticle',
});

export const ArticleLinkView = z
  .object({
    id: Uuid,
    articleId: Uuid,
    position: z.number().int(),
    title: z.string(),
    url: z.string(),
  })
  .meta({ id: 'ArticleLinkView' });

export const ArticleForEdit = z
  .object({
    article: ArticleView,
    links: z.array(ArticleLinkView),
    /** Newest first: what was done (created, updated, published, republished, published_backdated, redated, scheduled, unpublished), by whom, the date the article then carried, and what changed in its title, sapo and body text since the version before. */
    revisions: z.array(
      z.object({
        id: Uuid,
        action: z.string(),
        at: Timestamp,
        editorId: Uuid.nullable(),
        editorName: z.string().nullable(),
        publishedAt: z.string().nullable(),
        changes: z.array(
          z.object({
            field: z.enum(['title', 'summary', 'body']),
            parts: z.array(
              z.object({ kind: z.enum(['same', 'added', 'removed']), text: z.string() }),
            ),
          }),
        ),
      }),
    ),
  })
  .meta({ id: 'ArticleForEdit' });

export const ArticleList = z
  .object({
    items: z.array(
      z.object({
        id: Uuid,
        slug: z.string(),
        title: z.string(),
        status: ArticleStatus,
        publishedAt: Timestamp.nullable(),
        updatedAt: Timestamp,
        viewCount: z.number().int(),
        categoryName: z.string().nullable(),
      }),
    ),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  })
  .meta({ id: 'ArticleList' });

/** Published articles; a search result (`q`) has no cover, category, views or featured flag. */
export const NewsList = z
  .object({
    items: z.array(
      z.object({
        id: Uuid,
        slug: z.string(),
        title: z.string(),
        summary: z.string(),
        publishedAt: Timestamp.nullable(),
        coverPhotoId: Uuid.nullable().optional(),
        featured: z.boolean().optional(),
        categoryId: Uuid.nullable().optional(),
        viewCount: z.number().int().optional(),
      }),
    ),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  })
  .meta({ id: 'NewsList' });

export const CategoryView = z
  .object({
    id: Uuid,
    slug: z.string(),
    name: z.string(),
    description: z.string(),
    position: z.number().int(),
    /** Out of the menu, the home page and the sitemap; its page still answers. */
    hidden: z.boolean(),
  })
  .meta({ id: 'Category' });
export const CategoryList = z.array(CategoryView);

/** A published article as readers see it: who wrote or edited it in the back office is not said. */
export const NewsArticlePage = z
  .object({
    article: z.object(publicArticleFields).meta({ id: 'PublicArticle' }),
    links: z.array(ArticleLinkView),
    category: CategoryView.nullable(),
    /** The public conference it is about. */
    conference: z.object({ id: Uuid, slug: z.string(), title: z.string() }).nullable(),
    related: z.array(
      z.object({
        id: Uuid,
        slug: z.string(),
        title: z.string(),
        publishedAt: Timestamp.nullable(),
        coverPhotoId: Uuid.nullable(),
      }),
    ),
  })
  .meta({ id: 'NewsArticlePage' });

export const SiteLinkView = z
  .object({ id: Uuid, position: z.number().int(), title: z.string(), url: z.string() })
  .meta({ id: 'SiteLink' });
export const SiteLinkList = z.array(SiteLinkView);

export const PhotoView = z
  .object({
    id: Uuid,
    width: z.number().int(),
    height: z.number().int(),
    /** The stored widths (each as WebP and JPEG). */
    widths: z.array(z.number().int()),
    /** Where the largest size is served. */
    src: z.string(),
  })
  .meta({ id: 'Photo' });

// The newsroom's workflow (domain/news/workflow.ts): reporter → editor → approver.

const WorkflowStatus = ArticleStatus;
const Comment = z.string().trim().max(2000);

/** Submit to the editors or send for approval, with an optional word. */
export const WorkflowStepRequest = z
  .strictObject({ comment: Comment.default('') })
  .meta({ id: 'WorkflowStepRequest' });

/** Return an article: the comment says what to change. */
export const ReturnArticleRequest = z
  .strictObject({ comment: Comment.min(1) })
  .meta({ id: 'ReturnArticleRequest' });

/** Approve: publish now, or at `publishAt`, with an optional word. */
export const ApproveArticleRequest = z
  .strictObject({ publishAt: DateTime.optional(), comment: Comment.default('') })
  .meta({ id: 'ApproveArticleRequest' });

export const NewsroomSettingsRequest = z
  .strictObject({ workflowEnabled: z.boolean() })
  .meta({ id: 'NewsroomSettingsRequest' });

export const NewsroomSettingsView = z
  .object({
    /** Reporter → editor → approver; off: editors publish directly. */
    workflowEnabled: z.boolean(),
    updatedAt: Timestamp.nullable(),
    updatedByName: z.string().nullable(),
  })
  .meta({ id: 'NewsroomSettings' });

export const WorkflowActionName = z.enum([
  'submit',
  'send_for_approval',
  'return',
  'publish',
  'unpublish',
]);

export const ArticleWorkflowView = z
  .object({
    articleId: Uuid,
    status: WorkflowStatus,
    publishedAt: Timestamp.nullable(),
    workflowEnabled: z.boolean(),
    /** The caller may save changes to the article now. */
    canEdit: z.boolean(),
    /** What the caller may do now. */
    actions: z.array(WorkflowActionName),
    /** Every step, newest first, with its comment. */
    transitions: z.array(
      z.object({
        id: Uuid,
        action: z.string(),
        fromStatus: WorkflowStatus,
        toStatus: WorkflowStatus,
        comment: z.string(),
        at: Timestamp,
        actorName: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'ArticleWorkflow' });

export const NewsroomQueue = z
  .object({
    workflowEnabled: z.boolean(),
    /** `mine`: own drafts and returned articles; `submitted`: for editors; `pending_approval`: for those who publish. */
    sections: z.array(
      z.object({
        key: z.enum(['mine', 'submitted', 'pending_approval']),
        count: z.number().int(),
        items: z.array(
          z.object({
            id: Uuid,
            title: z.string(),
            status: WorkflowStatus,
            since: Timestamp,
            authorName: z.string().nullable(),
          }),
        ),
      }),
    ),
  })
  .meta({ id: 'NewsroomQueue' });
