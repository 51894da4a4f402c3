// The reference for bench/public-stream.ts: the live stream's files served by a minimal
// static server (node:http, fs.createReadStream), with no access check, no session, no
// log, no security headers. Same paths as the app: /media/live/<conferenceId>/<file>.
// Started with an IPC channel and MEDIA_DIR in the environment; sends `{ ready, port }`
// and answers `loop` with its event-loop delay, as the app's benchmark server does.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { answerLoopDelay } from '../support/loop-delay.ts';

const mediaDir = process.env.MEDIA_DIR!;
const FILE = /^\/media\/live\/([0-9a-f-]{36})\/(index\.m3u8|seg-[0-9a-z]+-\d{5}\.ts)$/;

const server = createServer((req, res) => {
  const m = FILE.exec(req.url ?? '');
  if (!m) {
    res.writeHead(404).end();
    return;
  }
  const path = join(mediaDir, 'live', m[1]!, m[2]!);
  stat(path).then(
    (s) => {
      res.writeHead(200, {
        'content-type': m[2]!.endsWith('.m3u8') ? 'application/vnd.apple.mpegurl' : 'video/mp2t',
        'content-length': s.size,
      });
      createReadStream(path)
        .on('error', () => res.destroy())
        .pipe(res);
    },
    () => res.writeHead(404).end(),
  );
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => {
  process.send!({ ready: true, port: (server.address() as AddressInfo).port });
});
answerLoopDelay();
process.on('disconnect', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
