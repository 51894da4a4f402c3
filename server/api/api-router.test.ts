import { createSearchLimiter } from '../../domain/news/search.ts';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Logger } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Database } from '../../db/database.ts';
import { cookieWriter } from '../../app/cookies.ts';
import { apiRouter } from './api-router.ts';
import { defineRoute, type ApiRoute } from './route.ts';

const Thing = z.object({ id: z.string(), at: z.iso.datetime() });
const deps = {
  db: {} as Database,
  secret: 'test-secret-test-secret-test-secret-0123',
  cookies: cookieWriter(false),
  version: 'test',
  searchLimiter: createSearchLimiter({ concurrency: 1, queue: 1 }),
  records: { publicUrl: () => 'http://127.0.0.1' },
};

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

/** The routes behind a real HTTP server; what they log is kept in `logged`. */
async function serve(routes: ApiRoute[]) {
  const logged: { obj: unknown; msg: string }[] = [];
  const log = {
    error: (obj: unknown, msg: string) => logged.push({ obj, msg }),
    warn: () => undefined,
  } as unknown as Logger;
  const app = express();
  app.use((req, _res, next) => {
    (req as express.Request & { log: Logger }).log = log;
    next();
  });
  app.use('/api/v1', apiRouter(routes, deps));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  close = () => new Promise((resolve) => server.close(() => resolve()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`, logged };
}

const base = { method: 'get', tag: 'test', summary: 'A test', access: 'public' } as const;

describe('apiRouter responses', () => {
  it('sends what the response schema declares: dates as ISO strings, other fields dropped', async () => {
    const { url } = await serve([
      defineRoute({
        ...base,
        path: '/thing',
        operationId: 'getThing',
        response: Thing,
        handler: async () => ({
          id: 'a',
          at: new Date('2026-12-18T01:00:00Z'),
          createdBy: 'someone',
          passwordHash: 'x',
        }),
      }),
    ]);
    const res = await fetch(`${url}/thing`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id: 'a', at: '2026-12-18T01:00:00.000Z' });
  });

  it('answers 500 and logs the issues, never the values, when a result does not match', async () => {
    const { url, logged } = await serve([
      defineRoute({
        ...base,
        path: '/broken',
        operationId: 'getBroken',
        response: Thing,
        // A handler that lies to the compiler: what a drifted domain type would do.
        handler: async () => ({ id: 'secret-value', at: 42 }) as unknown as z.input<typeof Thing>,
      }),
    ]);
    const res = await fetch(`${url}/broken`);
    expect(res.status).toBe(500);
    expect((await res.json()).error.code).toBe('internal');
    const mismatch = logged.find((l) => l.msg === 'response does not match its schema');
    expect(mismatch?.obj).toMatchObject({
      operationId: 'getBroken',
      issues: [{ code: 'invalid_type', path: ['at'] }],
    });
    expect(JSON.stringify(logged.map((l) => l.obj))).not.toContain('secret-value');
  });

  it('refuses at startup an operation that declares neither response, file nor 204', () => {
    const undeclared = { ...base, path: '/x', operationId: 'getX', handler: async () => ({}) };
    expect(() => apiRouter([undeclared as unknown as ApiRoute], deps)).toThrow(
      'getX: an operation declares exactly one of response, produces or status 204',
    );
  });
});
