import { describe, expect, it } from 'vitest';
import type { LiveEventBody, LiveState } from '../../protocol/live.ts';
import { initialLiveState, numberEvents, reduce } from '../live/reducer.ts';
import { wasRecorded } from './recordings.ts';
import { mayShare, programPlan } from './program.ts';

const HOST = '00000000-0000-4000-8000-000000000001';
const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const TURN = '00000000-0000-4000-8000-0000000000f1';

function stateAfter(bodies: LiveEventBody[]): LiveState {
  const start = initialLiveState('00000000-0000-4000-8000-0000000000cc');
  return numberEvents(start, bodies, { actor: null, at: 1_000 }).reduce(reduce, start);
}
const open: LiveEventBody[] = [{ type: 'session.check_opened' }, { type: 'session.started' }];
const grantA: LiveEventBody = {
  type: 'floor.granted',
  turnId: TURN,
  requestId: null,
  siteId: A,
  siteName: 'Điểm cầu A',
  delegateName: null,
  themeId: null,
  themeTitle: null,
  contributionId: null,
  allowedSeconds: 300,
};
const publishers = new Map([
  [HOST, { audioMid: '0', videoMid: '1', simulcast: true }],
  [A, { audioMid: '0', videoMid: '1', simulcast: true }],
  [B, { audioMid: '0', videoMid: '1', simulcast: true }],
]);

describe('mayShare', () => {
  it('lets the host and the floor holder share, while the room is open', () => {
    expect(mayShare(stateAfter([]), HOST, HOST)).toBe(false);
    expect(mayShare(stateAfter(open), HOST, HOST)).toBe(true);
    expect(mayShare(stateAfter(open), HOST, A)).toBe(false);
    expect(mayShare(stateAfter([...open, grantA]), HOST, A)).toBe(true);
    expect(
      mayShare(stateAfter([...open, grantA, { type: 'floor.ended', turnId: TURN }]), HOST, A),
    ).toBe(false);
    expect(mayShare(stateAfter([...open, grantA, { type: 'session.ended' }]), HOST, HOST)).toBe(
      false,
    );
  });
});

describe('programPlan (what the public stream is made of)', () => {
  it('shows the host, then the floor holder, with the open microphones', () => {
    const host = programPlan({
      state: stateAfter(open),
      hostSiteId: HOST,
      publishers,
      content: null,
    });
    expect(host.speaker).toEqual({ siteId: HOST, videoMid: '1', simulcast: true });
    expect(host.layout).toBe('speaker');
    expect(host.audio.map((a) => a.siteId)).toEqual([HOST]);
    const a = programPlan({
      state: stateAfter([...open, grantA]),
      hostSiteId: HOST,
      publishers,
      content: null,
    });
    expect(a.speaker?.siteId).toBe(A);
    expect(a.audio.map((x) => x.siteId).sort()).toEqual([HOST, A].sort());
    expect(a.slate).toBe('Điểm cầu A');
    expect(a.key).not.toBe(host.key);
  });

  it('puts a shared screen beside the speaker, alone, or not at all, as the chair chose', () => {
    const state = stateAfter([...open, grantA]);
    const content = { siteId: A, videoMid: '0' };
    const side = programPlan({ state, hostSiteId: HOST, publishers, content });
    expect(side.layout).toBe('speaker_content');
    expect(side.content).toEqual(content);
    const alone = programPlan({
      state: { ...state, layout: 'content' },
      hostSiteId: HOST,
      publishers,
      content,
    });
    expect(alone.layout).toBe('content');
    expect(alone.speaker).toBeNull();
    const none = programPlan({
      state: { ...state, layout: 'speaker' },
      hostSiteId: HOST,
      publishers,
      content,
    });
    expect(none.content).toBeNull();
    expect(none.layout).toBe('speaker');
  });

  it('shows the slate for a site that sends no picture (audio only, or not publishing)', () => {
    const state = stateAfter([
      ...open,
      grantA,
      { type: 'site.audio_only', siteId: A, siteName: 'Điểm cầu A', audioOnly: true },
    ]);
    expect(programPlan({ state, hostSiteId: HOST, publishers, content: null }).speaker).toBeNull();
    const gone = new Map(publishers);
    gone.delete(A);
    const plan = programPlan({
      state: stateAfter([...open, grantA]),
      hostSiteId: HOST,
      publishers: gone,
      content: null,
    });
    expect(plan.speaker).toBeNull();
    expect(plan.audio.map((x) => x.siteId)).toEqual([HOST]);
  });

  it('leaves out a microphone the chair closed', () => {
    const state = stateAfter([
      ...open,
      { type: 'site.muted', siteId: HOST, siteName: 'Chủ trì', muted: true },
    ]);
    expect(programPlan({ state, hostSiteId: HOST, publishers, content: null }).audio).toEqual([]);
  });
});

describe('wasRecorded', () => {
  const at = (bodies: LiveEventBody[]) =>
    numberEvents(initialLiveState('c'), bodies, { actor: null, at: 1 });
  it('is true once the real session ran with recording on, not for a rehearsal alone', () => {
    expect(wasRecorded(at([{ type: 'session.check_opened' }]))).toBe(false);
    expect(
      wasRecorded(
        at([
          { type: 'rehearsal.started' },
          { type: 'recording.set', on: true },
          { type: 'recording.set', on: false },
          { type: 'rehearsal.finished' },
          { type: 'session.started' },
        ]),
      ),
    ).toBe(false);
    // Switched on during the rehearsal and left on: the session is recorded.
    expect(
      wasRecorded(
        at([
          { type: 'rehearsal.started' },
          { type: 'recording.set', on: true },
          { type: 'rehearsal.finished' },
          { type: 'session.started' },
        ]),
      ),
    ).toBe(true);
  });
});
