import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadServerBuild } from '../support/server-build.ts';
import { startTestApp, sendJson, type TestApp } from '../support/test-app.ts';
import { findInjections, XSS_PAYLOADS } from '../support/xss-corpus.ts';

let app: TestApp;
let editor: string;
let slug: string;
let conferenceId: string;
const ids: string[] = [];

beforeAll(async () => {
  app = await startTestApp({ build: await loadServerBuild(), env: { TRUST_PROXY: '1' } });
  const a = await app.createUser({ roles: ['admin', 'editor'] });
  editor = await app.signIn(a.email, a.password);
  const conf = await (
    await sendJson(
      `${app.url}/api/v1/conferences`,
      'POST',
      {
        title: 'Hội nghị thử mã độc',
        theme: 'An toàn thông tin',
        organiser: 'Ban Tổ chức',
        startsAt: '2026-12-18T01:00:00Z',
        endsAt: '2026-12-18T04:00:00Z',
        themes: ['An toàn thông tin'],
      },
      { cookie: editor },
    )
  ).json();
  ({ id: conferenceId, slug } = conf);
  await sendJson(
    `${app.url}/api/v1/conferences/${conferenceId}/status`,
    'POST',
    { status: 'scheduled' },
    { cookie: editor },
  );
  const overview = await (
    await fetch(`${app.url}/api/v1/conferences/${conferenceId}`, { headers: { cookie: editor } })
  ).json();
  for (const [i, payload] of XSS_PAYLOADS.entries()) {
    const res = await sendJson(
      `${app.url}/api/v1/conferences/${conferenceId}/contributions`,
      'POST',
      {
        themeId: overview.themes[0].id,
        kind: 'question',
        title: `Câu hỏi ${payload}`.slice(0, 200),
        body: `Nội dung thử nghiệm số ${i}: ${payload} ${payload}`,
        authorName: `Người thử ${payload}`.slice(0, 120),
        authorKind: 'citizen',
        province: payload.slice(0, 100),
        email: 'thu@example.vn',
        consent: true,
        idempotencyKey: randomUUID(),
      },
      { 'x-forwarded-for': `203.0.113.${i + 1}` },
    );
    expect(res.status, payload).toBe(201);
    const { id } = await res.json();
    ids.push(id);
    await sendJson(
      `${app.url}/api/v1/conferences/${conferenceId}/contributions/${id}/moderate`,
      'POST',
      { action: 'publish' },
      { cookie: editor },
    );
  }
});
afterAll(() => app.close());

describe('hostile text in contributions', () => {
  it('renders inert in the list, search results, detail pages and the moderation queue', async () => {
    const pages = [
      `/hoi-nghi/${slug}/y-kien`,
      `/hoi-nghi/${slug}/y-kien?q=script%20alert`,
      `/hoi-nghi/${slug}/y-kien?q=onerror`,
      ...ids.map((id) => `/hoi-nghi/${slug}/y-kien/${id}`),
    ];
    for (const path of pages) {
      const html = await (await fetch(`${app.url}${path}`)).text();
      expect(findInjections(html), path).toEqual([]);
    }
    const queue = await (
      await fetch(`${app.url}/quan-ly/hoi-nghi/${conferenceId}/y-kien`, {
        headers: { cookie: editor },
      })
    ).text();
    expect(findInjections(queue)).toEqual([]);
    // The text itself is shown, escaped.
    const detail = await (await fetch(`${app.url}/hoi-nghi/${slug}/y-kien/${ids[0]}`)).text();
    expect(detail).toContain('&lt;script&gt;alert(&quot;xss-1&quot;)&lt;/script&gt;');
  });

  it('the corpus detector itself finds injections', () => {
    expect(findInjections('<p><img src=x onerror=alert(1)></p>')).not.toEqual([]);
    expect(findInjections('<a href="javascript:alert(1)">x</a>')).not.toEqual([]);
    expect(findInjections('<script>alert("xss-1")</script>')).not.toEqual([]);
  });

  it('highlights matches without diacritics in search results', async () => {
    const html = await (await fetch(`${app.url}/hoi-nghi/${slug}/y-kien?q=cau%20hoi`)).text();
    expect(html).toContain('<mark>Câu hỏi</mark>');
  });
});
