import type { ReactNode } from 'react';
import { Form } from 'react-router';

/** A GET form of filters over a list (search box, selects), kept in the address. */
export function FilterForm({
  children,
  submit,
  className = 'filters',
}: {
  children: ReactNode;
  submit: string;
  className?: string;
}) {
  return (
    <Form method="get" className={className} role="search">
      {children}
      <button type="submit" className="button button-secondary">
        {submit}
      </button>
    </Form>
  );
}

/** The search box of a filter form; its label is for screen readers (the placeholder shows it). */
export function SearchInput({
  id,
  label,
  defaultValue,
  name = 'q',
}: {
  id: string;
  label: string;
  defaultValue?: string;
  name?: string;
}) {
  return (
    <>
      <label htmlFor={id} className="visually-hidden">
        {label}
      </label>
      <input
        id={id}
        type="search"
        name={name}
        defaultValue={defaultValue ?? ''}
        placeholder={label}
      />
    </>
  );
}

/** A select of a filter form, with "all" first. */
export function FilterSelect({
  id,
  name,
  label,
  all,
  options,
  defaultValue,
}: {
  id: string;
  name: string;
  label: string;
  all: string;
  options: readonly { value: string; label: string }[];
  defaultValue?: string;
}) {
  return (
    <>
      <label className="visually-hidden" htmlFor={id}>
        {label}
      </label>
      <select id={id} name={name} defaultValue={defaultValue ?? ''}>
        <option value="">{all}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </>
  );
}
