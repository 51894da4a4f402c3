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
