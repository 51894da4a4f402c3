import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';

let app: TestApp;
let adminCookie: string;
let operations: { method: string; path: string }[];
const ids: Record<string, string> = {};

beforeAll(async () => {
  app = await startTestApp();
  const admin = await app.createUser({ roles: ['admin'] });
  adminCookie = await app.signIn(admin.email, admin.password);
  // Real ids, so that garbage reaches the deepest checks rather than stopping at 404.
  const post = async (path: string, body: unknown) =>
    (
      await fetch(`${app.url}/api/v1${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: adminCookie },
        body: JSON.stringify(body),
      })
    ).json();
  const conf = await post('/conferences', {
    title: 'Hội nghị thử dữ liệu rác',
    theme: 'Thử',
    organiser: 'Ban Tổ chức',
    startsAt: '2026-12-01T01:00:00Z',
    endsAt: '2026-12-01T04:00:00Z',
    themes: ['Chủ đề thử'],
  });
  ids.conferenceId = conf.id;
  ids.siteId = (
    await post(`/conferences/${conf.id}/sites`, { name: 'Điểm cầu A', unitName: 'Đơn vị A' })
  ).id;
  ids.delegateId = (
    await post(`/conferences/${conf.id}/sites/${ids.siteId}/delegates`, {
      name: 'Đại biểu A',
      kind: 'citizen',
    })
  ).id;
  ids.itemId = (
    await post(`/conferences/${conf.id}/agenda`, {
      kind: 'opening',
      title: 'Khai mạc',
      durationMinutes: 10,
    })
  ).id;
  await post(`/conferences/${conf.id}/status`, { status: 'scheduled' });
  const overview = await (
    await fetch(`${app.url}/api/v1/conferences/${conf.id}`, { headers: { cookie: adminCookie } })
  ).json();
  ids.contributionId = (
    await post(`/conferences/${conf.id}/contributions`, {
      themeId: overview.themes[0].id,
      kind: 'question',
      title: 'Câu hỏi thử nghiệm',
      body: 'Nội dung câu hỏi thử nghiệm đủ dài để hợp lệ.',
      authorName: 'Người thử',
      authorKind: 'citizen',
      email: 'a@example.vn',
      consent: true,
      idempotencyKey: 'robustness-0001',
    })
  ).id;
  const doc = await (await fetch(`${app.url}/api/v1/openapi.json`)).json();
  operations = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(
    ([path, ops]) => Object.keys(ops).map((method) => ({ method: method.toUpperCase(), path })),
  );
});
afterAll(() => app.close());

const GARBAGE: { name: string; type?: string; body: string | Uint8Array }[] = [
  { name: 'malformed JSON', type: 'application/json', body: '{"email": "a@b.c",' },
  { name: 'a JSON string', type: 'application/json', body: '"hello"' },
  { name: 'a JSON number', type: 'application/json', body: '42' },
  { name: 'JSON null', type: 'application/json', body: 'null' },
  { name: 'a JSON array', type: 'application/json', body: '[1,2,3]' },
  {
    name: 'wrong types',
    type: 'application/json',
    body: '{"email":123,"password":[],"name":{},"roles":"admin","disabled":"yes","language":5}',
  },
  {
    name: 'unknown fields',
    type: 'application/json',
    body: '{"zzz":1,"__proto__":{"admin":true}}',
  },
  { name: 'deep nesting', type: 'application/json', body: '['.repeat(5000) + ']'.repeat(5000) },
  {
    name: 'an oversized body',
    type: 'application/json',
    body: JSON.stringify({ name: 'x'.repeat(300_000) }),
  },
  { name: 'form data', type: 'application/x-www-form-urlencoded', body: 'email=a&password=b' },
  {
    name: 'binary',
    type: 'application/octet-stream',
    body: new Uint8Array([0, 255, 1, 254, 0xc3, 0x28]),
  },
  {
    name: 'invalid UTF-8 as JSON',
    type: 'application/json',
    body: new Uint8Array([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d]),
  },
  { name: 'a bad charset', type: 'application/json; charset=klingon', body: '{}' },
  { name: 'no content type', body: '{"a":1}' },
  {
    name: 'multipart without a file',
    type: 'multipart/form-data; boundary=XyZ',
    body: '--XyZ\r\nContent-Disposition: form-data; name="title"\r\n\r\nABC\r\n--XyZ--\r\n',
  },
  {
    name: 'truncated multipart',
    type: 'multipart/form-data; boundary=XyZ',
    body: '--XyZ\r\nContent-Disp',
  },
  {
    name: 'a disguised file',
    type: 'multipart/form-data; boundary=XyZ',
    body: '--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\nMZ\x90\x00not a pdf\r\n--XyZ--\r\n',
  },
];

/** A raw HTTP request: unlike fetch, it may send a body with GET. */
function raw(
  url: string,
  method: string,
  headers: Record<string, string>,
  body: string | Uint8Array,
) {
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    const length = String(Buffer.byteLength(body));
    const req = request(
      url,
      { method, headers: { ...headers, 'content-length': length } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function fill(path: string) {
  return path.replace(
    /\{(\w+)\}/g,
    (_, name: string) => ids[name] ?? '00000000-0000-4000-8000-000000000000',
  );
}

describe('garbage on every operation of the OpenAPI document', () => {
  it('lists the operations', () => {
    expect(operations.length).toBeGreaterThanOrEqual(40);
  });

  for (const signedIn of [false, true]) {
    it(`answers 4xx JSON, never 5xx (${signedIn ? 'as admin' : 'anonymous'})`, async () => {
      const failures: string[] = [];
      for (const op of operations) {
        for (const g of GARBAGE) {
          const headers: Record<string, string> = {};
          if (g.type) headers['content-type'] = g.type;
          if (signedIn) headers.cookie = adminCookie;
          const res = await raw(`${app.url}/api/v1${fill(op.path)}`, op.method, headers, g.body);
          const text = res.text;
          let json: { error?: { code?: string; message?: string } } | undefined;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          if (res.status < 400 || res.status >= 500 || !json?.error?.code || !json.error.message) {
            failures.push(
              `${op.method} ${op.path} with ${g.name}: ${res.status} ${text.slice(0, 120)}`,
            );
          }
        }
      }
      expect(failures).toEqual([]);
    });
  }

  it('reports an oversized body as 413 and malformed JSON as 400', async () => {
    const big = await fetch(`${app.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'a@b.vn', password: 'x'.repeat(200_000) }),
    });
    expect(big.status).toBe(413);
    expect((await big.json()).error.code).toBe('payload_too_large');
    const bad = await fetch(`${app.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{',
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe('bad_json');
  });

  it('says what is wrong with a query: a list where one value is wanted, a page number in hex', async () => {
    const twice = await (await fetch(`${app.url}/api/v1/news?q=a&q=b`)).json();
    expect(twice.error.fields.q).not.toBe('Trường này là bắt buộc.');
    const hex = await fetch(`${app.url}/api/v1/news?page=0x10`);
    expect(hex.status).toBe(400);
    expect((await hex.json()).error.fields.page).toBe('Phải là một số nguyên, viết bằng chữ số.');
    expect((await fetch(`${app.url}/api/v1/news?page=1.5`)).status).toBe(400);
  });

  it('answers unknown API paths with a JSON 404', async () => {
    const res = await fetch(`${app.url}/api/v1/khong-co`);
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe('not_found');
  });

  it('survives malformed percent-encoding in the path', async () => {
    const res = await fetch(`${app.url}/api/v1/users/%E0%A4%A`, {
      headers: { cookie: adminCookie },
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });
});

describe('OpenAPI document', () => {
  it('is OpenAPI 3.1 and documents bodies, parameters and error responses', async () => {
    const doc = await (await fetch(`${app.url}/api/v1/openapi.json`)).json();
    expect(doc.openapi).toBe('3.1.0');
    const login = doc.paths['/auth/login'].post;
    expect(login.requestBody.content['application/json'].schema).toBeTruthy();
    expect(login.responses['429']).toBeTruthy();
    const patch = doc.paths['/users/{id}'].patch;
    expect(patch.parameters).toEqual([
      expect.objectContaining({ name: 'id', in: 'path', required: true }),
    ]);
    const submit = doc.paths['/conferences/{conferenceId}/contributions'].post;
    const form = submit.requestBody.content['multipart/form-data'].schema;
    expect(Object.keys(form.properties)).toEqual(
      expect.arrayContaining(['themeId', 'kind', 'title', 'body', 'authorName', 'files']),
    );
    expect(form.required).toEqual(expect.arrayContaining(['title', 'body', 'authorName']));
    type Op = { 'x-access': string; responses: Record<string, unknown> };
    for (const [p, ops] of Object.entries(doc.paths as Record<string, Record<string, Op>>)) {
      for (const [m, op] of Object.entries(ops)) {
        if (op['x-access'] !== 'public') expect(op.responses['401'], `${m} ${p}`).toBeTruthy();
        if (op['x-access'] === 'admin') expect(op.responses['403'], `${m} ${p}`).toBeTruthy();
      }
    }
    expect(JSON.stringify(doc)).not.toContain('#/$defs/');
    for (const ref of JSON.stringify(doc).matchAll(/"#\/components\/schemas\/(\w+)"/g)) {
      expect(doc.components.schemas[ref[1]!], ref[1]).toBeTruthy();
    }
  });
});
