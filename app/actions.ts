import { AppError } from '../domain/errors.ts';
import type { Actor } from '../domain/auth/policies.ts';
import type { RequestContext } from './context.ts';
import { actionError, intentOf, requireSignedIn, type conferenceScope } from './forms.ts';

/** What a handler of a page action gets: who acts, the posted form and its intent. */
export interface Acting {
  actor: Actor;
  form: FormData;
  intent: string;
  context: RequestContext;
}

type Handler = (acting: Acting) => Promise<object | void | Response>;

const CONFIRM_FIRST = Symbol.for('doithoai.confirmFirst');

/**
 * A destructive handler: it runs only for a form that carries `confirmed=yes` (the
 * confirmation dialog's button, `ConfirmAction`). Any other post of its intent (a row's
 * button sent before JavaScript ran, or without it; a replayed or forged form) does
 * nothing, and the answer asks the page to show that dialog for the posted row.
 */
export function confirmFirst<F extends (acting: never) => unknown>(handler: F): F {
  const wrapped = ((acting: never) => handler(acting)) as F;
  return Object.assign(wrapped, { [CONFIRM_FIRST]: true });
}

const needsConfirmation = (handler: unknown) =>
  typeof handler === 'function' && CONFIRM_FIRST in handler;

/** The posted row's fields, echoed so the page opens the dialog of that row. */
function postedFields(form: FormData): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [name, value] of form) {
    if (name === 'intent' || name === 'confirmed' || typeof value !== 'string') continue;
    if (Object.keys(fields).length >= 20) break;
    fields[name.slice(0, 100)] = value.slice(0, 200);
  }
  return fields;
}

type Success<H extends Record<string, Handler>> = {
  [K in keyof H]: { ok: true; intent: string } & Exclude<
    Awaited<ReturnType<H[K]>>,
    Response | void
  >;
}[keyof H];

/**
 * The one shape of a signed-in page action: the actor (an anonymous visitor is sent to
 * sign in), the posted form, and one handler per `intent` (`fallback` for a form
 * without one). A handler's result comes back with `ok: true` and the intent; a
 * Response (a redirect) is returned as it is; an AppError becomes the form's error with
 * the status the API would send, and the intent, so the page knows which form it was.
 */
export async function runAction<H extends Record<string, Handler>, E extends string = never>(
  args: { request: Request; context: RequestContext },
  handlers: H,
  fallback?: keyof H & string,
  /** Form fields sent back with the answer either way (which card it was for). */
  echo: readonly E[] = [],
) {
  const actor = requireSignedIn(args.context, args.request);
  const form = await args.request.formData();
  const posted = intentOf(form);
  const intent = posted in handlers ? posted : (fallback ?? posted);
  const handler = handlers[intent];
  const echoed = {} as Record<E, string>;
  for (const name of echo) echoed[name] = String(form.get(name) ?? '').slice(0, 100);
  if (needsConfirmation(handler) && form.get('confirmed') !== 'yes') {
    return { intent, confirm: postedFields(form), ...echoed };
  }
  try {
    if (!handler) throw new AppError('validation');
    const result = await handler({ actor, form, intent, context: args.context });
    if (result instanceof Response) return result;
    return { ok: true as const, intent, ...echoed, ...(result ?? {}) } as Success<H> &
      Record<E, string>;
  } catch (err) {
    return actionError(err, args.context.lang, { intent, ...echoed });
  }
}

/** The scope a use case of one conference takes, with who acts. */
export type ConferenceActing = Acting & {
  scope: ReturnType<typeof conferenceScope> & { actor: Actor };
};

/** `runAction` on a conference's page: each handler also gets the use cases' scope. */
export function conferenceAction<
  H extends Record<string, (acting: ConferenceActing) => ReturnType<Handler>>,
  E extends string = never,
>(
  args: { request: Request; context: RequestContext; params: { conferenceId: string } },
  handlers: H,
  fallback?: keyof H & string,
  echo: readonly E[] = [],
) {
  const { db } = args.context;
  const { conferenceId } = args.params;
  const withScope = Object.fromEntries(
    Object.entries(handlers).map(([intent, handler]) => {
      const scoped = (acting: Acting) =>
        handler({ ...acting, scope: { db, actor: acting.actor, conferenceId } });
      return [intent, needsConfirmation(handler) ? confirmFirst(scoped) : scoped];
    }),
  ) as { [K in keyof H]: (acting: Acting) => ReturnType<H[K]> };
  return runAction(args, withScope, fallback, echo);
}
