import { chmodSync, rmSync } from 'node:fs';
import { createConnection, createServer, type Server } from 'node:net';
import { join } from 'node:path';

/**
 * The running server's local channel for backups of the embedded database
 * (docs/decisions/0013-backups.md): a unix socket in DATA_DIR, readable by the server's
 * own user only. A client writes `dump\n`; the server answers `ok <bytes>\n` and the
 * data directory's tar, or `error <message>\n`.
 */
export const BACKUP_SOCKET = 'backup.sock';

export function backupSocketPath(dataDir: string): string {
  return join(dataDir, BACKUP_SOCKET);
}

export async function serveBackupSocket(
  dataDir: string,
  dump: () => Promise<Blob>,
  onError: (err: unknown) => void,
): Promise<{ close(): Promise<void> }> {
  const path = backupSocketPath(dataDir);
  // The caller holds DATA_DIR's lock: a socket left here is a dead server's.
  rmSync(path, { force: true });
  let busy: Promise<unknown> = Promise.resolve();
  const server: Server = createServer((socket) => {
    let request = '';
    socket.setEncoding('utf8');
    socket.on('error', () => socket.destroy());
    socket.on('data', (chunk: string) => {
      request += chunk;
      if (request.length > 64) return socket.destroy();
      if (!request.includes('\n')) return;
      if (request.trim() !== 'dump') return void socket.end('error unknown request\n');
      // One dump at a time: each holds the database for its duration.
      busy = busy.then(async () => {
        try {
          const data = Buffer.from(await (await dump()).arrayBuffer());
          socket.write(`ok ${data.length}\n`);
          socket.end(data);
        } catch (err) {
          onError(err);
          socket.end(`error ${(err as Error).message.replace(/\n/g, ' ')}\n`);
        }
      });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => {
      server.off('error', reject);
      resolve();
    });
  });
  chmodSync(path, 0o600);
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        rmSync(path, { force: true });
      }),
  };
}

/** Asks the server running on `dataDir` for a copy of its database (see above). */
export function requestDump(dataDir: string, timeoutMs = 10 * 60_000): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(backupSocketPath(dataDir));
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('the running server did not answer the backup request in time'));
    }, timeoutMs);
    socket.on('connect', () => socket.write('dump\n'));
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(
        new Error(
          `cannot reach the running server's backup socket ${backupSocketPath(dataDir)} (${err.code ?? err.message}); is it a version without backups? Stop it and back up again.`,
        ),
      );
    });
    socket.on('end', () => {
      clearTimeout(timer);
      const all = Buffer.concat(chunks);
      const eol = all.indexOf(0x0a);
      const head = all.subarray(0, eol < 0 ? all.length : eol).toString('utf8');
      const ok = /^ok (\d+)$/.exec(head);
      if (!ok) return reject(new Error(`the running server refused the backup: ${head}`));
      const data = all.subarray(eol + 1);
      if (data.length !== Number(ok[1])) {
        return reject(new Error('the running server sent an incomplete database copy'));
      }
      resolve(data);
    });
  });
}
