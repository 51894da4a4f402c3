import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Database, Executor } from '../../db/database.ts';
import {
  agendaItems,
  conferenceSites,
  conferenceThemes,
  conferences,
  delegates,
} from '../../db/schema/conferences.ts';
import { contributions } from '../../db/schema/contributions.ts';
import { liveCommands } from '../../db/schema/live.ts';
import { PUBLIC_STATUSES } from '../../protocol/contributions.ts';
import type { LiveCommand, LiveEvent } from '../../protocol/live.ts';
import { recordAudit, type AuditEntry } from '../audit/record-audit.ts';
import type { Actor } from '../auth/policies.ts';
import { requireUser } from '../auth/policies.ts';
import {
  canOrganise,
  canViewConference,
  loadAccess,
  type ConferenceAccess,
} from '../conferences/policies.ts';
import { AppError } from '../errors.ts';
import { decide, decideConnection, decideContent, decideMedia, type LiveRights } from './decide.ts';
import { appendEvents, loadState, readEvents, remember } from './event-store.ts';
import type { LiveState } from '../../protocol/live.ts';
import { redactEvent, redactState, screenView, viewFor } from './views.ts';

/** A screen that is further behind than this gets a snapshot instead of the events. */
export const RESUME_LIMIT = 500;

export function liveRights(access: ConferenceAccess): LiveRights {
  return {
    chair: canOrganise(access) || access.roles.has('chair'),
    secretary: access.roles.has('secretary'),
    operatorSites: access.operatorSites,
    delegateSites: access.delegateSites,
  };
}

async function lookups(tx: Executor, conferenceId: string, command: LiveCommand | null) {
  // One query after another: a transaction's connection runs one at a time.
  const sites = await tx
    .select({ id: conferenceSites.id, name: conferenceSites.name })
    .from(conferenceSites)
    .where(eq(conferenceSites.conferenceId, conferenceId));
  const themes = await tx
    .select({ id: conferenceThemes.id, title: conferenceThemes.title })
    .from(conferenceThemes)
    .where(eq(conferenceThemes.conferenceId, conferenceId));
  const items = await tx
    .select({ id: agendaItems.id, title: agendaItems.title })
    .from(agendaItems)
    .where(eq(agendaItems.conferenceId, conferenceId));
  const contributionId =
    command && 'contributionId' in command && command.contributionId
      ? command.contributionId
      : null;
  const contribution = contributionId
    ? await tx
        .select({ id: contributions.id, title: contributions.title, status: contributions.status })
        .from(contributions)
        .where(
          and(eq(contributions.id, contributionId), eq(contributions.conferenceId, conferenceId)),
        )
    : [];
  const delegateId =
    command?.type === 'floor.request' && command.delegateId ? command.delegateId : null;
  const delegate = delegateId
    ? await tx
        .select({ id: delegates.id, name: delegates.name, siteId: delegates.siteId })
        .from(delegates)
        .where(and(eq(delegates.id, delegateId), eq(delegates.conferenceId, conferenceId)))
    : [];
  const site = new Map(sites.map((s) => [s.id, s.name]));
  const theme = new Map(themes.map((t) => [t.id, t.title]));
  const item = new Map(items.map((i) => [i.id, i.title]));
  return {
    site: (id: string) => site.get(id),
    theme: (id: string) => theme.get(id),
    agendaItem: (id: string) => item.get(id),
    contribution: (id: string) => {
      const c = contribution.find((row) => row.id === id);
      return c && { title: c.title, published: PUBLIC_STATUSES.includes(c.status as never) };
    },
    delegate: (id: string) => delegate.find((d) => d.id === id),
  };
}

async function lockConference(tx: Executor, conferenceId: string) {
  const [row] = await tx
    .select({
      id: conferences.id,
      siteChairApproval: conferences.siteChairApproval,
      defaultTurnMinutes: conferences.defaultTurnMinutes,
    })
    .from(conferences)
    .where(eq(conferences.id, conferenceId))
    .for('update');
  if (!row) throw new AppError('not_found');
  return row;
}

/**
 * The live events the audit trail keeps: the session started, ended or reopened, a
 * site muted or unmuted, a speaker's turn ended by the chair (taken off the floor).
 */
const SESSION_PHASE = {
  'session.started': 'in_progress',
  'session.ended': 'ended',
  'session.reopened': 'paused',
} as const;

function auditedEvent(
  e: LiveEvent,
  before: LiveState,
): Pick<AuditEntry, 'action' | 'target' | 'before' | 'after'> | null {
  const rehearsal = e.rehearsal ? { rehearsal: true } : {};
  switch (e.type) {
    case 'session.started':
    case 'session.ended':
    case 'session.reopened':
      return {
        action: `live.session_${e.type.slice('session.'.length)}`,
        target: { type: 'live_session' },
        before: { phase: before.phase },
        after: { phase: SESSION_PHASE[e.type], ...rehearsal },
      };
    case 'site.muted':
      return {
        action: e.muted ? 'live.site_muted' : 'live.site_unmuted',
        target: { type: 'site', id: e.siteId, label: e.siteName },
        before: { muted: before.sites[e.siteId]?.muted ?? false },
        after: { muted: e.muted, ...rehearsal },
      };
    case 'floor.ended': {
      const turn = before.turns.find((t) => t.id === e.turnId);
      return {
        action: 'live.floor_ended',
        target: { type: 'site', id: turn?.siteId ?? null, label: turn?.siteName ?? null },
        before: { turnId: e.turnId, delegate: turn?.delegateName ?? null },
        after: { ...rehearsal },
      };
    }
    default:
      return null;
  }
}

/**
 * Runs one command: checks the actor's rights and the current state, appends the
 * events in the same transaction (gap-free seq under the conference's row lock),
 * and notifies every instance after commit. The same `commandId` applies once.
 */
export async function executeLiveCommand(opts: {
  db: Database;
  actor: Actor | null;
  conferenceId: string;
  commandId: string;
  command: LiveCommand;
  /**
   * The client's address for the audit trail. A command over a WebSocket has no HTTP
   * request in flight: the gateway passes the socket's address; by default the request's.
   */
  ip?: string | null;
}): Promise<{ seq: number; events: LiveEvent[]; duplicate: boolean }> {
  const actor = requireUser(opts.actor);
  const result = await opts.db.transaction(async (tx) => {
    const conf = await lockConference(tx, opts.conferenceId);
    // A retry by the same sender is answered from what the first attempt did.
    const [done] = await tx
      .select({ seq: liveCommands.seq })
      .from(liveCommands)
      .where(
        and(
          eq(liveCommands.conferenceId, opts.conferenceId),
          eq(liveCommands.actorId, actor.id),
          eq(liveCommands.commandId, opts.commandId),
        ),
      )
      .limit(1);
    if (done) return { seq: done.seq, events: [], duplicate: true, state: null, view: null };
    const access = await loadAccess(tx, actor, opts.conferenceId);
    const state = await loadState(tx, opts.conferenceId, opts.db);
    const bodies = decide(state, opts.command, {
      rights: liveRights(access),
      actorName: actor.name,
      siteChairApproval: conf.siteChairApproval,
      defaultTurnSeconds: conf.defaultTurnMinutes * 60,
      names: await lookups(tx, opts.conferenceId, opts.command),
      newId: randomUUID,
      now: Date.now(),
    });
    const appended = await appendEvents(tx, state, bodies, {
      actor: { id: actor.id, name: actor.name },
      commandId: opts.commandId,
      at: Date.now(),
    });
    await tx.insert(liveCommands).values({
      conferenceId: opts.conferenceId,
      actorId: actor.id,
      commandId: opts.commandId,
      seq: appended.state.seq,
    });
    for (const e of appended.events) {
      const entry = auditedEvent(e, state);
      if (entry) {
        await recordAudit(tx, {
          ...entry,
          actor,
          conferenceId: opts.conferenceId,
          ...(opts.ip !== undefined && { ip: opts.ip }),
        });
      }
    }
    // The conference's published status follows its session (a rehearsal leaves it alone).
    for (const e of appended.events) {
      if (e.rehearsal) continue;
      const [from, to] =
        e.type === 'session.started'
          ? (['scheduled', 'live'] as const)
          : e.type === 'session.ended'
            ? (['live', 'ended'] as const)
            : e.type === 'session.reopened'
              ? (['ended', 'live'] as const)
              : [null, null];
      if (from && to) {
        await tx
          .update(conferences)
          .set({ status: to, updatedAt: new Date() })
          .where(and(eq(conferences.id, opts.conferenceId), eq(conferences.status, from)));
      }
    }
    return {
      seq: appended.state.seq,
      events: appended.events,
      duplicate: false,
      state: appended.state,
      view: viewFor(access),
    };
  });
  // Only after the commit: a failed commit must not leave the cache ahead of the log.
  if (result.state) remember(opts.db, result.state);
  return {
    seq: result.seq,
    events: result.view ? result.events.map((e) => redactEvent(e, result.view)) : [],
    duplicate: result.duplicate,
  };
}

/** Marks sites online or offline from the screens connected to them (the server's own events). */
export async function setSiteConnections(opts: {
  db: Database;
  conferenceId: string;
  online: ReadonlySet<string>;
}): Promise<void> {
  // The common case, every few seconds: nothing changed. Decide that without the lock.
  const current = await loadState(opts.db, opts.conferenceId);
  const known = new Set([...Object.keys(current.sites), ...opts.online]);
  if (
    [...known].every(
      (siteId) => (current.sites[siteId]?.online ?? false) === opts.online.has(siteId),
    )
  )
    return;
  const after = await opts.db.transaction(async (tx) => {
    await lockConference(tx, opts.conferenceId);
    const state = await loadState(tx, opts.conferenceId, opts.db);
    const names = await lookups(tx, opts.conferenceId, null);
    const known = new Set([...Object.keys(state.sites), ...opts.online]);
    const bodies = [...known].flatMap((siteId) => {
      const siteName = names.site(siteId);
      return siteName ? decideConnection(state, { siteId, siteName }, opts.online.has(siteId)) : [];
    });
    const appended = await appendEvents(tx, state, bodies, {
      actor: null,
      commandId: null,
      at: Date.now(),
    });
    return appended.state;
  });
  remember(opts.db, after);
}

/**
 * Brings each listed site's media state to what the media server reports (joined,
 * left, degraded, recovered): only the differences enter the live log, so several
 * instances reporting the same change write it once.
 */
/**
 * What the media server has, written to the log when it differs from what the log
 * says: each site's media, the screen being shared (undefined: leave as is) and
 * whether the room is recorded.
 */
export async function setMediaState(opts: {
  db: Database;
  conferenceId: string;
  media: ReadonlyMap<string, 'off' | 'live' | 'degraded'>;
  content?: string | null;
  recording?: boolean;
}): Promise<void> {
  const bodiesFor = (state: LiveState, siteName: (id: string) => string | undefined) => {
    const bodies = [...opts.media].flatMap(([siteId, m]) => {
      const name = siteName(siteId);
      return name ? decideMedia(state, { siteId, siteName: name }, m) : [];
    });
    if (opts.content !== undefined)
      bodies.push(...decideContent(state, opts.content, (id) => siteName(id) ?? null));
    if (opts.recording !== undefined && opts.recording !== state.recording)
      bodies.push({ type: 'recording.set', on: opts.recording });
    return bodies;
  };
  const known = (id: string) => id;
  if (!bodiesFor(await loadState(opts.db, opts.conferenceId), known).length) return;
  const after = await opts.db.transaction(async (tx) => {
    await lockConference(tx, opts.conferenceId);
    const state = await loadState(tx, opts.conferenceId, opts.db);
    const names = await lookups(tx, opts.conferenceId, null);
    const appended = await appendEvents(tx, state, bodiesFor(state, names.site), {
      actor: null,
      commandId: null,
      at: Date.now(),
    });
    return appended.state;
  });
  remember(opts.db, after);
}

/** Who may watch: anyone for a public conference past its draft, else participants. */
export async function requireLiveViewer(db: Executor, actor: Actor | null, conferenceId: string) {
  const access = await loadAccess(db, actor, conferenceId);
  if (!canViewConference(access)) throw new AppError('not_found');
  return access;
}

/** What a live page renders first: the state and what this viewer may do. */
export async function getLiveView(opts: {
  db: Database;
  actor: Actor | null;
  conferenceId: string;
  /** A hall display holding the organiser's display token (checked by the caller). */
  hall?: boolean;
}) {
  const access = await requireLiveViewer(opts.db, opts.actor, opts.conferenceId);
  const rights = liveRights(access);
  return {
    conference: access.conference,
    state: redactState(await loadState(opts.db, opts.conferenceId), screenView(access, opts.hall)),
    rights: {
      chair: rights.chair,
      secretary: rights.secretary,
      operatorSites: [...rights.operatorSites],
      delegateSites: [...rights.delegateSites],
    },
  };
}

/**
 * What a screen needs to catch up: the events after `after`, or a snapshot when too far
 * behind, both as this viewer may see them (domain/live/views.ts).
 */
export async function catchUp(opts: {
  db: Database;
  actor: Actor | null;
  conferenceId: string;
  after?: number;
  hall?: boolean;
  /** The viewer's access, when the caller has just checked it (one look-up less). */
  access?: ConferenceAccess;
}): Promise<{ snapshot: LiveState } | { events: LiveEvent[]; seq: number }> {
  const view = screenView(
    opts.access ?? (await requireLiveViewer(opts.db, opts.actor, opts.conferenceId)),
    opts.hall,
  );
  const state = await loadState(opts.db, opts.conferenceId);
  if (opts.after === undefined || opts.after > state.seq || state.seq - opts.after > RESUME_LIMIT) {
    return { snapshot: redactState(state, view) };
  }
  const events = await readEvents(opts.db, opts.conferenceId, opts.after, RESUME_LIMIT);
  return { events: events.map((e) => redactEvent(e, view)), seq: state.seq };
}
