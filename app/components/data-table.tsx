import type { ReactNode } from 'react';

export interface Column<T> {
  /** The header; `hidden` keeps it for screen readers only (an actions column). */
  header: string;
  hidden?: boolean;
  cell(row: T, index: number): ReactNode;
  /** Row header cell (`<th scope="row">`) for the column that names the row. */
  rowHeader?: boolean;
}

/**
 * The one table of management pages: a header row, one row per item, scrolling inside
 * its own box on a phone, and what to say when there is nothing.
 */
export function DataTable<T>({
  columns,
  rows,
  rowKey,
  empty,
  caption,
  className,
}: {
  columns: readonly (Column<T> | false | null | undefined)[];
  rows: readonly T[];
  rowKey(row: T): string;
  empty?: ReactNode;
  caption?: string;
  className?: string;
}) {
  const shown = columns.filter((c): c is Column<T> => !!c);
  if (rows.length === 0 && empty !== undefined) return <p>{empty}</p>;
  return (
    <div className="table-wrap">
      <table className={className}>
        {caption && <caption className="visually-hidden">{caption}</caption>}
        <thead>
          <tr>
            {shown.map((c) => (
              <th key={c.header} scope="col">
                {c.hidden ? <span className="visually-hidden">{c.header}</span> : c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={rowKey(row)}>
              {shown.map((c) =>
                c.rowHeader ? (
                  <th key={c.header} scope="row">
                    {c.cell(row, i)}
                  </th>
                ) : (
                  <td key={c.header}>{c.cell(row, i)}</td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
