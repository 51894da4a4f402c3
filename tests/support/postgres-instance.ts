import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { chmodSync, chownSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BIN = '/usr/lib/postgresql/15/bin';

/** A free TCP port on 127.0.0.1 (bound, then released). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * A PostgreSQL 15 server of our own (initdb in a temp dir, trust auth, 127.0.0.1 on a
 * free port), so that a test may stop and start it without touching anyone else's.
 * Run as the `postgres` user when we are root (initdb refuses root).
 */
export async function startPostgresInstance() {
  const dir = mkdtempSync(join(tmpdir(), 'doithoai-pg-'));
  const data = join(dir, 'data');
  const root = process.getuid?.() === 0;
  const uid = root ? Number(execFileSync('id', ['-u', 'postgres']).toString()) : undefined;
  const gid = root ? Number(execFileSync('id', ['-g', 'postgres']).toString()) : undefined;
  if (root) {
    chownSync(dir, uid!, gid!);
    chmodSync(dir, 0o700);
  }
  const run = (bin: string, args: string[]) =>
    execFileSync(join(BIN, bin), args, {
      uid,
      gid,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 120_000,
    }).toString();
  const runAsync = (bin: string, args: string[]) =>
    promisify(execFile)(join(BIN, bin), args, { uid, gid, timeout: 120_000 });
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=60`;
  const start = () =>
    run('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', '-t', '60', 'start']);
  start();
  let running = true;
  return {
    port,
    dir,
    /** The maintenance database's URL; `database(name)` for another. */
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    database: (name: string) => `postgres://postgres@127.0.0.1:${port}/${name}`,
    /**
     * `fast`: sessions are ended, open transactions rolled back; `immediate`: like a
     * crash (recovery at the next start). Resolves once it has stopped.
     */
    async stop(mode: 'fast' | 'immediate' = 'fast') {
      await runAsync('pg_ctl', ['-D', data, '-m', mode, '-w', '-t', '60', 'stop']);
      running = false;
    },
    async start() {
      await runAsync('pg_ctl', [
        '-D',
        data,
        '-o',
        options,
        '-l',
        join(dir, 'log'),
        '-w',
        '-t',
        '60',
        'start',
      ]);
      running = true;
    },
    /** Stops it (if running) and removes its files. */
    destroy() {
      if (running) {
        try {
          run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
        } catch {
          /* already stopped */
        }
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type PostgresInstance = Awaited<ReturnType<typeof startPostgresInstance>>;
