import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LiveCommand, LiveEvent } from '../../protocol/live.ts';
import { isAppError } from '../errors.ts';
import { decide, decideConnection, type DecideContext, type LiveRights } from './decide.ts';
import { PUBLIC_VIEW, redactEvent, redactState, type LiveView } from './views.ts';
import {
  initialLiveState,
  numberEvents,
  openTurns,
  reduce,
  remainingSeconds,
  spokenSeconds,
} from './reducer.ts';
import type { LiveState } from '../../protocol/live.ts';

const SITES = [
  '00000000-0000-4000-8000-00000000000a',
  '00000000-0000-4000-8000-00000000000b',
  '00000000-0000-4000-8000-00000000000c',
];
const THEME = '00000000-0000-4000-8000-0000000000f1';
const AGENDA = '00000000-0000-4000-8000-0000000000e1';
const none = new Set<string>();
const ACTORS: Record<string, LiveRights> = {
  chair: { chair: true, secretary: false, operatorSites: none, delegateSites: none },
  secretary: { chair: false, secretary: true, operatorSites: none, delegateSites: none },
  operatorA: {
    chair: false,
    secretary: false,
    operatorSites: new Set([SITES[0]!]),
    delegateSites: none,
  },
  operatorB: {
    chair: false,
    secretary: false,
    operatorSites: new Set([SITES[1]!]),
    delegateSites: none,
  },
  delegateC: {
    chair: false,
    secretary: false,
    operatorSites: none,
    delegateSites: new Set([SITES[2]!]),
  },
  outsider: { chair: false, secretary: false, operatorSites: none, delegateSites: none },
};

let ids = 0;
function context(rights: LiveRights, approval: boolean): DecideContext {
  return {
    rights,
    actorName: 'Người thử',
    siteChairApproval: approval,
    defaultTurnSeconds: 300,
    names: {
      site: (id) => (SITES.includes(id) ? `Điểm cầu ${id.at(-1)}` : undefined),
      agendaItem: (id) => (id === AGENDA ? 'Thảo luận' : undefined),
      theme: (id) => (id === THEME ? 'Chuyển đổi số' : undefined),
      contribution: () => undefined,
      delegate: () => undefined,
    },
    newId: () => `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`,
    now: 0,
  };
}

/** Applies a command as the server does: decide, number the events, reduce. */
type Step = LiveCommand | { siteId: string; online: boolean };

function run(state: LiveState, command: Step, ctx: DecideContext, at: number, log: LiveEvent[]) {
  let next = state;
  // Presence is the server's: a step may bring a site's console on or off line.
  const bodies =
    'online' in command
      ? decideConnection(state, { siteId: command.siteId, siteName: 'Điểm cầu' }, command.online)
      : decide(state, command, { ...ctx, now: at });
  for (const event of numberEvents(state, bodies, { actor: null, at })) {
    log.push(event);
    next = reduce(next, event);
  }
  return next;
}

const pick = <T>(list: T[], n: number) => (list.length ? list[n % list.length] : undefined);

/** An abstract step, made concrete against the state it meets. */
const step = fc.record({
  actor: fc.constantFrom(...Object.keys(ACTORS)),
  kind: fc.constantFrom(
    'open',
    'start',
    'pause',
    'resume',
    'end',
    'agenda',
    'request',
    'approve',
    'withdraw',
    'decline',
    'reorder',
    'grant',
    'grantSite',
    'extend',
    'endTurn',
    'jointOn',
    'jointOff',
    'checkIn',
    'absent',
    'minutes',
    'online',
    'offline',
    'reopen',
    'rehearse',
    'rehearsalDone',
    'declineMany',
    'closeQueue',
    'openQueue',
    'multiple',
    'resumeTurn',
    'cue',
    'chat',
    'answer',
  ),
  n: fc.nat(20),
  m: fc.nat(20),
});

function concrete(state: LiveState, s: { kind: string; n: number; m: number }): Step | null {
  const requests = Object.values(state.requests);
  const turns = openTurns(state);
  switch (s.kind) {
    case 'online':
    case 'offline':
      return { siteId: pick(SITES, s.n)!, online: s.kind === 'online' };
    case 'reopen':
      return { type: 'session.reopen' };
    case 'rehearse':
      return s.n % 3 === 0 ? { type: 'rehearsal.start' } : null;
    case 'rehearsalDone':
      return s.n % 3 === 0 ? { type: 'rehearsal.finish' } : null;
    case 'declineMany':
      return state.queue.length
        ? { type: 'floor.decline_many', requestIds: state.queue.slice(0, 2), reason: 'Hết giờ' }
        : null;
    case 'closeQueue':
    case 'openQueue':
      return { type: 'queue.set_open', open: s.kind === 'openQueue' };
    case 'multiple':
      return { type: 'queue.allow_multiple', allow: s.m % 2 === 0 };
    case 'resumeTurn': {
      const t = state.turns.at(-1);
      return t ? { type: 'floor.resume', turnId: t.id } : null;
    }
    case 'cue':
      return { type: 'site.cue', siteId: s.m % 4 === 0 ? null : pick(SITES, s.n)! };
    case 'chat':
      return { type: 'chat.send', siteId: pick(SITES, s.n)!, text: `Tin nhắn ${s.m}` };
    case 'answer': {
      const t = pick(state.turns, s.m);
      return t ? { type: 'floor.grant', siteId: pick(SITES, s.n)!, answersTurnId: t.id } : null;
    }
    case 'open':
      return { type: 'session.open_check' };
    case 'start':
      return { type: 'session.start' };
    case 'pause':
      return { type: 'session.pause' };
    case 'resume':
      return { type: 'session.resume' };
    case 'end':
      return s.n % 5 === 0 ? { type: 'session.end' } : null;
    case 'agenda':
      return { type: 'agenda.move', agendaItemId: AGENDA };
    case 'request':
      return {
        type: 'floor.request',
        siteId: pick(SITES, s.n)!,
        themeId: s.m % 2 ? THEME : undefined,
        note: s.m % 3 ? `Ghi chú ${s.m}` : undefined,
      };
    case 'approve':
    case 'withdraw':
    case 'grant': {
      const r = pick(requests, s.n);
      if (!r) return null;
      return s.kind === 'approve'
        ? { type: 'floor.approve', requestId: r.id }
        : s.kind === 'withdraw'
          ? { type: 'floor.withdraw', requestId: r.id }
          : { type: 'floor.grant', requestId: r.id };
    }
    case 'decline': {
      const r = pick(requests, s.n);
      return r ? { type: 'floor.decline', requestId: r.id, reason: 'Hết thời gian' } : null;
    }
    case 'reorder':
      return {
        type: 'queue.reorder',
        requestIds: [...state.queue].reverse().concat(state.queue.slice(0, s.m % 3)),
      };
    case 'grantSite':
      return { type: 'floor.grant', siteId: pick(SITES, s.n)!, minutes: (s.m % 5) + 1 };
    case 'extend':
    case 'endTurn': {
      const t = pick(turns, s.n);
      if (!t) return null;
      return s.kind === 'extend'
        ? { type: 'floor.extend', turnId: t.id, minutes: ([1, 2, 5] as const)[s.m % 3]! }
        : { type: 'floor.end', turnId: t.id };
    }
    case 'jointOn':
      return { type: 'joint.set', open: true };
    case 'jointOff':
      return { type: 'joint.set', open: false };
    case 'checkIn':
      return { type: 'site.check_in', siteId: pick(SITES, s.n)!, attendees: s.m * 3 };
    case 'absent':
      return { type: 'site.absent', siteId: pick(SITES, s.n)!, reason: 'Mất điện' };
    case 'minutes':
      return { type: 'minutes.add', text: `Ghi chép ${s.m}` };
  }
  return null;
}

function checkInvariants(state: LiveState, log: LiveEvent[]) {
  const open = openTurns(state);
  if (!state.jointExchange) expect(open.length).toBeLessThanOrEqual(1);
  expect(new Set(state.queue).size).toBe(state.queue.length);
  for (const id of state.queue)
    expect(['requested', 'queued']).toContain(state.requests[id]!.status);
  for (const r of Object.values(state.requests)) {
    if (r.status === 'requested' || r.status === 'queued') expect(state.queue).toContain(r.id);
    const speaking = open.some((t) => t.requestId === r.id);
    expect(r.status === 'speaking').toBe(speaking);
  }
  expect(log.map((e) => e.seq)).toEqual(log.map((_, i) => i + 1));
  expect(state.seq).toBe(log.length);
  if (state.phase === 'ended') expect(open).toEqual([]);
}

describe('live reducer and commands (property-based)', () => {
  it('keep their invariants over random command sequences', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 80 }), fc.boolean(), (steps, approval) => {
        let state = initialLiveState('c');
        const log: LiveEvent[] = [];
        let at = 1_000_000;
        for (const s of steps) {
          const command = concrete(state, s);
          if (!command) continue;
          at += 1000;
          try {
            state = run(state, command, context(ACTORS[s.actor]!, approval), at, log);
          } catch (err) {
            if (!isAppError(err)) throw err;
          }
          checkInvariants(state, log);
        }
        // Replaying the log from scratch gives the same state: screens cannot drift.
        expect(log.reduce(reduce, initialLiveState('c'))).toEqual(state);
      }),
      { numRuns: 300 },
    );
  });

  it('a refused command changes nothing', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        let state = initialLiveState('c');
        const log: LiveEvent[] = [];
        for (const s of steps) {
          const command = concrete(state, s);
          if (!command) continue;
          // A copy taken before: a refusal must neither append an event nor have
          // changed the state in place on its way to refusing.
          const before = structuredClone(state);
          const logged = log.length;
          try {
            state = run(state, command, context(ACTORS[s.actor]!, true), 5, log);
          } catch (err) {
            if (!isAppError(err)) throw err;
            expect(log).toHaveLength(logged);
            expect(state).toEqual(before);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('views of the live state (property-based)', () => {
  const VIEWS: LiveView[] = [
    PUBLIC_VIEW,
    { full: false, participant: true, sites: new Set([SITES[0]!]) },
    { full: false, participant: true, sites: new Set([SITES[1]!, SITES[2]!]) },
    { full: true, participant: true, sites: new Set() },
  ];

  it('a screen applying its redacted events ends in exactly its view of the state', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        let state = initialLiveState('c');
        const log: LiveEvent[] = [];
        for (const s of steps) {
          const command = concrete(state, s);
          if (!command) continue;
          try {
            state = run(state, command, context(ACTORS.chair!, false), 7, log);
          } catch (err) {
            if (!isAppError(err)) throw err;
          }
        }
        for (const view of VIEWS) {
          const redacted = log.map((e) => redactEvent(e, view));
          // Never dropped: the same seqs, so no screen sees a gap.
          expect(redacted.map((e) => e.seq)).toEqual(log.map((e) => e.seq));
          expect(redacted.reduce(reduce, initialLiveState('c'))).toEqual(redactState(state, view));
          // …and from any point on, as a screen resuming from a snapshot would.
          const half = Math.floor(log.length / 2);
          const start = redactState(log.slice(0, half).reduce(reduce, initialLiveState('c')), view);
          expect(redacted.slice(half).reduce(reduce, start)).toEqual(redactState(state, view));
          if (!view.full) expect(redactState(state, view).minutes).toEqual([]);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('live commands (examples)', () => {
  const start = (approval = false) => {
    let s = initialLiveState('c');
    const log: LiveEvent[] = [];
    s = run(s, { type: 'session.start' }, context(ACTORS.chair!, approval), 1, log);
    for (const siteId of SITES)
      s = run(s, { siteId, online: true }, context(ACTORS.chair!, approval), 1, log);
    return { s, log };
  };

  it('a site operator acts for their own site only', () => {
    const { s, log } = start();
    expect(() =>
      run(
        s,
        { type: 'site.check_in', siteId: SITES[1]!, attendees: 3 },
        context(ACTORS.operatorA!, false),
        2,
        log,
      ),
    ).toThrow('forbidden');
    const next = run(
      s,
      { type: 'site.check_in', siteId: SITES[0]!, attendees: 42 },
      context(ACTORS.operatorA!, false),
      2,
      log,
    );
    expect(next.sites[SITES[0]!]).toMatchObject({ rollCall: 'present', attendees: 42 });
  });

  it('with site approval, a delegate’s request waits for their site before the chair can grant it', () => {
    const started = start(true);
    const log = started.log;
    let s = started.s;
    const delegateSite = { ...ACTORS.delegateC!, delegateSites: new Set([SITES[0]!]) };
    s = run(s, { type: 'floor.request', siteId: SITES[0]! }, context(delegateSite, true), 2, log);
    const id = s.queue[0]!;
    expect(s.requests[id]!.status).toBe('requested');
    expect(() =>
      run(s, { type: 'floor.grant', requestId: id }, context(ACTORS.chair!, true), 3, log),
    ).toThrow('invalid_state');
    expect(() =>
      run(s, { type: 'floor.approve', requestId: id }, context(ACTORS.operatorB!, true), 3, log),
    ).toThrow('forbidden');
    s = run(s, { type: 'floor.approve', requestId: id }, context(ACTORS.operatorA!, true), 3, log);
    s = run(s, { type: 'floor.grant', requestId: id }, context(ACTORS.chair!, true), 4, log);
    expect(openTurns(s)).toHaveLength(1);
    expect(s.requests[id]!.status).toBe('speaking');
  });

  it('extends and times a turn from the server start time', () => {
    const started = start();
    const log = started.log;
    let s = started.s;
    s = run(
      s,
      { type: 'floor.grant', siteId: SITES[1]!, minutes: 3 },
      context(ACTORS.chair!, false),
      10_000,
      log,
    );
    const turn = openTurns(s)[0]!;
    s = run(
      s,
      { type: 'floor.extend', turnId: turn.id, minutes: 2 },
      context(ACTORS.chair!, false),
      20_000,
      log,
    );
    expect(remainingSeconds(openTurns(s)[0]!, 10_000 + 60_000)).toBe(240);
    expect(remainingSeconds(openTurns(s)[0]!, 10_000 + 6 * 60_000)).toBe(-60);
  });

  it('a joint exchange lets several sites hold the floor; closing it leaves the last', () => {
    const started = start();
    const log = started.log;
    let s = started.s;
    const chair = context(ACTORS.chair!, false);
    s = run(s, { type: 'joint.set', open: true }, chair, 2, log);
    s = run(s, { type: 'floor.grant', siteId: SITES[0]! }, chair, 3, log);
    s = run(s, { type: 'floor.grant', siteId: SITES[1]! }, chair, 4, log);
    expect(openTurns(s).map((t) => t.siteId)).toEqual([SITES[0], SITES[1]]);
    s = run(s, { type: 'joint.set', open: false }, chair, 5, log);
    expect(openTurns(s).map((t) => t.siteId)).toEqual([SITES[1]]);
  });

  it('ties minutes to the turn being spoken', () => {
    const started = start();
    const log = started.log;
    let s = started.s;
    s = run(s, { type: 'floor.grant', siteId: SITES[0]! }, context(ACTORS.chair!, false), 2, log);
    s = run(
      s,
      { type: 'minutes.add', text: 'Điểm cầu A đề xuất…' },
      context(ACTORS.secretary!, false),
      3,
      log,
    );
    expect(s.minutes[0]!.turnId).toBe(openTurns(s)[0]!.id);
    expect(() =>
      run(s, { type: 'minutes.add', text: 'x' }, context(ACTORS.operatorA!, false), 4, log),
    ).toThrow('forbidden');
  });
});

describe('the chair’s safety rules (examples)', () => {
  const chair = context(ACTORS.chair!, false);
  const opA = context(ACTORS.operatorA!, false);
  const begin = () => {
    const log: LiveEvent[] = [];
    let s = run(initialLiveState('c'), { type: 'session.start' }, chair, 1000, log);
    for (const siteId of SITES) s = run(s, { siteId, online: true }, chair, 1000, log);
    return { s, log };
  };

  it('one waiting request per site unless the chair allows more; none from an absent or offline site; none when the queue is closed', () => {
    const started = begin();
    const log = started.log;
    let s = started.s;
    const request = { type: 'floor.request', siteId: SITES[0]! } as const;
    s = run(s, request, opA, 2000, log);
    expect(() => run(s, request, opA, 2100, log)).toThrow('invalid_state');
    s = run(s, { type: 'queue.allow_multiple', allow: true }, chair, 2200, log);
    s = run(s, request, opA, 2300, log);
    expect(s.queue).toHaveLength(2);
    s = run(s, { siteId: SITES[0]!, online: false }, chair, 2400, log);
    expect(() => run(s, request, opA, 2500, log)).toThrow('invalid_state');
    const opB = context(ACTORS.operatorB!, false);
    s = run(s, { type: 'site.absent', siteId: SITES[1]!, reason: 'Mất điện' }, opB, 2600, log);
    expect(() => run(s, { type: 'floor.request', siteId: SITES[1]! }, opB, 2700, log)).toThrow(
      'invalid_state',
    );
    s = run(s, { type: 'queue.set_open', open: false }, chair, 2800, log);
    const delegateC = context(ACTORS.delegateC!, false);
    expect(() =>
      run(s, { type: 'floor.request', siteId: SITES[2]! }, delegateC, 2900, log),
    ).toThrow('invalid_state');
    s = run(s, { type: 'queue.set_open', open: true }, chair, 3000, log);
    s = run(s, { type: 'floor.request', siteId: SITES[2]! }, delegateC, 3100, log);
    // Several declined at once, with one reason.
    s = run(
      s,
      { type: 'floor.decline_many', requestIds: [...s.queue], reason: 'Hết giờ' },
      chair,
      3200,
      log,
    );
    expect(s.queue).toEqual([]);
    expect(Object.values(s.requests).map((r) => r.status)).toEqual([
      'declined',
      'declined',
      'declined',
    ]);
  });

  it('a pause stops the turn’s countdown; the time spoken leaves the pause out', () => {
    const started = begin();
    const log = started.log;
    let s = started.s;
    s = run(s, { type: 'floor.grant', siteId: SITES[0]!, minutes: 2 }, chair, 10_000, log);
    s = run(s, { type: 'session.pause' }, chair, 40_000, log);
    const turn = () => openTurns(s)[0]!;
    // 30 s spoken, then paused: the countdown stands at 90 s however long the pause lasts.
    expect(remainingSeconds(turn(), 100_000, s.pausedAt)).toBe(90);
    s = run(s, { type: 'session.resume' }, chair, 340_000, log);
    expect(remainingSeconds(turn(), 340_000, s.pausedAt)).toBe(90);
    expect(remainingSeconds(turn(), 400_000, s.pausedAt)).toBe(30);
    s = run(s, { type: 'floor.end', turnId: turn().id }, chair, 400_000, log);
    expect(spokenSeconds(s.turns[0]!, 500_000)).toBe(90);
  });

  it('ending a turn or the session by mistake can be undone, for a while', () => {
    const started = begin();
    const log = started.log;
    let s = started.s;
    s = run(s, { type: 'floor.grant', siteId: SITES[0]! }, chair, 10_000, log);
    const id = openTurns(s)[0]!.id;
    s = run(s, { type: 'floor.end', turnId: id }, chair, 20_000, log);
    expect(() => run(s, { type: 'floor.resume', turnId: id }, chair, 40_000, log)).toThrow(
      'invalid_state',
    );
    s = run(s, { type: 'floor.resume', turnId: id }, chair, 25_000, log);
    expect(openTurns(s).map((t) => t.id)).toEqual([id]);
    s = run(s, { type: 'session.end' }, chair, 60_000, log);
    expect(() => run(s, { type: 'session.reopen' }, chair, 60_000 + 31 * 60_000, log)).toThrow(
      'invalid_state',
    );
    s = run(s, { type: 'session.reopen' }, chair, 120_000, log);
    expect(s.phase).toBe('paused');
    expect(openTurns(s)).toEqual([]);
  });

  it('a rehearsal runs like the session, is hidden from the public, and leaves a clean state', () => {
    const log: LiveEvent[] = [];
    let s = run(initialLiveState('c'), { siteId: SITES[0]!, online: true }, chair, 1, log);
    s = run(s, { type: 'rehearsal.start' }, chair, 2, log);
    s = run(s, { type: 'session.start' }, chair, 3, log);
    s = run(s, { type: 'floor.request', siteId: SITES[0]! }, opA, 4, log);
    s = run(s, { type: 'floor.grant', requestId: s.queue[0]! }, chair, 5, log);
    s = run(s, { type: 'announcement.post', text: 'Thử âm thanh' }, chair, 6, log);
    expect(s.rehearsal).toBe(true);
    expect(log.slice(1).every((e) => e.rehearsal)).toBe(true);
    const pub = redactState(s, PUBLIC_VIEW);
    expect(pub.turns).toEqual([]);
    expect(pub.announcements).toEqual([]);
    expect(log.map((e) => redactEvent(e, PUBLIC_VIEW).type)).toEqual([
      'site.connection',
      'rehearsal.started',
      'redacted',
      'redacted',
      'redacted',
      'redacted',
    ]);
    s = run(s, { type: 'session.end' }, chair, 7, log);
    s = run(s, { type: 'rehearsal.finish' }, chair, 8, log);
    expect(s).toMatchObject({ phase: 'not_started', rehearsal: false, rehearsals: 1, turns: [] });
    expect(s.sites[SITES[0]!]).toMatchObject({ online: true, rollCall: 'not_checked_in' });
    s = run(s, { type: 'session.start' }, chair, 9, log);
    expect(log.at(-1)!.rehearsal).toBeUndefined();
  });

  it('a site named anew in a rehearsal’s roll call keeps its link’s name, so the public’s screens agree', () => {
    // The views' property's counterexample: online → rehearsal → roll call. The harness
    // names a site 'Điểm cầu' in its link events and 'Điểm cầu b' in the others, as
    // after a rename; the public receives only the link.
    const views: LiveView[] = [
      PUBLIC_VIEW,
      { full: false, participant: true, sites: new Set([SITES[1]!]) },
      { full: true, participant: true, sites: new Set() },
    ];
    const log: LiveEvent[] = [];
    const screensAgree = (s: LiveState) => {
      for (const view of views)
        expect(log.map((e) => redactEvent(e, view)).reduce(reduce, initialLiveState('c'))).toEqual(
          redactState(s, view),
        );
    };
    let s = run(initialLiveState('c'), { siteId: SITES[1]!, online: true }, chair, 1, log);
    s = run(s, { type: 'rehearsal.start' }, chair, 2, log);
    s = run(s, { type: 'site.absent', siteId: SITES[1]!, reason: 'Mất điện' }, chair, 3, log);
    expect(s.sites[SITES[1]!]).toMatchObject({ siteName: 'Điểm cầu', rollCall: 'absent' });
    expect(redactState(s, PUBLIC_VIEW).sites[SITES[1]!]).toMatchObject({
      siteName: 'Điểm cầu',
      rollCall: 'not_checked_in',
    });
    screensAgree(s);
    s = run(s, { type: 'rehearsal.finish' }, chair, 4, log);
    screensAgree(s);
    // Outside a rehearsal every screen receives the roll call, and its name.
    s = run(s, { type: 'site.check_in', siteId: SITES[1]!, attendees: 12 }, chair, 5, log);
    expect(s.sites[SITES[1]!]!.siteName).toBe('Điểm cầu b');
    screensAgree(s);
  });

  it('a chat with one site reaches the desk and that site only; the display shows only what is published', () => {
    const started = begin();
    const log = started.log;
    let s = started.s;
    s = run(s, { type: 'chat.send', siteId: SITES[0]!, text: 'Chuẩn bị phát biểu' }, chair, 2, log);
    s = run(s, { type: 'chat.send', siteId: SITES[0]!, text: 'Đã sẵn sàng' }, opA, 3, log);
    expect(() =>
      run(s, { type: 'chat.send', siteId: SITES[1]!, text: 'Xin chào' }, opA, 4, log),
    ).toThrow('forbidden');
    expect(s.chat.map((m) => m.fromSite)).toEqual([false, true]);
    const own: LiveView = { full: false, participant: true, sites: new Set([SITES[0]!]) };
    const other: LiveView = { full: false, participant: true, sites: new Set([SITES[1]!]) };
    expect(redactState(s, own).chat).toHaveLength(2);
    expect(redactState(s, other).chat).toEqual([]);
    expect(redactState(s, PUBLIC_VIEW).chat).toEqual([]);
    const draft = '00000000-0000-4000-8000-0000000000d1';
    const withDraft: DecideContext = {
      ...chair,
      names: { ...chair.names, contribution: () => ({ title: 'Nháp', published: false }) },
    };
    expect(() =>
      run(s, { type: 'display.show', contributionId: draft }, withDraft, 5, log),
    ).toThrow('invalid_state');
  });

  it('a ministry’s turn is tied to the question it answers; a cue clears when that site gets the floor', () => {
    const started = begin();
    const log = started.log;
    let s = started.s;
    s = run(s, { type: 'floor.grant', siteId: SITES[0]! }, chair, 2, log);
    const question = openTurns(s)[0]!.id;
    s = run(s, { type: 'site.cue', siteId: SITES[1]! }, chair, 3, log);
    expect(s.cued?.siteId).toBe(SITES[1]);
    s = run(s, { type: 'floor.grant', siteId: SITES[1]!, answersTurnId: question }, chair, 4, log);
    expect(openTurns(s)[0]!.answersTurnId).toBe(question);
    expect(s.cued).toBeNull();
  });
});
