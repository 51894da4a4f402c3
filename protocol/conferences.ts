import { z } from 'zod';
import { DateTime, Timestamp, Uuid, wholeNumber } from './common.ts';
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
export type AgendaKind = z.infer<typeof AgendaKind>;

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
  recording: z.boolean().default(false),
  keepRawRecordings: z.boolean().default(false),
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
    recording: z.boolean().optional(),
    keepRawRecordings: z.boolean().optional(),
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

// Responses: what a client receives (dates as ISO 8601 strings).

export const UnitView = z
  .object({
    id: Uuid,
    code: z.string(),
    name: z.string(),
    shortName: z.string(),
    kind: z.enum(['central_agency', 'ministry', 'city', 'province', 'other']),
    region: z.enum(['north', 'central', 'south']).nullable(),
    builtIn: z.boolean(),
    createdAt: Timestamp,
  })
  .meta({ id: 'Unit' });

export const ConferenceView = z
  .object({
    id: Uuid,
    slug: z.string(),
    title: z.string(),
    theme: z.string(),
    description: z.string(),
    organiser: z.string(),
    organiserUnitId: Uuid.nullable(),
    startsAt: Timestamp,
    endsAt: Timestamp,
    status: ConferenceStatus,
    visibility: Visibility,
    defaultTurnMinutes: z.number().int(),
    siteChairApproval: z.boolean(),
    recording: z.boolean(),
    keepRawRecordings: z.boolean(),
    createdBy: Uuid.nullable(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'Conference' });

export const ConferenceSummary = z
  .object({
    id: Uuid,
    slug: z.string(),
    title: z.string(),
    status: ConferenceStatus,
    startsAt: Timestamp,
    endsAt: Timestamp,
    visibility: Visibility,
    /** How many bridge points it has. */
    sites: z.number().int(),
  })
  .meta({ id: 'ConferenceSummary' });

export const ThemeView = z.object({ id: Uuid, title: z.string() }).meta({ id: 'Theme' });
export const ThemeList = z.array(ThemeView);

export const SiteView = z
  .object({
    id: Uuid,
    conferenceId: Uuid,
    position: z.number().int(),
    name: z.string(),
    unitName: z.string(),
    unitId: Uuid.nullable(),
    isHost: z.boolean(),
    address: z.string(),
    chairName: z.string().nullable(),
    chairTitle: z.string().nullable(),
    techName: z.string().nullable(),
    techPhone: z.string().nullable(),
    techEmail: z.string().nullable(),
    expectedAttendance: z.number().int().nullable(),
  })
  .meta({ id: 'Site' });

export const DelegateView = z
  .object({
    id: Uuid,
    conferenceId: Uuid,
    siteId: Uuid,
    name: z.string(),
    position: z.string(),
    unitName: z.string(),
    kind: ContributorKind,
    email: z.string().nullable(),
    phone: z.string().nullable(),
    userId: Uuid.nullable(),
    createdAt: Timestamp,
  })
  .meta({ id: 'Delegate' });

export const ConferenceOverview = z
  .object({
    conference: ConferenceView,
    organiserUnit: UnitView.nullable(),
    themes: z.array(ThemeView),
    /** The sites the caller may see, with how many delegates each has. */
    sites: z.array(SiteView.extend({ delegates: z.number().int() })),
    totalSites: z.number().int(),
    can: z.object({
      organise: z.boolean(),
      moderate: z.boolean(),
      operateSites: z.array(Uuid),
    }),
    roles: z.array(ConferenceRole),
  })
  .meta({ id: 'ConferenceOverview' });

export const SiteWithDelegates = SiteView.extend({ delegates: z.array(DelegateView) }).meta({
  id: 'SiteWithDelegates',
});

export const SiteDetail = z
  .object({
    site: SiteView,
    delegates: z.array(DelegateView),
    operators: z.array(z.object({ id: Uuid, userId: Uuid })),
  })
  .meta({ id: 'SiteDetail' });

export const CreatedOperator = z
  .object({ userId: Uuid, email: z.string(), name: z.string(), siteId: Uuid })
  .meta({ id: 'CreatedOperator' });

const Planned = { line: z.number().int(), action: z.enum(['create', 'update']) };
const MaybeText = z.string().nullable().optional();

export const ImportPreviewResponse = z
  .object({
    /** Present only when the whole file is valid: confirm with it. */
    previewId: Uuid.nullable(),
    plan: z.object({
      sites: z.array(
        z.object({
          name: z.string(),
          unitId: Uuid.nullable().optional(),
          unitName: z.string(),
          isHost: z.boolean(),
          address: z.string(),
          chairName: MaybeText,
          chairTitle: MaybeText,
          techName: MaybeText,
          techPhone: MaybeText,
          techEmail: MaybeText,
          expectedAttendance: z.number().int().nullable().optional(),
          ...Planned,
        }),
      ),
      delegates: z.array(
        z.object({
          name: z.string(),
          position: z.string(),
          unitName: z.string(),
          kind: ContributorKind,
          email: MaybeText,
          phone: MaybeText,
          /** The name of the bridge point the delegate belongs to. */
          site: z.string(),
          ...Planned,
        }),
      ),
    }),
    /** Every bad cell, in the caller's language. */
    problems: z.array(
      z.object({
        sheet: z.enum(['sites', 'delegates']),
        line: z.number().int(),
        column: z.string(),
        message: z.string(),
      }),
    ),
  })
  .meta({ id: 'ImportPreview' });

export const ImportResult = z
  .object({
    sitesCreated: z.number().int(),
    sitesUpdated: z.number().int(),
    delegatesCreated: z.number().int(),
    delegatesUpdated: z.number().int(),
  })
  .meta({ id: 'ImportResult' });

export const AgendaItemView = z
  .object({
    id: Uuid,
    conferenceId: Uuid,
    position: z.number().int(),
    kind: AgendaKind,
    title: z.string(),
    presenter: z.string(),
    themeId: Uuid.nullable(),
    durationMinutes: z.number().int(),
    /** The written submission this speaking slot was scheduled from. */
    submissionId: Uuid.nullable(),
  })
  .meta({ id: 'AgendaItem' });
export const AgendaItemList = z.array(AgendaItemView);

export const AgendaView = z
  .object({
    items: z.array(AgendaItemView.extend({ plannedStart: Timestamp, plannedEnd: Timestamp })),
    totalMinutes: z.number().int(),
    plannedEnd: Timestamp,
  })
  .meta({ id: 'Agenda' });

export const MemberView = z
  .object({
    id: Uuid,
    conferenceId: Uuid,
    userId: Uuid,
    role: ConferenceRole,
    siteId: Uuid.nullable(),
    createdAt: Timestamp,
  })
  .meta({ id: 'Member' });

export const MemberListItem = z
  .object({
    id: Uuid,
    role: ConferenceRole,
    siteId: Uuid.nullable(),
    siteName: z.string().nullable(),
    userId: Uuid,
    name: z.string(),
    email: z.string(),
  })
  .meta({ id: 'MemberListItem' });

const OperatorRef = {
  siteId: Uuid,
  siteName: z.string(),
  operatorName: z.string(),
  operatorEmail: z.string(),
};
export const SignInLinks = z
  .object({
    links: z.array(
      z.object({
        ...OperatorRef,
        token: z.string(),
        expiresAt: Timestamp,
        /** The page that signs in with the token. */
        path: z.string(),
      }),
    ),
    /** Operators with accounts of their own: no link for them. */
    skipped: z.array(z.object(OperatorRef)),
  })
  .meta({ id: 'SignInLinks' });

export const LinkSignInResponse = z
  .object({
    conferenceId: Uuid,
    siteId: Uuid.nullable(),
    /** The account has a second factor: no session yet; send the code to /auth/login/second-factor. */
    secondFactorRequired: z.boolean().optional(),
  })
  .meta({ id: 'LinkSignInResponse' });

const SubmissionStatus = z.enum(['submitted', 'accepted', 'returned']);

export const SubmissionView = z
  .object({
    id: Uuid,
    conferenceId: Uuid,
    siteId: Uuid.nullable(),
    authorName: z.string(),
    submittedBy: Uuid.nullable(),
    title: z.string(),
    themeId: Uuid.nullable(),
    summary: z.string(),
    fileId: Uuid,
    status: SubmissionStatus,
    reviewReason: z.string().nullable(),
    reviewedBy: Uuid.nullable(),
    reviewedAt: Timestamp.nullable(),
    createdAt: Timestamp,
  })
  .meta({ id: 'Submission' });

/** A stored file's name, size and type (its bytes are downloaded separately). */
export const FileSummary = z
  .object({ id: Uuid, name: z.string(), size: z.number().int(), mime: z.string() })
  .meta({ id: 'FileSummary' });

export const SubmissionListItem = z
  .object({
    id: Uuid,
    title: z.string(),
    summary: z.string(),
    authorName: z.string(),
    status: SubmissionStatus,
    reviewReason: z.string().nullable(),
    reviewedAt: Timestamp.nullable(),
    createdAt: Timestamp,
    siteId: Uuid.nullable(),
    siteName: z.string().nullable(),
    themeId: Uuid.nullable(),
    themeTitle: z.string().nullable(),
    /** Already a speaking slot in the agenda. */
    scheduled: z.boolean(),
    file: FileSummary,
  })
  .meta({ id: 'SubmissionListItem' });

export const DocumentView = z
  .object({
    id: Uuid,
    conferenceId: Uuid,
    title: z.string(),
    fileId: Uuid,
    createdBy: Uuid.nullable(),
    createdAt: Timestamp,
  })
  .meta({ id: 'Document' });

export const DocumentListItem = z
  .object({ id: Uuid, title: z.string(), createdAt: Timestamp, file: FileSummary })
  .meta({ id: 'DocumentListItem' });

/** How long a removal made on a management page can be undone (its undo token's life). */
export const UNDO_WINDOW_MINUTES = 10;
