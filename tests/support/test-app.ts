import type { Logger } from 'pino';
import type { ServerBuild } from 'react-router';
import { insertUser } from '../../domain/auth/users.ts';
import type { GlobalRole } from '../../protocol/common.ts';
import { startInstance } from '../../server/server.ts';
import { parseEnv } from '../../server/env.ts';
import { createLogger } from '../../server/logger.ts';
import { createTestDatabase } from './test-database.ts';

export interface TestApp {
  url: string;
  database: Awaited<ReturnType<typeof createTestDatabase>>;
  instance: Awaited<ReturnType<typeof startInstance>>;
  close(): Promise<void>;
  /** Creates an account directly in the database. */
  createUser(opts?: { roles?: GlobalRole[]; password?: string; language?: 'vi' | 'en' }): Promise<{
    id: string;
    email: string;
    password: string;
  }>;
  /** Signs in through the API; returns the cookie header to send. */
  signIn(email: string, password: string): Promise<string>;
}

let counter = 0;
export const TEST_SECRET = 'test-secret-test-secret-test-secret-0123';

/** The app on a real database and an ephemeral loopback port; pages too when `build` is given. */
export async function startTestApp(
  opts: {
    build?: ServerBuild;
    /** The built browser assets (build/client), for tests that drive a browser. */
    clientDir?: string;
    env?: Record<string, string>;
    /** The e-mail worker's retry timings (server/server.ts), when not the defaults. */
    emailTimings?: Parameters<typeof startInstance>[0]['emailTimings'];
    janus?: { url: string; roomAdminKey: string };
    /** Where the app logs (default: nowhere). */
    logger?: Logger;
    /**
     * The instance never hears the database's notifications (as when they arrive late):
     * what it shows follows only its own doing.
     */
    deaf?: boolean;
  } = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  const instance = await startInstance(
    {
      env: parseEnv({ LOG_LEVEL: 'silent', ...opts.env }),
      database: opts.deaf ? { ...database, listen: async () => async () => {} } : database,
      secret: TEST_SECRET,
      logger: opts.logger ?? createLogger('silent'),
      version: 'test',
      build: opts.build,
      clientDir: opts.clientDir,
      emailTimings: opts.emailTimings,
      janus: opts.janus ?? null,
    },
    { port: 0, host: '127.0.0.1' },
  );
  const url = instance.url;

  return {
    url,
    database,
    instance,
    async close() {
      await instance.kill();
      await database.close();
    },
    async createUser({ roles = [], password = 'mat-khau-dai-du-10', language = 'vi' } = {}) {
      const email = `nguoi-dung-${process.pid}-${++counter}-${Date.now()}@doithoai.example`;
      const row = await insertUser(database.db, {
        email,
        name: `Người dùng ${counter}`,
        password,
        roles,
        language,
      });
      return { id: row.id, email, password };
    },
    async signIn(email, password) {
      const res = await fetch(`${url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
      });
      if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
      const session = res.headers.getSetCookie().find((c) => c.startsWith('dt_session='));
      return session!.split(';')[0]!;
    },
  };
}

/** fetch with a JSON body. */
/** A page's form posted as a browser does (same origin), its answer not followed. */
export function postForm(
  url: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      origin: new URL(url).origin,
      'content-type': 'application/x-www-form-urlencoded',
      ...headers,
    },
    body: new URLSearchParams(fields),
  });
}

export function sendJson(
  url: string,
  method: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}
