import { describe, expect, it } from 'vitest';
import { feedOwner, parseMjrName } from './assemble-recording.ts';

const ROOM = '6f1c2d3e-4a5b-4c6d-8e7f-0123456789ab';
const SITE = '00000000-0000-4000-8000-000000000001';

describe('parseMjrName', () => {
  it('reads the parts of a VideoRoom recording name', () => {
    expect(
      parseMjrName(`videoroom-${ROOM}-user-site-${SITE}-1779156000245000-video-1.mjr`),
    ).toEqual({
      room: ROOM,
      feed: `site-${SITE}`,
      createdMicros: 1779156000245000,
      media: 'video',
      mindex: 1,
    });
    expect(parseMjrName(`videoroom-1234-user-share-${SITE}-17-audio-0.mjr`)).toMatchObject({
      room: '1234',
      feed: `share-${SITE}`,
      createdMicros: 17,
      media: 'audio',
      mindex: 0,
    });
    expect(parseMjrName(`videoroom-${ROOM}-user-site-${SITE}-5-data-2.mjr`)?.media).toBe('data');
  });

  it('refuses other names', () => {
    for (const name of [
      `videoroom-${ROOM}-user-site-${SITE}-1779156000245000-video-1.webm`,
      `videoroom-${ROOM}-site-${SITE}-1779156000245000-video-1.mjr`,
      `videoroom-${ROOM}-user-view-abc-video-1.mjr`,
      `videoroom-${ROOM}-user-site-${SITE}-1779156000245000-screen-1.mjr`,
      `rec-${ROOM}-user-site-${SITE}-1-audio-0.mjr`,
      '',
    ])
      expect(parseMjrName(name), name).toBeNull();
  });
});

describe('feedOwner', () => {
  it("tells a site's camera from its shared screen", () => {
    expect(feedOwner(`site-${SITE}`)).toEqual({ kind: 'site', siteId: SITE });
    expect(feedOwner(`share-${SITE.toUpperCase()}`)).toEqual({ kind: 'share', siteId: SITE });
  });
  it('knows no other feed', () => {
    for (const feed of ['view-abc', `site-${SITE}x`, `screen-${SITE}`, 'site-'])
      expect(feedOwner(feed), feed).toBeNull();
  });
});
