import {
  createContext,
  useContext,
  type InputHTMLAttributes,
  type ReactNode,
  type TextareaHTMLAttributes,
} from 'react';

/** The field errors of the form around (see `ActionForm`), by field name. */
export const FieldErrors = createContext<Record<string, string> | undefined>(undefined);

/**
 * Which form a field belongs to (its intent): two forms on one page with a field of
 * the same name get different element ids, so each label names its own field.
 */
export const FieldIds = createContext<string | undefined>(undefined);

/** The stored values an edit form starts from (see `ActionForm`), by field name. */
export const FormValues = createContext<object | undefined>(undefined);

/** The stored value of the field `name` on the form around, if any. */
export function useFormValue(name: string): unknown {
  const values = useContext(FormValues) as Record<string, unknown> | undefined;
  return values?.[name] ?? undefined;
}

/** A stored value as an input shows it: text and numbers as they are, nothing else. */
function inputValue(value: unknown): string | number | undefined {
  return typeof value === 'string' || typeof value === 'number' ? value : undefined;
}

interface FrameProps {
  name: string;
  label: string;
  /** Overrides the error the surrounding form has for `name`. */
  error?: string;
  hint?: string;
  id?: string;
}

/** What the frame gives its control: id, name and the screen-reader wiring. */
interface ControlProps {
  id: string;
  name: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
}

/** A label, a control, its hint and its error, wired for screen readers. */
function FieldFrame({
  name,
  label,
  error,
  hint,
  id,
  control,
}: FrameProps & { control: (props: ControlProps) => ReactNode }) {
  const formError = useContext(FieldErrors)?.[name];
  const shown = error ?? formError;
  const form = useContext(FieldIds);
  const controlId = id ?? (form ? `f-${form.replace(/[^\w-]/g, '')}-${name}` : `f-${name}`);
  const described = [hint && `${controlId}-hint`, shown && `${controlId}-error`].filter(Boolean);
  return (
    <div className={shown ? 'field field-invalid' : 'field'}>
      <label htmlFor={controlId}>{label}</label>
      {control({
        id: controlId,
        name,
        'aria-invalid': shown ? true : undefined,
        'aria-describedby': described.length ? described.join(' ') : undefined,
      })}
      {hint && (
        <p className="field-hint" id={`${controlId}-hint`}>
          {hint}
        </p>
      )}
      {shown && (
        <p className="field-error" id={`${controlId}-error`}>
          {shown}
        </p>
      )}
    </div>
  );
}

type FieldProps = FrameProps & Omit<InputHTMLAttributes<HTMLInputElement>, 'name' | 'id'>;

/** A labelled input with its hint and error; it starts from the form's stored value. */
export function Field({ name, label, error, hint, id, ...input }: FieldProps) {
  const stored = inputValue(useFormValue(name));
  const start = input.value === undefined ? { defaultValue: stored } : {};
  return (
    <FieldFrame
      {...{ name, label, error, hint, id }}
      control={(wiring) => <input {...wiring} {...start} {...input} />}
    />
  );
}

type TextAreaFieldProps = FrameProps &
  Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'name' | 'id'>;

/** A labelled text area with its hint and error, like `Field`. */
export function TextAreaField({ name, label, error, hint, id, ...area }: TextAreaFieldProps) {
  const stored = inputValue(useFormValue(name));
  return (
    <FieldFrame
      {...{ name, label, error, hint, id }}
      control={(wiring) => <textarea {...wiring} defaultValue={stored} {...area} />}
    />
  );
}

/** A labelled select with an optional "none" choice first. */
export function SelectField({
  options,
  none,
  defaultValue,
  ...frame
}: FrameProps & {
  options: readonly { value: string; label: string }[];
  /** The label of the empty choice; omitted when a choice is required. */
  none?: string;
  defaultValue?: string;
}) {
  const stored = useFormValue(frame.name);
  const start = defaultValue ?? (typeof stored === 'string' ? stored : '');
  return (
    <FieldFrame
      {...frame}
      control={(wiring) => (
        <select {...wiring} defaultValue={start}>
          {none !== undefined && <option value="">{none}</option>}
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    />
  );
}

/** A labelled file input; kinds are checked by content on the server. */
export function FileField(props: FieldProps & { accept: string }) {
  return <Field type="file" {...props} />;
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
  hint,
}: {
  name: string;
  label: string;
  defaultChecked?: boolean;
  value?: string;
  marked?: boolean;
  hint?: string;
}) {
  const stored = useFormValue(name);
  const checked = defaultChecked ?? (typeof stored === 'boolean' ? stored : undefined);
  const hintId = hint ? `${name}-hint` : undefined;
  return (
    <>
      {marked && <FormMarker name={name} />}
      <label className="check">
        <input
          type="checkbox"
          name={name}
          value={value}
          defaultChecked={checked}
          aria-describedby={hintId}
        />{' '}
        {label}
      </label>
      {hint && (
        <p className="field-hint" id={hintId}>
          {hint}
        </p>
      )}
    </>
  );
}

/** A group of checkboxes under one legend; none ticked reads as an empty list. */
export function CheckboxGroup({
  name,
  legend,
  options,
  checked,
}: {
  name: string;
  legend: string;
  options: readonly { value: string; label: string }[];
  checked: readonly string[];
}) {
  return (
    <fieldset className="field">
      <legend>{legend}</legend>
      <FormMarker name={name} />
      {options.map((o) => (
        <CheckboxField
          key={o.value}
          name={name}
          value={o.value}
          label={o.label}
          defaultChecked={checked.includes(o.value)}
        />
      ))}
    </fieldset>
  );
}
