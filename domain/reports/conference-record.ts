import { and, asc, eq, sql } from 'drizzle-orm';
import type { Database, Executor } from '../../db/database.ts';
import { conferenceSites, conferenceThemes, submissions } from '../../db/schema/conferences.ts';
import { contributions } from '../../db/schema/contributions.ts';
import { conferenceRecords } from '../../db/schema/reports.ts';
import { units } from '../../db/schema/units.ts';
import { users } from '../../db/schema/users.ts';
import { alias } from 'drizzle-orm/pg-core';
import { PUBLIC_STATUSES } from '../../protocol/contributions.ts';
import type { LiveState } from '../../protocol/live.ts';
import type {
  ConferenceRecord,
  RecordCount,
  RecordDocument,
  RecordSite,
  RecordTurn,
  RecordView,
} from '../../protocol/reports.ts';
import type { Actor } from '../auth/policies.ts';
import { KIND_LABELS } from '../conferences/import-format.ts';
import { loadAccess, type ConferenceAccess } from '../conferences/policies.ts';
import {
  CONTRIBUTION_KIND_LABELS,
  CONTRIBUTION_STATUS_LABELS,
} from '../contributions/export-contributions.ts';
import { readEvents } from '../live/event-store.ts';
import { initialLiveState, reduce, spokenSeconds } from '../live/reducer.ts';
import { requireRecordView } from './policies.ts';

/** What the live log says of a session, the rehearsals left out. */
export interface SessionLog {
  state: LiveState;
  startedAt: number | null;
  endedAt: number | null;
  /** The agenda item under way when each turn was granted. */
  agendaOfTurn: Map<string, string | null>;
  /** Per site: first time online, and time online summed (until the end, or now). */
  links: Map<string, { firstOnlineAt: number | null; onlineMs: number }>;
}

/**
 * The session as the record tells it: every event of the conference in order, those of a
 * rehearsal (and its start and finish) skipped, so the state is the real session's.
 */
export async function readSessionLog(db: Executor, conferenceId: string): Promise<SessionLog> {
  let state = initialLiveState(conferenceId);
  let startedAt: number | null = null;
  let endedAt: number | null = null;
  let agenda: string | null = null;
  const agendaOfTurn = new Map<string, string | null>();
  const online = new Map<
    string,
    { firstOnlineAt: number | null; since: number | null; ms: number }
  >();
  for (let after = 0; ;) {
    const events = await readEvents(db, conferenceId, after, 2000);
    if (!events.length) break;
    after = events[events.length - 1]!.seq;
    for (const e of events) {
      if (e.type === 'site.connection') {
        // A link is a link, rehearsal or not; time online counts from the session's start.
        const link = online.get(e.siteId) ?? { firstOnlineAt: null, since: null, ms: 0 };
        if (e.online && link.since === null) {
          link.since = e.at;
          link.firstOnlineAt ??= e.at;
        } else if (!e.online && link.since !== null) {
          link.ms += e.at - link.since;
          link.since = null;
        }
        online.set(e.siteId, link);
      }
      if (e.rehearsal || e.type === 'rehearsal.started' || e.type === 'rehearsal.finished')
        continue;
      if (e.type === 'session.started') startedAt ??= e.at;
      if (e.type === 'session.ended') endedAt = e.at;
      if (e.type === 'session.reopened') endedAt = null;
      if (e.type === 'agenda.moved') agenda = e.title;
      if (e.type === 'floor.granted') agendaOfTurn.set(e.turnId, agenda);
      state = reduce(state, e);
    }
  }
  const until = endedAt ?? Date.now();
  const links = new Map(
    [...online].map(([siteId, l]) => [
      siteId,
      {
        firstOnlineAt: l.firstOnlineAt,
        onlineMs: l.ms + (l.since !== null ? Math.max(0, until - l.since) : 0),
      },
    ]),
  );
  return { state, startedAt, endedAt, agendaOfTurn, links };
}

const updatedByUser = alias(users, 'updated_by_user');
const lockedByUser = alias(users, 'locked_by_user');
const cUpdatedByUser = alias(users, 'c_updated_by_user');
const publishedByUser = alias(users, 'published_by_user');

/** The record's row (minutes, conclusions), with the names of who changed them. */
export async function readRecordRow(db: Executor, conferenceId: string) {
  const [row] = await db
    .select({
      r: conferenceRecords,
      minutesUpdatedBy: updatedByUser.name,
      minutesLockedBy: lockedByUser.name,
      conclusionsUpdatedBy: cUpdatedByUser.name,
      conclusionsPublishedBy: publishedByUser.name,
    })
    .from(conferenceRecords)
    .leftJoin(updatedByUser, eq(updatedByUser.id, conferenceRecords.minutesUpdatedBy))
    .leftJoin(lockedByUser, eq(lockedByUser.id, conferenceRecords.minutesLockedBy))
    .leftJoin(cUpdatedByUser, eq(cUpdatedByUser.id, conferenceRecords.conclusionsUpdatedBy))
    .leftJoin(publishedByUser, eq(publishedByUser.id, conferenceRecords.conclusionsPublishedBy))
    .where(eq(conferenceRecords.conferenceId, conferenceId))
    .limit(1);
  return row ?? null;
}

const ms = (d: Date | null | undefined) => (d ? d.getTime() : null);

export function recordDocuments(row: Awaited<ReturnType<typeof readRecordRow>>): {
  minutes: RecordDocument & { version: number };
  conclusions: RecordDocument & { version: number };
} {
  const r = row?.r;
  return {
    minutes: {
      html: r?.minutesHtml ?? '',
      version: r?.minutesVersion ?? 0,
      lockedAt: ms(r?.minutesLockedAt),
      lockedBy: r?.minutesLockedAt ? (row?.minutesLockedBy ?? '') : null,
      publishedAt: null,
      unpublishedChanges: false,
      updatedAt: ms(r?.minutesUpdatedAt),
      updatedBy: row?.minutesUpdatedBy ?? null,
    },
    conclusions: {
      html: r?.conclusionsHtml ?? '',
      version: r?.conclusionsVersion ?? 0,
      lockedAt: null,
      lockedBy: null,
      publishedAt: ms(r?.conclusionsPublishedAt),
      unpublishedChanges:
        !!r?.conclusionsPublishedAt && r.conclusionsHtml !== r.conclusionsPublishedHtml,
      updatedAt: ms(r?.conclusionsUpdatedAt),
      updatedBy: row?.conclusionsUpdatedBy ?? null,
    },
  };
}

function count(rows: { key: string; n: number }[], labels: Record<string, string>): RecordCount[] {
  return rows
    .filter((r) => r.n > 0)
    .map((r) => ({ key: r.key, label: labels[r.key] ?? r.key, count: r.n }))
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label, 'vi'));
}

const SUBMISSION_STATUS: Record<string, string> = {
  submitted: 'Chờ xem xét',
  accepted: 'Đã tiếp nhận',
  returned: 'Trả lại',
};

/**
 * The record of a conference from its live log, roll call, contributions and written
 * submissions. `public`: no personal contacts, no absence or refusal reasons, only the
 * contributions and submissions the public may see, the minutes once locked and the
 * conclusions once published.
 */
export async function buildConferenceRecord(
  db: Database,
  access: ConferenceAccess,
  view: RecordView,
  /** The session's log when the caller has read it already (it is the costly part). */
  sessionLog?: SessionLog,
): Promise<ConferenceRecord> {
  const conference = access.conference;
  const conferenceId = conference.id;
  const isPublic = view === 'public';
  const [log, siteRows, themeRows, contribRows, submissionRows, row] = await Promise.all([
    sessionLog ?? readSessionLog(db, conferenceId),
    db
      .select({
        id: conferenceSites.id,
        name: conferenceSites.name,
        unitName: conferenceSites.unitName,
        isHost: conferenceSites.isHost,
        expected: conferenceSites.expectedAttendance,
        unitCode: units.code,
        unitKind: units.kind,
        region: units.region,
      })
      .from(conferenceSites)
      .leftJoin(units, eq(units.id, conferenceSites.unitId))
      .where(eq(conferenceSites.conferenceId, conferenceId))
      .orderBy(asc(conferenceSites.position)),
    db
      .select({ id: conferenceThemes.id, title: conferenceThemes.title })
      .from(conferenceThemes)
      .where(eq(conferenceThemes.conferenceId, conferenceId))
      .orderBy(asc(conferenceThemes.position)),
    db
      .select({
        id: contributions.id,
        title: contributions.title,
        kind: contributions.kind,
        status: contributions.status,
        authorKind: contributions.authorKind,
        authorName: contributions.authorName,
        themeId: contributions.themeId,
        siteId: contributions.siteId,
        supportCount: contributions.supportCount,
      })
      .from(contributions)
      .where(
        and(
          eq(contributions.conferenceId, conferenceId),
          isPublic
            ? sql`${contributions.status} in ${[...PUBLIC_STATUSES]}`
            : sql`${contributions.status} <> 'merged'`,
        ),
      ),
    db
      .select({
        id: submissions.id,
        title: submissions.title,
        authorName: submissions.authorName,
        siteId: submissions.siteId,
        themeId: submissions.themeId,
        status: submissions.status,
        createdAt: submissions.createdAt,
      })
      .from(submissions)
      .where(
        and(
          eq(submissions.conferenceId, conferenceId),
          isPublic ? eq(submissions.status, 'accepted') : undefined,
        ),
      )
      .orderBy(asc(submissions.createdAt)),
    readRecordRow(db, conferenceId),
  ]);
  const { state } = log;
  const now = log.endedAt ?? Date.now();
  const siteName = new Map(siteRows.map((s) => [s.id, s.name]));
  const themeTitle = new Map(themeRows.map((t) => [t.id, t.title]));

  const ordered = [...state.turns].sort((a, b) => a.startedAt - b.startedAt);
  const numberOf = new Map(ordered.map((t, i) => [t.id, i + 1]));
  const turns: RecordTurn[] = ordered.map((t, i) => {
    const spoken = spokenSeconds(t, now, state.pausedAt);
    return {
      turnId: t.id,
      number: i + 1,
      siteId: t.siteId,
      siteName: siteName.get(t.siteId) ?? t.siteName,
      delegateName: t.delegateName,
      themeId: t.themeId,
      themeTitle: (t.themeId && themeTitle.get(t.themeId)) ?? t.themeTitle,
      agendaTitle: log.agendaOfTurn.get(t.id) ?? null,
      startedAt: t.startedAt,
      endedAt: t.endedAt,
      spokenSeconds: spoken,
      allowedSeconds: t.allowedSeconds + t.extensionSeconds,
      overSeconds: Math.max(0, spoken - t.allowedSeconds - t.extensionSeconds),
      answersNumber: t.answersTurnId ? (numberOf.get(t.answersTurnId) ?? null) : null,
    };
  });

  const sites: RecordSite[] = siteRows.map((s) => {
    const status = state.sites[s.id];
    const spoken = turns.filter((t) => t.siteId === s.id);
    const link = log.links.get(s.id);
    return {
      siteId: s.id,
      name: s.name,
      unitName: s.unitName,
      unitCode: s.unitCode,
      unitKind: s.unitKind,
      region: s.region,
      isHost: s.isHost,
      rollCall: status?.rollCall ?? 'not_checked_in',
      attendees: status?.rollCall === 'present' ? status.attendees : null,
      expectedAttendance: s.expected,
      absenceReason: isPublic ? null : (status?.absenceReason ?? null),
      firstOnlineAt: link?.firstOnlineAt ?? null,
      onlineMs: link?.onlineMs ?? 0,
      turns: spoken.length,
      spokenSeconds: spoken.reduce((a, t) => a + t.spokenSeconds, 0),
      contributions: contribRows.filter((c) => c.siteId === s.id).length,
    };
  });

  const themes = themeRows.map((t) => {
    const spoken = turns.filter((x) => x.themeId === t.id);
    return {
      themeId: t.id,
      title: t.title,
      turns: spoken.length,
      spokenSeconds: spoken.reduce((a, x) => a + x.spokenSeconds, 0),
      contributions: contribRows.filter((c) => c.themeId === t.id).length,
    };
  });

  const tally = (key: (c: (typeof contribRows)[number]) => string) => {
    const m = new Map<string, number>();
    for (const c of contribRows) m.set(key(c), (m.get(key(c)) ?? 0) + 1);
    return [...m].map(([k, n]) => ({ key: k, n }));
  };
  const docs = recordDocuments(row);
  const present = sites.filter((s) => s.rollCall === 'present');
  const strip = ({ version: _v, ...d }: RecordDocument & { version: number }) => d;

  return {
    view,
    conference: {
      id: conference.id,
      slug: conference.slug,
      title: conference.title,
      theme: conference.theme,
      organiser: conference.organiser,
      startsAt: conference.startsAt.getTime(),
      endsAt: conference.endsAt.getTime(),
      status: conference.status,
    },
    session: { phase: state.phase, startedAt: log.startedAt, endedAt: log.endedAt },
    totals: {
      sites: sites.length,
      present: present.length,
      absent: sites.filter((s) => s.rollCall === 'absent').length,
      notCheckedIn: sites.filter((s) => s.rollCall === 'not_checked_in').length,
      attendees: present.reduce((a, s) => a + (s.attendees ?? 0), 0),
      turns: turns.length,
      spokenSeconds: turns.reduce((a, t) => a + t.spokenSeconds, 0),
      overTimeTurns: turns.filter((t) => t.overSeconds > 0).length,
      contributions: contribRows.length,
      submissions: submissionRows.length,
    },
    sites,
    turns,
    themes,
    contributionsByStatus: count(
      tally((c) => c.status),
      CONTRIBUTION_STATUS_LABELS,
    ),
    contributionsByKind: count(
      tally((c) => c.kind),
      CONTRIBUTION_KIND_LABELS,
    ),
    contributionsByAuthorKind: count(
      tally((c) => c.authorKind),
      KIND_LABELS,
    ),
    adopted: contribRows
      .filter((c) => c.status === 'adopted')
      .sort((a, b) => b.supportCount - a.supportCount)
      .map((c) => ({
        id: c.id,
        title: c.title,
        kind: c.kind,
        status: c.status,
        themeTitle: themeTitle.get(c.themeId) ?? '',
        authorName: c.authorName,
        siteName: c.siteId ? (siteName.get(c.siteId) ?? null) : null,
        supportCount: c.supportCount,
      })),
    submissions: submissionRows.map((s) => ({
      id: s.id,
      title: s.title,
      authorName: s.authorName,
      siteName: s.siteId ? (siteName.get(s.siteId) ?? null) : null,
      themeTitle: s.themeId ? (themeTitle.get(s.themeId) ?? null) : null,
      status: SUBMISSION_STATUS[s.status] ?? s.status,
      createdAt: s.createdAt.getTime(),
    })),
    // The public: the locked minutes and the conclusions as published, without staff names.
    minutes: !isPublic
      ? strip(docs.minutes)
      : docs.minutes.lockedAt === null
        ? null
        : { ...strip(docs.minutes), lockedBy: null, updatedBy: null },
    conclusions: !isPublic
      ? strip(docs.conclusions)
      : docs.conclusions.publishedAt === null
        ? null
        : {
            ...strip(docs.conclusions),
            html: row?.r.conclusionsPublishedHtml ?? '',
            unpublishedChanges: false,
            updatedBy: null,
          },
    generatedAt: Date.now(),
  };
}

/**
 * The record as the actor may see it: `full` for the conference's organisers, chair and
 * secretary; `public` for anyone who may see the public conference page.
 */
export async function getConferenceRecord(opts: {
  db: Database;
  actor: Actor | null;
  conferenceId: string;
  view: RecordView;
}): Promise<ConferenceRecord> {
  const access = await loadAccess(opts.db, opts.actor, opts.conferenceId);
  requireRecordView(access, opts.view);
  return buildConferenceRecord(opts.db, access, opts.view);
}
