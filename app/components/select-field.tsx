/** A labelled select with an optional "none" choice first, and its error. */
export function SelectField({
  name,
  label,
  options,
  none,
  defaultValue = '',
  error,
  id,
}: {
  name: string;
  label: string;
  options: readonly { value: string; label: string }[];
  /** The label of the empty choice; omitted when a choice is required. */
  none?: string;
  defaultValue?: string;
  error?: string;
  id?: string;
}) {
  const selectId = id ?? `f-${name}`;
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <label htmlFor={selectId}>{label}</label>
      <select
        id={selectId}
        name={name}
        defaultValue={defaultValue}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${selectId}-error` : undefined}
      >
        {none !== undefined && <option value="">{none}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {error && (
        <p className="field-error" id={`${selectId}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}
