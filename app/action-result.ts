import type { FormError } from './forms.ts';

// Runs in the browser too: it imports no server code (types only).

/** What a page shows of its action's answer: the error of the form that was sent, or success. */
export function actionResult<D>(actionData: D) {
  const answer = actionData as { ok?: boolean; intent?: string; error?: FormError } | undefined;
  const failed =
    answer && answer.ok === false
      ? (actionData as Extract<D, { ok: false }> & { intent?: string; error: FormError })
      : undefined;
  const ok = answer?.ok === true ? (actionData as Extract<D, { ok: true }>) : undefined;
  return {
    ok,
    failed,
    /** The error of the form with this intent (any form's, when none is named). */
    errorOf(intent?: string): FormError | undefined {
      return failed && (!intent || failed.intent === intent) ? failed.error : undefined;
    },
  };
}

/**
 * The confirmation a management page shows after a form of the common kinds went
 * through (forms with an answer of their own — imports, sending, moderation — say
 * nothing here): an i18n key.
 */
export function successKey(intent: string | undefined): string | null {
  if (!intent) return 'form.saved';
  if (/^(remove|delete)/.test(intent)) return 'form.removed';
  if (/^(add|assign|delegate|create)/.test(intent)) return 'form.added';
  if (/^(site|details|status|schedule|links|save)$/.test(intent)) return 'form.saved';
  return null;
}

/** A removal's intent (`remove…`, `delete…`) or its undo: `RemovalNotice` reports those. */
export function isRemovalIntent(intent: string | undefined): boolean {
  return !!intent && (/^(remove|delete)/.test(intent) || intent === 'undo');
}
