import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docxBytes, pdfBytes, pngBytes } from '../support/builders.ts';
import { fuzzer, HOSTILE_STRINGS, pick, seeded, seedOf, type Random } from '../support/fuzz.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

// Every operation of the OpenAPI document, fed valid-looking input with one hostile
// change at a time (schema-violating, oversized, control characters, year 0000, ids of
// the wrong kind), as an administrator and anonymously. Seeded and bounded: CASES per
// operation and caller, so a failure names its case and reproduces.
const CASES = 24;

type Doc = {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Record<string, unknown>> };
};
type Operation = {
  operationId: string;
  parameters?: { name: string; in: 'path' | 'query'; schema: Record<string, unknown> }[];
  requestBody?: { content: Record<string, { schema: Record<string, unknown> }> };
};

let app: TestApp;
let adminCookie: string;
let doc: Doc;
const ids: Record<string, string> = {};

async function call(
  method: string,
  path: string,
  init: { cookie?: string; json?: unknown; form?: FormData } = {},
) {
  const headers: Record<string, string> = {};
  if (init.cookie) headers.cookie = init.cookie;
  let body: string | FormData | undefined;
  if (init.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(init.json);
  } else if (init.form) body = init.form;
  return fetch(`${app.url}/api/v1${path}`, { method, headers, body });
}

async function must(res: Response) {
  if (res.status >= 300) throw new Error(`setup: ${res.status} ${await res.text()}`);
  return res.status === 204 ? null : res.json();
}

function fileForm(fields: Record<string, unknown>, file?: { name: string; data: Buffer }) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) continue;
    form.set(k, typeof v === 'string' ? v : JSON.stringify(v));
  }
  if (file) form.set('file', new Blob([new Uint8Array(file.data)]), file.name);
  return form;
}

beforeAll(async () => {
  app = await startTestApp();
  const admin = await app.createUser({ roles: ['admin', 'editor'] });
  adminCookie = await app.signIn(admin.email, admin.password);
  const other = await app.createUser();
  ids.id = other.id;
  ids.authorId = admin.id;
  const post = (path: string, json: unknown) => call('POST', path, { cookie: adminCookie, json });
  const conf = await must(
    await post('/conferences', {
      title: 'Hội nghị thử dữ liệu thù địch',
      theme: 'Thử',
      organiser: 'Ban Tổ chức',
      startsAt: '2026-12-01T08:00:00+07:00',
      endsAt: '2026-12-01T11:00:00+07:00',
      themes: ['Chủ đề một', 'Chủ đề hai'],
    }),
  );
  const c = `/conferences/${conf.id}`;
  ids.conferenceId = conf.id;
  ids.slug = conf.slug;
  ids.siteId = (await must(await post(`${c}/sites`, { name: 'Điểm cầu A', unitName: 'A' }))).id;
  ids.delegateId = (
    await must(
      await post(`${c}/sites/${ids.siteId}/delegates`, { name: 'Đại biểu A', kind: 'citizen' }),
    )
  ).id;
  ids.itemId = (
    await must(
      await post(`${c}/agenda`, { kind: 'opening', title: 'Khai mạc', durationMinutes: 10 }),
    )
  ).id;
  ids.memberId = (
    await must(await post(`${c}/members`, { email: other.email, role: 'secretary' }))
  ).id;
  await must(await post(`${c}/status`, { status: 'scheduled' }));
  const overview = await must(await call('GET', c, { cookie: adminCookie }));
  ids.themeId = overview.themes[0].id;
  ids.contributionId = (
    await must(
      await call('POST', `${c}/contributions`, {
        form: fileForm({
          themeId: ids.themeId,
          kind: 'proposal',
          title: 'Đề xuất thử nghiệm số một',
          body: 'Nội dung đề xuất thử nghiệm đủ dài để hợp lệ.',
          authorName: 'Người thử',
          authorKind: 'citizen',
          email: 'a@example.vn',
          consent: 'true',
          idempotencyKey: 'fuzz-setup-0001',
        }),
      }),
    )
  ).id;
  ids.submissionId = (
    await must(
      await call('POST', `${c}/submissions`, {
        cookie: adminCookie,
        form: fileForm(
          { title: 'Tham luận thử', summary: 'Tóm tắt tham luận', authorName: 'Tác giả' },
          { name: 'tham-luận.pdf', data: pdfBytes() },
        ),
      }),
    )
  ).id;
  ids.documentId = (
    await must(
      await call('POST', `${c}/documents`, {
        cookie: adminCookie,
        form: fileForm(
          { title: 'Tài liệu thử' },
          { name: 'tài-liệu.docx', data: await docxBytes() },
        ),
      }),
    )
  )?.id;
  const category = await must(await post('/news/categories', { name: 'Tin hoạt động' }));
  ids.categoryId = category.id;
  const article = await must(
    await post('/articles', {
      title: 'Bài viết thử dữ liệu thù địch',
      categoryId: category.id,
      conferenceId: conf.id,
    }),
  );
  ids.articleId = article.id;
  await must(await post(`/articles/${article.id}/publish`, {}));
  ids.slugOfArticle = article.slug;
  doc = await (await fetch(`${app.url}/api/v1/openapi.json`)).json();
});
afterAll(() => app.close());

const HOSTILE_PATH = [
  'abc',
  '%00',
  '00000000-0000-4000-8000-000000000000',
  '%E0%A4%A',
  'x'.repeat(400),
  '..%2F..%2Fetc',
  `${'1'.repeat(8)}-1111`,
];

function pathFor(path: string, r: Random) {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const real = name === 'slug' && path.startsWith('/news') ? ids.slugOfArticle : ids[name];
    return real && r() < 0.75 ? real : pick(r, HOSTILE_PATH);
  });
}

async function uploadFile(r: Random) {
  const data = pick(r, [pdfBytes(), pngBytes(), Buffer.from('MZ\x90\x00'), Buffer.alloc(0)]);
  const name = pick(r, ['báo cáo tổng hợp.pdf', ...HOSTILE_STRINGS.slice(0, 12)]) || 'x';
  return { name, data };
}

/** Operations that end the caller's session or remove the fixtures run last. */
function order(ops: [string, string, Operation][]) {
  const weight = ([path, method]: [string, string, Operation]) =>
    path === '/auth/logout' ? 2 : method === 'delete' ? 1 : 0;
  return [...ops].sort((a, b) => weight(a) - weight(b));
}

describe('hostile input on every operation of the OpenAPI document', () => {
  for (const caller of ['anonymous', 'admin'] as const) {
    it(`never answers 5xx and always explains a 4xx (${caller})`, async () => {
      const cookie = caller === 'admin' ? adminCookie : undefined;
      const ops = order(
        Object.entries(doc.paths).flatMap(([path, methods]) =>
          Object.entries(methods).map(
            ([method, op]) => [path, method, op] as [string, string, Operation],
          ),
        ),
      );
      expect(ops.length).toBeGreaterThanOrEqual(70);
      const failures: string[] = [];
      const undocumented = new Set<string>();
      let requests = 0;
      for (const [path, method, op] of ops) {
        const r = seeded(seedOf(`${caller} ${op.operationId}`));
        const f = fuzzer(doc, r, Object.values(ids));
        const json = op.requestBody?.content['application/json']?.schema;
        const multipart = op.requestBody?.content['multipart/form-data']?.schema;
        const querySchema = {
          type: 'object',
          properties: Object.fromEntries(
            (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => [p.name, p.schema]),
          ),
        };
        for (let i = 0; i < CASES; i++) {
          const url = pathFor(path, r);
          const query = f.sample(querySchema) as Record<string, unknown>;
          const mutateQuery = Object.keys(querySchema.properties).length > 0 && r() < 0.5;
          const q = mutateQuery ? (f.mutate(querySchema, query).value as object) : query;
          const search =
            q && typeof q === 'object' && !Array.isArray(q)
              ? new URLSearchParams(
                  Object.entries(q).map(([k, v]) => [
                    k,
                    typeof v === 'string' ? v : JSON.stringify(v),
                  ]),
                ).toString()
              : '';
          let label = `${method.toUpperCase()} ${url}${search ? `?${search}` : ''}`.slice(0, 200);
          let res: Response;
          const target = `${url}${search ? `?${search}` : ''}`;
          if (json) {
            const valid = f.sample(json);
            const { name, value } =
              i === 0 ? { name: 'valid', value: valid } : f.mutate(json, valid);
            label += ` body ${name}`;
            res = await call(method.toUpperCase(), target, { cookie, json: value });
          } else if (multipart) {
            const valid = f.sample(multipart) as Record<string, unknown>;
            const { name, value } =
              i === 0 ? { name: 'valid', value: valid } : f.mutate(multipart, valid);
            const file = await uploadFile(r);
            label += ` form ${name} file ${JSON.stringify(file.name).slice(0, 30)}`;
            const fields =
              value && typeof value === 'object' && !Array.isArray(value)
                ? (value as Record<string, unknown>)
                : { value };
            delete fields.file;
            delete fields.files;
            res = await call(method.toUpperCase(), target, {
              cookie,
              form: fileForm(fields, file),
            });
          } else {
            res = await call(method.toUpperCase(), target, { cookie });
          }
          requests++;
          const documented = Object.keys(
            (op as unknown as { responses: Record<string, unknown> }).responses,
          );
          if (!documented.includes(String(res.status)))
            undocumented.add(`${op.operationId} ${res.status}`);
          const text = await res.text();
          if (res.status >= 500) failures.push(`${res.status} ${label}: ${text.slice(0, 160)}`);
          else if (res.status >= 400) {
            let body: { error?: { code?: string; message?: string } } | undefined;
            try {
              body = JSON.parse(text);
            } catch {
              body = undefined;
            }
            if (process.env.FUZZ_DEBUG && !('fields' in (body?.error ?? {})))
              console.log(res.status, body?.error?.code, label);
            if (!body?.error?.code || !body.error.message)
              failures.push(`${res.status} without an error body ${label}: ${text.slice(0, 100)}`);
          }
        }
      }
      expect(requests).toBe(ops.length * CASES);
      expect(failures).toEqual([]);
      // Every status an operation answered is in its part of the OpenAPI document.
      expect([...undocumented].sort()).toEqual([]);
    }, 90_000);
  }
});
