import type { InputHTMLAttributes, TextareaHTMLAttributes } from 'react';

interface FieldProps extends InputHTMLAttributes<HTMLInputElement> {
  name: string;
  label: string;
  error?: string;
  hint?: string;
}

/** A labelled input with its hint and error wired for screen readers. */
export function Field({ name, label, error, hint, id, ...input }: FieldProps) {
  const inputId = id ?? `f-${name}`;
  const described = [hint && `${inputId}-hint`, error && `${inputId}-error`].filter(Boolean);
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <label htmlFor={inputId}>{label}</label>
      <input
        id={inputId}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={described.length ? described.join(' ') : undefined}
        {...input}
      />
      {hint && (
        <p className="field-hint" id={`${inputId}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={`${inputId}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

export function FormAlert({ kind, children }: { kind: 'error' | 'success'; children: string }) {
  return (
    <div className={`alert alert-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}

/**
 * Tells `parseForm` that this form shows the field `name`, so that an unchecked box or
 * an empty group of boxes reads as false / none rather than "not on this form".
 */
export function FormMarker({ name }: { name: string }) {
  return <input type="hidden" name={name} value="" />;
}

interface TextAreaFieldProps extends TextareaHTMLAttributes<HTMLTextAreaElement> {
  name: string;
  label: string;
  error?: string;
  hint?: string;
}

/** A labelled text area with its hint and error, like `Field`. */
export function TextAreaField({ name, label, error, hint, id, ...area }: TextAreaFieldProps) {
  const areaId = id ?? `f-${name}`;
  const described = [hint && `${areaId}-hint`, error && `${areaId}-error`].filter(Boolean);
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <label htmlFor={areaId}>{label}</label>
      <textarea
        id={areaId}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={described.length ? described.join(' ') : undefined}
        {...area}
      />
      {hint && (
        <p className="field-hint" id={`${areaId}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={`${areaId}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

/**
 * A labelled checkbox. `marked` adds the `FormMarker`, so that unticking it on an edit
 * form reads as false (an edit form always wants it; a create form gets the default).
 */
export function CheckboxField({
  name,
  label,
  defaultChecked,
  value,
  marked,
}: {
  name: string;
  label: string;
  defaultChecked?: boolean;
  value?: string;
  marked?: boolean;
}) {
  return (
    <>
      {marked && <FormMarker name={name} />}
      <label className="check">
        <input type="checkbox" name={name} value={value} defaultChecked={defaultChecked} /> {label}
      </label>
    </>
  );
}

/** A labelled file input with its error; kinds are checked by content on the server. */
export function FileField({
  name,
  label,
  accept,
  multiple,
  required,
  error,
  hint,
}: {
  name: string;
  label: string;
  accept: string;
  multiple?: boolean;
  required?: boolean;
  error?: string;
  hint?: string;
}) {
  const id = `f-${name}`;
  const described = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean);
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="file"
        name={name}
        accept={accept}
        multiple={multiple}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={described.length ? described.join(' ') : undefined}
      />
      {hint && (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}
