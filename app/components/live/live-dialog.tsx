import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from '../../i18n/use-translation.ts';

/**
 * The live consoles' counterpart of `ConfirmAction` (app/components/confirm-dialog.tsx),
 * for a command sent over the session rather than a form posted. A modal question in the page (not `window.confirm`/`prompt`): the safe button has the
 * focus, Escape cancels. With `reason`, a text the person must fill in before confirming
 * (declining a request).
 */
export function LiveDialog({
  open,
  title,
  body,
  confirmLabel,
  danger = false,
  reason,
  onConfirm,
  onClose,
}: {
  open: boolean;
  title: string;
  body?: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  reason?: { label: string };
  onConfirm(reason: string): void;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const [text, setText] = useState('');
  const [error, setError] = useState(false);
  const id = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      setText('');
      setError(false);
      dialog.showModal();
      (reason ? reasonRef.current : cancelRef.current)?.focus();
    } else if (!open && dialog.open) {
      dialog.close();
    }
  }, [open, reason]);
  return (
    <dialog
      ref={ref}
      className="confirm-dialog"
      aria-labelledby={`${id}-title`}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <form
        method="dialog"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (reason && !text.trim()) {
            setError(true);
            reasonRef.current?.focus();
            return;
          }
          onConfirm(text.trim());
        }}
      >
        <h2 id={`${id}-title`}>{title}</h2>
        {body && <div className="dialog-body">{body}</div>}
        {reason && (
          <div className="field">
            <label htmlFor={`${id}-reason`}>{reason.label}</label>
            <textarea
              id={`${id}-reason`}
              ref={reasonRef}
              rows={3}
              maxLength={300}
              value={text}
              aria-invalid={error || undefined}
              aria-describedby={error ? `${id}-error` : undefined}
              onChange={(e) => setText(e.target.value)}
            />
            {error && (
              <p id={`${id}-error`} className="field-error">
                {t('desk.reasonRequired')}
              </p>
            )}
          </div>
        )}
        <div className="dialog-actions">
          <button
            type="button"
            ref={cancelRef}
            className="button button-secondary"
            onClick={onClose}
          >
            {t('desk.cancel')}
          </button>
          <button type="submit" className={danger ? 'button button-danger' : 'button'}>
            {confirmLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
