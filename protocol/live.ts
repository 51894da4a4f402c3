import { z } from 'zod';

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

/** What a screen asks the server to do; `commandId` makes a retry apply once. */
export const LiveCommand = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('session.open_check') }),
  z.strictObject({ type: z.literal('session.start') }),
  z.strictObject({ type: z.literal('session.pause') }),
  z.strictObject({ type: z.literal('session.resume') }),
  z.strictObject({ type: z.literal('session.end') }),
  z.strictObject({ type: z.literal('agenda.move'), agendaItemId: Id }),
  z.strictObject({
    type: z.literal('floor.request'),
    siteId: Id,
    delegateId: Id.optional(),
    delegateName: z.string().trim().max(120).optional(),
    themeId: Id.optional(),
    note: z.string().trim().max(300).optional(),
  }),
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
  }),
  z.strictObject({
    type: z.literal('floor.extend'),
    turnId: Id,
    minutes: z.union([z.literal(1), z.literal(2), z.literal(5)]),
  }),
  z.strictObject({ type: z.literal('floor.end'), turnId: Id }),
  z.strictObject({ type: z.literal('joint.set'), open: z.boolean() }),
  z.strictObject({
    type: z.literal('site.check_in'),
    siteId: Id,
    attendees: z.number().int().min(0).max(100_000),
  }),
  z.strictObject({ type: z.literal('site.absent'), siteId: Id, reason: Text(300) }),
  z.strictObject({ type: z.literal('announcement.post'), text: Text(500) }),
  z.strictObject({ type: z.literal('display.show'), contributionId: Id.nullable() }),
  z.strictObject({ type: z.literal('minutes.add'), text: Text(5000) }),
  z.strictObject({ type: z.literal('minutes.edit'), entryId: Id, text: Text(5000) }),
]);
export type LiveCommand = z.infer<typeof LiveCommand>;

export const LiveCommandEnvelope = z
  .strictObject({ commandId: z.string().min(8).max(100), command: LiveCommand })
  .meta({ id: 'LiveCommand' });

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
    } & SiteRef)
  | { type: 'floor.extended'; turnId: string; seconds: number }
  | { type: 'floor.ended'; turnId: string }
  | { type: 'joint.set'; open: boolean }
  | ({ type: 'site.checked_in'; attendees: number } & SiteRef)
  | ({ type: 'site.absent'; reason: string | null } & SiteRef)
  | ({ type: 'site.connection'; online: boolean } & SiteRef)
  | { type: 'announcement.posted'; announcementId: string; text: string }
  | { type: 'display.shown'; contributionId: string | null; title: string | null }
  | { type: 'minutes.added'; entryId: string; text: string; turnId: string | null }
  | { type: 'minutes.edited'; entryId: string; text: string }
  /** An event this screen may not see: it keeps its place in the sequence and changes nothing. */
  | { type: 'redacted' };

export type LiveEvent = LiveEventBody & {
  seq: number;
  at: number;
  actor: { id: string; name: string } | null;
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
  }),
  z.strictObject({
    t: z.literal('command'),
    conferenceId: Id,
    commandId: z.string().min(8).max(100),
    command: LiveCommand,
  }),
  z.strictObject({ t: z.literal('ping'), clientTime: z.number() }),
]);
export type ClientMessage = z.infer<typeof ClientMessage>;
