// The app for bench/ws-hostile.ts, in a child process of its own so that its memory is
// measured apart from the benchmark's screens: embedded PGlite in memory with the demo
// data, no pages, no media, the default live WebSocket limits, on 127.0.0.1. Started
// with an IPC channel: it sends `{ ready, port, email, password }`, and answers `mem`
// (and `gc`, which collects first and starts the event-loop delay histogram again) with
// its memory, the number of open live sockets and the event loop's delay since.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { openDatabase } from '../../db/client.ts';
import { loadDemoData } from '../../domain/demo/demo-data.ts';
import { parseEnv } from '../../server/env.ts';
import { createLogger } from '../../server/logger.ts';
import { startInstance } from '../../server/server.ts';

const database = await openDatabase({});
await database.migrate();
const admin = await loadDemoData(database.db);
const instance = await startInstance(
  {
    env: parseEnv({ LOG_LEVEL: 'silent', JANUS_URL: 'off' }),
    database,
    secret: 'bench-secret-bench-secret-bench-secret-0',
    logger: createLogger('silent'),
    version: 'bench',
    janus: null,
  },
  { port: 0, host: '127.0.0.1' },
);

// How long the event loop was held up (every screen waits when it is).
const loop = monitorEventLoopDelay({ resolution: 5 });
loop.enable();

process.on('message', (m: string) => {
  if (m === 'gc') {
    (globalThis as { gc?: () => void }).gc?.();
    loop.reset();
  }
  const mem = process.memoryUsage();
  process.send!({
    rss: mem.rss,
    heapUsed: mem.heapUsed,
    external: mem.external,
    sockets: instance.gateway.size,
    loopP99: loop.percentile(99) / 1e6,
    loopMax: loop.max / 1e6,
  });
});
process.on('disconnect', () => {
  void instance.kill().then(() => database.close().then(() => process.exit(0)));
});
process.send!({ ready: true, port: instance.port, ...admin });
