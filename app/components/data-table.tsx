import type { ReactNode } from 'react';
import { useTranslation } from '../i18n/use-translation.ts';
import type { Confirmation } from './confirm-dialog.tsx';
import { RowAction } from './row-action.tsx';

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
 * its own box on a phone, and what to say when there is nothing. `remove` adds a last
 * column with a remove button: it opens the confirmation dialog that `confirm` words for
 * the row, which posts `intent` and the row's key as `field` (see `ConfirmAction`).
 */
export function DataTable<T>({
  columns,
  rows,
  rowKey,
  empty,
  caption,
  scrolls,
  className,
  remove,
}: {
  columns: readonly (Column<NoInfer<T>> | false | null | undefined)[];
  rows: readonly T[];
  rowKey(row: T): string;
  empty?: ReactNode;
  caption?: string;
  /** Wider than a phone: the wrapper becomes a focusable region named by `caption`. */
  scrolls?: boolean;
  className?: string;
  remove?: {
    intent: string;
    field: string;
    what(row: T): string;
    confirm(row: T): Confirmation;
  };
}) {
  const { t } = useTranslation();
  const removeColumn: Column<T> | null = remove
    ? {
        header: t('conf.remove'),
        hidden: true,
        cell: (row) => (
          <RowAction
            intent={remove.intent}
            fields={{ [remove.field]: rowKey(row) }}
            label={t('conf.remove')}
            what={remove.what(row)}
            confirm={remove.confirm(row)}
          />
        ),
      }
    : null;
  const shown = [...columns, removeColumn].filter((c): c is Column<T> => !!c);
  if (rows.length === 0 && empty !== undefined) return <p>{empty}</p>;
  return (
    // A table that is wider than a phone scrolls sideways: `scrolls` makes its wrapper a
    // named, focusable region so keyboard users can scroll it too.
    <div
      className="table-wrap"
      {...(scrolls && caption ? { role: 'region', 'aria-label': caption, tabIndex: 0 } : {})}
    >
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
