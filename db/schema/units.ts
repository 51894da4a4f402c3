import { boolean, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const unitKinds = ['central_agency', 'ministry', 'city', 'province', 'other'] as const;
export const regions = ['north', 'central', 'south'] as const;

/** The directory of bodies (đơn vị) that organise conferences or take part as bridge points. */
export const units = pgTable(
  'units',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Stable short code, e.g. `ha-noi`, `bo-tai-chinh`. */
    code: text('code').notNull(),
    /** Official Vietnamese name, e.g. `Thành phố Hà Nội`. */
    name: text('name').notNull(),
    shortName: text('short_name').notNull(),
    kind: text('kind', { enum: unitKinds }).notNull(),
    /** Where a provincial-level unit lies, for the country grid. */
    region: text('region', { enum: regions }),
    /** Reference data shipped with the product. */
    builtIn: boolean('built_in').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('units_code_key').on(t.code)],
);

export type UnitRow = typeof units.$inferSelect;
