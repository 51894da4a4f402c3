/** A labelled select with an optional "none" choice first. */
export function SelectField({
  name,
  label,
  options,
  none,
  defaultValue = '',
}: {
  name: string;
  label: string;
  options: readonly { value: string; label: string }[];
  /** The label of the empty choice; omitted when a choice is required. */
  none?: string;
  defaultValue?: string;
}) {
  const id = `f-${name}`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={defaultValue}>
        {none !== undefined && <option value="">{none}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
