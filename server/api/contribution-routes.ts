import { z } from 'zod';
import { answerContribution } from '../../domain/contributions/answer-contribution.ts';
import {
  ATTACHMENT_MAX_BYTES,
  MAX_ATTACHMENTS,
  submitContribution,
} from '../../domain/contributions/submit-contribution.ts';
import { contributionHistoryOf } from '../../domain/contributions/contribution-history.ts';
import { editContribution } from '../../domain/contributions/edit-contribution.ts';
import { getAttachment, getContribution } from '../../domain/contributions/get-contribution.ts';
import { listContributions } from '../../domain/contributions/list-contributions.ts';
import { mergeContribution } from '../../domain/contributions/merge-contribution.ts';
import { moderateContribution } from '../../domain/contributions/moderate-contribution.ts';
import { moderationQueue } from '../../domain/contributions/moderation-queue.ts';
import { similarContributions } from '../../domain/contributions/similar-contributions.ts';
import { supportContribution } from '../../domain/contributions/support-contribution.ts';
import { trackContribution } from '../../domain/contributions/track-contribution.ts';
import { exportContributions } from '../../domain/contributions/export-contributions.ts';
import { CSV_MIME, XLSX_MIME } from '../../domain/files/spreadsheet.ts';
import { FILE_KINDS } from '../../domain/files/stored-files.ts';
import { ConferenceIdParams } from '../../protocol/conferences.ts';
import {
  AnswerContributionRequest,
  ContributionHistory,
  ContributionList,
  ContributionPage,
  ContributionParams,
  ContributionView,
  ModerationQueue,
  SimilarContributions,
  SubmitContributionResponse,
  SupportResponse,
  TrackedContribution,
  ModerationQueueQuery,
  EditContributionRequest,
  ListContributionsQuery,
  MergeContributionRequest,
  ModerateContributionRequest,
  SubmitContributionRequest,
} from '../../protocol/contributions.ts';
import { defineRoute, FileResponse } from './route.ts';

const tag = 'contributions';
const { pdf, docx, jpg, png, webp } = FILE_KINDS;
const ATTACHMENT_TYPES = [pdf, docx, jpg, png, webp] as const;
const c = '/conferences/:conferenceId/contributions';
const one = `${c}/:contributionId`;

/** Form fields are strings: the consent and notice boxes arrive as "on"/"true". */
const ticked = (v: unknown) => ['on', 'true', true].includes(v as string);
const SubmitForm = z.preprocess(
  (v) =>
    v && typeof v === 'object'
      ? {
          ...v,
          consent: ticked((v as { consent?: unknown }).consent),
          notifyByEmail: ticked((v as { notifyByEmail?: unknown }).notifyByEmail),
        }
      : v,
  SubmitContributionRequest,
);

export const contributionRoutes = [
  defineRoute({
    method: 'get',
    path: c,
    operationId: 'listContributions',
    summary:
      'Published contributions, filtered, searched (diacritics ignored), newest or most supported',
    tag,
    access: 'public',
    params: ConferenceIdParams,
    query: ListContributionsQuery,
    response: ContributionList,
    errors: ['not_found', 'forbidden'],
    handler: (ctx) =>
      listContributions({
        db: ctx.db,
        actor: ctx.actor,
        conferenceId: ctx.params.conferenceId,
        input: ctx.query,
      }),
  }),
  defineRoute({
    method: 'post',
    path: c,
    operationId: 'submitContribution',
    summary:
      'Send a proposal, good practice or question; multipart with up to 3 attachments. The same idempotencyKey is stored once',
    tag,
    access: 'public',
    params: ConferenceIdParams,
    body: SubmitForm,
    upload: {
      field: 'files',
      maxBytes: ATTACHMENT_MAX_BYTES,
      maxFiles: MAX_ATTACHMENTS,
      accept: ATTACHMENT_TYPES.join(', '),
    },
    status: 201,
    response: SubmitContributionResponse,
    errors: ['not_found', 'rate_limited', 'unsupported_file', 'file_too_large'],
    async handler(ctx) {
      const result = await submitContribution({
        db: ctx.db,
        actor: ctx.actor,
        conferenceId: ctx.params.conferenceId,
        input: ctx.body,
        files: ctx.files,
        ip: ctx.ip,
        secret: ctx.secret,
      });
      return {
        id: result.contribution.id,
        status: result.contribution.status,
        duplicate: result.duplicate,
        trackingPath: `/y-kien/theo-doi/${result.trackingToken}`,
      };
    },
  }),
  defineRoute({
    method: 'get',
    path: `${c}/queue`,
    operationId: 'moderationQueue',
    summary: 'Every contribution, waiting ones first, with contact details, 50 a page (moderators)',
    tag,
    access: 'signed-in',
    params: ConferenceIdParams,
    query: ModerationQueueQuery,
    response: ModerationQueue,
    errors: ['not_found', 'forbidden'],
    handler: (ctx) =>
      moderationQueue({
        db: ctx.db,
        actor: ctx.actor,
        conferenceId: ctx.params.conferenceId,
        ...ctx.query,
      }),
  }),
  defineRoute({
    method: 'get',
    path: `${c}/export`,
    operationId: 'exportContributions',
    summary: 'Contributions with their statuses as CSV or XLSX (moderators)',
    tag,
    access: 'signed-in',
    params: ConferenceIdParams,
    query: z.strictObject({ format: z.enum(['csv', 'xlsx']).default('xlsx') }),
    produces: [CSV_MIME, XLSX_MIME],
    errors: ['not_found', 'forbidden'],
    handler: async (ctx) =>
      new FileResponse(
        await exportContributions({
          db: ctx.db,
          actor: ctx.actor,
          conferenceId: ctx.params.conferenceId,
          format: ctx.query.format,
        }),
      ),
  }),
  defineRoute({
    method: 'get',
    path: one,
    operationId: 'getContribution',
    summary: 'One contribution with its attachments and answer',
    tag,
    access: 'public',
    params: ContributionParams,
    response: ContributionPage,
    errors: ['not_found'],
    handler: (ctx) => getContribution({ db: ctx.db, actor: ctx.actor, ...ctx.params }),
  }),
  defineRoute({
    method: 'post',
    path: `${one}/support`,
    operationId: 'supportContribution',
    summary: 'Support a contribution (once per signed-in user)',
    tag,
    access: 'signed-in',
    params: ContributionParams,
    response: SupportResponse,
    errors: ['not_found'],
    handler: (ctx) => supportContribution({ db: ctx.db, actor: ctx.actor, ...ctx.params }),
  }),
  defineRoute({
    method: 'post',
    path: `${one}/moderate`,
    operationId: 'moderateContribution',
    summary: 'Publish, reject with a reason, change status or pin (moderators)',
    tag,
    access: 'signed-in',
    params: ContributionParams,
    body: ModerateContributionRequest,
    response: ContributionView,
    errors: ['not_found', 'forbidden', 'invalid_transition'],
    handler: (ctx) =>
      moderateContribution({ db: ctx.db, actor: ctx.actor, ...ctx.params, input: ctx.body }),
  }),
  defineRoute({
    method: 'patch',
    path: one,
    operationId: 'editContribution',
    summary: 'Fix typos; the change is kept in the history (moderators)',
    tag,
    access: 'signed-in',
    params: ContributionParams,
    body: EditContributionRequest,
    response: ContributionView,
    errors: ['not_found', 'forbidden'],
    handler: (ctx) =>
      editContribution({ db: ctx.db, actor: ctx.actor, ...ctx.params, input: ctx.body }),
  }),
  defineRoute({
    method: 'post',
    path: `${one}/merge`,
    operationId: 'mergeContribution',
    summary: 'Merge a duplicate into another contribution (moderators)',
    tag,
    access: 'signed-in',
    params: ContributionParams,
    body: MergeContributionRequest,
    response: ContributionView,
    errors: ['not_found', 'forbidden', 'invalid_transition'],
    handler: (ctx) =>
      mergeContribution({ db: ctx.db, actor: ctx.actor, ...ctx.params, intoId: ctx.body.intoId }),
  }),
  defineRoute({
    method: 'post',
    path: `${one}/answer`,
    operationId: 'answerContribution',
    summary: 'Attach the official answer (organisers)',
    tag,
    access: 'signed-in',
    params: ContributionParams,
    body: AnswerContributionRequest,
    response: ContributionView,
    errors: ['not_found', 'forbidden', 'invalid_transition'],
    handler: (ctx) =>
      answerContribution({ db: ctx.db, actor: ctx.actor, ...ctx.params, answer: ctx.body.answer }),
  }),
  defineRoute({
    method: 'get',
    path: `${one}/similar`,
    operationId: 'similarContributions',
    summary: 'Likely duplicates by trigram similarity (moderators)',
    tag,
    access: 'signed-in',
    params: ContributionParams,
    response: SimilarContributions,
    errors: ['not_found', 'forbidden'],
    handler: (ctx) => similarContributions({ db: ctx.db, actor: ctx.actor, ...ctx.params }),
  }),
  defineRoute({
    method: 'get',
    path: `${one}/history`,
    operationId: 'contributionHistory',
    summary: 'Who changed what and when (moderators)',
    tag,
    access: 'signed-in',
    params: ContributionParams,
    response: ContributionHistory,
    errors: ['not_found', 'forbidden'],
    handler: (ctx) => contributionHistoryOf({ db: ctx.db, actor: ctx.actor, ...ctx.params }),
  }),
  defineRoute({
    method: 'get',
    path: `${one}/attachments/:attachmentId`,
    operationId: 'getContributionAttachment',
    summary: 'Download an attachment',
    tag,
    access: 'public',
    params: ContributionParams.extend({ attachmentId: z.uuid() }),
    produces: ATTACHMENT_TYPES,
    errors: ['not_found'],
    handler: async (ctx) =>
      new FileResponse(await getAttachment({ db: ctx.db, actor: ctx.actor, ...ctx.params })),
  }),
  defineRoute({
    method: 'get',
    path: '/contributions/track/:token',
    operationId: 'trackContribution',
    summary: "The author's view with the private tracking token: status, reason, answer",
    tag,
    access: 'public',
    params: z.strictObject({ token: z.string().min(10).max(100) }),
    response: TrackedContribution,
    errors: ['not_found'],
    handler: (ctx) =>
      trackContribution({ db: ctx.db, token: ctx.params.token, secret: ctx.secret }),
  }),
];
