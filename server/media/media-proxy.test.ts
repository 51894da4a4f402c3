import { describe, expect, it } from 'vitest';
import type { MediaGrant } from '../../domain/media/media-grant.ts';
import { checkClientMessage } from './media-proxy.ts';

const room = '0b7a3f8e-2a51-4c1e-9a57-3c4d5e6f7a8b';
const siteA = '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f';
const site: MediaGrant = {
  room,
  feed: `site-${siteA}`,
  token: 'token-of-site-a',
  publish: true,
  siteId: siteA,
  hostSiteId: null,
  sites: [{ id: siteA, name: 'Điểm cầu A', feed: `site-${siteA}` }],
  iceServers: [],
};
const viewer: MediaGrant = {
  ...site,
  feed: 'view-0123456789ab',
  token: 'viewer',
  publish: false,
  siteId: null,
};
const message = (body: object, jsep?: object) => ({
  janus: 'message',
  transaction: 't1',
  body,
  jsep,
});

describe('checkClientMessage (what a browser may ask Janus)', () => {
  it('lets a site console join as its own site with its own token, adding the pin', () => {
    const r = checkClientMessage(
      message({
        request: 'join',
        room,
        ptype: 'publisher',
        id: site.feed,
        token: site.token,
        display: 'x',
      }),
      site,
      'PIN',
    );
    expect(r.ok).toBe(true);
    if (r.ok)
      expect(r.msg.body).toMatchObject({ pin: 'PIN', display: 'Điểm cầu A', id: site.feed });
  });
  it('refuses another site’s identity, another token, another room', () => {
    const join = { request: 'join', room, ptype: 'publisher', id: site.feed, token: site.token };
    expect(checkClientMessage(message({ ...join, id: 'site-other' }), site, 'P').ok).toBe(false);
    expect(checkClientMessage(message({ ...join, token: 'stolen' }), site, 'P').ok).toBe(false);
    expect(checkClientMessage(message({ ...join, room: 'another' }), site, 'P').ok).toBe(false);
  });
  it('lets a viewer watch but never publish', () => {
    const join = {
      request: 'join',
      room,
      ptype: 'publisher',
      id: 'view-0123456789ab',
      token: 'viewer',
    };
    expect(checkClientMessage(message(join), viewer, 'P').ok).toBe(true);
    expect(checkClientMessage(message({ ...join, id: `site-${siteA}` }), viewer, 'P').ok).toBe(
      false,
    );
    expect(
      checkClientMessage(
        message({ request: 'configure', audio: true }, { type: 'offer', sdp: 'v=0' }),
        viewer,
        'P',
      ).ok,
    ).toBe(false);
    expect(checkClientMessage(message({ request: 'publish' }), viewer, 'P').ok).toBe(false);
    const sub = {
      request: 'join',
      room,
      ptype: 'subscriber',
      private_id: 1,
      token: 'viewer',
      streams: [],
    };
    expect(checkClientMessage(message(sub), viewer, 'P').ok).toBe(true);
  });
  it('keeps room management, other plugins and unknown requests to the app', () => {
    for (const body of [
      { request: 'create', room: 'x' },
      { request: 'destroy', room },
      { request: 'kick', room, id: site.feed },
      { request: 'moderate', room, id: site.feed, mid: '0', mute: false },
      { request: 'listparticipants', room },
      { request: 'allowed', room, action: 'disable' },
      { request: 'rtp_forward', room },
    ]) {
      expect(checkClientMessage(message(body), site, 'P').ok, body.request).toBe(false);
    }
    expect(
      checkClientMessage({ janus: 'attach', plugin: 'janus.plugin.streaming' }, site, 'P').ok,
    ).toBe(false);
    expect(
      checkClientMessage({ janus: 'attach', plugin: 'janus.plugin.videoroom' }, site, 'P').ok,
    ).toBe(true);
    expect(checkClientMessage({ janus: 'info' }, site, 'P').ok).toBe(false);
    expect(checkClientMessage({ janus: 'claim', session_id: 1 }, site, 'P').ok).toBe(false);
  });
  it('strips what only the room owner may set', () => {
    const r = checkClientMessage(
      message({ request: 'configure', record: true, filename: '/etc/x', secret: 's', audio: true }),
      site,
      'P',
    );
    expect(r.ok && r.msg.body).toEqual({ request: 'configure', audio: true });
  });
});
