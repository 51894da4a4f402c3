import { z } from 'zod';

export const languages = ['vi', 'en'] as const;
export const Language = z.enum(languages);
export type Language = z.infer<typeof Language>;

/** Site-wide roles; the newsroom's are reporter, editor and approver (see domain/news/workflow.ts). */
export const globalRoles = ['admin', 'editor', 'reporter', 'approver'] as const;
export const GlobalRole = z.enum(globalRoles);
export type GlobalRole = z.infer<typeof GlobalRole>;

export const Uuid = z.uuid();

/** ISO 8601 timestamp as sent over the wire. */
export const Timestamp = z.iso.datetime({ offset: true });

/** The years a date in this product may fall in (a conference, a schedule, an old article). */
export const DATE_RANGE = {
  min: new Date('1900-01-01T00:00:00Z'),
  max: new Date('2200-01-01T00:00:00Z'),
};

/**
 * A moment sent as ISO 8601 with its offset (`2026-12-18T08:00:00+07:00`), read as a
 * Date within `DATE_RANGE`: year 0000, negative years or 275760 are refused at the edge.
 */
export const DateTime = z.iso
  .datetime({ offset: true, error: 'datetime' })
  .transform((v) => new Date(v))
  .pipe(
    z
      .date({ error: 'datetime' })
      .min(DATE_RANGE.min, { error: 'date_out_of_range' })
      .max(DATE_RANGE.max, { error: 'date_out_of_range' }),
  );

/**
 * A whole number as JSON sends it (`12`) or a form or query string does (`"12"`); never
 * `"0x10"`, `"1e3"`, `"1.5"` or `" "`, which `Number()` would read.
 */
export const wholeNumber = (min: number, max: number) =>
  z
    .union([
      z.number(),
      z
        .string()
        .trim()
        .regex(/^\d{1,15}$/, 'whole_number'),
    ])
    .pipe(z.coerce.number<string | number>().int().min(min).max(max));

/** A page number in a list (API and pages alike). */
export const PageNumber = wholeNumber(1, 10_000).default(1);

/** The longest search query, in characters (the search boxes hold no more). */
export const SEARCH_MAX_LENGTH = 200;
/** A reader's search or list page: `?q=…&page=…`. */
export const SearchQuery = z.object({
  q: z.string().trim().max(SEARCH_MAX_LENGTH).default(''),
  page: PageNumber,
});
