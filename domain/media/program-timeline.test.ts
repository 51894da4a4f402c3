import { describe, expect, it } from 'vitest';
import type { LiveEvent, LiveEventBody } from '../../protocol/live.ts';
import { isAppError } from '../errors.ts';
import { programOffset, programTimeline, type ProgramTimeline } from './program-timeline.ts';

const HOST = '00000000-0000-4000-8000-0000000000a0';
const A = '00000000-0000-4000-8000-0000000000a1';
const B = '00000000-0000-4000-8000-0000000000a2';
const C = '00000000-0000-4000-8000-0000000000a3';
const NAMES: Record<string, string> = {
  [HOST]: 'Điểm cầu Hà Nội',
  [A]: 'Điểm cầu Huế',
  [B]: 'Điểm cầu Đà Nẵng',
  [C]: 'Điểm cầu Cần Thơ',
};
const T0 = Date.UTC(2026, 4, 19, 1, 0, 0);
const turnId = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** A live log written by hand: `at` in seconds after T0, numbered in order. */
function log(...entries: [number, LiveEventBody, { rehearsal?: boolean }?][]): LiveEvent[] {
  return entries.map(([s, body, extra], i) => ({
    ...body,
    seq: i + 1,
    at: T0 + s * 1000,
    actor: null,
    ...(extra?.rehearsal && { rehearsal: true }),
  })) as LiveEvent[];
}

const started: LiveEventBody = { type: 'session.started' };
const ended: LiveEventBody = { type: 'session.ended' };
const grant = (n: number, siteId: string, delegate: string | null = null): LiveEventBody => ({
  type: 'floor.granted',
  turnId: turnId(n),
  requestId: null,
  siteId,
  siteName: NAMES[siteId]!,
  delegateName: delegate,
  themeId: null,
  themeTitle: delegate ? 'Chuyển đổi số' : null,
  contributionId: null,
  allowedSeconds: 300,
});
const endTurn = (n: number): LiveEventBody => ({ type: 'floor.ended', turnId: turnId(n) });
const share = (siteId: string): LiveEventBody => ({
  type: 'content.shared',
  siteId,
  siteName: NAMES[siteId]!,
});
const unshare = (siteId: string): LiveEventBody => ({
  type: 'content.stopped',
  siteId,
  siteName: NAMES[siteId]!,
});

function timeline(events: LiveEvent[], now?: number): ProgramTimeline {
  const t = programTimeline({ events, hostSiteId: HOST, hostSiteName: NAMES[HOST]!, now });
  // Both lists tile [start, end) with no empty stretch, but for the cuts.
  for (const list of [t.segments, t.chapters]) {
    expect(list[0]?.start).toBe(t.start);
    expect(list.at(-1)?.end).toBe(t.end);
    for (const [i, s] of list.entries()) {
      expect(s.end).toBeGreaterThan(s.start);
      const cut = t.cuts.find((c) => c.end === s.start);
      if (i > 0) expect(s.start).toBe(cut ? cut.end : list[i - 1]!.end);
      if (cut) expect(cut.start).toBe(list[i - 1]!.end);
    }
  }
  return t;
}

/** Stretches as [from, to) in seconds after T0 with what they show. */
const speakers = (t: ProgramTimeline) =>
  t.segments.map((s) => [(s.start - T0) / 1000, (s.end - T0) / 1000, s.speakerSiteId]);
const pictures = (t: ProgramTimeline) =>
  t.segments.map((s) => [(s.start - T0) / 1000, s.layout, s.speakerSiteId, s.contentSiteId]);
const chapters = (t: ProgramTimeline) =>
  t.chapters.map((c) => [(c.start - T0) / 1000, (c.end - T0) / 1000, c.siteName, c.turnId]);

describe('programTimeline', () => {
  it('shows the host alone from the start to the end of a session without turns', () => {
    const t = timeline(log([0, { type: 'session.check_opened' }], [5, started], [65, ended]));
    expect([t.start, t.end]).toEqual([T0 + 5000, T0 + 65000]);
    expect(t.segments).toEqual([
      {
        start: T0 + 5000,
        end: T0 + 65000,
        speakerSiteId: HOST,
        contentSiteId: null,
        layout: 'speaker',
      },
    ]);
    expect(t.chapters).toEqual([
      {
        start: T0 + 5000,
        end: T0 + 65000,
        siteId: HOST,
        siteName: 'Điểm cầu Hà Nội',
        delegateName: null,
        themeTitle: null,
        turnId: null,
      },
    ]);
    expect(t.sites).toEqual({ [HOST]: 'Điểm cầu Hà Nội' });
    expect(t.hostSiteId).toBe(HOST);
  });

  it('follows the floor: a grant ends the previous turn, the host fills the gaps', () => {
    const t = timeline(
      log(
        [0, started],
        [10, grant(1, A, 'Nguyễn Văn A')],
        [20, endTurn(1)],
        [30, grant(2, B)],
        [40, grant(3, C)],
        [50, endTurn(3)],
        [60, ended],
      ),
    );
    expect(speakers(t)).toEqual([
      [0, 10, HOST],
      [10, 20, A],
      [20, 30, HOST],
      [30, 40, B],
      [40, 50, C],
      [50, 60, HOST],
    ]);
    expect(chapters(t)).toEqual([
      [0, 10, 'Điểm cầu Hà Nội', null],
      [10, 20, 'Điểm cầu Huế', turnId(1)],
      [20, 30, 'Điểm cầu Hà Nội', null],
      [30, 40, 'Điểm cầu Đà Nẵng', turnId(2)],
      [40, 50, 'Điểm cầu Cần Thơ', turnId(3)],
      [50, 60, 'Điểm cầu Hà Nội', null],
    ]);
    expect(t.chapters[1]).toMatchObject({
      siteId: A,
      delegateName: 'Nguyễn Văn A',
      themeTitle: 'Chuyển đổi số',
    });
    expect(t.sites).toEqual(NAMES);
  });

  it('shows the last granted of a joint exchange, and the one before when it ends', () => {
    const t = timeline(
      log(
        [0, started],
        [5, { type: 'joint.set', open: true }],
        [10, grant(1, A)],
        [20, grant(2, B)],
        [30, endTurn(2)],
        [35, grant(3, C)],
        // Closing the exchange leaves the floor to the last granted (C).
        [40, { type: 'joint.set', open: false }],
        [50, endTurn(3)],
        [60, ended],
      ),
    );
    expect(chapters(t)).toEqual([
      [0, 10, 'Điểm cầu Hà Nội', null],
      [10, 20, 'Điểm cầu Huế', turnId(1)],
      [20, 30, 'Điểm cầu Đà Nẵng', turnId(2)],
      [30, 35, 'Điểm cầu Huế', turnId(1)],
      [35, 50, 'Điểm cầu Cần Thơ', turnId(3)],
      [50, 60, 'Điểm cầu Hà Nội', null],
    ]);
    expect(speakers(t).map((s) => s[2])).toEqual([HOST, A, B, A, C, HOST]);
  });

  it('gives a resumed turn the picture again, and keeps paused time in the program', () => {
    const t = timeline(
      log(
        [0, started],
        [10, grant(1, A)],
        [20, { type: 'session.paused' }],
        [30, { type: 'session.resumed' }],
        [40, endTurn(1)],
        [45, { type: 'floor.resumed', turnId: turnId(1) }],
        [50, endTurn(1)],
        [60, ended],
      ),
    );
    expect(speakers(t)).toEqual([
      [0, 10, HOST],
      [10, 40, A],
      [40, 45, HOST],
      [45, 50, A],
      [50, 60, HOST],
    ]);
    expect(chapters(t).map((c) => c[3])).toEqual([null, turnId(1), null, turnId(1), null]);
  });

  // Flagged as the server writes them, and unflagged: the last finished rehearsal bounds it.
  it.each([true, false])('leaves a rehearsal out (flagged: %s), from a clean state', (flag) => {
    const dry = { rehearsal: flag };
    const t = timeline(
      log(
        [0, { type: 'rehearsal.started' }, dry],
        [1, started, dry],
        [2, grant(1, A), dry],
        [3, share(B), dry],
        [4, { type: 'program.layout_set', layout: 'content' }, dry],
        [5, ended, dry],
        [6, { type: 'rehearsal.finished' }, dry],
        [20, { type: 'session.check_opened' }],
        // Shared before the start: on the program from its first moment.
        [25, share(C)],
        [30, started],
        [40, grant(2, B)],
        [50, ended],
      ),
    );
    expect([t.start, t.end]).toEqual([T0 + 30000, T0 + 50000]);
    expect(pictures(t)).toEqual([
      [30, 'speaker_content', HOST, C],
      [40, 'speaker_content', B, C],
    ]);
    expect(chapters(t)).toEqual([
      [30, 40, 'Điểm cầu Hà Nội', null],
      [40, 50, 'Điểm cầu Đà Nẵng', turnId(2)],
    ]);
    expect(Object.keys(t.sites).sort()).toEqual([HOST, B, C].sort());
  });

  it('continues a reopened session to its last end, leaving out the closed stretch', () => {
    const t = timeline(
      log(
        [0, started],
        [10, grant(1, A)],
        [20, ended],
        [30, { type: 'session.reopened' }],
        [40, { type: 'session.resumed' }],
        [50, grant(2, B)],
        [60, ended],
        // After the end: changes nothing in the program.
        [70, { type: 'site.connection', siteId: C, siteName: NAMES[C]!, online: false }],
      ),
    );
    expect([t.start, t.end]).toEqual([T0, T0 + 60000]);
    expect(speakers(t)).toEqual([
      [0, 10, HOST],
      [10, 20, A],
      [30, 50, HOST],
      [50, 60, B],
    ]);
    expect(t.cuts).toEqual([{ start: T0 + 20000, end: T0 + 30000 }]);
    // The recording's clock skips the cut.
    expect(programOffset(t, T0 + 15000)).toBe(15000);
    expect(programOffset(t, T0 + 25000)).toBe(20000);
    expect(programOffset(t, T0 + 55000)).toBe(45000);
  });

  it('lays out shared content as the chair says, the speaker alone without content', () => {
    const t = timeline(
      log(
        [0, started],
        [10, share(B)],
        [15, grant(1, A)],
        [20, { type: 'program.layout_set', layout: 'content' }],
        [30, { type: 'program.layout_set', layout: 'speaker' }],
        [40, { type: 'program.layout_set', layout: 'speaker_content' }],
        // Another site's stop does not end B's share.
        [45, unshare(C)],
        [50, unshare(B)],
        [55, { type: 'program.layout_set', layout: 'content' }],
        [60, share(C)],
        [70, ended],
      ),
    );
    expect(pictures(t)).toEqual([
      [0, 'speaker', HOST, null],
      [10, 'speaker_content', HOST, B],
      [15, 'speaker_content', A, B],
      // The speaker stays known with the content alone: its sound is in the program.
      [20, 'content', A, B],
      [30, 'speaker', A, null],
      [40, 'speaker_content', A, B],
      [50, 'speaker', A, null],
      [60, 'content', A, C],
    ]);
    // The picture changes; the chapter (A's turn) does not.
    expect(chapters(t)).toEqual([
      [0, 15, 'Điểm cầu Hà Nội', null],
      [15, 70, 'Điểm cầu Huế', turnId(1)],
    ]);
  });

  it('drops stretches of no length (several events at one moment)', () => {
    const t = timeline(
      log([0, started], [10, grant(1, A)], [10, endTurn(1)], [10, grant(2, B)], [20, ended]),
    );
    expect(chapters(t)).toEqual([
      [0, 10, 'Điểm cầu Hà Nội', null],
      [10, 20, 'Điểm cầu Đà Nẵng', turnId(2)],
    ]);
  });

  it('never runs a stretch backwards when the clock steps back', () => {
    const t = timeline(log([0, started], [10, grant(1, A)], [8, grant(2, B)], [20, ended]));
    expect(speakers(t)).toEqual([
      [0, 10, HOST],
      [10, 20, B],
    ]);
  });

  it('ends at `now` while the session goes on, and refuses without it', () => {
    const events = log([0, started], [10, grant(1, A)]);
    const t = timeline(events, T0 + 25000);
    expect(speakers(t)).toEqual([
      [0, 10, HOST],
      [10, 25, A],
    ]);
    expect(() => programTimeline({ events, hostSiteId: HOST, hostSiteName: 'H' })).toThrow(
      expect.objectContaining({ code: 'invalid_state' }),
    );
  });

  it('refuses a log whose real session never started', () => {
    const events = log(
      [0, { type: 'rehearsal.started' }, { rehearsal: true }],
      [1, started, { rehearsal: true }],
      [2, { type: 'rehearsal.finished' }, { rehearsal: true }],
    );
    let error: unknown;
    try {
      programTimeline({ events, hostSiteId: HOST, hostSiteName: 'H', now: T0 + 9000 });
    } catch (err) {
      error = err;
    }
    expect(isAppError(error) && error.code).toBe('invalid_state');
  });
});
