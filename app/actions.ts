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
    Object.entries(handlers).map(([intent, handler]) => [
      intent,
      (acting: Acting) => handler({ ...acting, scope: { db, actor: acting.actor, conferenceId } }),
    ]),
  ) as { [K in keyof H]: (acting: Acting) => ReturnType<H[K]> };
  return runAction(args, withScope, fallback, echo);
}
