import { monitorEventLoopDelay } from 'node:perf_hooks';

/**
 * For a server in a benchmark's child process: answers the IPC message `loop` with how
 * long its event loop was held up since the last `loop` (p50, p99, max in ms) and its
 * V8 heap in use (MB), then starts counting again.
 */
export function answerLoopDelay(): void {
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  process.on('message', (m: unknown) => {
    if (m !== 'loop') return;
    process.send!({
      loop: {
        p50: loop.percentile(50) / 1e6,
        p99: loop.percentile(99) / 1e6,
        max: loop.max / 1e6,
        heapMb: process.memoryUsage().heapUsed / 2 ** 20,
      },
    });
    loop.reset();
  });
}
