import type { RouteConfigEntry } from '@react-router/dev/routes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import routes from '../../app/routes.ts';
import { buildConference, buildSite } from '../support/builders.ts';
import {
  HOSTILE_DATES,
  HOSTILE_STRINGS,
  pick,
  seeded,
  seedOf,
  type Random,
} from '../support/fuzz.ts';
import { loadServerBuild } from '../support/server-build.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

// Every page of app/routes.ts, reached with hostile path parameters (malformed or cut-off
// ids, NUL, very long), hostile query strings and hostile form posts, as an administrator
// and anonymously: a clear 4xx (or a redirect to sign in), never the 500 page. Seeded and
// bounded like the API fuzz test.
const CASES = 12;

let app: TestApp;
let adminCookie: string;
const values: Record<string, string> = {};

function flatten(entries: RouteConfigEntry[], prefix = ''): string[] {
  return entries.flatMap((e) => {
    const path = e.path === undefined ? prefix : `${prefix}/${e.path}`;
    return [
      ...(e.index || e.path !== undefined ? [path || '/'] : []),
      ...flatten(e.children ?? [], path),
    ];
  });
}

beforeAll(async () => {
  app = await startTestApp({ build: await loadServerBuild() });
  const admin = await app.createUser({ roles: ['admin', 'editor'] });
  adminCookie = await app.signIn(admin.email, admin.password);
  const actor = {
    id: admin.id,
    name: 'Quản trị',
    email: admin.email,
    language: 'vi' as const,
    roles: ['admin' as const, 'editor' as const],
  };
  const conf = await buildConference(app.database.db, actor);
  const site = await buildSite(app.database.db, actor, conf.id);
  values.conferenceId = conf.id;
  values.slug = conf.slug;
  values.siteId = site.id;
  values.id = admin.id;
  values.articleId = '00000000-0000-4000-8000-000000000000';
  values.contributionId = '00000000-0000-4000-8000-000000000000';
  values.token = 'x'.repeat(32);
});
afterAll(() => app.close());

const HOSTILE_PARAMS = [
  'abc',
  '%00',
  '%E0%A4%A',
  '0b9c2f1e-7d',
  '00000000-0000-4000-8000-000000000000',
  'x'.repeat(600),
  '%F0%9F%99%82',
  'Đối%20thoại',
  '..%2F..%2Fetc%2Fpasswd',
];
const QUERY_KEYS = [
  'q',
  'page',
  'status',
  'themeId',
  'kind',
  'sort',
  'categoryId',
  'redirectTo',
  'after',
  'authorId',
];
const FORM_KEYS = [
  'intent',
  'name',
  'title',
  'email',
  'password',
  'startsAt',
  'endsAt',
  'publishAt',
  'id',
  'siteId',
  'themeId',
  'contributionId',
  'memberId',
  'itemId',
  'delegateId',
  'categoryId',
  'conferenceId',
  'body',
  'bodyHtml',
  'reason',
  'role',
  'status',
  'position',
  'durationMinutes',
  'validHours',
  'attendees',
  'tags',
  'links',
  'redirectTo',
  'lang',
  'previewId',
  'intoId',
  'decision',
  'token',
];
const INTENTS = [
  'add',
  'answer',
  'assign',
  'category',
  'confirm',
  'delegate',
  'details',
  'edit',
  'links',
  'merge',
  'move',
  'operators',
  'password',
  'pin',
  'preview',
  'profile',
  'publish',
  'reject',
  'remove',
  'removeDelegate',
  'removeSite',
  'removeTheme',
  'review',
  'schedule',
  'send',
  'site',
  'status',
  'themes',
  'undo',
  'unpublish',
  'zzz',
];

function hostile(r: Random): string {
  return pick(r, [
    ...HOSTILE_STRINGS.slice(0, 16),
    ...HOSTILE_DATES,
    '-1',
    '99999999999',
    'abc',
    '',
  ]);
}

function fill(path: string, r: Random) {
  return path.replace(/:(\w+)\??/g, (_, name: string) =>
    values[name] && r() < 0.4 ? values[name] : pick(r, HOSTILE_PARAMS),
  );
}

describe('hostile input on every page', () => {
  it('answers a NUL byte in a search with a page, not an error', async () => {
    for (const path of [
      '/tim-kiem?q=%00',
      '/tim-kiem?q=%C4%90%E1%BB%91i%00tho%E1%BA%A1i',
      `/hoi-nghi/${values.slug}/y-kien?q=%00`,
      '/quan-tri/tin-tuc?q=%00',
      '/quan-tri/nguoi-dung?q=%00',
      '/quan-tri/nhat-ky?actor=%00&from=31%2F02%2F2026&ip=%00&page=abc',
    ]) {
      const res = await fetch(`${app.url}${path}`, { headers: { cookie: adminCookie } });
      expect(res.status, path).toBeLessThan(500);
    }
  });

  // Signing out ends the administrator's session: last.
  const paths = flatten(routes)
    .filter((p) => !p.includes('*'))
    .sort((a, b) => Number(a === '/dang-xuat') - Number(b === '/dang-xuat'));

  for (const caller of ['anonymous', 'admin'] as const) {
    it(`never renders the 500 page (${caller})`, async () => {
      expect(paths.length).toBeGreaterThanOrEqual(40);
      const failures: string[] = [];
      for (const path of paths) {
        const r = seeded(seedOf(`${caller} ${path}`));
        for (let i = 0; i < CASES; i++) {
          const url = fill(path, r);
          const query = new URLSearchParams();
          if (r() < 0.5) query.set(pick(r, QUERY_KEYS), hostile(r));
          const target = `${app.url}${url}${query.size ? `?${query}` : ''}`;
          const headers: Record<string, string> = { origin: app.url };
          if (caller === 'admin') headers.cookie = adminCookie;
          let res: Response;
          let label = target.slice(app.url.length, 200);
          if (r() < 0.35) {
            const form = new URLSearchParams();
            form.set('intent', pick(r, INTENTS));
            for (let k = 0; k < 4; k++) form.set(pick(r, FORM_KEYS), hostile(r));
            // Removals run only once confirmed (the dialog's field): half the posts say so.
            if (r() < 0.5) form.set('confirmed', 'yes');
            label = `POST ${label} ${form.toString().slice(0, 120)}`;
            headers['content-type'] = 'application/x-www-form-urlencoded';
            res = await fetch(target, { method: 'POST', headers, body: form, redirect: 'manual' });
          } else {
            res = await fetch(target, { headers, redirect: 'manual' });
          }
          const text = await res.text();
          if (res.status >= 500) failures.push(`${res.status} ${label}: ${text.slice(0, 100)}`);
        }
      }
      expect(failures).toEqual([]);
    });
  }

  it('answers a malformed or cut-off id in a page address with the 404 page', async () => {
    const admin = await app.createUser({ roles: ['admin', 'editor'] });
    const cookie = await app.signIn(admin.email, admin.password);
    for (const path of [
      '/quan-ly/hoi-nghi/abc',
      `/quan-ly/hoi-nghi/${values.conferenceId}/diem-cau/abc`,
      `/hoi-nghi/${values.slug}/y-kien/0b9c2f1e-7d`,
      '/quan-tri/tin-tuc/abc',
      '/quan-tri/nguoi-dung/abc',
    ]) {
      const res = await fetch(`${app.url}${path}`, { headers: { cookie } });
      expect(res.status, path).toBe(404);
      expect(await res.text(), path).toContain('Không tìm thấy trang');
    }
    // An address that cannot even be read: still a page, not JSON.
    const garbled = await fetch(`${app.url}/hoi-nghi/%E0%A4%A`);
    expect(garbled.status).toBe(400);
    expect(garbled.headers.get('content-type')).toMatch(/^text\/html/);
  });
});
