import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { projectRoot } from '../../db/project-root.ts';
import { AppError } from '../../domain/errors.ts';
import type { RecordRenderer, RenderJob } from '../../domain/reports/render-record-file.ts';

/**
 * The record's files are written in one worker thread per instance, one at a time; a few
 * more wait, and beyond that a request is refused at once (503 with Retry-After) rather
 * than let a burst of downloads of a large conference's PDF take the instance's CPU. The
 * worker starts with the first file and is kept; it is replaced if it dies.
 */
export function createDocumentRenderer(opts: { queue: number } = { queue: 6 }): RecordRenderer & {
  close(): Promise<void>;
} {
  let worker: Worker | null = null;
  let next = 0;
  const pending = new Map<number, { resolve(b: Buffer): void; reject(e: Error): void }>();
  let running = 0;
  const waiting: (() => void)[] = [];

  const start = () => {
    // The worker runs its TypeScript through tsx (its .mjs entry registers it), from the
    // sources whether the server runs from them or from its bundle (ADR 0015).
    const w = new Worker(join(projectRoot, 'server/reports/document-worker.mjs'));
    w.unref();
    w.on('message', (msg: { id: number; data?: Uint8Array; error?: string }) => {
      const p = pending.get(msg.id);
      pending.delete(msg.id);
      if (!p) return;
      if (msg.data)
        p.resolve(Buffer.from(msg.data.buffer, msg.data.byteOffset, msg.data.byteLength));
      else p.reject(new Error(`writing the record's file failed: ${msg.error}`));
    });
    const fail = (err: Error) => {
      if (worker === w) worker = null;
      for (const p of pending.values()) p.reject(err);
      pending.clear();
    };
    w.on('error', fail);
    w.on('exit', (code) => fail(new Error(`the document worker stopped (exit ${code})`)));
    return w;
  };

  const run = (job: RenderJob) =>
    new Promise<Buffer>((resolve, reject) => {
      worker ??= start();
      const id = ++next;
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, job });
    });

  const render = (async (job: RenderJob) => {
    if (running >= 1) {
      if (waiting.length >= opts.queue) throw new AppError('unavailable');
      await new Promise<void>((r) => waiting.push(r));
    } else running++;
    try {
      return await run(job);
    } finally {
      const wake = waiting.shift();
      if (wake) wake();
      else running--;
    }
  }) as RecordRenderer & { close(): Promise<void> };
  render.close = async () => {
    const w = worker;
    worker = null;
    await w?.terminate();
  };
  return render;
}
