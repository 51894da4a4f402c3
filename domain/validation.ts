import type { z } from 'zod';
import { AppError } from './errors.ts';

type Issue = z.core.$ZodIssue;

/** C0 controls but tab, line feed and carriage return; DEL. NUL is what PostgreSQL refuses. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
/** A UTF-16 surrogate without its pair: not a character at all. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const invalidText = (s: string) => CONTROL.test(s) || LONE_SURROGATE.test(s);
/** `s` without the control characters CONTROL finds (what can be kept of refused text). */
export const withoutControls = (s: string) => s.replace(new RegExp(CONTROL.source, 'g'), '');
/** C1 controls and direction overrides and isolates: unseen, yet U+202E turns shown text around. */
const INVISIBLE = /[\u0080-\u009F\u202A-\u202E\u2066-\u2069]/g;
/** `s` without what INVISIBLE finds (text shown back as typed, such as a search's words). */
export const withoutInvisible = (s: string) => s.replace(INVISIBLE, '');

function isPlainObject(data: object): boolean {
  const proto: unknown = Object.getPrototypeOf(data);
  return proto === Object.prototype || proto === null;
}

/** No payload of this product nests deeper; anything deeper is refused, not walked. */
const MAX_DEPTH = 32;

/**
 * Every string of untrusted input in Unicode NFC (so `Đối thoại` typed on any keyboard
 * compares and searches alike); control characters and broken UTF-16 (lone surrogates)
 * become issues at their path instead of reaching the database.
 */
export function cleanText(data: unknown, path: PropertyKey[] = [], issues: Issue[] = []): unknown {
  if (typeof data === 'string') {
    if (invalidText(data)) {
      issues.push({ code: 'custom', message: 'control_characters', path, input: data });
      return data;
    }
    return data.normalize('NFC');
  }
  if (!data || typeof data !== 'object') return data;
  if (path.length >= MAX_DEPTH) {
    issues.push({ code: 'custom', message: 'too_deep', path });
    return data;
  }
  if (Array.isArray(data)) return data.map((v, i) => cleanText(v, [...path, i], issues));
  if (!isPlainObject(data)) return data;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) {
    if (invalidText(k)) {
      issues.push({ code: 'custom', message: 'control_characters', path: [...path, k] });
      continue;
    }
    out[k] = cleanText(v, [...path, k], issues);
  }
  return out;
}

/**
 * Parses untrusted input with a protocol schema, after `cleanText`. A failure becomes a
 * `validation` AppError carrying zod's issues; the edge (API, form or WebSocket) turns
 * them into messages in the user's language.
 */
export function parseInput<S extends z.ZodType>(schema: S, data: unknown): z.output<S> {
  const issues: Issue[] = [];
  const cleaned = cleanText(data, [], issues);
  if (issues.length) throw new AppError('validation', { issues });
  // The input goes into each issue, so "required" is told apart from "wrong type".
  const result = schema.safeParse(cleaned, { reportInput: true });
  if (!result.success) throw new AppError('validation', { issues: result.error.issues });
  return result.data;
}
