import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServerDatabase } from './test-database.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  dataDir: string;
  databaseUrl?: string;
  /** Printed once on a fresh database. */
  demo?: { email: string; password: string };
  output(): string;
  /** Resolves with the exit code (or signal) once the process has ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function freshDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'doithoai-'));
}

/**
 * The PostgreSQL server under test: a new database on the server named by DATABASE_URL
 * when the suite runs against one, else undefined (embedded PGlite).
 */
export async function serverDatabaseUrl(): Promise<string | undefined> {
  return process.env.DATABASE_URL ? createServerDatabase(process.env.DATABASE_URL) : undefined;
}

/**
 * Runs the server as `npm start` does (its bundle, build/app/main.mjs, brought up to date by
 * the suite's global setup), on an ephemeral loopback port.
 */
export function spawnServer(
  opts: {
    dataDir?: string;
    databaseUrl?: string;
    args?: string[];
    env?: Record<string, string>;
    /** Node's own options before the script (e.g. `--cpu-prof`). */
    nodeArgs?: string[];
  } = {},
) {
  const dataDir = opts.dataDir ?? freshDataDir();
  const env: Record<string, string | undefined> = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'info',
    DATABASE_URL: opts.databaseUrl,
    // No media server unless a test asks for one (tests/media/ runs its own Janus).
    JANUS_URL: 'off',
    ...opts.env,
  };
  // An empty value unsets the variable (e.g. NODE_ENV, which the test runner sets).
  for (const [k, v] of Object.entries(env)) if (!v) delete env[k];
  const child = spawn(
    process.execPath,
    [...(opts.nodeArgs ?? []), '--enable-source-maps', 'build/app/main.mjs', ...(opts.args ?? [])],
    {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, dataDir, output: () => out, exited };
}

export async function startServer(
  opts: Parameters<typeof spawnServer>[0] = {},
): Promise<ServerProcess> {
  const proc = spawnServer(opts);
  const url = await new Promise<string>((resolve, reject) => {
    // A first start with demo data takes ~10 s on a quiet machine; CI once saw more than
    // 60 s while the other suites ran beside it. Within the e2e hooks' 120 s.
    const timer = setTimeout(
      () => reject(new Error(`no 'listening' in 110 s:\n${proc.output()}`)),
      110_000,
    );
    const check = () => {
      const m = /"url":"(http:\/\/127\.0\.0\.1:\d+)"[^\n]*"msg":"listening"/.exec(proc.output());
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    proc.child.stdout!.on('data', check);
    void proc.exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${proc.output()}`));
    });
  });
  const email = /e-mail:\s+(\S+)/.exec(proc.output())?.[1];
  const password = /password:\s+(\S+)/.exec(proc.output())?.[1];
  return {
    ...proc,
    url,
    databaseUrl: opts.databaseUrl,
    demo: email && password ? { email, password } : undefined,
    async stop(signal = 'SIGTERM') {
      if (proc.child.exitCode === null && proc.child.signalCode === null) proc.child.kill(signal);
      return proc.exited;
    },
  };
}
