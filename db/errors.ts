/** Whether a query failed on a unique constraint (optionally a given one), on either driver. */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  for (let e: unknown = err; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const { code, constraint: name } = e as { code?: string; constraint?: string };
    if (code === '23505') return !constraint || !name || name === constraint;
  }
  return false;
}

/** What a database error says about the input that caused it. */
export type DataErrorKind = 'invalid' | 'in_use' | 'conflict' | 'too_large';

/**
 * Classifies a constraint or data error from either driver (SQLSTATE), or null for
 * anything else (a real failure). The edge answers these with a 4xx: they mean the
 * input was wrong, and no check caught it before the database did.
 */
export function dataErrorKind(err: unknown): DataErrorKind | null {
  for (let e: unknown = err; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code)) continue;
    if (code === '23505') return 'conflict';
    if (code === '23503') {
      // "update or delete on table … violates foreign key": rows still refer to it.
      return typeof message === 'string' && message.startsWith('update or delete')
        ? 'in_use'
        : 'invalid';
    }
    if (code === '23502' || code === '23514' || code.startsWith('22')) return 'invalid';
    if (code === '54000' || code === '54001') return 'too_large';
    return null;
  }
  return null;
}

/** Why the database could not do what was asked, when the input is not the cause. */
export type DatabaseFault = 'unavailable' | 'busy' | 'storage_full';

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
/** node-postgres's own words for a connection that is gone or never came. */
const CONNECTION_MESSAGES =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed and is not queryable|Cannot use a pool after calling end)/;

/**
 * Classifies a failure of the database itself (either driver): the server down,
 * restarting or unreachable (`unavailable`); too slow or out of connections (`busy`:
 * a statement or a wait for a connection timed out); out of disk (`storage_full`).
 * Null for anything else. The edge answers these with 503 and a message, not 500.
 */
export function databaseFault(err: unknown): DatabaseFault | null {
  for (let e: unknown = err; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const { code, message, errno } = e as { code?: unknown; message?: unknown; errno?: unknown };
    if (typeof code === 'string') {
      if (CONNECTION_CODES.has(code)) return 'unavailable';
      if (code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03')
        return 'unavailable';
      if (code === '53100') return 'storage_full';
      if (code === '57014' || code === '53300' || code === '55P03') return 'busy';
      if (code === 'ENOSPC' || code === 'EDQUOT') return 'storage_full';
    }
    if (typeof message === 'string') {
      if (CONNECTION_MESSAGES.test(message)) return 'unavailable';
      if (message === 'Query read timeout') return 'busy';
      // PGlite's file system: "could not extend file …: No space left on device".
      if (/No space left on device|ENOSPC/.test(message) || errno === 28) return 'storage_full';
    }
  }
  return null;
}
