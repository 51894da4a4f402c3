import type { GlobalRole } from '../../protocol/common.ts';
import { articleStatuses } from '../../protocol/news.ts';

/**
 * The newsroom's workflow as a pure state machine: who may move an article from which
 * status to which, and who may write in it. No database here; `newsroom.ts` reads the
 * article and the setting, asks these functions, and records what happened.
 *
 * Roles, from least to most: a reporter (phóng viên) writes and submits; an editor
 * (biên tập viên) edits, returns to the reporter with a comment and sends for approval;
 * an approver (lãnh đạo / thư ký tòa soạn) publishes, schedules or returns to the
 * editors. An approver can do all an editor can; an administrator all an approver can.
 *
 * With the three-step workflow off (the default) editors publish directly, as before.
 *
 * Pure and free of server code: the pages import it too (the header's newsroom link).
 */

export { articleStatuses };
export type ArticleStatus = (typeof articleStatuses)[number];

export const workflowActions = [
  'submit',
  'send_for_approval',
  'return',
  'publish',
  'unpublish',
] as const;
export type WorkflowAction = (typeof workflowActions)[number];

/** The newsroom roles a global role list grants, highest first. */
export type NewsroomRank = 'approver' | 'editor' | 'reporter' | 'none';

export function newsroomRank(roles: readonly GlobalRole[]): NewsroomRank {
  if (roles.includes('admin') || roles.includes('approver')) return 'approver';
  if (roles.includes('editor')) return 'editor';
  if (roles.includes('reporter')) return 'reporter';
  return 'none';
}

/** Whether an account may enter the newsroom (write, list, upload photos) at all. */
export function isNewsroomMember(roles: readonly GlobalRole[]): boolean {
  return newsroomRank(roles) !== 'none';
}

/** What a decision needs to know. */
export interface WorkflowContext {
  roles: readonly GlobalRole[];
  /** The three-step workflow is switched on by an administrator. */
  workflowEnabled: boolean;
  status: ArticleStatus;
  /** The actor wrote the article (created it). */
  isAuthor: boolean;
}

/** Why a command is refused: an i18n key under `workflow.refused`. */
export type Refusal =
  | 'notNewsroom'
  | 'notAuthor'
  | 'afterSubmission'
  | 'reporterCannotPublish'
  | 'publishNeedsApprover'
  | 'liveNeedsApprover'
  | 'workflowOff'
  | 'reportersSubmit'
  | 'needsEditing'
  | 'fromStatus';

export type Decision =
  | { ok: true; to: ArticleStatus }
  | { ok: false; code: 'forbidden' | 'invalid_transition'; reason: Refusal };

const refuse = (reason: Refusal): Decision => ({
  ok: false,
  code: ['fromStatus', 'workflowOff', 'reportersSubmit', 'needsEditing'].includes(reason)
    ? 'invalid_transition'
    : 'forbidden',
  reason,
});

/** Whether the actor may publish or schedule at all, whatever the article's status. */
export function canPublishAny(roles: readonly GlobalRole[], workflowEnabled: boolean): boolean {
  const rank = newsroomRank(roles);
  return rank === 'approver' || (rank === 'editor' && !workflowEnabled);
}

/** May the actor open the article in the newsroom? Reporters see only their own. */
export function canView(ctx: Omit<WorkflowContext, 'status'>): Decision | { ok: true } {
  const rank = newsroomRank(ctx.roles);
  if (rank === 'none') return refuse('notNewsroom');
  if (rank === 'reporter' && !ctx.isAuthor) return refuse('notAuthor');
  return { ok: true };
}

/** May the actor change the article's text and fields (a save)? The status stays. */
export function canEdit(ctx: WorkflowContext): Decision {
  const rank = newsroomRank(ctx.roles);
  if (rank === 'none') return refuse('notNewsroom');
  if (rank === 'reporter') {
    if (!ctx.isAuthor) return refuse('notAuthor');
    if (ctx.status !== 'draft' && ctx.status !== 'returned') return refuse('afterSubmission');
  }
  // A live or scheduled article changed is a publication: approvers only, with the workflow.
  if (rank === 'editor' && ctx.workflowEnabled && ctx.status === 'published')
    return refuse('liveNeedsApprover');
  return { ok: true, to: ctx.status };
}

/** May the actor apply `action` to the article, and to which status does it lead? */
export function decide(ctx: WorkflowContext, action: WorkflowAction): Decision {
  const rank = newsroomRank(ctx.roles);
  if (rank === 'none') return refuse('notNewsroom');
  const from = ctx.status;
  switch (action) {
    case 'submit':
      // A reporter hands their article to the editors; editors have no one to submit to
      // (they send for approval, or publish while the workflow is off).
      if (rank !== 'reporter') return refuse('reportersSubmit');
      if (!ctx.isAuthor) return refuse('notAuthor');
      if (from !== 'draft' && from !== 'returned') return refuse('fromStatus');
      return { ok: true, to: 'submitted' };
    case 'send_for_approval':
      if (rank === 'reporter') return refuse(ctx.isAuthor ? 'reporterCannotPublish' : 'notAuthor');
      if (!ctx.workflowEnabled) return refuse('workflowOff');
      if (from === 'pending_approval' || from === 'published') return refuse('fromStatus');
      return { ok: true, to: 'pending_approval' };
    case 'return':
      if (rank === 'reporter') return refuse(ctx.isAuthor ? 'reporterCannotPublish' : 'notAuthor');
      // Editors give a submitted article back to its author; approvers give an article
      // awaiting approval back to the editors.
      if (from === 'submitted') return { ok: true, to: 'returned' };
      if (from === 'pending_approval') {
        if (rank === 'approver' || !ctx.workflowEnabled) return { ok: true, to: 'submitted' };
        return refuse('publishNeedsApprover');
      }
      return refuse('fromStatus');
    case 'publish':
      if (rank === 'reporter') return refuse(ctx.isAuthor ? 'reporterCannotPublish' : 'notAuthor');
      if (!canPublishAny(ctx.roles, ctx.workflowEnabled)) return refuse('publishNeedsApprover');
      // Under the three-step workflow a story reaches the approver through the editors:
      // what awaits approval, what was approved before (re-dated, republished), or the
      // approver's own draft. A published article may be re-published or re-scheduled.
      if (
        ctx.workflowEnabled &&
        !['pending_approval', 'published', 'unpublished'].includes(from) &&
        !(from === 'draft' && ctx.isAuthor)
      )
        return refuse('needsEditing');
      return { ok: true, to: 'published' };
    case 'unpublish':
      if (rank === 'reporter') return refuse(ctx.isAuthor ? 'reporterCannotPublish' : 'notAuthor');
      if (from !== 'published') return refuse('fromStatus');
      return { ok: true, to: 'unpublished' };
  }
}

/** The actions the actor may take on the article now, in the order the page shows them. */
export function availableActions(ctx: WorkflowContext): WorkflowAction[] {
  return workflowActions.filter((a) => decide(ctx, a).ok);
}

/** The articles waiting for the actor: which statuses make up each part of their queue. */
export function queueStatuses(roles: readonly GlobalRole[], workflowEnabled: boolean) {
  const rank = newsroomRank(roles);
  return {
    /** Their own drafts and the articles returned to them. */
    mine: rank === 'none' ? [] : (['draft', 'returned'] as ArticleStatus[]),
    /** Submitted by reporters, for the editors. */
    submitted: rank === 'editor' || rank === 'approver' ? (['submitted'] as ArticleStatus[]) : [],
    /** Sent for approval, for those who publish. */
    pending_approval: canPublishAny(roles, workflowEnabled)
      ? (['pending_approval'] as ArticleStatus[])
      : [],
  };
}
