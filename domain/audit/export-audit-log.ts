import { and, desc, eq } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';
import { auditLog } from '../../db/schema/audit.ts';
import { AUDIT_EXPORT_LIMIT, auditChanges, type AuditExportInput } from '../../protocol/audit.ts';
import type { Actor } from '../auth/policies.ts';
import { CSV_MIME, writeSpreadsheet, XLSX_MIME } from '../files/spreadsheet.ts';
import { dateTime, TIME_ZONE } from '../reports/record-format.ts';
import { auditFilter } from './list-audit-log.ts';
import { requireAuditReader } from './policies.ts';

/**
 * The filtered audit trail as CSV (UTF-8 with a BOM, formula-looking cells as text) or
 * XLSX, newest first, for the same readers as the list.
 */
export async function exportAuditLog(opts: {
  db: Database;
  actor: Actor | null;
  input: AuditExportInput;
}): Promise<{ name: string; mime: string; data: Buffer }> {
  const { onlyConference } = await requireAuditReader(opts.db, opts.actor, opts.input.conferenceId);
  const rows = await opts.db
    .select()
    .from(auditLog)
    .where(
      and(
        auditFilter(opts.input),
        onlyConference ? eq(auditLog.conferenceId, onlyConference) : undefined,
      ),
    )
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(AUDIT_EXPORT_LIMIT);
  const data = await writeSpreadsheet(opts.input.format, [
    {
      title: 'Nhật ký hệ thống',
      header: [
        'Mã',
        'Thời gian (giờ Việt Nam)',
        'Thời gian (UTC)',
        'Người thực hiện',
        'E-mail người thực hiện',
        'Mã người thực hiện',
        'Địa chỉ IP',
        'Thao tác',
        'Loại đối tượng',
        'Mã đối tượng',
        'Đối tượng',
        'Mã hội nghị',
        'Thay đổi (trước → sau)',
      ],
      rows: rows.map((r) => [
        r.id,
        dateTime(r.at.getTime()),
        r.at.toISOString(),
        r.actorName ?? (r.actorId ? '' : 'Hệ thống'),
        r.actorEmail ?? '',
        r.actorId ?? '',
        r.ip ?? '',
        r.action,
        r.targetType,
        r.targetId ?? '',
        r.targetLabel ?? '',
        r.conferenceId ?? '',
        auditChanges(
          r.before as Record<string, unknown> | null,
          r.after as Record<string, unknown> | null,
        )
          .map((c) => `${c.field}: ${c.before} → ${c.after}`)
          .join('\n'),
      ]),
    },
  ]);
  // Named by the day in Vietnam, as the entries show their times.
  const stamp = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE }).format(new Date());
  return opts.input.format === 'csv'
    ? { name: `nhat-ky-he-thong-${stamp}.csv`, mime: CSV_MIME, data }
    : { name: `nhat-ky-he-thong-${stamp}.xlsx`, mime: XLSX_MIME, data };
}
