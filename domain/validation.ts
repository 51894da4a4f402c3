import type { z } from 'zod';
import { AppError } from './errors.ts';

/**
 * Parses untrusted input with a protocol schema. A failure becomes a `validation`
 * AppError carrying zod's issues; the edge (API or form) turns them into messages
 * in the user's language.
 */
export function parseInput<S extends z.ZodType>(schema: S, data: unknown): z.output<S> {
  const result = schema.safeParse(data);
  if (!result.success) throw new AppError('validation', { issues: result.error.issues });
  return result.data;
}
