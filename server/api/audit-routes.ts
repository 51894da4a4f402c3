import { exportAuditLog } from '../../domain/audit/export-audit-log.ts';
import { listAuditLog } from '../../domain/audit/list-audit-log.ts';
import { CSV_MIME, XLSX_MIME } from '../../domain/files/spreadsheet.ts';
import { AuditExportQuery, AuditList, AuditQuery } from '../../protocol/audit.ts';
import { defineRoute, FileResponse } from './route.ts';

const tag = 'audit';

export const auditRoutes = [
  defineRoute({
    method: 'get',
    path: '/audit',
    operationId: 'listAuditLog',
    summary:
      'The audit trail, newest first, filtered (days dd/MM/yyyy, actor, action, target, conference, address) and paged: administrators; organisers with their conferenceId',
    tag,
    access: 'signed-in',
    query: AuditQuery,
    response: AuditList,
    errors: ['validation', 'unauthenticated', 'forbidden', 'not_found'],
    handler: (ctx) => listAuditLog({ db: ctx.db, actor: ctx.actor, input: ctx.query }),
  }),
  defineRoute({
    method: 'get',
    path: '/audit/export',
    operationId: 'exportAuditLog',
    summary: 'The filtered audit trail as CSV or XLSX (same readers as the list)',
    tag,
    access: 'signed-in',
    query: AuditExportQuery,
    produces: [CSV_MIME, XLSX_MIME],
    errors: ['validation', 'unauthenticated', 'forbidden', 'not_found'],
    handler: async (ctx) =>
      new FileResponse(await exportAuditLog({ db: ctx.db, actor: ctx.actor, input: ctx.query })),
  }),
];
