import { ConferenceIdParams } from '../../protocol/conferences.ts';
import {
  ConferenceRecord,
  FinishedRecordDocument,
  FinishRecordDocumentRequest,
  RecordDocumentParams,
  RecordDocumentView,
  RecordFileQuery,
  RecordNewsDraft,
  RecordQuery,
  SavedRecordDocument,
  SaveRecordDocumentRequest,
} from '../../protocol/reports.ts';
import { getConferenceRecord } from '../../domain/reports/conference-record.ts';
import {
  finishRecordDocument,
  getRecordDocument,
  saveRecordDocument,
} from '../../domain/reports/record-documents.ts';
import { DOCX_MIME, PDF_MIME, recordFile } from '../../domain/reports/record-files.ts';
import { createRecordNewsDraft } from '../../domain/reports/record-news-draft.ts';
import { CSV_MIME, XLSX_MIME } from '../../domain/files/spreadsheet.ts';
import { defineRoute, FileResponse } from './route.ts';

const tag = 'record';
const c = '/conferences/:conferenceId/record';

/** The conference record: figures, minutes, conclusions, files, the news draft. */
export const recordRoutes = [
  defineRoute({
    method: 'get',
    path: c,
    operationId: 'getConferenceRecord',
    summary:
      'What happened at the conference: attendance, turns, contributions, submissions, minutes, conclusions (`view=public`: what the public may see)',
    tag,
    access: 'public',
    params: ConferenceIdParams,
    query: RecordQuery,
    response: ConferenceRecord,
    errors: ['not_found', 'unauthenticated', 'forbidden'],
    handler: (ctx) =>
      getConferenceRecord({
        db: ctx.db,
        actor: ctx.actor,
        conferenceId: ctx.params.conferenceId,
        view: ctx.query.view,
      }),
  }),
  defineRoute({
    method: 'get',
    path: `${c}/file`,
    operationId: 'downloadConferenceRecord',
    summary:
      'The record as a file: PDF (with charts), the minutes or the report as DOCX (Decree 30/2020 layout), the data as XLSX, one table as CSV',
    tag,
    access: 'public',
    params: ConferenceIdParams,
    query: RecordFileQuery,
    produces: [PDF_MIME, DOCX_MIME, XLSX_MIME, CSV_MIME],
    errors: ['not_found', 'unauthenticated', 'forbidden'],
    handler: async (ctx) =>
      new FileResponse(
        await recordFile({
          db: ctx.db,
          actor: ctx.actor,
          conferenceId: ctx.params.conferenceId,
          ...ctx.query,
          fontDir: ctx.records.fontDir,
          render: ctx.records.render,
        }),
      ),
  }),
  defineRoute({
    method: 'get',
    path: `${c}/:document`,
    operationId: 'getRecordDocument',
    summary: 'The minutes or the conclusions for editing: text, version, a draft from the log',
    tag,
    access: 'signed-in',
    params: RecordDocumentParams,
    response: RecordDocumentView,
    errors: ['not_found', 'unauthenticated', 'forbidden'],
    handler: (ctx) =>
      getRecordDocument({
        db: ctx.db,
        actor: ctx.actor,
        conferenceId: ctx.params.conferenceId,
        kind: ctx.params.document,
      }),
  }),
  defineRoute({
    method: 'put',
    path: `${c}/:document`,
    operationId: 'saveRecordDocument',
    summary: 'Saves the minutes or the conclusions (409 when locked or saved by someone since)',
    tag,
    access: 'signed-in',
    params: RecordDocumentParams,
    body: SaveRecordDocumentRequest,
    bodyLimit: 600_000,
    response: SavedRecordDocument,
    errors: ['validation', 'not_found', 'unauthenticated', 'forbidden', 'conflict'],
    handler: (ctx) =>
      saveRecordDocument({
        db: ctx.db,
        actor: ctx.actor,
        conferenceId: ctx.params.conferenceId,
        kind: ctx.params.document,
        ...ctx.body,
      }),
  }),
  defineRoute({
    method: 'post',
    path: `${c}/:document/finish`,
    operationId: 'finishRecordDocument',
    summary:
      'Locks the minutes (final), or publishes (or, with publish=false, withdraws) the conclusions',
    tag,
    access: 'signed-in',
    params: RecordDocumentParams,
    body: FinishRecordDocumentRequest,
    response: FinishedRecordDocument,
    errors: ['not_found', 'unauthenticated', 'forbidden', 'conflict'],
    handler: (ctx) =>
      finishRecordDocument({
        db: ctx.db,
        actor: ctx.actor,
        conferenceId: ctx.params.conferenceId,
        kind: ctx.params.document,
        publish: ctx.body.publish,
      }),
  }),
  defineRoute({
    method: 'post',
    path: `${c}/news-draft`,
    operationId: 'createRecordNewsDraft',
    summary:
      'A draft article in the portal from the record (figures, frames of the recording, links back)',
    tag,
    access: 'signed-in',
    params: ConferenceIdParams,
    status: 201,
    response: RecordNewsDraft,
    errors: ['not_found', 'unauthenticated', 'forbidden'],
    handler: (ctx) =>
      createRecordNewsDraft({
        db: ctx.db,
        actor: ctx.actor,
        conferenceId: ctx.params.conferenceId,
        publicUrl: ctx.records.publicUrl(),
        media: ctx.records.media,
      }),
  }),
];
