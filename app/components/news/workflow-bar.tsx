import { useId } from 'react';
import { useTranslation } from '../../i18n/use-translation.ts';
import { useFetcher, useSearchParams } from 'react-router';
import type { ArticleStatus, WorkflowAction } from '../../../domain/news/workflow.ts';
import type { FormError } from '../../forms.ts';
import { formatDateTime } from '../../i18n/format.ts';
import { FormAlert } from '../field.tsx';

export interface WorkflowData {
  articleId: string;
  status: ArticleStatus;
  publishedAt: Date | string | null;
  workflowEnabled: boolean;
  canEdit: boolean;
  actions: readonly WorkflowAction[];
  transitions: readonly {
    id: string;
    action: string;
    fromStatus: ArticleStatus;
    toStatus: ArticleStatus;
    comment: string;
    at: Date | string;
    actorName: string | null;
  }[];
}

/** The search parameter the workflow's route sets after a step, naming it. */
export const WORKFLOW_DONE_PARAM = 'buoc';

/** The steps the bar offers: publishing and unpublishing outside approval stay on the publish bar. */
function barActions(w: WorkflowData): WorkflowAction[] {
  return w.actions.filter(
    (a) => a !== 'unpublish' && (a !== 'publish' || w.status === 'pending_approval'),
  );
}

/**
 * The article's place in the newsroom's workflow: its status, the steps the signed-in
 * person may take now (submit, send for approval, return with a comment, approve), and
 * the timeline of every step with its comment. It posts to its own route, so it sits
 * outside the editor's form.
 */
export function WorkflowBar({
  workflow,
  unsaved = false,
}: {
  workflow: WorkflowData | null;
  /** The article's form has changes not saved yet: nothing is sent until they are. */
  unsaved?: boolean;
}) {
  const { t } = useTranslation();
  const fetcher = useFetcher<{ ok: false; error: FormError }>();
  const [search] = useSearchParams();
  const id = useId();
  if (!workflow) return null;
  const done = search.get(WORKFLOW_DONE_PARAM) as WorkflowAction | null;
  const error = fetcher.data?.error;
  const actions = barActions(workflow);
  const busy = fetcher.state !== 'idle';
  const scheduled =
    workflow.status === 'published' &&
    !!workflow.publishedAt &&
    new Date(workflow.publishedAt) > new Date();
  const status = scheduled ? 'scheduled' : workflow.status;
  return (
    <section className="workflow-bar stack" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('workflow.title')}</h2>
      <p>
        <span className={`badge badge-${status}`} data-status={workflow.status}>
          {t(`workflow.status.${status}`)}
        </span>{' '}
        <span className="muted">
          {t(workflow.workflowEnabled ? 'workflow.on' : 'workflow.off')}
        </span>
      </p>
      {done && workflow.transitions.length > 0 && (
        <FormAlert kind="success">
          {t(`workflow.done.${done}`, { defaultValue: t('form.saved') })}
        </FormAlert>
      )}
      {!workflow.canEdit && <p className="muted">{t('workflow.readOnly')}</p>}
      {error && <FormAlert kind="error">{error.message}</FormAlert>}
      {actions.length > 0 && (
        <fetcher.Form
          method="post"
          action={`/quan-tri/tin-tuc/${workflow.articleId}/quy-trinh`}
          className="stack"
        >
          <div className={error?.fields?.comment ? 'field field-invalid' : 'field'}>
            <label htmlFor={`${id}-comment`}>
              {t(actions.includes('return') ? 'workflow.returnComment' : 'workflow.comment')}
            </label>
            <textarea
              id={`${id}-comment`}
              name="comment"
              rows={3}
              maxLength={2000}
              aria-invalid={error?.fields?.comment ? true : undefined}
              aria-describedby={error?.fields?.comment ? `${id}-comment-error` : undefined}
            />
            {error?.fields?.comment && (
              <p className="field-error" id={`${id}-comment-error`}>
                {error.fields.comment}
              </p>
            )}
          </div>
          {unsaved ? (
            <FormAlert kind="error">{t('workflow.unsaved')}</FormAlert>
          ) : (
            (actions.includes('submit') || actions.includes('send_for_approval')) &&
            workflow.canEdit && <p className="field-hint">{t('workflow.saveFirst')}</p>
          )}
          <div className="inline-actions">
            {actions.map((a) => (
              <button
                key={a}
                type="submit"
                name="intent"
                value={a}
                disabled={busy || unsaved}
                className={a === 'return' ? 'button button-secondary' : 'button'}
              >
                {t(`workflow.actions.${a}`)}
              </button>
            ))}
          </div>
        </fetcher.Form>
      )}
      <h3>{t('workflow.timeline')}</h3>
      {workflow.transitions.length === 0 ? (
        <p className="muted">{t('workflow.noSteps')}</p>
      ) : (
        <ol className="workflow-timeline">
          {workflow.transitions.map((s) => (
            <li key={s.id}>
              <span>{formatDateTime(s.at)}</span>
              {' · '}
              <strong>
                {t(`workflow.steps.${s.action as 'submit'}`, { defaultValue: s.action })}
              </strong>
              {s.actorName ? ` · ${s.actorName}` : ''}
              {' · '}
              <span className="muted">
                {t('workflow.step', {
                  from: t(`workflow.status.${s.fromStatus}`),
                  to: t(`workflow.status.${s.toStatus}`),
                })}
              </span>
              {s.comment && <blockquote className="workflow-comment">{s.comment}</blockquote>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
