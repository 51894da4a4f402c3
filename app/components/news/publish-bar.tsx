import { useTranslation } from 'react-i18next';
import { useNavigation } from 'react-router';
import { toVietnamLocal } from '../../i18n/format.ts';

/** Save, publish now, schedule (dd/MM/yyyy HH:mm), unpublish, and the preview switch. */
export function PublishBar({
  scheduledAt,
  published,
  error,
  onPreview,
}: {
  scheduledAt: Date | string | null;
  published: boolean;
  error: string | undefined;
  onPreview(): void;
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
  return (
    <div className="inline-actions">
      {submit('save', t('editor.save'))}
      {submit('publish', t('editor.publishNow'), true)}
      <label htmlFor="f-publishAt">{t('editor.scheduleAt')}</label>
      <input
        id="f-publishAt"
        name="publishAt"
        type="text"
        inputMode="numeric"
        autoComplete="off"
        placeholder="dd/mm/yyyy hh:mm"
        title={t('form.dateTimeHint')}
        defaultValue={scheduledAt ? toVietnamLocal(scheduledAt) : ''}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? 'f-publishAt-error' : undefined}
      />
      {error && (
        <span className="field-error" id="f-publishAt-error">
          {error}
        </span>
      )}
      {submit('schedule', t('editor.schedule'))}
      {published && submit('unpublish', t('editor.unpublish'))}
      <button type="button" className="link-button" onClick={onPreview}>
        {t('editor.preview')}
      </button>
    </div>
  );
}
