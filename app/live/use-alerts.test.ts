import { describe, expect, it } from 'vitest';
import { initialLiveState, reduce } from '../../domain/live/reducer.ts';
import type { LiveEvent, LiveEventBody, LiveState } from '../../protocol/live.ts';
import { alertsBetween } from './use-alerts.ts';

const SITE = '00000000-0000-4000-8000-00000000000a';
const OTHER = '00000000-0000-4000-8000-00000000000b';
const t = (key: string, params?: Record<string, unknown>) =>
  `${key}${params ? ` ${JSON.stringify(params)}` : ''}`;

function apply(state: LiveState, body: LiveEventBody): LiveState {
  return reduce(state, {
    ...body,
    seq: state.seq + 1,
    at: 1000 + state.seq,
    actor: null,
  } as LiveEvent);
}

describe('alerts at the desk and at a site', () => {
  const online = apply(initialLiveState('c'), {
    type: 'site.connection',
    siteId: SITE,
    siteName: 'Điểm cầu A',
    online: true,
  });

  it('tells the desk of a new request, a message from a site and a lost connection', () => {
    let s = apply(online, {
      type: 'floor.requested',
      requestId: '00000000-0000-4000-8000-000000000101',
      siteId: SITE,
      siteName: 'Điểm cầu A',
      delegateName: null,
      themeId: null,
      themeTitle: null,
      note: null,
      needsApproval: false,
    });
    expect(alertsBetween(online, s, t, { desk: true }).map((a) => a.text)).toEqual([
      'desk.alertRequest {"site":"Điểm cầu A"}',
    ]);
    const before = s;
    s = apply(s, {
      type: 'chat.posted',
      messageId: '00000000-0000-4000-8000-000000000102',
      siteId: SITE,
      siteName: 'Điểm cầu A',
      fromSite: true,
      text: 'Xin kiểm tra âm thanh',
    });
    s = apply(s, { type: 'site.connection', siteId: SITE, siteName: 'Điểm cầu A', online: false });
    expect(alertsBetween(before, s, t, { desk: true }).map((a) => a.text)).toEqual([
      'desk.alertLost {"site":"Điểm cầu A"}',
      'desk.alertMessage {"site":"Điểm cầu A"}',
    ]);
    // The site that wrote is not alerted by its own message.
    expect(alertsBetween(before, s, t, { desk: false, siteId: SITE })).toEqual([]);
  });

  it('tells a site of the desk’s message and of “get ready”, and no other site', () => {
    let s = apply(online, {
      type: 'chat.posted',
      messageId: '00000000-0000-4000-8000-000000000103',
      siteId: SITE,
      siteName: 'Điểm cầu A',
      fromSite: false,
      text: 'Chuẩn bị',
    });
    s = apply(s, { type: 'site.cued', siteId: SITE, siteName: 'Điểm cầu A' });
    expect(alertsBetween(online, s, t, { desk: false, siteId: SITE }).map((a) => a.text)).toEqual([
      'desk.alertDesk',
      'desk.cueNotice',
    ]);
    expect(alertsBetween(online, s, t, { desk: false, siteId: OTHER })).toEqual([]);
    // Nothing new (a snapshot of the same seq, or another conference): no alert.
    expect(alertsBetween(s, s, t, { desk: true })).toEqual([]);
  });
});
