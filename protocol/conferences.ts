import { z } from 'zod';
import { DateTime, wholeNumber } from './common.ts';
import { Email } from './auth.ts';

export const conferenceStatuses = ['draft', 'scheduled', 'live', 'ended', 'archived'] as const;
export const ConferenceStatus = z.enum(conferenceStatuses);
export type ConferenceStatus = z.infer<typeof ConferenceStatus>;

/** The allowed moves of a conference's status. */
export const STATUS_TRANSITIONS: Record<ConferenceStatus, ConferenceStatus[]> = {
  draft: ['scheduled'],
  scheduled: ['draft', 'live'],
  live: ['ended'],
  ended: ['archived', 'live'],
  archived: ['ended'],
};

export const Visibility = z.enum(['public', 'internal']);
export const conferenceRoles = [
  'organiser',
  'chair',
  'secretary',
  'site_operator',
  'delegate',
  /** Moderates this conference's contributions (and sees their authors' contacts). */
  'moderator',
] as const;
export const ConferenceRole = z.enum(conferenceRoles);
export type ConferenceRole = z.infer<typeof ConferenceRole>;
export const contributorKinds = [
  'ministry',
  'locality',
  'expert',
  'manager',
  'business',
  'party_member',
  'citizen',
] as const;
export const ContributorKind = z.enum(contributorKinds);
export type ContributorKind = z.infer<typeof ContributorKind>;
export const agendaKinds = ['opening', 'report', 'discussion', 'break', 'conclusion'] as const;
export const AgendaKind = z.enum(agendaKinds);

const Text = (max: number) => z.string().trim().min(1).max(max);
const OptionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .optional();
const Phone = z
  .string()
  .trim()
  .max(30)
  .regex(/^[+0-9 ().-]*$/, 'phone')
  .transform((v) => (v === '' ? null : v))
  .nullable()
  .optional();
const OptionalEmail = z
  .union([z.literal('').transform(() => null), Email])
  .nullable()
  .optional();

export const ConferenceIdParams = z.strictObject({ conferenceId: z.uuid() });

const conferenceFields = {
  title: Text(300),
  theme: Text(500),
  description: z.string().trim().max(5000).default(''),
  organiser: Text(200),
  organiserUnitId: z.uuid().nullable().optional(),
  startsAt: DateTime,
  endsAt: DateTime,
  visibility: Visibility.default('public'),
  defaultTurnMinutes: wholeNumber(1, 60).default(5),
  siteChairApproval: z.boolean().default(false),
};

/** Only once both are real dates: a date that did not parse has its own message. */
const endsAfterStart = (v: { startsAt?: unknown; endsAt?: unknown }) =>
  !(v.startsAt instanceof Date) || !(v.endsAt instanceof Date) || v.endsAt > v.startsAt;
const endsAfterStartError = { message: 'ends_before_start', path: ['endsAt'] };

export const CreateConferenceRequest = z
  .strictObject({
    ...conferenceFields,
    themes: z.array(Text(200)).max(30).default([]),
  })
  .refine(endsAfterStart, endsAfterStartError)
  .meta({ id: 'CreateConferenceRequest' });
export type CreateConferenceInput = z.output<typeof CreateConferenceRequest>;

export const UpdateConferenceRequest = z
  .strictObject({
    title: conferenceFields.title.optional(),
    theme: conferenceFields.theme.optional(),
    description: z.string().trim().max(5000).optional(),
    organiser: conferenceFields.organiser.optional(),
    organiserUnitId: z.uuid().nullable().optional(),
    startsAt: DateTime.optional(),
    endsAt: DateTime.optional(),
    visibility: Visibility.optional(),
    defaultTurnMinutes: wholeNumber(1, 60).optional(),
    siteChairApproval: z.boolean().optional(),
  })
  .refine(endsAfterStart, endsAfterStartError)
  .meta({ id: 'UpdateConferenceRequest' });
export type UpdateConferenceInput = z.output<typeof UpdateConferenceRequest>;

export const ChangeStatusRequest = z
  .strictObject({ status: ConferenceStatus })
  .meta({ id: 'ChangeStatusRequest' });

export const SetThemesRequest = z
  .strictObject({
    themes: z.array(z.strictObject({ id: z.uuid().optional(), title: Text(200) })).max(30),
  })
  .meta({ id: 'SetThemesRequest' });
export type SetThemesInput = z.output<typeof SetThemesRequest>;

export const SiteFields = z.strictObject({
  name: Text(200),
  unitId: z.uuid().nullable().optional(),
  unitName: Text(200),
  isHost: z.boolean().default(false),
  address: z.string().trim().max(500).default(''),
  chairName: OptionalText(120),
  chairTitle: OptionalText(200),
  techName: OptionalText(120),
  techPhone: Phone,
  techEmail: OptionalEmail,
  expectedAttendance: wholeNumber(0, 100_000).nullable().optional(),
});
export const CreateSiteRequest = SiteFields.meta({ id: 'CreateSiteRequest' });
export type SiteInput = z.output<typeof SiteFields>;
export const UpdateSiteRequest = SiteFields.partial().meta({ id: 'UpdateSiteRequest' });
export type UpdateSiteInput = z.output<typeof UpdateSiteRequest>;
export const SiteParams = z.strictObject({ conferenceId: z.uuid(), siteId: z.uuid() });

export const DelegateFields = z.strictObject({
  name: Text(120),
  position: z.string().trim().max(200).default(''),
  unitName: z.string().trim().max(200).default(''),
  kind: ContributorKind,
  email: OptionalEmail,
  phone: Phone,
});
export const CreateDelegateRequest = DelegateFields.meta({ id: 'CreateDelegateRequest' });
export type DelegateInput = z.output<typeof DelegateFields>;
export const UpdateDelegateRequest = DelegateFields.partial().meta({ id: 'UpdateDelegateRequest' });
export type UpdateDelegateInput = z.output<typeof UpdateDelegateRequest>;
export const DelegateParams = z.strictObject({
  conferenceId: z.uuid(),
  siteId: z.uuid(),
  delegateId: z.uuid(),
});

export const AgendaItemFields = z.strictObject({
  kind: AgendaKind,
  title: Text(300),
  presenter: z.string().trim().max(200).default(''),
  themeId: z.uuid().nullable().optional(),
  durationMinutes: wholeNumber(1, 600),
});
export const CreateAgendaItemRequest = AgendaItemFields.meta({ id: 'CreateAgendaItemRequest' });
export type AgendaItemInput = z.output<typeof AgendaItemFields>;
export const UpdateAgendaItemRequest = AgendaItemFields.partial().meta({
  id: 'UpdateAgendaItemRequest',
});
export type UpdateAgendaItemInput = z.output<typeof UpdateAgendaItemRequest>;
export const MoveAgendaItemRequest = z
  .strictObject({ position: wholeNumber(0, 1000) })
  .meta({ id: 'MoveAgendaItemRequest' });
export const AgendaItemParams = z.strictObject({ conferenceId: z.uuid(), itemId: z.uuid() });

export const AssignRoleRequest = z
  .strictObject({
    email: Email,
    role: ConferenceRole,
    siteId: z.uuid().nullable().optional(),
  })
  .refine((v) => v.role !== 'site_operator' || !!v.siteId, {
    message: 'site_required',
    path: ['siteId'],
  })
  .meta({ id: 'AssignRoleRequest' });
export type AssignRoleInput = z.output<typeof AssignRoleRequest>;
export const MemberParams = z.strictObject({ conferenceId: z.uuid(), memberId: z.uuid() });

export const CreateOperatorRequest = z
  .strictObject({
    name: Text(120),
    email: Email.optional(),
  })
  .meta({ id: 'CreateOperatorRequest' });
export type CreateOperatorInput = z.output<typeof CreateOperatorRequest>;

export const IssueLinksRequest = z
  .strictObject({
    /** Sites to issue links for; all sites with an operator when omitted. */
    siteIds: z.array(z.uuid()).max(500).optional(),
    validHours: z
      .number()
      .int()
      .min(1)
      .max(24 * 30)
      .default(72),
  })
  .meta({ id: 'IssueLinksRequest' });
export type IssueLinksInput = z.output<typeof IssueLinksRequest>;

export const SubmissionFields = z.strictObject({
  title: Text(300),
  themeId: z.uuid().nullable().optional(),
  summary: Text(5000),
  authorName: Text(200),
  siteId: z.uuid().nullable().optional(),
});
export type SubmissionInput = z.output<typeof SubmissionFields>;
export const ReviewSubmissionRequest = z
  .strictObject({
    decision: z.enum(['accept', 'return']),
    reason: z.string().trim().max(2000).optional(),
  })
  .refine((v) => v.decision === 'accept' || !!v.reason, {
    message: 'reason_required',
    path: ['reason'],
  })
  .meta({ id: 'ReviewSubmissionRequest' });
export type ReviewSubmissionInput = z.output<typeof ReviewSubmissionRequest>;
export const ScheduleSubmissionRequest = z
  .strictObject({ durationMinutes: z.number().int().min(1).max(120).default(7) })
  .meta({ id: 'ScheduleSubmissionRequest' });
export const SubmissionParams = z.strictObject({
  conferenceId: z.uuid(),
  submissionId: z.uuid(),
});

export const DocumentFields = z.strictObject({ title: Text(300) });
export const DocumentParams = z.strictObject({ conferenceId: z.uuid(), documentId: z.uuid() });

export const ImportKind = z.enum(['sites', 'delegates', 'both']);
export const ConfirmImportRequest = z
  .strictObject({ previewId: z.uuid() })
  .meta({ id: 'ConfirmImportRequest' });
export const ExportQuery = z.strictObject({
  format: z.enum(['csv', 'xlsx']).default('xlsx'),
  kind: z.enum(['sites', 'delegates']).default('sites'),
});
