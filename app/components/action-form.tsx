import { useEffect, useId, useRef, type ReactNode } from 'react';
import { Form, useActionData, useNavigation, type FormProps } from 'react-router';
import type { FormError } from '../forms.ts';
import { FieldErrors, FieldIds, FormAlert, FormValues } from './field.tsx';

/** A submit button that waits while its page is sending. */
export function SubmitButton({
  children,
  className = 'button',
  disabled,
}: {
  children: ReactNode;
  className?: string;
  disabled?: boolean;
}) {
  const sending = useNavigation().state === 'submitting';
  return (
    <button type="submit" className={className} disabled={disabled || sending}>
      {children}
    </button>
  );
}

/**
 * A POST form of the page kit: its heading (which names the form), the intent its
 * action switches on, the answer to its last sending (an alert above; each field's own
 * error is read by the field components) and a submit button.
 */
export function ActionForm({
  title,
  level = 2,
  intent,
  values,
  error,
  success,
  submit,
  children,
  className = 'stack narrow',
  ...form
}: Omit<FormProps, 'method' | 'children'> & {
  title?: string;
  level?: 2 | 3;
  intent?: string;
  /** The stored values the fields start from (an edit form). */
  values?: object;
  error?: FormError;
  /** What to say when the last sending succeeded. */
  success?: string | false;
  /** The submit button's label (the title's by default); `false`: the children bring theirs. */
  submit?: string | false;
  children: ReactNode;
}) {
  const headingId = useId();
  const Heading = level === 2 ? 'h2' : 'h3';
  const ref = useRef<HTMLFormElement>(null);
  const answer = useActionData() as { ok?: boolean; intent?: string } | undefined;
  // A form that adds something starts empty again once it was added (no accidental
  // duplicate, no leftover presenter); an edit form keeps the stored values.
  useEffect(() => {
    if (answer?.ok && !values && (!intent || answer.intent === intent)) ref.current?.reset();
  }, [answer, values, intent]);
  return (
    <>
      {title && <Heading id={headingId}>{title}</Heading>}
      {success && <FormAlert kind="success">{success}</FormAlert>}
      {error && <FormAlert kind="error">{error.message}</FormAlert>}
      {/* The server checks every field and answers in the reader's language. */}
      <Form
        ref={ref}
        method="post"
        className={className}
        aria-labelledby={title ? headingId : undefined}
        noValidate
        {...form}
      >
        {intent && <input type="hidden" name="intent" value={intent} />}
        <FieldIds.Provider value={intent ?? headingId}>
          <FormValues.Provider value={values}>
            <FieldErrors.Provider value={error?.fields}>{children}</FieldErrors.Provider>
          </FormValues.Provider>
        </FieldIds.Provider>
        {submit !== false && (submit ?? title) && <SubmitButton>{submit ?? title}</SubmitButton>}
      </Form>
    </>
  );
}
