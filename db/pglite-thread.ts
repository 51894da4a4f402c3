import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { projectRoot } from './project-root.ts';

/**
 * The embedded database run in a worker thread (db/pglite-worker.mjs), with the part of
 * PGlite's interface that drizzle and db/client.ts use. PGlite's engine is synchronous
 * WebAssembly: in the server's own thread a statement stopped everything else (pages,
 * live sessions, the edges' messages) while it ran; here it runs beside them, on another
 * core. Statements and transactions still run one at a time, in the order asked, as in
 * PGlite itself.
 */

interface Results {
  rows: unknown[];
  fields: { name: string; dataTypeID: number }[];
  affectedRows?: number;
}

interface QueryOptions {
  rowMode?: 'array' | 'object';
  parsers?: Record<number, unknown>;
}

type Message =
  | { opened: true }
  | { opened: false; error: Record<string, unknown> }
  | { notify: string; payload: string }
  | { started: number }
  | ({ id: number; handledMs: number; stats: { lockWaitedMs: number } } & (
      { ok: true; result: unknown } | { ok: false; error: Record<string, unknown> }
    ));

export interface PGliteTransactionHandle {
  query<T = unknown>(
    sql: string,
    params?: unknown[],
    options?: QueryOptions,
  ): Promise<Results & { rows: T[] }>;
  exec(sql: string): Promise<Results[]>;
}

/** An error from the database thread, with the fields PostgreSQL sent (code, constraint…). */
function revive(data: Record<string, unknown>, asked: Error): Error {
  const err = Object.assign(new Error(String(data.message)), data);
  err.name = String(data.name ?? 'Error');
  // Where the statement was asked for, which is what a reader of the error wants.
  err.stack = `${err.name}: ${err.message}\n${asked.stack?.split('\n').slice(1).join('\n') ?? ''}`;
  return err;
}

export class PGliteThread {
  private readonly worker: Worker;
  private readonly pending = new Map<
    number,
    {
      resolve: (v: unknown) => void;
      reject: (e: Error) => void;
      asked: Error;
      sent: number;
      started?: boolean;
    }
  >();
  private readonly listeners = new Map<string, Set<(payload: string) => void>>();
  private nextId = 1;
  private failure: Error | null = null;
  private closing: Promise<void> | null = null;
  /** Called when nothing is pending any more (close() waits for it). */
  private drained: (() => void) | null = null;
  private queueWaitedMs = 0;
  private lockWaitedMs = 0;

  private constructor(worker: Worker) {
    this.worker = worker;
  }

  static async create(options: {
    dataDir?: string;
    loadDataDir?: Blob;
    /** The thread stopped by itself (the engine failed): nothing more can be asked of it. */
    onLost?: (err: Error) => void;
  }): Promise<PGliteThread> {
    const loadDataDir = options.loadDataDir
      ? new Uint8Array(await options.loadDataDir.arrayBuffer())
      : undefined;
    const worker = new Worker(join(projectRoot, 'db/pglite-worker.mjs'), {
      // Not the parent's loader flags (tsx): the worker is plain JavaScript.
      execArgv: [],
      workerData: { dataDir: options.dataDir, loadDataDir },
      transferList: loadDataDir ? [loadDataDir.buffer as ArrayBuffer] : [],
    });
    const thread = new PGliteThread(worker);
    await new Promise<void>((resolve, reject) => {
      const onExit = (code: number) =>
        reject(new Error(`The embedded database's thread stopped as it opened (exit ${code})`));
      worker.once('error', reject);
      worker.once('exit', onExit);
      worker.once('message', (m: Message) => {
        worker.off('error', reject);
        worker.off('exit', onExit);
        if ('opened' in m && m.opened) resolve();
        else if ('opened' in m) reject(revive(m.error, new Error()));
      });
    });
    worker.on('message', (m: Message) => thread.receive(m));
    const lost = (err: Error) => {
      if (thread.closing) return;
      thread.fail(err);
      options.onLost?.(err);
    };
    worker.on('error', lost);
    worker.on('exit', (code) =>
      lost(new Error(`The embedded database's thread stopped (exit ${code})`)),
    );
    // Idle, the thread does not keep the process alive; a statement waited for does.
    worker.unref();
    return thread;
  }

  private receive(m: Message) {
    if ('notify' in m) {
      for (const listener of this.listeners.get(m.notify) ?? []) listener(m.payload);
      return;
    }
    if ('started' in m) {
      const call = this.pending.get(m.started);
      if (call) call.started = true;
      return;
    }
    if (!('id' in m)) return;
    const call = this.pending.get(m.id);
    if (!call) return;
    this.pending.delete(m.id);
    if (!this.pending.size) {
      this.worker.unref();
      this.drained?.();
    }
    // Queued while the thread ran something else, then (in handledMs) waiting for its lock
    // behind an open transaction, or running.
    this.queueWaitedMs += Math.max(0, performance.now() - call.sent - m.handledMs);
    this.lockWaitedMs = m.stats.lockWaitedMs;
    if (m.ok) call.resolve(m.result);
    else call.reject(revive(m.error, call.asked));
  }

  private fail(err: Error) {
    if (this.failure) return;
    this.failure = err;
    for (const call of this.pending.values()) call.reject(err);
    this.pending.clear();
    this.drained?.();
  }

  private call<T>(message: Record<string, unknown>): Promise<T> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    const asked = new Error();
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, {
        resolve: resolve as (v: unknown) => void,
        reject,
        asked,
        sent: performance.now(),
      });
      if (this.pending.size === 1) this.worker.ref();
      this.worker.postMessage({ ...message, id });
    });
  }

  /**
   * For the metrics, as a pool of one connection: whether statements run, how many wait
   * behind them (asked for and not begun), and the time statements have waited in all.
   */
  stats() {
    let begun = 0;
    for (const call of this.pending.values()) if (call.started) begun++;
    const running = begun > 0;
    return {
      running: running ? 1 : 0,
      // Those still crossing to an idle thread are not waiting for anything.
      waiting: running ? this.pending.size - begun : 0,
      waitedMs: this.queueWaitedMs + this.lockWaitedMs,
    };
  }

  query<T = unknown>(
    sql: string,
    params?: unknown[],
    options?: QueryOptions,
    tx?: number,
  ): Promise<Results & { rows: T[] }> {
    return this.call({
      op: 'query',
      sql,
      params,
      rowMode: options?.rowMode,
      // Parsers are functions and cannot cross; drizzle's keep the text of these types.
      textTypes: options?.parsers ? Object.keys(options.parsers).map(Number) : undefined,
      tx,
    });
  }

  exec(sql: string, tx?: number): Promise<Results[]> {
    return this.call({ op: 'exec', sql, tx });
  }

  /** Runs `fn` in a transaction: committed when it returns, rolled back when it throws. */
  async transaction<T>(fn: (tx: PGliteTransactionHandle) => Promise<T>): Promise<T> {
    const tx = await this.call<number>({ op: 'begin' });
    const handle: PGliteTransactionHandle = {
      query: (sql, params, options) => this.query(sql, params, options, tx),
      exec: (sql) => this.exec(sql, tx),
    };
    let result: T;
    try {
      result = await fn(handle);
    } catch (err) {
      await this.call({ op: 'end', tx, commit: false }).catch(() => {});
      throw err;
    }
    await this.call({ op: 'end', tx, commit: true });
    return result;
  }

  async listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>> {
    let set = this.listeners.get(channel);
    if (!set) {
      set = new Set();
      this.listeners.set(channel, set);
      await this.call({ op: 'listen', channel });
    }
    set.add(onNotify);
    return async () => {
      set.delete(onNotify);
      if (!set.size && this.listeners.get(channel) === set) {
        this.listeners.delete(channel);
        await this.call({ op: 'unlisten', channel });
      }
    };
  }

  /** A copy of the data directory (a tar), taken while no statement runs. */
  async dumpDataDir(compression: 'none' | 'gzip' = 'none'): Promise<Blob> {
    const data = await this.call<Uint8Array>({ op: 'dump', compression });
    return new Blob([data as Uint8Array<ArrayBuffer>]);
  }

  /**
   * Lets what was asked for finish (at most `waitMs`; what they ask for next too), then
   * closes the database: a query sent just before a shutdown is answered, not failed.
   */
  async close(waitMs = 10_000): Promise<void> {
    if (this.closing) return this.closing;
    this.closing = (async () => {
      if (this.pending.size && !this.failure) {
        let timer: NodeJS.Timeout | undefined;
        await new Promise<void>((resolve) => {
          this.drained = resolve;
          timer = setTimeout(resolve, waitMs);
        });
        clearTimeout(timer);
        this.drained = null;
      }
      if (!this.failure) await this.call({ op: 'close' }).catch(() => {});
      this.fail(new Error('The embedded database is closed'));
      await this.worker.terminate();
    })();
    return this.closing;
  }
}
