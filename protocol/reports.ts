import { z } from 'zod';
import { Timestamp } from './common.ts';

// The conference record (biên bản, báo cáo kết quả): what happened at a conference, built
// from the live log, the roll call, the contributions and the written submissions.
// Two views: `full` for the organiser, chair and secretary; `public` without personal
// contacts, refusal or absence reasons, internal statuses or drafts.

const Ms = z.number().int();
const Name = z.string();

export const recordViews = ['full', 'public'] as const;
export type RecordView = (typeof recordViews)[number];

export const RecordSite = z.object({
  siteId: z.uuid(),
  name: Name,
  unitName: Name,
  /** The directory's code (`ha-noi`, `bo-tai-chinh`), when the site is a known unit. */
  unitCode: z.string().nullable(),
  /** `city` / `province` (the 34 provincial units), `ministry`, … */
  unitKind: z.string().nullable(),
  region: z.enum(['north', 'central', 'south']).nullable(),
  isHost: z.boolean(),
  rollCall: z.enum(['not_checked_in', 'present', 'absent']),
  /** Headcount given at the roll call. */
  attendees: z.number().int().nullable(),
  expectedAttendance: z.number().int().nullable(),
  /** Full view only (null in the public one). */
  absenceReason: z.string().nullable(),
  /** First time the site's console came online during the session (not the rehearsal). */
  firstOnlineAt: Ms.nullable(),
  /** Time its console was online, summed over the session. */
  onlineMs: z.number().int(),
  turns: z.number().int(),
  /** Speaking time, pauses left out. */
  spokenSeconds: z.number().int(),
  contributions: z.number().int(),
});
export type RecordSite = z.infer<typeof RecordSite>;

export const RecordTurn = z.object({
  turnId: z.uuid(),
  /** 1, 2, … in the order spoken. */
  number: z.number().int(),
  siteId: z.uuid(),
  siteName: Name,
  delegateName: Name.nullable(),
  themeId: z.uuid().nullable(),
  themeTitle: Name.nullable(),
  agendaTitle: Name.nullable(),
  startedAt: Ms,
  endedAt: Ms.nullable(),
  spokenSeconds: z.number().int(),
  allowedSeconds: z.number().int(),
  /** Spoken beyond the time allowed with its extensions (0 when within). */
  overSeconds: z.number().int(),
  /** The number of the turn this one answers. */
  answersNumber: z.number().int().nullable(),
});
export type RecordTurn = z.infer<typeof RecordTurn>;

export const RecordTheme = z.object({
  themeId: z.uuid(),
  title: Name,
  turns: z.number().int(),
  spokenSeconds: z.number().int(),
  contributions: z.number().int(),
});
export type RecordTheme = z.infer<typeof RecordTheme>;

/** A count under a key (a status, a kind of contributor, …), with the label to print. */
export const RecordCount = z.object({ key: z.string(), label: Name, count: z.number().int() });
export type RecordCount = z.infer<typeof RecordCount>;

export const RecordSubmission = z.object({
  id: z.uuid(),
  title: Name,
  authorName: Name,
  siteName: Name.nullable(),
  themeTitle: Name.nullable(),
  /** Full view: submitted / accepted / returned; the public sees accepted ones only. */
  status: z.string(),
  createdAt: Ms,
});
export type RecordSubmission = z.infer<typeof RecordSubmission>;

/** The adopted contributions (what the conclusions are drafted from). */
export const RecordContribution = z.object({
  id: z.uuid(),
  title: Name,
  kind: z.string(),
  status: z.string(),
  themeTitle: Name,
  authorName: Name,
  siteName: Name.nullable(),
  supportCount: z.number().int(),
});
export type RecordContribution = z.infer<typeof RecordContribution>;

/** A document of the record (minutes or conclusions): sanitised HTML from the editor. */
export const RecordDocument = z.object({
  html: z.string(),
  /** Minutes: locked (no more edits) by whom and when. */
  lockedAt: Ms.nullable(),
  lockedBy: Name.nullable(),
  /** Conclusions: published on the public conference page. */
  publishedAt: Ms.nullable(),
  /** Conclusions: the text differs from the published one (edits not yet published). */
  unpublishedChanges: z.boolean().default(false),
  updatedAt: Ms.nullable(),
  /** Who saved last (null in the public view). */
  updatedBy: Name.nullable(),
});
export type RecordDocument = z.infer<typeof RecordDocument>;

export const ConferenceRecord = z
  .object({
    view: z.enum(recordViews),
    conference: z.object({
      id: z.uuid(),
      slug: z.string(),
      title: Name,
      theme: Name,
      organiser: Name,
      startsAt: Ms,
      endsAt: Ms,
      status: z.string(),
    }),
    session: z.object({
      phase: z.string(),
      /** First `session.started` and the last `session.ended` (null until then). */
      startedAt: Ms.nullable(),
      endedAt: Ms.nullable(),
    }),
    totals: z.object({
      sites: z.number().int(),
      present: z.number().int(),
      absent: z.number().int(),
      notCheckedIn: z.number().int(),
      attendees: z.number().int(),
      turns: z.number().int(),
      spokenSeconds: z.number().int(),
      overTimeTurns: z.number().int(),
      contributions: z.number().int(),
      submissions: z.number().int(),
    }),
    sites: z.array(RecordSite),
    turns: z.array(RecordTurn),
    themes: z.array(RecordTheme),
    contributionsByStatus: z.array(RecordCount),
    contributionsByKind: z.array(RecordCount),
    contributionsByAuthorKind: z.array(RecordCount),
    adopted: z.array(RecordContribution),
    submissions: z.array(RecordSubmission),
    /** Null in the public view until locked. */
    minutes: RecordDocument.nullable(),
    /** Null in the public view until published. */
    conclusions: RecordDocument.nullable(),
    generatedAt: Ms,
  })
  .meta({ id: 'ConferenceRecord' });
export type ConferenceRecord = z.infer<typeof ConferenceRecord>;

export const RecordQuery = z.strictObject({ view: z.enum(recordViews).default('full') });

export const recordTables = ['sites', 'turns', 'themes', 'contributions', 'submissions'] as const;
export const RecordFileQuery = z.strictObject({
  view: z.enum(recordViews).default('full'),
  /** The record (PDF), the minutes or the report (DOCX), the data (XLSX, or one table as CSV). */
  kind: z.enum(['pdf', 'minutes', 'report', 'xlsx', 'csv']),
  table: z.enum(recordTables).optional(),
});

export const RecordDocumentParams = z.strictObject({
  conferenceId: z.uuid(),
  document: z.enum(['minutes', 'conclusions']),
});

export const SaveRecordDocumentRequest = z
  .strictObject({
    html: z.string().max(500_000),
    /** The version the editor started from (409 if someone saved since). */
    version: z.number().int().min(0),
  })
  .meta({ id: 'SaveRecordDocumentRequest' });

export const FinishRecordDocumentRequest = z
  .strictObject({
    /** Conclusions: false withdraws them from the public page. Minutes: ignored (lock). */
    publish: z.boolean().optional(),
  })
  .meta({ id: 'FinishRecordDocumentRequest' });

export const RecordDocumentView = z
  .object({
    kind: z.enum(['minutes', 'conclusions']),
    document: RecordDocument,
    version: z.number().int(),
    draft: z.string(),
    canEdit: z.boolean(),
    canFinish: z.boolean(),
  })
  .meta({ id: 'RecordDocumentView' });

export const SavedRecordDocument = z.object({ version: z.number().int(), updatedAt: Timestamp });
export const FinishedRecordDocument = z.object({
  lockedAt: Ms.nullable(),
  publishedAt: Ms.nullable(),
});
export const RecordNewsDraft = z
  .object({ id: z.uuid(), slug: z.string(), title: z.string() })
  .meta({ id: 'RecordNewsDraft' });
