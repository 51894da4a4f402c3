import { data, redirect } from 'react-router';
import type { RequestContext } from './context.ts';
import { errorBody } from './i18n/error-body.ts';
import { getT } from './i18n/i18n.ts';
import { hasRole, type Actor } from '../domain/auth/policies.ts';
import type { z } from 'zod';
import { isAppError, toAppError } from '../domain/errors.ts';
import { parseInput } from '../domain/validation.ts';
import type { Language } from '../protocol/common.ts';

export interface FormError {
  code: string;
  message: string;
  fields?: Record<string, string>;
}

/** An AppError from a form action as data the form shows; anything else propagates. */
export function actionError<E extends object = object>(thrown: unknown, lang: Language, extra?: E) {
  const err = toAppError(thrown);
  if (!err) throw thrown;
  const { status, body } = errorBody(err, getT(lang));
  return data({ ok: false as const, error: body.error as FormError, ...(extra as E) }, { status });
}

const PROBE_ORIGIN = 'http://doithoai.invalid';

/**
 * Only a path of this site: `/x` yes; `//evil.example`, `/\\evil`, `/%09/evil.example`
 * (a browser drops the tab and reads `//evil.example`) or `https://…` no. The path is
 * read as a browser would read it, and must stay on this origin.
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = '/') {
  if (typeof to !== 'string' || to.length > 2000 || !to.startsWith('/')) return fallback;
  // Whitespace, controls and backslashes: browsers strip or rewrite them.
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  if (/[\s\\\u0000-\u001f\u007f]/.test(to)) return fallback;
  let url: URL;
  try {
    url = new URL(to, PROBE_ORIGIN);
  } catch {
    return fallback;
  }
  if (url.origin !== PROBE_ORIGIN || url.pathname.startsWith('//')) return fallback;
  return url.pathname + url.search + url.hash;
}

/** A text field of a form: absent or empty counts as not given. */
export function formText(form: FormData, name: string): string | undefined {
  const value = form.get(name);
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The signed-in actor, or a redirect to the sign-in page that comes back here. */
export function requireSignedIn(context: RequestContext, request: Request): Actor {
  if (context.actor) return context.actor;
  const url = new URL(request.url);
  throw redirect(`/dang-nhap?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
}

/** Admin pages: anonymous visitors sign in first; other users get 403. */
export function requireAdminPage(context: RequestContext, request: Request): Actor {
  const actor = requireSignedIn(context, request);
  if (!hasRole(actor, 'admin')) throw data(null, { status: 403 });
  return actor;
}

/**
 * Runs a loader's use case; its AppError becomes the matching error page (a redirect
 * to sign in when the visitor is anonymous).
 */
export async function pageData<T>(request: Request, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (thrown) {
    const err = toAppError(thrown);
    if (!err) throw thrown;
    if (err.code === 'unauthenticated') {
      const url = new URL(request.url);
      throw redirect(`/dang-nhap?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
    }
    throw data(null, { status: err.code === 'forbidden' ? 403 : 404 });
  }
}

/**
 * Runs a resource route's use case (a feed, a calendar file): not found, or not the
 * visitor's to see, answers the site's 404 page rather than a bare status.
 */
export async function resourceData<T>(
  request: Request,
  context: RequestContext,
  run: () => Promise<T>,
): Promise<T> {
  try {
    return await run();
  } catch (thrown) {
    const err = toAppError(thrown);
    if (!err) throw thrown;
    throw await context.notFound(request);
  }
}

/** The `intent` of a form with several buttons. */
export function intentOf(form: FormData): string {
  const value = form.get('intent');
  return typeof value === 'string' ? value : '';
}

/** The non-empty files of a multipart form field, read into memory (size limits apply upstream). */
export async function formFiles(form: FormData, name: string) {
  const files = [];
  for (const f of form.getAll(name)) {
    if (f instanceof File && f.size > 0)
      files.push({ name: f.name, data: Buffer.from(await f.arrayBuffer()) });
  }
  return files;
}

/**
 * A page's query string read with a protocol schema, as the API reads it. A parameter
 * that does not pass (`?page=abc`, `?q=%00`) is left out and the schema's default applies,
 * so a hand-edited or cut-off address still shows the page.
 */
export function parseQuery<S extends z.ZodType>(schema: S, request: Request): z.output<S> {
  const entries = Object.fromEntries(
    [...new URL(request.url).searchParams].filter(([, v]) => v !== ''),
  );
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      return parseInput(schema, entries);
    } catch (err) {
      if (!isAppError(err) || !err.issues?.length) throw err;
      for (const issue of err.issues) {
        const key = issue.path[0];
        if (typeof key === 'string') delete entries[key];
        if (issue.code === 'unrecognized_keys') for (const k of issue.keys) delete entries[k];
      }
    }
  }
  return parseInput(schema, {});
}
