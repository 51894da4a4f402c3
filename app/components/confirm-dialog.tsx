import type { TFunction } from 'i18next';
import { useEffect, useId, useRef } from 'react';
import { useTranslation } from '../i18n/use-translation.ts';
import { Form, useActionData } from 'react-router';
import { UNDO_WINDOW_MINUTES } from '../../protocol/conferences.ts';
import { buttonClass, type ButtonVariant } from './button-class.ts';

/** What a destructive action's dialog says. */
export interface Confirmation {
  /** Names exactly what goes: "Xóa điểm cầu “Tỉnh A”?". */
  title: string;
  /** What goes with it and what changes, one sentence each. */
  consequences?: readonly string[];
  /** The confirm button: the action itself ("Xóa điểm cầu"). */
  confirm: string;
  /**
   * What the dialog says about undoing: by default that the page offers Undo for
   * `UNDO_WINDOW_MINUTES`; a sentence of its own; or `false`: "cannot be undone".
   */
  undo?: string | false;
  /** Why it cannot be done at all: the dialog explains, with only a Close button. */
  blocked?: string;
}

/**
 * The dialog of removing one thing of a kind, worded by the `safety.<kind>` messages
 * (title, consequence, confirm) with `words` (its name…); `more` overrides a part.
 */
export function removalConfirmation(
  t: TFunction,
  kind: 'delegate' | 'agendaItem' | 'document' | 'member' | 'theme',
  words: Record<string, string | number>,
  more: Partial<Confirmation> = {},
): Confirmation {
  return {
    title: t(`safety.${kind}.title`, words),
    consequences: [t(`safety.${kind}.consequence`, words)],
    confirm: t(`safety.${kind}.confirm`),
    ...more,
  };
}

/** The answer of an action that wants the dialog's confirmation first (`confirmFirst`). */
interface ConfirmAnswer {
  intent?: string;
  confirm?: Record<string, string>;
}

/**
 * A destructive action on one thing: its button opens a modal `<dialog>` naming what
 * will go and what goes with it. Focus starts on Cancel; Escape or Cancel closes it
 * and nothing is sent; only its confirm button posts the intent, with `confirmed=yes`.
 * Without JavaScript the button posts the intent without it: the server does nothing
 * (`confirmFirst` in app/actions.ts) and answers with this dialog open on the page.
 * The trigger posts to this page; the confirm form to `action` when given (a thing
 * whose page goes away with it: the list it belongs to).
 */
export function ConfirmAction({
  intent,
  fields = {},
  label,
  what,
  variant = 'link',
  action,
  confirmation,
}: {
  intent: string;
  fields?: Record<string, string>;
  label: string;
  what?: string;
  variant?: ButtonVariant;
  action?: string;
  confirmation: Confirmation;
}) {
  const { t } = useTranslation();
  const id = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const safe = useRef<HTMLButtonElement>(null);
  const answer = useActionData() as ConfirmAnswer | undefined;
  const asked =
    !!answer?.confirm &&
    answer.intent === intent &&
    Object.entries(fields).every(([name, value]) => answer.confirm?.[name] === value);

  const open = () => {
    const d = dialog.current;
    if (!d) return;
    // Shown by the server (no JavaScript then): reopen it as a modal.
    if (d.open) d.close();
    d.showModal();
    safe.current?.focus();
  };
  useEffect(() => {
    if (asked) open();
    // Only when a new answer asks for it, not on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [answer]);

  const hidden = (
    <>
      <input type="hidden" name="intent" value={intent} />
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
    </>
  );
  const { blocked } = confirmation;
  const undo =
    confirmation.undo === false
      ? t('safety.dialog.final')
      : (confirmation.undo ?? t('safety.dialog.undoable', { minutes: UNDO_WINDOW_MINUTES }));
  return (
    <>
      <Form
        method="post"
        className="row-action"
        onSubmit={(event) => {
          event.preventDefault();
          open();
        }}
      >
        {hidden}
        <button
          ref={trigger}
          type="submit"
          className={buttonClass(variant)}
          aria-haspopup="dialog"
          aria-label={what ? `${label}: ${what}` : undefined}
        >
          {label}
        </button>
      </Form>
      <dialog
        ref={dialog}
        className="confirm-dialog"
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-body`}
        open={asked || undefined}
        onClose={() => {
          // Back to the button that opened it (unless reopened as a modal meanwhile).
          if (!dialog.current?.open && trigger.current?.isConnected) trigger.current.focus();
        }}
      >
        <h2 id={`${id}-title`}>{confirmation.title}</h2>
        <div id={`${id}-body`}>
          {blocked ? (
            <p>{blocked}</p>
          ) : (
            <>
              {confirmation.consequences?.map((line) => (
                <p key={line}>{line}</p>
              ))}
              <p className={confirmation.undo === false ? 'confirm-final' : 'muted'}>{undo}</p>
            </>
          )}
        </div>
        <div className="dialog-actions">
          {/* Closes the dialog natively, with or without JavaScript; sends nothing. */}
          <form method="dialog">
            <button ref={safe} type="submit" className="button button-secondary">
              {blocked ? t('safety.dialog.close') : t('safety.dialog.cancel')}
            </button>
          </form>
          {!blocked && (
            <Form method="post" action={action} onSubmit={() => dialog.current?.close()}>
              {hidden}
              <input type="hidden" name="confirmed" value="yes" />
              <button type="submit" className="button button-danger">
                {confirmation.confirm}
              </button>
            </Form>
          )}
        </div>
      </dialog>
    </>
  );
}
