import { AsyncLocalStorage } from 'node:async_hooks';

/** What the audit trail needs to know of the request a use case runs for. */
export interface AuditContext {
  /** The client's address as the server saw it. */
  ip: string | null;
}

const storage = new AsyncLocalStorage<AuditContext>();

/** Runs `fn` (a request's handling) with its audit context; the server's middleware calls it. */
export function runWithAuditContext<T>(context: AuditContext, fn: () => T): T {
  return storage.run(context, fn);
}

/** The context of the request being handled, or null (a scheduled job, the console). */
export function currentAuditContext(): AuditContext | null {
  return storage.getStore() ?? null;
}
