import { z } from 'zod';
import { PageNumber, Timestamp, Uuid } from './common.ts';
import { Email } from './auth.ts';
import { ContributorKind } from './conferences.ts';

export const contributionKinds = ['proposal', 'practice', 'question'] as const;
export const ContributionKind = z.enum(contributionKinds);
export type ContributionKind = z.infer<typeof ContributionKind>;
export const contributionStatuses = [
  'submitted',
  'published',
  'rejected',
  'under_consideration',
  'answered',
  'adopted',
  'merged',
] as const;
export const ContributionStatus = z.enum(contributionStatuses);
export type ContributionStatus = z.infer<typeof ContributionStatus>;

/** Statuses the public sees. */
export const PUBLIC_STATUSES = ['published', 'under_consideration', 'answered', 'adopted'] as const;

export const TITLE_MAX = 200;
export const BODY_MAX = 10_000;

const Optional = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((v) => v || undefined);

/** What a delegate or a member of the public sends. */
export const SubmitContributionRequest = z
  .strictObject({
    themeId: z.uuid(),
    kind: ContributionKind,
    title: z.string().trim().min(5).max(TITLE_MAX),
    body: z.string().trim().min(20).max(BODY_MAX),
    authorName: z.string().trim().min(2).max(120),
    authorKind: ContributorKind,
    authorUnit: Optional(200),
    province: Optional(100),
    email: z.union([z.literal('').transform(() => undefined), Email]).optional(),
    /** 8 to 15 digits (a Vietnamese number, or an international one), separators allowed. */
    phone: z
      .string()
      .trim()
      .max(30)
      .regex(/^$|^[+ ().-]*(?:[0-9][+ ().-]*){8,15}$/, 'contribution_phone')
      .optional()
      .transform((v) => v || undefined),
    consent: z.literal(true, { error: 'consent_required' }),
    /** The version of the personal-data notice the form showed (stored with the consent). */
    noticeVersion: z
      .union([
        z.literal('').transform(() => undefined),
        z.coerce.number().int().min(1).max(1_000_000),
      ])
      .optional(),
    /** "Báo cho tôi qua e-mail khi ý kiến được trả lời": an explicit opt-in (needs the e-mail). */
    notifyByEmail: z.boolean().default(false),
    /** Chosen by the client once per form; the same key again returns the first result. */
    idempotencyKey: z.string().trim().min(8).max(100),
    /** Left empty by people; filled by robots. */
    website: z.string().max(1000).optional(),
  })
  // A filled trap field is refused without naming it (a robot learns nothing).
  .refine((v) => !v.website, { message: 'honeypot', path: [] })
  .meta({ id: 'SubmitContributionRequest' });
export type SubmitContributionInput = z.output<typeof SubmitContributionRequest>;

export const ListContributionsQuery = z.strictObject({
  q: z.string().trim().max(200).optional(),
  themeId: z.uuid().optional(),
  kind: ContributionKind.optional(),
  status: ContributionStatus.optional(),
  sort: z.enum(['newest', 'supported']).default('newest'),
  page: PageNumber,
});
export type ListContributionsInput = z.output<typeof ListContributionsQuery>;

export const ModerationQueueQuery = z.strictObject({
  status: ContributionStatus.optional(),
  page: PageNumber,
});

export const ModerateContributionRequest = z
  .discriminatedUnion('action', [
    z.strictObject({ action: z.literal('publish') }),
    z.strictObject({ action: z.literal('reject'), reason: z.string().trim().min(3).max(2000) }),
    z.strictObject({
      action: z.literal('status'),
      status: z.enum(['published', 'under_consideration', 'answered', 'adopted']),
    }),
    z.strictObject({ action: z.literal('pin'), pinned: z.boolean() }),
  ])
  .meta({ id: 'ModerateContributionRequest' });
export type ModerateContributionInput = z.output<typeof ModerateContributionRequest>;

export const EditContributionRequest = z
  .strictObject({
    title: z.string().trim().min(5).max(TITLE_MAX).optional(),
    body: z.string().trim().min(20).max(BODY_MAX).optional(),
    note: z.string().trim().max(500).optional(),
  })
  .meta({ id: 'EditContributionRequest' });
export type EditContributionInput = z.output<typeof EditContributionRequest>;

export const MergeContributionRequest = z
  .strictObject({ intoId: z.uuid() })
  .meta({ id: 'MergeContributionRequest' });
export const AnswerContributionRequest = z
  .strictObject({ answer: z.string().trim().min(5).max(BODY_MAX) })
  .meta({ id: 'AnswerContributionRequest' });
export const ContributionParams = z.strictObject({
  conferenceId: z.uuid(),
  contributionId: z.uuid(),
});

// Responses: what a client receives (dates as ISO 8601 strings).

export const ContributionListItem = z
  .object({
    id: Uuid,
    kind: ContributionKind,
    title: z.string(),
    body: z.string(),
    status: ContributionStatus,
    pinned: z.boolean(),
    supportCount: z.number().int(),
    authorName: z.string(),
    authorKind: ContributorKind,
    province: z.string(),
    themeId: Uuid,
    themeTitle: z.string(),
    createdAt: Timestamp,
    answer: z.string().nullable(),
  })
  .meta({ id: 'ContributionListItem' });

export const ContributionList = z
  .object({
    items: z.array(ContributionListItem),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
    /** The caller moderates this conference (and may filter by any status). */
    moderator: z.boolean(),
  })
  .meta({ id: 'ContributionList' });

export const SubmitContributionResponse = z
  .object({
    id: Uuid,
    status: ContributionStatus,
    /** The same idempotency key was sent before: this is the first result. */
    duplicate: z.boolean(),
    /** The author's private page (shown once). */
    trackingPath: z.string(),
  })
  .meta({ id: 'SubmitContributionResponse' });

const publicFields = {
  id: Uuid,
  conferenceId: Uuid,
  themeId: Uuid,
  kind: ContributionKind,
  title: z.string(),
  body: z.string(),
  status: ContributionStatus,
  mergedIntoId: Uuid.nullable(),
  pinned: z.boolean(),
  answer: z.string().nullable(),
  answeredAt: Timestamp.nullable(),
  authorName: z.string(),
  authorKind: ContributorKind,
  authorUnit: z.string(),
  province: z.string(),
  supportCount: z.number().int(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  publishedAt: Timestamp.nullable(),
};

/** A contribution as its moderators see it (contacts included, never the tracking id). */
export const ContributionView = z
  .object({
    ...publicFields,
    rejectReason: z.string().nullable(),
    answeredBy: Uuid.nullable(),
    userId: Uuid.nullable(),
    siteId: Uuid.nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
  })
  .meta({ id: 'Contribution' });

/**
 * A contribution as anyone may see it: no account ids, no moderation note; the author's
 * contacts only for the conference's moderators.
 */
export const PublicContribution = z
  .object({
    ...publicFields,
    email: z.string().nullable().optional(),
    phone: z.string().nullable().optional(),
  })
  .meta({ id: 'PublicContribution' });

export const ContributionPage = z
  .object({
    contribution: PublicContribution,
    /** The theme's title. */
    theme: z.string(),
    attachments: z.array(
      z.object({
        attachmentId: Uuid,
        name: z.string(),
        size: z.number().int(),
        mime: z.string(),
      }),
    ),
    supportedByMe: z.boolean(),
    mergedInto: z.object({ id: Uuid, title: z.string() }).nullable(),
    moderator: z.boolean(),
  })
  .meta({ id: 'ContributionPage' });

export const ModerationQueue = z
  .object({
    items: z.array(
      z.object({
        id: Uuid,
        kind: ContributionKind,
        title: z.string(),
        body: z.string(),
        status: ContributionStatus,
        pinned: z.boolean(),
        supportCount: z.number().int(),
        authorName: z.string(),
        authorKind: ContributorKind,
        province: z.string(),
        email: z.string().nullable(),
        phone: z.string().nullable(),
        themeTitle: z.string(),
        rejectReason: z.string().nullable(),
        answer: z.string().nullable(),
        createdAt: Timestamp,
      }),
    ),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  })
  .meta({ id: 'ModerationQueue' });

export const SupportResponse = z
  .object({ supportCount: z.number().int(), added: z.boolean() })
  .meta({ id: 'SupportResponse' });

export const SimilarContributions = z
  .array(z.object({ id: Uuid, title: z.string(), status: ContributionStatus, score: z.number() }))
  .meta({ id: 'SimilarContributions' });

export const ContributionHistory = z
  .array(
    z.object({
      id: Uuid,
      contributionId: Uuid,
      actorId: Uuid.nullable(),
      action: z.string(),
      details: z.record(z.string(), z.unknown()),
      at: Timestamp,
    }),
  )
  .meta({ id: 'ContributionHistory' });

/** What the author sees with the private tracking link. */
export const TrackedContribution = z
  .object({
    id: Uuid,
    conferenceId: Uuid,
    title: z.string(),
    status: ContributionStatus,
    rejectReason: z.string().nullable(),
    answer: z.string().nullable(),
    mergedIntoId: Uuid.nullable(),
    createdAt: Timestamp,
    conferenceSlug: z.string(),
    conferenceTitle: z.string(),
  })
  .meta({ id: 'TrackedContribution' });
