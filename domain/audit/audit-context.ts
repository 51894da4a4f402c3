import { AsyncLocalStorage } from 'node:async_hooks';

/** What the audit trail needs to know of the request a use case runs for. */
export interface AuditContext {
  /** The client's address as the server saw it. */
  ip: string | null;
}

// One store per process: the page bundle (build/server) carries its own copy of this module
// beside the server's, and both must read what the server's middleware set.
const KEY = Symbol.for('doithoai.auditContext');
const holder = globalThis as { [KEY]?: AsyncLocalStorage<AuditContext> };
const storage = (holder[KEY] ??= new AsyncLocalStorage<AuditContext>());

/** Runs `fn` (a request's handling) with its audit context; the server's middleware calls it. */
export function runWithAuditContext<T>(context: AuditContext, fn: () => T): T {
  return storage.run(context, fn);
}

/** The context of the request being handled, or null (a scheduled job, the console). */
export function currentAuditContext(): AuditContext | null {
  return storage.getStore() ?? null;
}
