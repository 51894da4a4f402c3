import { z } from 'zod';
import { PageNumber, Timestamp } from './common.ts';

/**
 * A calendar day in Vietnam, typed `dd/MM/yyyy` (also `d/M/yyyy` or ISO `yyyy-MM-dd`),
 * read as `yyyy-MM-dd`.
 */
export const Day = z
  .string()
  .trim()
  .max(20)
  .transform((v, ctx) => {
    const vn = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(v);
    const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
    const [y, m, d] = vn ? [vn[3], vn[2], vn[1]] : iso ? [iso[1], iso[2], iso[3]] : [];
    const day = y && m && d ? `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}` : '';
    const date = new Date(`${day}T00:00:00Z`);
    if (
      !day ||
      Number.isNaN(date.getTime()) ||
      date.toISOString().slice(0, 10) !== day ||
      Number(y) < 1900 ||
      Number(y) > 2199
    ) {
      ctx.addIssue({ code: 'custom', message: 'day' });
      return z.NEVER;
    }
    return day;
  });

/** An action name `<capability>.<verb>`, or its beginning (`user.` or `user`: every account action). */
const ActionFilter = z
  .string()
  .trim()
  .max(80)
  .regex(/^[a-z_]+(\.[a-z_]*)?$/, 'format');

/** The audit trail's filters, as the page's address and the API take them. */
export const AuditQuery = z.strictObject({
  /** From this day (Vietnam time), inclusive. */
  from: Day.optional(),
  /** To this day (Vietnam time), inclusive. */
  to: Day.optional(),
  /** Who acted: part of their name or e-mail, or their account id. */
  actor: z.string().trim().max(200).optional(),
  action: ActionFilter.optional(),
  targetType: z
    .string()
    .trim()
    .max(40)
    .regex(/^[a-z_]+$/, 'format')
    .optional(),
  targetId: z.string().trim().max(200).optional(),
  conferenceId: z.uuid().optional(),
  /** The client's address, or its beginning (`10.0.`). */
  ip: z
    .string()
    .trim()
    .max(64)
    .regex(/^[0-9a-fA-F.:]+$/, 'format')
    .optional(),
  page: PageNumber,
});
export type AuditQueryInput = z.output<typeof AuditQuery>;

/** The most rows one export holds (newest first); narrow the filters for older ones. */
export const AUDIT_EXPORT_LIMIT = 50_000;

export const AuditExportQuery = AuditQuery.omit({ page: true }).extend({
  format: z.enum(['csv', 'xlsx']).default('csv'),
});
export type AuditExportInput = z.output<typeof AuditExportQuery>;

const Snapshot = z.record(z.string(), z.unknown()).nullable();

export const AuditEntryView = z
  .object({
    id: z.number().int(),
    at: Timestamp,
    /** Null: the system (a scheduled job, the console). */
    actor: z
      .object({
        id: z.uuid().nullable(),
        name: z.string().nullable(),
        email: z.string().nullable(),
      })
      .nullable(),
    ip: z.string().nullable(),
    action: z.string(),
    target: z.object({
      type: z.string(),
      id: z.string().nullable(),
      label: z.string().nullable(),
    }),
    conferenceId: z.uuid().nullable(),
    /** The changed fields before and after (secrets never enter). */
    before: Snapshot,
    after: Snapshot,
  })
  .meta({ id: 'AuditEntry' });
export type AuditEntryView = z.output<typeof AuditEntryView>;

export const AuditList = z
  .object({
    entries: z.array(AuditEntryView),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  })
  .meta({ id: 'AuditList' });

/** A value of a before/after snapshot as text: lists joined, objects as JSON, empty as `—`. */
export function auditValueText(value: unknown): string {
  if (value === undefined || value === null || value === '') return '—';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v !== 'object' || v === null))
    return value.length ? value.map(String).join(', ') : '—';
  return JSON.stringify(value);
}

/** The fields an entry changed, each with its value before and after, in a stable order. */
export function auditChanges(
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
): { field: string; before: string; after: string }[] {
  const fields = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  return fields.map((field) => ({
    field,
    before: auditValueText(before?.[field]),
    after: auditValueText(after?.[field]),
  }));
}
