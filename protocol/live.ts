import { z } from 'zod';
import { LinkStats } from './media.ts';

/** Phases of a live session. */
export const livePhases = [
  'not_started',
  'technical_check',
  'in_progress',
  'paused',
  'ended',
] as const;
export type LivePhase = (typeof livePhases)[number];

const Id = z.uuid();
const Text = (max: number) => z.string().trim().min(1).max(max);

/** The program's picture: the speaker alone, shared content beside the speaker, or the content alone. */
export const programLayouts = ['speaker', 'speaker_content', 'content'] as const;
export type ProgramLayout = (typeof programLayouts)[number];

/** What a screen asks the server to do; `commandId` makes a retry apply once. */
export const LiveCommand = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('session.open_check') }),
  z.strictObject({ type: z.literal('session.start') }),
  z.strictObject({ type: z.literal('session.pause') }),
  z.strictObject({ type: z.literal('session.resume') }),
  z.strictObject({ type: z.literal('session.end') }),
  /** Undoes an end by mistake: within `REOPEN_WINDOW_MS`, back to paused. */
  z.strictObject({ type: z.literal('session.reopen') }),
  /** A dry run with every site, kept out of the record and the public pages. */
  z.strictObject({ type: z.literal('rehearsal.start') }),
  /** Ends the dry run: the live state starts clean for the real session. */
  z.strictObject({ type: z.literal('rehearsal.finish') }),
  z.strictObject({ type: z.literal('agenda.move'), agendaItemId: Id }),
  z.strictObject({
    type: z.literal('floor.request'),
    siteId: Id,
    delegateId: Id.optional(),
    delegateName: z.string().trim().max(120).optional(),
    themeId: Id.optional(),
    note: z.string().trim().max(300).optional(),
  }),
  /** Several requests declined with one reason (end of an agenda item). */
  z.strictObject({
    type: z.literal('floor.decline_many'),
    requestIds: z.array(Id).min(1).max(200),
    reason: Text(300),
  }),
  /** Closes or reopens the queue of the current agenda item. */
  z.strictObject({ type: z.literal('queue.set_open'), open: z.boolean() }),
  /** Lets a site have more than one request waiting (off: one per site). */
  z.strictObject({ type: z.literal('queue.allow_multiple'), allow: z.boolean() }),
  z.strictObject({ type: z.literal('floor.approve'), requestId: Id }),
  z.strictObject({ type: z.literal('floor.withdraw'), requestId: Id }),
  z.strictObject({ type: z.literal('floor.decline'), requestId: Id, reason: Text(300) }),
  z.strictObject({ type: z.literal('queue.reorder'), requestIds: z.array(Id).max(500) }),
  z.strictObject({
    type: z.literal('floor.grant'),
    requestId: Id.optional(),
    siteId: Id.optional(),
    delegateName: z.string().trim().max(120).optional(),
    themeId: Id.optional(),
    contributionId: Id.optional(),
    minutes: z.number().int().min(1).max(60).optional(),
    /** The turn (a question) this one answers: a ministry answering a province. */
    answersTurnId: Id.optional(),
  }),
  z.strictObject({
    type: z.literal('floor.extend'),
    turnId: Id,
    minutes: z.union([z.literal(1), z.literal(2), z.literal(5)]),
  }),
  z.strictObject({ type: z.literal('floor.end'), turnId: Id }),
  /** Undoes ending a turn by mistake, within `RESUME_TURN_MS` and before another turn. */
  z.strictObject({ type: z.literal('floor.resume'), turnId: Id }),
  /** "Get ready, you are next" to one site (null clears it). */
  z.strictObject({ type: z.literal('site.cue'), siteId: Id.nullable() }),
  /** A private message between the chair's technical desk and one site's operators. */
  z.strictObject({ type: z.literal('chat.send'), siteId: Id, text: Text(1000) }),
  z.strictObject({ type: z.literal('joint.set'), open: z.boolean() }),
  z.strictObject({
    type: z.literal('site.check_in'),
    siteId: Id,
    attendees: z.number().int().min(0).max(100_000),
  }),
  z.strictObject({ type: z.literal('site.absent'), siteId: Id, reason: Text(300) }),
  /** The chair closes (or reopens) a site's microphone, whatever the floor says. */
  z.strictObject({ type: z.literal('site.mute'), siteId: Id, muted: z.boolean() }),
  /** Video off for a weak link: the chair, or the site itself. */
  z.strictObject({ type: z.literal('site.audio_only'), siteId: Id, audioOnly: z.boolean() }),
  z.strictObject({ type: z.literal('announcement.post'), text: Text(500) }),
  z.strictObject({ type: z.literal('display.show'), contributionId: Id.nullable() }),
  z.strictObject({ type: z.literal('minutes.add'), text: Text(5000) }),
  z.strictObject({ type: z.literal('minutes.edit'), entryId: Id, text: Text(5000) }),
  /** How the program shows shared content beside the speaker (every screen, the public stream, the recording). */
  z.strictObject({ type: z.literal('program.layout'), layout: z.enum(programLayouts) }),
]);
export type LiveCommand = z.infer<typeof LiveCommand>;

/** How long after the end the chair may reopen the session. */
export const REOPEN_WINDOW_MS = 30 * 60_000;
/** How long after ending a turn the chair may undo it. */
export const RESUME_TURN_MS = 15_000;

export const LiveCommandEnvelope = z
  .strictObject({ commandId: z.string().min(8).max(100), command: LiveCommand })
  .meta({ id: 'LiveCommand' });

export const mediaChanges = ['joined', 'left', 'degraded', 'recovered'] as const;
export type MediaChange = (typeof mediaChanges)[number];

/** Names carried in events, so every screen can show them without asking. */
export interface SiteRef {
  siteId: string;
  siteName: string;
}

/** Every change to the live state. `at` is the server's clock (ms since epoch). */
export type LiveEventBody =
  | { type: 'session.check_opened' }
  | { type: 'session.started' }
  | { type: 'session.paused' }
  | { type: 'session.resumed' }
  | { type: 'session.ended' }
  | { type: 'session.reopened' }
  | { type: 'rehearsal.started' }
  | { type: 'rehearsal.finished' }
  | { type: 'agenda.moved'; agendaItemId: string; title: string }
  | ({
      type: 'floor.requested';
      requestId: string;
      delegateName: string | null;
      themeId: string | null;
      themeTitle: string | null;
      note: string | null;
      /** Waiting for the site chair's approval before it joins the queue. */
      needsApproval: boolean;
    } & SiteRef)
  | { type: 'floor.approved'; requestId: string }
  | { type: 'floor.withdrawn'; requestId: string }
  | {
      type: 'floor.declined';
      requestId: string;
      /** The requesting site (absent in events written before it was recorded). */
      siteId?: string;
      /** Null for a screen that may not see it (see domain/live/views.ts). */
      reason: string | null;
    }
  | { type: 'queue.reordered'; requestIds: string[] }
  | ({
      type: 'floor.granted';
      turnId: string;
      requestId: string | null;
      delegateName: string | null;
      themeId: string | null;
      themeTitle: string | null;
      contributionId: string | null;
      allowedSeconds: number;
      /** The turn this one answers (absent in events written before it existed). */
      answersTurnId?: string | null;
    } & SiteRef)
  | { type: 'floor.extended'; turnId: string; seconds: number }
  | { type: 'floor.ended'; turnId: string }
  | { type: 'floor.resumed'; turnId: string }
  | { type: 'queue.set_open'; agendaItemId: string | null; open: boolean }
  | { type: 'queue.multiple_set'; allow: boolean }
  | { type: 'site.cued'; siteId: string | null; siteName: string | null }
  | ({
      type: 'chat.posted';
      messageId: string;
      /** Written at the site (its operator), else at the chair's desk. */
      fromSite: boolean;
      text: string;
    } & SiteRef)
  | { type: 'joint.set'; open: boolean }
  | ({ type: 'site.checked_in'; attendees: number } & SiteRef)
  | ({ type: 'site.absent'; reason: string | null } & SiteRef)
  | ({ type: 'site.connection'; online: boolean } & SiteRef)
  /** The site's media in the room: published, gone, link worse than the threshold, better again. */
  | ({ type: 'site.media'; media: MediaChange } & SiteRef)
  | ({ type: 'site.muted'; muted: boolean } & SiteRef)
  | ({ type: 'site.audio_only'; audioOnly: boolean } & SiteRef)
  | { type: 'announcement.posted'; announcementId: string; text: string }
  | { type: 'display.shown'; contributionId: string | null; title: string | null }
  | { type: 'minutes.added'; entryId: string; text: string; turnId: string | null }
  | { type: 'minutes.edited'; entryId: string; text: string }
  | { type: 'program.layout_set'; layout: ProgramLayout }
  /** A site's shared screen is in the room (written from what the media server has). */
  | ({ type: 'content.shared' } & SiteRef)
  | ({ type: 'content.stopped' } & SiteRef)
  /** The media server records the room's publishers (or stopped doing so). */
  | { type: 'recording.set'; on: boolean }
  /** An event this screen may not see: it keeps its place in the sequence and changes nothing. */
  | { type: 'redacted' };

export type LiveEvent = LiveEventBody & {
  seq: number;
  at: number;
  actor: { id: string; name: string } | null;
  /** Written during a rehearsal: kept out of the record and the public's view. */
  rehearsal?: boolean;
};

/** Messages from a screen over the WebSocket. */
export const ClientMessage = z.discriminatedUnion('t', [
  z.strictObject({
    t: z.literal('subscribe'),
    conferenceId: Id,
    /** The last sequence number the screen has applied; absent for a first load. */
    after: z.number().int().min(0).optional(),
    /** A site console counts as a screen of its site (online/offline). */
    siteId: Id.optional(),
    /** A hall display's token: it sees what participants see (a rehearsal too). */
    display: z.string().max(200).optional(),
  }),
  z.strictObject({
    t: z.literal('command'),
    conferenceId: Id,
    commandId: z.string().min(8).max(100),
    command: LiveCommand,
  }),
  z.strictObject({ t: z.literal('ping'), clientTime: z.number() }),
  /** A site console's link statistics: beside the log, to the chair's screens. */
  z.strictObject({
    t: z.literal('media_stats'),
    conferenceId: Id,
    siteId: Id,
    stats: LinkStats,
  }),
]);
export type ClientMessage = z.infer<typeof ClientMessage>;

// The live state and the messages the server sends, as schemas: a screen checks what it
// receives (`ServerMessage`) as the server checks what screens send (`ClientMessage`).

const Name = z.string().max(500);
const Ms = z.number().int();

export const RequestStatus = z.enum([
  'requested',
  'queued',
  'speaking',
  'done',
  'withdrawn',
  'declined',
]);
export type RequestStatus = z.infer<typeof RequestStatus>;

export const FloorRequest = z.object({
  id: Id,
  siteId: Id,
  siteName: Name,
  delegateName: Name.nullable(),
  themeId: Id.nullable(),
  themeTitle: Name.nullable(),
  /** Null for a screen that may not see it (domain/live/views.ts). */
  note: z.string().nullable(),
  status: RequestStatus,
  reason: z.string().nullable(),
  requestedAt: Ms,
});
export type FloorRequest = z.infer<typeof FloorRequest>;

export const Turn = z.object({
  id: Id,
  requestId: Id.nullable(),
  siteId: Id,
  siteName: Name,
  delegateName: Name.nullable(),
  themeId: Id.nullable(),
  themeTitle: Name.nullable(),
  contributionId: Id.nullable(),
  startedAt: Ms,
  allowedSeconds: z.number().int(),
  extensionSeconds: z.number().int(),
  endedAt: Ms.nullable(),
  /** Time spent paused while this turn held the floor (its countdown stood still). */
  pausedMs: z.number().int().default(0),
  /** The turn this one answers. */
  answersTurnId: Id.nullable().default(null),
});
export type Turn = z.infer<typeof Turn>;

export const SiteStatus = z.object({
  siteId: Id,
  siteName: Name,
  rollCall: z.enum(['not_checked_in', 'present', 'absent']),
  attendees: z.number().int().nullable(),
  absenceReason: z.string().nullable(),
  online: z.boolean(),
  /** Has been online at least once: a site not yet joined is neutral, not an alarm. */
  everOnline: z.boolean().default(false),
  /** The site's media in the room (defaults keep snapshots written before media parseable). */
  media: z.enum(['off', 'live', 'degraded']).default('off'),
  /** Closed by the chair: stays closed even with the floor. */
  muted: z.boolean().default(false),
  audioOnly: z.boolean().default(false),
});
export type SiteStatus = z.infer<typeof SiteStatus>;

export const LiveState = z
  .object({
    conferenceId: Id,
    seq: z.number().int().min(0),
    phase: z.enum(livePhases),
    agendaItemId: Id.nullable(),
    agendaTitle: Name.nullable(),
    jointExchange: z.boolean(),
    /** Pending and queued request ids, in the chair's order. */
    queue: z.array(Id),
    requests: z.record(z.string(), FloorRequest),
    /** Every turn so far; the open ones (no `endedAt`) hold the floor. */
    turns: z.array(Turn),
    sites: z.record(z.string(), SiteStatus),
    announcements: z.array(z.object({ id: Id, text: z.string(), at: Ms })),
    minutes: z.array(
      z.object({
        id: Id,
        text: z.string(),
        turnId: Id.nullable(),
        at: Ms,
        editedAt: Ms.nullable(),
      }),
    ),
    display: z.object({ contributionId: Id, title: Name.nullable() }).nullable(),
    /** When the session was paused (turn countdowns stand still meanwhile). */
    pausedAt: Ms.nullable().default(null),
    /** When the session ended (the chair may reopen it for a while). */
    endedAt: Ms.nullable().default(null),
    /** A dry run is under way. */
    rehearsal: z.boolean().default(false),
    /** Dry runs finished so far. */
    rehearsals: z.number().int().default(0),
    /** More than one waiting request per site allowed. */
    multipleRequests: z.boolean().default(false),
    /** Agenda items whose queue is closed ('' for the time before the first item). */
    closedQueues: z.array(z.string()).default([]),
    /** The site told to get ready. */
    cued: z.object({ siteId: Id, siteName: Name, at: Ms }).nullable().default(null),
    /** Messages between the chair's desk and the sites (each screen sees its own). */
    chat: z
      .array(
        z.object({
          id: Id,
          siteId: Id,
          fromSite: z.boolean(),
          text: z.string(),
          author: Name.nullable(),
          at: Ms,
        }),
      )
      .default([]),
    /** How the program shows shared content (the chair's choice). */
    layout: z.enum(programLayouts).default('speaker_content'),
    /** The screen being shared now, if any. */
    content: z.object({ siteId: Id, siteName: Name, at: Ms }).nullable().default(null),
    /** The media server is recording (shown on every screen). */
    recording: z.boolean().default(false),
  })
  .meta({ id: 'LiveState' });
export type LiveState = z.infer<typeof LiveState>;

const site = { siteId: Id, siteName: Name };
const meta = {
  seq: z.number().int().min(1),
  at: Ms,
  actor: z.object({ id: Id, name: Name }).nullable(),
  rehearsal: z.boolean().optional(),
};
const event = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.object({ type: z.literal(type), ...shape, ...meta });

/** An event as it travels to a screen (see `LiveEventBody` for what each one means). */
export const LiveEventSchema = z
  .discriminatedUnion('type', [
    event('session.check_opened', {}),
    event('session.started', {}),
    event('session.paused', {}),
    event('session.resumed', {}),
    event('session.ended', {}),
    event('session.reopened', {}),
    event('rehearsal.started', {}),
    event('rehearsal.finished', {}),
    event('agenda.moved', { agendaItemId: Id, title: Name }),
    event('floor.requested', {
      ...site,
      requestId: Id,
      delegateName: Name.nullable(),
      themeId: Id.nullable(),
      themeTitle: Name.nullable(),
      note: z.string().nullable(),
      needsApproval: z.boolean(),
    }),
    event('floor.approved', { requestId: Id }),
    event('floor.withdrawn', { requestId: Id }),
    event('floor.declined', {
      requestId: Id,
      siteId: Id.optional(),
      reason: z.string().nullable(),
    }),
    event('queue.reordered', { requestIds: z.array(Id) }),
    event('floor.granted', {
      ...site,
      turnId: Id,
      requestId: Id.nullable(),
      delegateName: Name.nullable(),
      themeId: Id.nullable(),
      themeTitle: Name.nullable(),
      contributionId: Id.nullable(),
      allowedSeconds: z.number().int(),
      answersTurnId: Id.nullable().optional(),
    }),
    event('floor.extended', { turnId: Id, seconds: z.number().int() }),
    event('floor.ended', { turnId: Id }),
    event('floor.resumed', { turnId: Id }),
    event('queue.set_open', { agendaItemId: Id.nullable(), open: z.boolean() }),
    event('queue.multiple_set', { allow: z.boolean() }),
    event('site.cued', { siteId: Id.nullable(), siteName: Name.nullable() }),
    event('chat.posted', {
      ...site,
      messageId: Id,
      fromSite: z.boolean(),
      text: z.string(),
    }),
    event('joint.set', { open: z.boolean() }),
    event('site.checked_in', { ...site, attendees: z.number().int() }),
    event('site.absent', { ...site, reason: z.string().nullable() }),
    event('site.connection', { ...site, online: z.boolean() }),
    event('site.media', { ...site, media: z.enum(mediaChanges) }),
    event('site.muted', { ...site, muted: z.boolean() }),
    event('site.audio_only', { ...site, audioOnly: z.boolean() }),
    event('announcement.posted', { announcementId: Id, text: z.string() }),
    event('display.shown', { contributionId: Id.nullable(), title: Name.nullable() }),
    event('minutes.added', { entryId: Id, text: z.string(), turnId: Id.nullable() }),
    event('minutes.edited', { entryId: Id, text: z.string() }),
    event('program.layout_set', { layout: z.enum(programLayouts) }),
    event('content.shared', site),
    event('content.stopped', site),
    event('recording.set', { on: z.boolean() }),
    event('redacted', {}),
  ])
  .meta({ id: 'LiveEvent' });

// The schema and the type say the same thing (checked by the compiler both ways).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _eventsAgree: Same<z.infer<typeof LiveEventSchema>, LiveEvent> = true;
void _eventsAgree;

const ErrorBody = z.object({
  code: z.string(),
  message: z.string(),
  fields: z.record(z.string(), z.string()).optional(),
});

/** Messages from the server over the WebSocket; a screen parses each one. */
export const ServerMessage = z.discriminatedUnion('t', [
  z.object({
    t: z.literal('hello'),
    serverTime: Ms,
    user: z.object({ id: Id, name: Name }).nullable(),
  }),
  z.object({ t: z.literal('snapshot'), conferenceId: Id, state: LiveState }),
  z.object({ t: z.literal('events'), conferenceId: Id, events: z.array(LiveEventSchema) }),
  z.object({
    t: z.literal('ack'),
    commandId: z.string(),
    seq: z.number().int(),
    duplicate: z.boolean(),
  }),
  z.object({ t: z.literal('error'), commandId: z.string().optional(), error: ErrorBody }),
  z.object({ t: z.literal('pong'), clientTime: z.number(), serverTime: Ms }),
  z.object({ t: z.literal('media_stats'), conferenceId: Id, siteId: Id, stats: LinkStats }),
  /**
   * The server's link to its database: `down` (restarting, unreachable) — commands are
   * refused and no event comes; `ok` — back: the screen subscribes again after its seq.
   */
  z.object({ t: z.literal('status'), database: z.enum(['ok', 'down']) }),
]);
export type ServerMessage = z.infer<typeof ServerMessage>;

/** `GET …/live`: the events after `after`, or a snapshot for a first load or a screen too far behind. */
export const LiveCatchUp = z
  .union([
    z.object({ snapshot: LiveState }),
    z.object({ events: z.array(LiveEventSchema), seq: z.number().int().min(0) }),
  ])
  .meta({ id: 'LiveCatchUp' });

/** A command's events as the caller may see them; `duplicate` when its commandId was applied before. */
export const LiveCommandResult = z
  .object({
    seq: z.number().int().min(0),
    events: z.array(LiveEventSchema),
    duplicate: z.boolean(),
  })
  .meta({ id: 'LiveCommandResult' });
