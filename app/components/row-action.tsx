import { Form } from 'react-router';

/**
 * A one-button form acting on one row (remove, move, approve…): its intent and the
 * hidden fields that name the row. `what` names the row for screen readers
 * ("Xóa: Khai mạc").
 */
export function RowAction({
  intent,
  fields,
  label,
  what,
  variant = 'link',
  disabled,
}: {
  intent: string;
  fields?: Record<string, string>;
  label: string;
  what?: string;
  variant?: 'link' | 'button' | 'secondary';
  disabled?: boolean;
}) {
  const className =
    variant === 'link'
      ? 'link-button'
      : variant === 'button'
        ? 'button'
        : 'button button-secondary';
  return (
    <Form method="post" className="row-action">
      <input type="hidden" name="intent" value={intent} />
      {Object.entries(fields ?? {}).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button
        type="submit"
        className={className}
        disabled={disabled}
        aria-label={what ? `${label}: ${what}` : undefined}
      >
        {label}
      </button>
    </Form>
  );
}
