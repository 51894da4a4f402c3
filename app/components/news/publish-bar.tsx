import { useTranslation } from '../../i18n/use-translation.ts';
import { useNavigation } from 'react-router';
import { DateTimeField } from '../date-time-field.tsx';
import { FormAlert } from '../field.tsx';

export type ArticleState =
  | 'new'
  | 'draft'
  | 'submitted'
  | 'returned'
  | 'pending_approval'
  | 'live'
  | 'scheduled'
  | 'unpublished';

/** The label key of a state under `editor.status`. */
export function stateLabel(state: ArticleState) {
  return state === 'live' ? 'published' : state === 'new' ? 'draft' : state;
}

/** Where an article stands for its editor: live, scheduled (published, not yet due)… */
export function stateOf(
  a: { status: string; publishedAt: Date | string | null } | undefined,
): ArticleState {
  if (!a) return 'new';
  const due = a.publishedAt ? new Date(a.publishedAt) : null;
  if (a.status === 'published') return due && due > new Date() ? 'scheduled' : 'live';
  const known = ['unpublished', 'submitted', 'returned', 'pending_approval'] as const;
  return known.find((k) => k === a.status) ?? 'draft';
}

/**
 * What the last button did, said plainly: saved (and whether the article is still on
 * the portal), published with its date, scheduled, unpublished, re-dated.
 */
export function PublishFeedback({
  ok,
  state,
  at,
}: {
  ok: string | null;
  state: ArticleState;
  at: string;
}) {
  const { t } = useTranslation();
  const message =
    ok === 'save'
      ? state === 'live'
        ? t('editor.ok.saveLive')
        : state === 'scheduled'
          ? t('editor.ok.saveScheduled', { at })
          : state === 'unpublished'
            ? t('editor.ok.saveUnpublished')
            : t('editor.ok.saveDraft')
      : ok === 'publish' || ok === 'redate'
        ? state === 'scheduled'
          ? t('editor.ok.schedule', { at })
          : t(ok === 'redate' ? 'editor.ok.redate' : 'editor.ok.publish', { at })
        : ok === 'unpublish'
          ? t('editor.ok.unpublish', { at })
          : null;
  return message ? <FormAlert kind="success">{message}</FormAlert> : null;
}

/**
 * Save, publish (with the publication date: empty = now or the date it already has,
 * past = backdated, future = scheduled), set the date to now, unpublish, preview.
 * Saving a published article says that it stays published.
 */
export function PublishBar({
  state,
  publishedAt,
  error,
  onPreview,
  canEdit = true,
  canPublish = true,
  canUnpublish = canPublish,
}: {
  state: ArticleState;
  publishedAt: Date | string | null;
  error: string | undefined;
  onPreview(): void;
  /** The newsroom's workflow lets this user save the article as it stands. */
  canEdit?: boolean;
  /** …and publish, schedule or re-date it (else the workflow bar's steps). */
  canPublish?: boolean;
  /** …and take it down (editors may, under the workflow too, without re-dating it). */
  canUnpublish?: boolean;
}) {
  const { t } = useTranslation();
  const busy = useNavigation().state === 'submitting';
  const submit = (intent: string, label: string, primary = false) => (
    <button
      type="submit"
      name="intent"
      value={intent}
      className={primary ? 'button' : 'button button-secondary'}
      disabled={busy}
    >
      {label}
    </button>
  );
  const saveLabel =
    state === 'live'
      ? t('editor.saveLive')
      : state === 'scheduled'
        ? t('editor.saveScheduled')
        : t('editor.save');
  return (
    <div className="publish-bar stack">
      {canPublish && (
        <>
          <DateTimeField
            name="publishAt"
            label={t('editor.publishAt')}
            defaultValue={publishedAt}
            error={error}
          />
          <p className="field-hint">{t('editor.publishAtHint')}</p>
        </>
      )}
      {!canEdit && <p className="field-hint">{t('workflow.readOnly')}</p>}
      <div className="inline-actions">
        {canEdit && submit('save', saveLabel, state === 'live' || !canPublish)}
        {canPublish &&
          (state === 'live'
            ? submit('publish', t('editor.applyDate'))
            : submit('publish', t('editor.publishNow'), true))}
        {canPublish && publishedAt && submit('redate', t('editor.redate'))}
        {canUnpublish &&
          (state === 'live' || state === 'scheduled') &&
          submit('unpublish', t('editor.unpublish'))}
        <button type="button" className="link-button" onClick={onPreview}>
          {t('editor.preview')}
        </button>
      </div>
    </div>
  );
}
