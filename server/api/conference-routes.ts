import { z } from 'zod';
import { problemMessage } from '../../app/i18n/error-body.ts';
import { getT } from '../../app/i18n/i18n.ts';
import {
  addAgendaItem,
  getAgenda,
  moveAgendaItem,
  removeAgendaItem,
  updateAgendaItem,
} from '../../domain/conferences/agenda.ts';
import {
  changeConferenceStatus,
  createConference,
  getConferenceOverview,
  listMyConferences,
  listUnits,
  setThemes,
  updateConference,
} from '../../domain/conferences/conferences.ts';
import { CSV_MIME, XLSX_MIME } from '../../domain/files/spreadsheet.ts';
import { FILE_KINDS } from '../../domain/files/stored-files.ts';
import {
  addDocument,
  DOCUMENT_MAX_BYTES,
  getDocumentFile,
  listDocuments,
  removeDocument,
} from '../../domain/conferences/documents.ts';
import { confirmImport } from '../../domain/conferences/confirm-import.ts';
import { exportParticipants } from '../../domain/conferences/export-participants.ts';
import { IMPORT_MAX_BYTES } from '../../domain/conferences/import-format.ts';
import { previewImport } from '../../domain/conferences/preview-import.ts';
import {
  assignRole,
  consumeSignInLink,
  createMissingOperators,
  createSiteOperator,
  issueSignInLinks,
  listMembers,
  removeMember,
} from '../../domain/conferences/members.ts';
import {
  addDelegate,
  addSite,
  getSiteDetail,
  listSites,
  removeDelegate,
  removeSite,
  updateDelegate,
  updateSite,
} from '../../domain/conferences/sites.ts';
import {
  createSubmission,
  getSubmissionFile,
  listSubmissions,
  reviewSubmission,
  scheduleSubmission,
  SUBMISSION_MAX_BYTES,
} from '../../domain/conferences/submissions.ts';
import {
  AgendaItemList,
  AgendaItemParams,
  AgendaItemView,
  AgendaView,
  AssignRoleRequest,
  ChangeStatusRequest,
  ConferenceIdParams,
  ConfirmImportRequest,
  CreateAgendaItemRequest,
  CreateConferenceRequest,
  CreateDelegateRequest,
  CreateOperatorRequest,
  CreateSiteRequest,
  DelegateParams,
  DocumentFields,
  DocumentParams,
  ExportQuery,
  IssueLinksRequest,
  MemberParams,
  MoveAgendaItemRequest,
  ReviewSubmissionRequest,
  ScheduleSubmissionRequest,
  SetThemesRequest,
  SiteParams,
  SubmissionFields,
  SubmissionParams,
  UpdateAgendaItemRequest,
  UpdateConferenceRequest,
  UpdateDelegateRequest,
  UpdateSiteRequest,
  ConferenceOverview,
  ConferenceSummary,
  ConferenceView,
  CreatedOperator,
  DelegateView,
  DocumentListItem,
  DocumentView,
  ImportPreviewResponse,
  ImportResult,
  LinkSignInResponse,
  MemberListItem,
  MemberView,
  SignInLinks,
  SiteDetail,
  SiteView,
  SiteWithDelegates,
  SubmissionListItem,
  SubmissionView,
  ThemeList,
  UnitView,
} from '../../protocol/conferences.ts';
import { defineRoute, FileResponse } from './route.ts';
import {
  emailBatchProgress,
  emailSignInLinks,
} from '../../domain/conferences/email-sign-in-links.ts';
import { EmailBatchParams, EmailBatchProgress, EmailLinksResponse } from '../../protocol/email.ts';

const { pdf: PDF, docx: DOCX, xlsx: XLSX } = FILE_KINDS;
const PDF_DOCX = `${PDF}, ${DOCX}`;
const tag = 'conferences';
const c = '/conferences/:conferenceId';

export const conferenceRoutes = [
  defineRoute({
    method: 'get',
    path: '/units',
    operationId: 'listUnits',
    summary: 'The directory of units (provinces, ministries, agencies)',
    tag,
    access: 'signed-in',
    response: z.array(UnitView),
    handler: (ctx) => listUnits({ db: ctx.db }),
  }),
  defineRoute({
    method: 'get',
    path: '/conferences',
    operationId: 'listMyConferences',
    summary: 'Conferences the caller takes part in (all for administrators)',
    tag,
    access: 'signed-in',
    response: z.array(ConferenceSummary),
    handler: (ctx) => listMyConferences(ctx),
  }),
  defineRoute({
    method: 'post',
    path: '/conferences',
    operationId: 'createConference',
    summary: 'Create a conference; the caller becomes its organiser',
    tag,
    access: 'admin',
    body: CreateConferenceRequest,
    status: 201,
    response: ConferenceView,
    handler: (ctx) => createConference({ db: ctx.db, actor: ctx.actor, input: ctx.body }),
  }),
  defineRoute({
    method: 'get',
    path: c,
    operationId: 'getConference',
    summary: 'A conference with its themes and the sites the caller may see',
    tag,
    access: 'signed-in',
    params: ConferenceIdParams,
    response: ConferenceOverview,
    errors: ['not_found', 'forbidden'],
    handler: (ctx) =>
      getConferenceOverview({
        db: ctx.db,
        actor: ctx.actor,
        conferenceId: ctx.params.conferenceId,
      }),
  }),
  defineRoute({
    method: 'patch',
    path: c,
    operationId: 'updateConference',
    summary: 'Change a conference (organisers)',
    tag,
    access: 'signed-in',
    params: ConferenceIdParams,
    body: UpdateConferenceRequest,
    response: ConferenceView,
    errors: ['not_found', 'forbidden'],
    handler: (ctx) =>
      updateConference({
        db: ctx.db,
        actor: ctx.actor,
        conferenceId: ctx.params.conferenceId,
        input: ctx.body,
      }),
  }),
  defineRoute({
    method: 'post',
    path: `${c}/status`,
    operationId: 'changeConferenceStatus',
    summary: 'Move a conference through draft → scheduled → live → ended → archived',
    tag,
    access: 'signed-in',
    params: ConferenceIdParams,
    body: ChangeStatusRequest,
    response: ConferenceView,
    errors: ['not_found', 'forbidden', 'invalid_transition'],
    handler: (ctx) =>
      changeConferenceStatus({
        db: ctx.db,
        actor: ctx.actor,
        conferenceId: ctx.params.conferenceId,
        status: ctx.body.status,
      }),
  }),
  defineRoute({
    method: 'put',
    path: `${c}/themes`,
    operationId: 'setThemes',
    summary: 'Replace the ordered list of discussion themes',
    tag,
    access: 'signed-in',
    params: ConferenceIdParams,
    body: SetThemesRequest,
    response: ThemeList,
    errors: ['not_found', 'forbidden', 'in_use'],
    handler: (ctx) =>
      setThemes({
        db: ctx.db,
        actor: ctx.actor,
        conferenceId: ctx.params.conferenceId,
        input: ctx.body,
      }),
  }),
  // Sites and delegates
  defineRoute({
    method: 'get',
    path: `${c}/sites`,
    operationId: 'listSites',
    summary: 'Bridge points with their delegates (a site operator sees their own only)',
    tag,
    access: 'signed-in',
    params: ConferenceIdParams,
    response: z.array(SiteWithDelegates),
    errors: ['not_found', 'forbidden'],
    handler: (ctx) =>
      listSites({ db: ctx.db, actor: ctx.actor, conferenceId: ctx.params.conferenceId }),
  }),
  defineRoute({
    method: 'post',
    path: `${c}/sites`,
    operationId: 'addSite',
    summary: 'Add a bridge point (organisers)',
    tag,
    access: 'signed-in',
    params: ConferenceIdParams,
    body: CreateSiteRequest,
    status: 201,
    response: SiteView,
    errors: ['not_found', 'forbidden', 'conflict'],
    handler: (ctx) =>
      addSite({
        db: ctx.db,
        actor: ctx.actor,
        conferenceId: ctx.params.conferenceId,
        input: ctx.body,
      }),
  }),
  defineRoute({
    method: 'get',
    path: `${c}/sites/:siteId`,
    operationId: 'getSite',
    summary: 'One bridge point with its delegates',
    tag,
    access: 'signed-in',
    params: SiteParams,
    response: SiteDetail,
    errors: ['not_found', 'forbidden'],
    async handler(ctx) {
      const { site, delegates, operators } = await getSiteDetail({
        db: ctx.db,
        actor: ctx.actor,
        ...ctx.params,
      });
      return { site, delegates, operators };
    },
  }),
  defineRoute({
    method: 'patch',
    path: `${c}/sites/:siteId`,
    operationId: 'updateSite',
    summary: 'Change a bridge point (organisers; its own operator for its contact details)',
    tag,
    access: 'signed-in',
    params: SiteParams,
    body: UpdateSiteRequest,
    response: SiteView,
    errors: ['not_found', 'forbidden', 'conflict'],
    handler: (ctx) => updateSite({ db: ctx.db, actor: ctx.actor, ...ctx.params, input: ctx.body }),
  }),
  defineRoute({
    method: 'delete',
    path: `${c}/sites/:siteId`,
    operationId: 'removeSite',
    summary: 'Remove a bridge point (organisers)',
    tag,
    access: 'signed-in',
    params: SiteParams,
    status: 204,
    errors: ['not_found', 'forbidden', 'site_has_activity'],
    handler: async (ctx) => {
      await removeSite({ db: ctx.db, actor: ctx.actor, ...ctx.params });
    },
  }),
  defineRoute({
    method: 'post',
    path: `${c}/sites/:siteId/delegates`,
    operationId: 'addDelegate',
    summary: 'Add a delegate to a bridge point',
    tag,
    access: 'signed-in',
    params: SiteParams,
    body: CreateDelegateRequest,
    status: 201,
    response: DelegateView,
    errors: ['not_found', 'forbidden'],
    handler: (ctx) => addDelegate({ db: ctx.db, actor: ctx.actor, ...ctx.params, input: ctx.body }),
  }),
  defineRoute({
    method: 'patch',
    path: `${c}/sites/:siteId/delegates/:delegateId`,
    operationId: 'updateDelegate',
    summary: 'Change a delegate',
    tag,
    access: 'signed-in',
    params: DelegateParams,
    body: UpdateDelegateRequest,
    response: DelegateView,
    errors: ['not_found', 'forbidden'],
    handler: (ctx) =>
      updateDelegate({ db: ctx.db, actor: ctx.actor, ...ctx.params, input: ctx.body }),
  }),
  defineRoute({
    method: 'delete',
    path: `${c}/sites/:siteId/delegates/:delegateId`,
    operationId: 'removeDelegate',
    summary: 'Remove a delegate',
    tag,
    access: 'signed-in',
    params: DelegateParams,
    status: 204,
    errors: ['not_found', 'forbidden'],
    handler: async (ctx) => {
      await removeDelegate({ db: ctx.db, actor: ctx.actor, ...ctx.params });
    },
  }),
  defineRoute({
    method: 'post',
    path: `${c}/sites/:siteId/operators`,
    operationId: 'createSiteOperator',
    summary: 'Create an operator account bound to a bridge point (organisers)',
    tag,
    access: 'signed-in',
    params: SiteParams,
    body: CreateOperatorRequest,
    status: 201,
    response: CreatedOperator,
    errors: ['not_found', 'forbidden', 'email_taken'],
    handler: (ctx) =>
      createSiteOperator({ db: ctx.db, actor: ctx.actor, ...ctx.params, input: ctx.body }),
  }),
  defineRoute({
    method: 'post',
    path: `${c}/operators`,
    operationId: 'createMissingOperators',
    summary:
      'Create an operator account for every bridge point that has none, in one transaction (organisers)',
    tag,
    access: 'signed-in',
    params: ConferenceIdParams,
    status: 201,
    response: z.object({ created: z.number().int() }),
    errors: ['not_found', 'forbidden'],
    handler: (ctx) =>
      createMissingOperators({
        db: ctx.db,
        actor: ctx.actor,
        conferenceId: ctx.params.conferenceId,
      }),
  }),
  // Import and export
  defineRoute({
    method: 'post',
    path: `${c}/import/preview`,
    operationId: 'previewImport',
    summary:
      'Check a CSV or XLSX file of bridge points and delegates; every bad row is reported, nothing is stored',
    tag,
    access: 'signed-in',
    params: ConferenceIdParams,
    upload: {
      field: 'file',
      maxBytes: IMPORT_MAX_BYTES,
      accept: `text/csv, ${XLSX}`,
    },
    response: ImportPreviewResponse,
    errors: ['not_found', 'forbidden'],
    async handler(ctx) {
      const preview = await previewImport({
        db: ctx.db,
        actor: ctx.actor,
        conferenceId: ctx.params.conferenceId,
        file: ctx.file,
      });
      // Each problem as the page shows it: in the caller's language.
      const t = getT(ctx.lang);
      return {
        ...preview,
        problems: preview.problems.map(({ sheet, line, column, ...problem }) => ({
          sheet,
          line,
          column,
          message: problemMessage(problem, t),
        })),
      };
    },
  }),
  defineRoute({
    method: 'post',
    path: `${c}/import/confirm`,
    operationId: 'confirmImport',
    summary: 'Apply a valid preview, all rows in one transaction',
    tag,
    access: 'signed-in',
    params: ConferenceIdParams,
    body: ConfirmImportRequest,
    response: ImportResult,
    errors: ['not_found', 'forbidden'],
    handler: (ctx) =>
      confirmImport({
        db: ctx.db,
        actor: ctx.actor,
        conferenceId: ctx.params.conferenceId,
        previewId: ctx.body.previewId,
      }),
  }),
  defineRoute({
    method: 'get',
    path: `${c}/export`,
    operationId: 'exportParticipants',
    summary:
      'Bridge points and delegates as CSV (one kind) or XLSX (both sheets), in the import format',
    tag,
    access: 'signed-in',
    params: ConferenceIdParams,
    query: ExportQuery,
    produces: [CSV_MIME, XLSX_MIME],
    errors: ['not_found', 'forbidden'],
    handler: async (ctx) =>
      new FileResponse(
        await exportParticipants({
          db: ctx.db,
          actor: ctx.actor,
          conferenceId: ctx.params.conferenceId,
          ...ctx.query,
        }),
      ),
  }),
  // Agenda
  defineRoute({
    method: 'get',
    path: `${c}/agenda`,
    operationId: 'getAgenda',
    summary: 'The agenda with planned start of each item, total and planned end',
    tag,
    access: 'public',
    params: ConferenceIdParams,
    response: AgendaView,
    errors: ['not_found'],
    handler: (ctx) =>
      getAgenda({ db: ctx.db, actor: ctx.actor, conferenceId: ctx.params.conferenceId }),
  }),
  defineRoute({
    method: 'post',
    path: `${c}/agenda`,
    operationId: 'addAgendaItem',
    summary: 'Append an agenda item (organisers)',
    tag,
    access: 'signed-in',
    params: ConferenceIdParams,
    body: CreateAgendaItemRequest,
    status: 201,
    response: AgendaItemView,
    errors: ['not_found', 'forbidden'],
    handler: (ctx) =>
      addAgendaItem({
        db: ctx.db,
        actor: ctx.actor,
        conferenceId: ctx.params.conferenceId,
        input: ctx.body,
      }),
  }),
  defineRoute({
    method: 'patch',
    path: `${c}/agenda/:itemId`,
    operationId: 'updateAgendaItem',
    summary: 'Change an agenda item',
    tag,
    access: 'signed-in',
    params: AgendaItemParams,
    body: UpdateAgendaItemRequest,
    response: AgendaItemView,
    errors: ['not_found', 'forbidden'],
    handler: (ctx) =>
      updateAgendaItem({ db: ctx.db, actor: ctx.actor, ...ctx.params, input: ctx.body }),
  }),
  defineRoute({
    method: 'post',
    path: `${c}/agenda/:itemId/move`,
    operationId: 'moveAgendaItem',
    summary: 'Move an agenda item to a position (0-based); the others close ranks',
    tag,
    access: 'signed-in',
    params: AgendaItemParams,
    body: MoveAgendaItemRequest,
    response: AgendaItemList,
    errors: ['not_found', 'forbidden'],
    handler: (ctx) =>
      moveAgendaItem({ db: ctx.db, actor: ctx.actor, ...ctx.params, position: ctx.body.position }),
  }),
  defineRoute({
    method: 'delete',
    path: `${c}/agenda/:itemId`,
    operationId: 'removeAgendaItem',
    summary: 'Remove an agenda item',
    tag,
    access: 'signed-in',
    params: AgendaItemParams,
    status: 204,
    errors: ['not_found', 'forbidden'],
    handler: async (ctx) => {
      await removeAgendaItem({ db: ctx.db, actor: ctx.actor, ...ctx.params });
    },
  }),
  // Roles and sign-in links
  defineRoute({
    method: 'get',
    path: `${c}/members`,
    operationId: 'listMembers',
    summary: 'Who has which role in the conference (organisers)',
    tag,
    access: 'signed-in',
    params: ConferenceIdParams,
    response: z.array(MemberListItem),
    errors: ['not_found', 'forbidden'],
    handler: (ctx) =>
      listMembers({ db: ctx.db, actor: ctx.actor, conferenceId: ctx.params.conferenceId }),
  }),
  defineRoute({
    method: 'post',
    path: `${c}/members`,
    operationId: 'assignRole',
    summary:
      'Give an account a role: organiser, chair, secretary, site operator (one site), delegate',
    tag,
    access: 'signed-in',
    params: ConferenceIdParams,
    body: AssignRoleRequest,
    status: 201,
    response: MemberView,
    errors: ['not_found', 'forbidden', 'conflict'],
    handler: (ctx) =>
      assignRole({
        db: ctx.db,
        actor: ctx.actor,
        conferenceId: ctx.params.conferenceId,
        input: ctx.body,
      }),
  }),
  defineRoute({
    method: 'delete',
    path: `${c}/members/:memberId`,
    operationId: 'removeMember',
    summary: 'Take a role away',
    tag,
    access: 'signed-in',
    params: MemberParams,
    status: 204,
    errors: ['not_found', 'forbidden'],
    handler: async (ctx) => {
      await removeMember({ db: ctx.db, actor: ctx.actor, ...ctx.params });
    },
  }),
  defineRoute({
    method: 'post',
    path: `${c}/sign-in-links`,
    operationId: 'issueSignInLinks',
    summary:
      'Single-use, expiring sign-in links for the operator accounts this conference created (each shown once); operators with accounts of their own are listed as skipped',
    tag,
    access: 'signed-in',
    params: ConferenceIdParams,
    body: IssueLinksRequest,
    response: SignInLinks,
    errors: ['not_found', 'forbidden'],
    async handler(ctx) {
      const { links, skipped } = await issueSignInLinks({
        db: ctx.db,
        actor: ctx.actor,
        conferenceId: ctx.params.conferenceId,
        input: ctx.body,
        secret: ctx.secret,
      });
      return {
        links: links.map((l) => ({ ...l, path: `/dang-nhap/lien-ket/${l.token}` })),
        skipped,
      };
    },
  }),
  defineRoute({
    method: 'post',
    path: `${c}/sign-in-links/email`,
    operationId: 'emailSignInLinks',
    summary:
      'Issues sign-in links for the chosen sites’ operators and queues one e-mail each (to the operator account’s real address, else the site’s technical e-mail); progress at email-batches/{batchId}',
    tag,
    access: 'signed-in',
    params: ConferenceIdParams,
    body: IssueLinksRequest,
    response: EmailLinksResponse,
    errors: ['not_found', 'forbidden', 'validation'],
    handler: (ctx) =>
      emailSignInLinks({
        db: ctx.db,
        actor: ctx.actor,
        conferenceId: ctx.params.conferenceId,
        input: ctx.body,
        secret: ctx.secret,
      }),
  }),
  defineRoute({
    method: 'get',
    path: `${c}/email-batches/:batchId`,
    operationId: 'getEmailBatch',
    summary: 'Per-address results of a sending of sign-in links by e-mail',
    tag,
    access: 'signed-in',
    params: EmailBatchParams,
    response: EmailBatchProgress,
    errors: ['not_found', 'forbidden'],
    handler: (ctx) => emailBatchProgress({ db: ctx.db, actor: ctx.actor, ...ctx.params }),
  }),
  defineRoute({
    method: 'post',
    path: '/auth/link',
    operationId: 'signInWithLink',
    summary: 'Sign in with a single-use link token',
    tag: 'auth',
    access: 'public',
    body: z.strictObject({ token: z.string().min(1).max(100) }),
    response: LinkSignInResponse,
    errors: ['link_invalid'],
    async handler(ctx) {
      const result = await consumeSignInLink({
        db: ctx.db,
        token: ctx.body.token,
        secret: ctx.secret,
        ip: ctx.ip,
        userAgent: ctx.userAgent,
      });
      if (result.secondFactorRequired) {
        ctx.setCookie(ctx.cookies.challenge(result.challengeToken, result.expiresAt));
        return {
          conferenceId: result.conferenceId,
          siteId: result.siteId,
          secondFactorRequired: true,
        };
      }
      ctx.setCookie(ctx.cookies.session(result.token, result.expiresAt));
      ctx.setCookie(ctx.cookies.lang(result.language));
      return { conferenceId: result.conferenceId, siteId: result.siteId };
    },
  }),
  // Written submissions
  defineRoute({
    method: 'get',
    path: `${c}/submissions`,
    operationId: 'listSubmissions',
    summary: 'Written submissions (all for organisers, own site for others)',
    tag,
    access: 'signed-in',
    params: ConferenceIdParams,
    response: z.array(SubmissionListItem),
    errors: ['not_found', 'forbidden'],
    handler: (ctx) =>
      listSubmissions({ db: ctx.db, actor: ctx.actor, conferenceId: ctx.params.conferenceId }),
  }),
  defineRoute({
    method: 'post',
    path: `${c}/submissions`,
    operationId: 'createSubmission',
    summary: 'Send a written submission: PDF or DOCX up to 20 MB, checked by content',
    tag,
    access: 'signed-in',
    params: ConferenceIdParams,
    body: SubmissionFields,
    upload: { field: 'file', maxBytes: SUBMISSION_MAX_BYTES, accept: PDF_DOCX },
    status: 201,
    response: SubmissionView,
    errors: ['not_found', 'forbidden'],
    handler: (ctx) =>
      createSubmission({
        db: ctx.db,
        actor: ctx.actor,
        conferenceId: ctx.params.conferenceId,
        input: ctx.body,
        file: ctx.file,
      }),
  }),
  defineRoute({
    method: 'post',
    path: `${c}/submissions/:submissionId/review`,
    operationId: 'reviewSubmission',
    summary: 'Accept a submission, or return it with a reason (organisers)',
    tag,
    access: 'signed-in',
    params: SubmissionParams,
    body: ReviewSubmissionRequest,
    response: SubmissionView,
    errors: ['not_found', 'forbidden'],
    handler: (ctx) =>
      reviewSubmission({ db: ctx.db, actor: ctx.actor, ...ctx.params, input: ctx.body }),
  }),
  defineRoute({
    method: 'post',
    path: `${c}/submissions/:submissionId/schedule`,
    operationId: 'scheduleSubmission',
    summary: 'Turn an accepted submission into a speaking slot in the agenda',
    tag,
    access: 'signed-in',
    params: SubmissionParams,
    body: ScheduleSubmissionRequest,
    status: 201,
    response: AgendaItemView,
    errors: ['not_found', 'forbidden', 'invalid_transition'],
    handler: (ctx) =>
      scheduleSubmission({
        db: ctx.db,
        actor: ctx.actor,
        ...ctx.params,
        durationMinutes: ctx.body.durationMinutes,
      }),
  }),
  defineRoute({
    method: 'get',
    path: `${c}/submissions/:submissionId/file`,
    operationId: 'getSubmissionFile',
    summary: 'Download the paper of a submission',
    tag,
    access: 'signed-in',
    params: SubmissionParams,
    produces: [PDF, DOCX],
    errors: ['not_found', 'forbidden'],
    handler: async (ctx) =>
      new FileResponse(await getSubmissionFile({ db: ctx.db, actor: ctx.actor, ...ctx.params })),
  }),
  // Documents
  defineRoute({
    method: 'get',
    path: `${c}/documents`,
    operationId: 'listDocuments',
    summary: 'Conference documents (public conference: everyone; internal: participants)',
    tag,
    access: 'public',
    params: ConferenceIdParams,
    response: z.array(DocumentListItem),
    errors: ['not_found'],
    handler: (ctx) =>
      listDocuments({ db: ctx.db, actor: ctx.actor, conferenceId: ctx.params.conferenceId }),
  }),
  defineRoute({
    method: 'post',
    path: `${c}/documents`,
    operationId: 'addDocument',
    summary: 'Publish a document for participants: PDF, DOCX or XLSX up to 20 MB',
    tag,
    access: 'signed-in',
    params: ConferenceIdParams,
    body: DocumentFields,
    upload: {
      field: 'file',
      maxBytes: DOCUMENT_MAX_BYTES,
      accept: `${PDF_DOCX}, ${XLSX}`,
    },
    status: 201,
    response: DocumentView,
    errors: ['not_found', 'forbidden'],
    handler: (ctx) =>
      addDocument({
        db: ctx.db,
        actor: ctx.actor,
        conferenceId: ctx.params.conferenceId,
        title: ctx.body.title,
        file: ctx.file,
      }),
  }),
  defineRoute({
    method: 'get',
    path: `${c}/documents/:documentId/file`,
    operationId: 'getDocumentFile',
    summary: 'Download a conference document',
    tag,
    access: 'public',
    params: DocumentParams,
    produces: [PDF, DOCX, XLSX],
    errors: ['not_found'],
    handler: async (ctx) =>
      new FileResponse(await getDocumentFile({ db: ctx.db, actor: ctx.actor, ...ctx.params })),
  }),
  defineRoute({
    method: 'delete',
    path: `${c}/documents/:documentId`,
    operationId: 'removeDocument',
    summary: 'Remove a document (organisers)',
    tag,
    access: 'signed-in',
    params: DocumentParams,
    status: 204,
    errors: ['not_found', 'forbidden'],
    handler: async (ctx) => {
      await removeDocument({ db: ctx.db, actor: ctx.actor, ...ctx.params });
    },
  }),
];
