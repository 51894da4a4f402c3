import { z } from 'zod';
import { PageNumber } from './common.ts';
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
    phone: z
      .string()
      .trim()
      .max(30)
      .regex(/^[+0-9 ().-]*$/, 'phone')
      .optional()
      .transform((v) => v || undefined),
    consent: z.literal(true, { error: 'consent_required' }),
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
