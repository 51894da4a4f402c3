import type { TFunction } from 'i18next';
import type { z } from 'zod';
import { errorStatus, type ErrorBody, type ErrorCode } from '../../protocol/errors.ts';
import { toAppError } from '../../domain/errors.ts';

type Issue = z.core.$ZodIssue;

/** Schemas name their own rules (`refine(…, { message: 'ends_before_start' })`). */
function customMessage(key: string, t: TFunction): string {
  return t(`validation.custom.${key}` as 'validation.invalid', {
    defaultValue: t('validation.invalid'),
  });
}

function issueMessage(issue: Issue, t: TFunction): string {
  // A schema may name its own message for any rule (`{ error: 'consent_required' }`).
  if (/^[a-z_]+$/.test(issue.message)) {
    const own = t(`validation.custom.${issue.message}` as 'validation.invalid', {
      defaultValue: '',
    });
    if (own) return own;
  }
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return t('validation.required');
      return t('validation.invalid_type', {
        expected: t(`validation.types.${issue.expected as 'string'}`, {
          defaultValue: issue.expected,
        }),
      });
    case 'too_small':
      if (issue.origin === 'string')
        return Number(issue.minimum) <= 1
          ? t('validation.required')
          : t('validation.too_short', { minimum: String(issue.minimum) });
      if (issue.origin === 'array' || issue.origin === 'set')
        return t('validation.too_few_items', { minimum: String(issue.minimum) });
      return t('validation.too_small_number', { minimum: String(issue.minimum) });
    case 'too_big':
      if (issue.origin === 'string')
        return t('validation.too_long', { maximum: String(issue.maximum) });
      if (issue.origin === 'array' || issue.origin === 'set')
        return t('validation.too_many_items', { maximum: String(issue.maximum) });
      return t('validation.too_big_number', { maximum: String(issue.maximum) });
    case 'invalid_format':
      if (issue.format === 'regex') return customMessage(issue.message, t);
      if (issue.format === 'email') return t('validation.email');
      if (issue.format === 'uuid') return t('validation.uuid');
      return t('validation.format');
    case 'invalid_value':
      return t('validation.invalid_value', { options: issue.values.map(String).join(', ') });
    case 'unrecognized_keys':
      return t('validation.unrecognized_keys', { keys: issue.keys.join(', ') });
    case 'custom':
      return customMessage(issue.message, t);
    default:
      return t('validation.invalid');
  }
}

/** One problem of an import file: a zod issue or an i18n key with its values. */
export function problemMessage(
  problem: {
    key?: string;
    column?: string;
    params?: Record<string, string | number>;
    issue?: Issue;
  },
  t: TFunction,
): string {
  if (problem.issue) return issueMessage(problem.issue, t);
  return t((problem.key ?? 'validation.invalid') as 'validation.invalid', {
    column: problem.column ?? '',
    ...problem.params,
  });
}

/** Field messages keyed by dotted path (`_` for the body as a whole); unknown keys under their own name. */
export function issueFields(issues: readonly Issue[], t: TFunction): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of issues) {
    const base = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) fields[[...base, key].join('.')] ??= issueMessage(issue, t);
      continue;
    }
    fields[base.join('.') || '_'] ??= issueMessage(issue, t);
  }
  return fields;
}

/** Codes whose messages sit in the `safety` block (removals and their undo), not in `errors`. */
const SAFETY_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'site_has_activity',
  'undo_invalid',
  'undo_expired',
  'undo_not_yours',
  'undo_conflict',
]);

/** The one mapping from a thrown error to an HTTP status and `{ error }` body. */
export function errorBody(thrown: unknown, t: TFunction): { status: number; body: ErrorBody } {
  const err = toAppError(thrown);
  if (!err) {
    return {
      status: 500,
      body: { error: { code: 'internal', message: t('errors.internal') } },
    };
  }
  const fields: Record<string, string> = {};
  if (err.issues) Object.assign(fields, issueFields(err.issues, t));
  for (const [path, key] of Object.entries(err.fields ?? {})) {
    fields[path] = t(key as 'errors.internal', { ...err.params, defaultValue: key });
  }
  const body: ErrorBody = {
    error: {
      code: err.code,
      message: t(
        (err.messageKey ??
          (SAFETY_CODES.has(err.code) ? `safety.errors.${err.code}` : `errors.${err.code}`)) as
          'errors.internal' | 'safety.errors.undo_invalid',
        err.params ?? {},
      ),
      ...(Object.keys(fields).length ? { fields } : {}),
    },
  };
  return { status: errorStatus[err.code], body };
}
