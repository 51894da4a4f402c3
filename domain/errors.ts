import type { z } from 'zod';
import { databaseFault, dataErrorKind } from '../db/errors.ts';
import type { ErrorCode } from '../protocol/errors.ts';

// Brand shared across bundles: the page bundle and the server each carry a copy of
// this module, so identity is checked by symbol, not by `instanceof`.
const BRAND = Symbol.for('doithoai.AppError');

export interface AppErrorOptions {
  /** Per-field i18n message keys (or already-translated messages), keyed by field path. */
  fields?: Record<string, string>;
  /** Values interpolated into the message. */
  params?: Record<string, string | number>;
  /** Schema issues from `parseInput`, translated at the edge. */
  issues?: z.core.$ZodIssue[];
  /** An i18n key for a message more precise than the code's own (`errors.<code>`). */
  messageKey?: string;
  cause?: unknown;
}

/** A failure the user can be told about; `code` selects the HTTP status and the message. */
export class AppError extends Error {
  readonly [BRAND] = true;
  readonly code: ErrorCode;
  readonly fields?: Record<string, string>;
  readonly params?: Record<string, string | number>;
  readonly issues?: z.core.$ZodIssue[];
  readonly messageKey?: string;

  constructor(code: ErrorCode, options: AppErrorOptions = {}) {
    super(code, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.fields = options.fields;
    this.params = options.params;
    this.issues = options.issues;
    this.messageKey = options.messageKey;
  }
}

export function isAppError(err: unknown): err is AppError {
  return (
    typeof err === 'object' && err !== null && (err as Record<symbol, unknown>)[BRAND] === true
  );
}

/**
 * The AppError a caller should see: the error itself, a database constraint or data
 * error as a 4xx (input no check caught), the database down, too slow or out of space
 * as `unavailable` (503); null for a real failure (500).
 */
export function toAppError(err: unknown): AppError | null {
  if (isAppError(err)) return err;
  switch (dataErrorKind(err)) {
    case 'invalid':
    case 'too_large':
      return new AppError('validation', { cause: err });
    case 'in_use':
      return new AppError('in_use', { cause: err });
    case 'conflict':
      return new AppError('conflict', { cause: err });
  }
  // The database down, slow or full: nothing was written; the caller may try again.
  const fault = databaseFault(err);
  if (fault) return new AppError('unavailable', { messageKey: `faults.${fault}`, cause: err });
  return null;
}
