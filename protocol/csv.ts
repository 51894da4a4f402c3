/** What a spreadsheet program would read as a formula at the start of a cell. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A text cell made safe for a CSV file opened in a spreadsheet program: one that
 * starts like a formula (`=`, `+`, `-`, `@`, tab, CR) gets a leading apostrophe, so it
 * is shown as text and never run (`=HYPERLINK(…)` stays text).
 */
export function safeCell<T>(value: T): T | string {
  return typeof value === 'string' && FORMULA_START.test(value) ? `'${value}` : value;
}

/** The reverse, for a file of ours being imported again: `'=x` → `=x`. */
export function unsafeCell(value: string): string {
  return value.startsWith("'") && FORMULA_START.test(value.slice(1)) ? value.slice(1) : value;
}
