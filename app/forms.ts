import { data, redirect } from 'react-router';
import type { RequestContext } from './context.ts';
import { errorBody } from './i18n/error-body.ts';
import { getT } from './i18n/i18n.ts';
import { hasRole, type Actor } from '../domain/auth/policies.ts';
import { z } from 'zod';
import { DateTime, PageNumber } from '../protocol/common.ts';
import { fromVietnamLocal } from './i18n/format.ts';
import { AppError, isAppError, toAppError } from '../domain/errors.ts';
import { findPublicConference } from '../domain/conferences/conferences.ts';
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

/** The public conference a page's `:slug` names, with its themes (404 when not the visitor's to see). */
export function publicConference(args: { context: RequestContext; params: { slug: string } }) {
  return findPublicConference({
    db: args.context.db,
    actor: args.context.actor,
    slug: args.params.slug,
  });
}

/**
 * A public page of one conference (404 unless the visitor may see it): the
 * conference's id, slug and title, with what `load` reads for it.
 */
export function publicConferencePage<T extends object>(
  args: { context: RequestContext; request: Request; params: { slug: string } },
  load: (scope: {
    db: RequestContext['db'];
    actor: Actor | null;
    conferenceId: string;
    themes: Awaited<ReturnType<typeof findPublicConference>>['themes'];
  }) => Promise<T>,
) {
  return pageData(args.request, async () => {
    const { conference, themes } = await publicConference(args);
    const { id, slug, title } = conference;
    const { db, actor } = args.context;
    return {
      conference: { id, slug, title },
      ...(await load({ db, actor, conferenceId: id, themes })),
    };
  });
}

/** What a use case of one conference takes from a request: the database, who asks, which conference. */
export function conferenceScope(args: {
  context: RequestContext;
  params: { conferenceId: string };
}) {
  return { db: args.context.db, actor: args.context.actor, conferenceId: args.params.conferenceId };
}

/** A management page of one conference: what `load` reads with the page's scope. */
export function conferencePage<T>(
  args: { context: RequestContext; request: Request; params: { conferenceId: string } },
  load: (scope: ReturnType<typeof conferenceScope>) => Promise<T>,
): Promise<T> {
  return pageData(args.request, () => load(conferenceScope(args)));
}

/**
 * A reader's list page number (`?page=N`): 1 when absent; anything else that is not a
 * page of a list (0, -1, 1.5, text, past PageNumber's bound) is a page that does not
 * exist: not found, never quietly the first page under another address.
 */
export function listPage(request: Request): number {
  const raw = new URL(request.url).searchParams.get('page');
  if (raw === null || raw === '') return 1;
  const parsed = PageNumber.safeParse(raw);
  if (!parsed.success) throw new AppError('not_found');
  return parsed.data;
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

/** An id posted by a form (a row's remove button…), checked like an id in the API. */
export function formId(form: FormData, name: string): string {
  const value = form.get(name);
  const id = typeof value === 'string' ? value : '';
  return parseInput(FormIdSchema, { id }).id;
}
const FormIdSchema = z.strictObject({ id: z.uuid() });

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

type FieldKind = 'boolean' | 'array' | 'number' | 'datetime' | 'text';
const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'catch', 'readonly']);

/** What kind of form control feeds a schema field (checkbox, repeated, number, date…). */
function fieldKind(field: z.ZodType): FieldKind {
  let t = field as z.ZodType;
  for (let i = 0; i < 10; i++) {
    if (t === (DateTime as z.ZodType)) return 'datetime';
    const def = t._zod.def as {
      type: string;
      innerType?: z.ZodType;
      in?: z.ZodType;
      values?: unknown[];
    };
    if (def.type === 'literal' && def.values?.includes(true)) return 'boolean';
    if (WRAPPERS.has(def.type) && def.innerType) t = def.innerType;
    else if (def.type === 'pipe' && def.in) t = def.in;
    else if (def.type === 'boolean' || def.type === 'array' || def.type === 'number')
      return def.type;
    else return 'text';
  }
  return 'text';
}

/**
 * Reads a form with the same `protocol/` schema the API uses, so ids, dates and texts
 * are checked alike in pages and API. Each field of the schema takes its form value:
 * a checkbox (`on`) is a boolean; a repeated field (checkboxes of one name) a list. A
 * form that may send neither for a field it shows (an unchecked box, no box of a group
 * ticked) also sends `<input type="hidden" name=… value="">` (`FormMarker`), so that
 * "none" is told apart from "not on this form"; a required boolean absent is false;
 * a number field a number; a `DateTime` is typed `dd/MM/yyyy HH:mm` in Vietnam time; an
 * empty text is `''` where the schema takes it, else `null` where it takes that (clears
 * an optional choice), else not given. Other form fields (`intent`…) are ignored;
 * `extra` adds values that do not come from the form.
 */
export function parseForm<S extends z.ZodType>(
  schema: S,
  form: FormData,
  extra: Record<string, unknown> = {},
): z.output<S> {
  const shape = (schema as unknown as { shape?: Record<string, z.ZodType> }).shape ?? {};
  const data: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(shape)) {
    if (key in extra) continue;
    const values = form.getAll(key).filter((v): v is string => typeof v === 'string');
    const value = values[0];
    switch (fieldKind(field)) {
      case 'boolean':
        if (form.has(key)) data[key] = values.some((v) => v === 'on' || v === 'true' || v === '1');
        else if (!field.safeParse(undefined).success) data[key] = false;
        break;
      case 'array':
        if (form.has(key)) data[key] = values.map((v) => v.trim()).filter(Boolean);
        break;
      case 'number':
        if (value !== undefined && value.trim() !== '') {
          const n = Number(value.trim());
          data[key] = Number.isFinite(n) ? n : value;
        } else if (value !== undefined && field.safeParse(null).success) data[key] = null;
        break;
      case 'datetime':
        if (value !== undefined && value.trim() !== '') data[key] = fromVietnamLocal(value);
        else if (value !== undefined && field.safeParse(null).success) data[key] = null;
        break;
      default:
        if (value === undefined) break;
        if (value.trim() !== '' || field.safeParse(value).success) data[key] = value;
        else if (field.safeParse(null).success) data[key] = null;
    }
  }
  return parseInput(schema, { ...data, ...extra });
}
