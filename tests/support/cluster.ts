import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, type ServerProcess } from './server-process.ts';
import { createServerDatabase, dropServerDatabase } from './test-database.ts';

// Several app instances on one PostgreSQL database behind a real nginx running the
// shipped deploy/nginx.conf (only its addresses changed): the fault tests' and the
// benchmarks' cluster. Loopback only; every process is this harness's own.

const root = fileURLToPath(new URL('../..', import.meta.url));
export const NGINX = process.env.NGINX_PATH ?? '/usr/sbin/nginx';
export const SHIPPED_NGINX_CONF = join(root, 'deploy/nginx.conf');
export const DEFAULT_SERVER_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/** `n` distinct ports free now on 127.0.0.1 (the kernel's choice; released before use). */
export async function freePorts(n: number): Promise<number[]> {
  const servers = Array.from({ length: n }, () => net.createServer());
  await Promise.all(
    servers.map((s) => new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve))),
  );
  const ports = servers.map((s) => (s.address() as net.AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

/**
 * deploy/nginx.conf with its upstream servers and its `listen` replaced, and a header
 * telling which instance answered (`X-Upstream`, tests only). Throws when the shipped
 * file no longer has the shape this relies on, so a change there is seen here.
 */
export function clusterSite(
  shipped: string,
  opts: { listenPort: number; upstreams: string[]; weights?: number[] },
): string {
  const servers = [...shipped.matchAll(/^([ \t]*)server 127\.0\.0\.1:\d+([^;\n]*);[ \t]*\n/gm)];
  if (!servers.length) throw new Error('deploy/nginx.conf: no "server 127.0.0.1:<port> …;" line');
  const [indent, params] = [servers[0]![1]!, servers[0]![2]!];
  const lines = opts.upstreams
    .map((u, i) => {
      const weight = opts.weights?.[i] ? ` weight=${opts.weights[i]}` : '';
      return `${indent}server ${u}${params}${weight};\n`;
    })
    .join('');
  let site = shipped.replace(servers[0]![0], lines);
  for (const s of servers.slice(1)) site = site.replace(s[0], '');
  const listens = site.match(/^\s*listen 80;$/gm) ?? [];
  if (listens.length !== 1) throw new Error('deploy/nginx.conf: expected one "listen 80;"');
  return site.replace(
    /^(\s*)listen 80;$/m,
    `$1listen 127.0.0.1:${opts.listenPort};\n$1add_header X-Upstream $upstream_addr always;`,
  );
}

/** The main configuration around the site: foreground, logs to stderr, all under `prefix`. */
export function nginxMain(prefix: string, opts: { workerConnections?: number } = {}): string {
  const connections = opts.workerConnections ?? 4096;
  for (const dir of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'])
    mkdirSync(join(prefix, dir), { recursive: true });
  return [
    'daemon off;',
    // Workers of a root master run as nobody, who may not write under a private temp dir.
    ...(process.getuid?.() === 0 ? ['user root;'] : []),
    'worker_processes 1;',
    `worker_rlimit_nofile ${connections * 2 + 100};`,
    `pid ${join(prefix, 'nginx.pid')};`,
    'error_log stderr warn;',
    `events { worker_connections ${connections}; }`,
    'http {',
    '    access_log off;',
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(
      (d) => `    ${d}_temp_path ${join(prefix, d)};`,
    ),
    `    include ${join(prefix, 'doithoai.conf')};`,
    '}',
    '',
  ].join('\n');
}

/** Writes the configuration under a new temp prefix; returns the prefix. */
export function writeNginxConfig(opts: {
  listenPort: number;
  upstreams: string[];
  weights?: number[];
  workerConnections?: number;
  shipped?: string;
}): string {
  const prefix = mkdtempSync(join(tmpdir(), 'doithoai-nginx-'));
  const shipped = opts.shipped ?? readFileSync(SHIPPED_NGINX_CONF, 'utf8');
  writeFileSync(join(prefix, 'doithoai.conf'), clusterSite(shipped, opts));
  writeFileSync(join(prefix, 'nginx.conf'), nginxMain(prefix, opts));
  return prefix;
}

const nginxArgs = (prefix: string) => [
  '-p',
  prefix,
  '-c',
  join(prefix, 'nginx.conf'),
  '-e',
  'stderr',
];

/** `nginx -t` on a prefix written by `writeNginxConfig`. */
export function testNginxConfig(prefix: string): { ok: boolean; output: string } {
  const r = spawnSync(NGINX, ['-t', ...nginxArgs(prefix)], { encoding: 'utf8' });
  if (r.error) return { ok: false, output: `${NGINX}: ${r.error.message}` };
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
}

export interface Nginx {
  url: string;
  prefix: string;
  output(): string;
  stop(): Promise<void>;
}

/** Runs nginx in the foreground on the prefix; resolves once it accepts connections. */
export async function startNginx(prefix: string, listenPort: number): Promise<Nginx> {
  const checked = testNginxConfig(prefix);
  if (!checked.ok) throw new Error(`nginx -t failed:\n${checked.output}`);
  const child: ChildProcess = spawn(NGINX, nginxArgs(prefix), {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 10_000;
  for (;;) {
    const up = await new Promise<boolean>((resolve) => {
      const s = net.connect(listenPort, '127.0.0.1');
      s.once('connect', () => (s.destroy(), resolve(true)));
      s.once('error', () => resolve(false));
    });
    if (up) break;
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`nginx did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: `http://127.0.0.1:${listenPort}`,
    prefix,
    output: () => out,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      rmSync(prefix, { recursive: true, force: true });
    },
  };
}

export interface ClusterInstance {
  /** The instance's own address (bypassing nginx). */
  url: string;
  port: number;
  /** Null while killed. */
  server: ServerProcess | null;
}

export interface Cluster {
  /** What clients use: nginx's address, or the first instance's without nginx. */
  url: string;
  databaseUrl: string;
  instances: ClusterInstance[];
  nginx: Nginx | null;
  /** The demo administrator (printed by the first instance on the fresh database). */
  demo: { email: string; password: string };
  secret: string;
  /** Which instance an `X-Upstream` value (nginx's `$upstream_addr`) names: the last tried. */
  instanceOf(upstream: string | null | undefined): number;
  /** Signals instance `i` (SIGKILL by default: a crash) and waits for it to end. */
  kill(i: number, signal?: NodeJS.Signals): Promise<void>;
  /** Starts instance `i` again on its port (the same upstream address for nginx). */
  restart(i: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts a fresh database on the PostgreSQL server (`databaseUrl`, else DATABASE_URL,
 * else the machine's 127.0.0.1:5432), `instances` app processes on it with the same
 * SESSION_SECRET, TRUST_PROXY=1 and PUBLIC_URL = nginx's address, and nginx in front.
 * The first instance loads the demo data before the others start.
 */
export async function startCluster(
  opts: {
    instances?: number;
    nginx?: boolean | { weights?: number[]; workerConnections?: number };
    databaseUrl?: string;
    /** The instances' environment, or a function of the fresh database's URL. */
    env?: Record<string, string> | ((databaseUrl: string) => Record<string, string>);
    nodeArgs?: string[];
  } = {},
): Promise<Cluster> {
  const count = opts.instances ?? 2;
  const serverUrl = opts.databaseUrl ?? process.env.DATABASE_URL ?? DEFAULT_SERVER_URL;
  const databaseUrl = await createServerDatabase(serverUrl);
  const secret = randomBytes(24).toString('hex');
  const withNginx = opts.nginx !== false;
  const nginxOpts = typeof opts.nginx === 'object' ? opts.nginx : {};
  const allPorts = await freePorts(count + 1);
  const ports = allPorts.slice(0, count);
  const listenPort = withNginx ? allPorts[count]! : ports[0]!;
  const publicUrl = `http://127.0.0.1:${listenPort}`;
  const instances: ClusterInstance[] = ports.map((port) => ({
    port,
    url: `http://127.0.0.1:${port}`,
    server: null,
  }));
  let nginx: Nginx | null = null;

  const launch = async (i: number, args: string[] = []) => {
    instances[i]!.server = await startServer({
      databaseUrl,
      args,
      nodeArgs: opts.nodeArgs,
      env: {
        PORT: String(ports[i]),
        SESSION_SECRET: secret,
        TRUST_PROXY: '1',
        PUBLIC_URL: publicUrl,
        ...(typeof opts.env === 'function' ? opts.env(databaseUrl) : opts.env),
      },
    });
  };
  const stopAll = async () => {
    await nginx?.stop();
    await Promise.all(instances.map((inst) => inst.server?.stop('SIGTERM')));
    for (const inst of instances) {
      if (inst.server) rmSync(inst.server.dataDir, { recursive: true, force: true });
      inst.server = null;
    }
    await dropServerDatabase(databaseUrl).catch(() => {});
  };

  let demo: { email: string; password: string } | undefined;
  try {
    await launch(0, ['--demo']);
    demo = instances[0]!.server!.demo;
    if (!demo) throw new Error(`no demo administrator printed:\n${instances[0]!.server!.output()}`);
    await Promise.all(instances.slice(1).map((_, k) => launch(k + 1)));
    if (withNginx) {
      const prefix = writeNginxConfig({
        listenPort,
        upstreams: instances.map((inst) => `127.0.0.1:${inst.port}`),
        weights: nginxOpts.weights,
        workerConnections: nginxOpts.workerConnections,
      });
      nginx = await startNginx(prefix, listenPort);
    }
  } catch (err) {
    await stopAll();
    throw err;
  }

  return {
    url: publicUrl,
    databaseUrl,
    instances,
    nginx,
    demo,
    secret,
    instanceOf(upstream) {
      const port = Number(upstream?.split(',').at(-1)?.trim().split(':')[1]);
      return instances.findIndex((inst) => inst.port === port);
    },
    async kill(i, signal = 'SIGKILL') {
      const server = instances[i]!.server;
      if (!server) return;
      await server.stop(signal);
      rmSync(server.dataDir, { recursive: true, force: true });
      instances[i]!.server = null;
    },
    async restart(i) {
      if (instances[i]!.server) throw new Error(`instance ${i} is running`);
      await launch(i);
    },
    stop: stopAll,
  };
}

/** Signs in through `baseUrl` (nginx or an instance); returns the session cookie. */
export async function signInCookie(
  baseUrl: string,
  who: { email: string; password: string },
): Promise<string> {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(who),
  });
  if (res.status !== 200) throw new Error(`sign-in: ${res.status} ${await res.text()}`);
  return res.headers.getSetCookie()[0]!.split(';')[0]!;
}

/** The demo data's conference (public) and its sites. */
export async function demoConference(
  baseUrl: string,
  cookie: string,
): Promise<{ id: string; sites: { id: string; name: string }[] }> {
  const list = (await (
    await fetch(`${baseUrl}/api/v1/conferences`, { headers: { cookie } })
  ).json()) as { id: string }[];
  const overview = (await (
    await fetch(`${baseUrl}/api/v1/conferences/${list[0]!.id}`, { headers: { cookie } })
  ).json()) as { sites: { id: string; name: string }[] };
  return { id: list[0]!.id, sites: overview.sites };
}
