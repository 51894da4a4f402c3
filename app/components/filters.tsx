import { createContext, useContext, type ReactNode } from 'react';
import { Form } from 'react-router';

/** The values the list is filtered by now, read by the inputs of the filter form. */
const FilterValues = createContext<Record<string, unknown>>({});

/** The current value of the filter `name`, as the input shows it. */
function useFilterValue(name: string): string {
  const value = useContext(FilterValues)[name];
  return value === undefined || value === null ? '' : String(value);
}

/**
 * A GET form of filters over a list (search box, selects), kept in the address. Each
 * input shows the value of `values` under its name.
 */
export function FilterForm({
  children,
  submit,
  values = {},
  className = 'filters',
  primary,
}: {
  children: ReactNode;
  submit: string;
  values?: Record<string, unknown>;
  className?: string;
  /** The search is the page's main action (the portal's search page). */
  primary?: boolean;
}) {
  return (
    <Form method="get" className={className} role="search">
      <FilterValues.Provider value={values}>{children}</FilterValues.Provider>
      <button type="submit" className={primary ? 'button' : 'button button-secondary'}>
        {submit}
      </button>
    </Form>
  );
}

/** The search box of a filter form; its label is for screen readers (the placeholder shows it). */
export function SearchInput({
  label,
  name = 'q',
  maxLength,
}: {
  label: string;
  name?: string;
  maxLength?: number;
}) {
  const id = `filter-${name}`;
  return (
    <>
      <label htmlFor={id} className="visually-hidden">
        {label}
      </label>
      <input
        id={id}
        type="search"
        name={name}
        defaultValue={useFilterValue(name)}
        placeholder={label}
        maxLength={maxLength}
      />
    </>
  );
}

/** A select of a filter form, with "all" first when given; `label` is for screen readers. */
export function FilterSelect({
  name,
  label,
  all,
  options,
}: {
  name: string;
  label: string;
  all?: string;
  options: readonly { value: string; label: string }[];
}) {
  const id = `filter-${name}`;
  return (
    <>
      <label className="visually-hidden" htmlFor={id}>
        {label}
      </label>
      <select id={id} name={name} defaultValue={useFilterValue(name)}>
        {all !== undefined && <option value="">{all}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </>
  );
}
