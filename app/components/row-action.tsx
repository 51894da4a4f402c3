import { Form } from 'react-router';
import { buttonClass, type ButtonVariant } from './button-class.ts';
import { ConfirmAction, type Confirmation } from './confirm-dialog.tsx';

/**
 * A one-button form acting on one row (remove, move, approve…): its intent and the
 * hidden fields that name the row. `what` names the row for screen readers
 * ("Xóa: Khai mạc"). A destructive action gives `confirm`: the button then opens the
 * confirmation dialog (`ConfirmAction`), and only the dialog posts the intent.
 */
export function RowAction({
  intent,
  fields,
  label,
  what,
  variant = 'link',
  disabled,
  confirm,
  action,
}: {
  intent: string;
  fields?: Record<string, string>;
  label: string;
  what?: string;
  variant?: ButtonVariant;
  disabled?: boolean;
  confirm?: Confirmation;
  /** Where the dialog posts (with `confirm`): by default this page. */
  action?: string;
}) {
  if (confirm && !disabled) {
    return (
      <ConfirmAction
        intent={intent}
        fields={fields}
        label={label}
        what={what}
        variant={variant}
        action={action}
        confirmation={confirm}
      />
    );
  }
  return (
    <Form method="post" className="row-action">
      <input type="hidden" name="intent" value={intent} />
      {Object.entries(fields ?? {}).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button
        type="submit"
        className={buttonClass(variant)}
        disabled={disabled}
        aria-label={what ? `${label}: ${what}` : undefined}
      >
        {label}
      </button>
    </Form>
  );
}
