import { useTranslation } from '../../i18n/use-translation.ts';
import { RETENTION_MAX_DAYS, RETENTION_MIN_DAYS } from '../../../protocol/privacy.ts';
import type { FormError } from '../../forms.ts';
import { formatDateTime } from '../../i18n/format.ts';
import { ActionForm } from '../action-form.tsx';
import { DataTable } from '../data-table.tsx';
import { Field, TextAreaField } from '../field.tsx';

interface NoticeValues {
  version: number;
  createdAt: Date | string | null;
  summary: string;
  summaryEn: string;
  body: string;
  bodyEn: string;
  retentionDays: number;
}

/** The notice's wording and the retention period; saving makes a new version. */
export function NoticeForm({
  notice,
  versions,
  error,
  saved,
}: {
  notice: NoticeValues;
  versions: readonly { version: number; createdAt: Date | string; retentionDays: number }[];
  error: FormError | undefined;
  saved: number | undefined;
}) {
  const { t } = useTranslation();
  return (
    <>
      <p className="muted">
        {notice.createdAt
          ? t('privacy.admin.current', { version: notice.version })
          : t('privacy.admin.currentDefault')}
      </p>
      <ActionForm
        title={t('privacy.admin.noticeHeading')}
        intent="save"
        values={notice}
        error={error}
        success={saved ? t('privacy.admin.saved', { version: saved }) : false}
        submit={t('privacy.admin.save')}
        className="stack"
      >
        <p className="muted">{t('privacy.admin.noticeHint')}</p>
        <Field
          name="retentionDays"
          type="number"
          min={RETENTION_MIN_DAYS}
          max={RETENTION_MAX_DAYS}
          label={t('privacy.admin.retentionDays')}
          hint={t('privacy.admin.retentionHint', {
            min: RETENTION_MIN_DAYS,
            max: RETENTION_MAX_DAYS,
          })}
        />
        <TextAreaField name="summary" label={t('privacy.admin.summary')} rows={4} />
        <TextAreaField name="summaryEn" label={t('privacy.admin.summaryEn')} rows={4} />
        <TextAreaField
          name="body"
          label={t('privacy.admin.body')}
          rows={16}
          hint={t('privacy.admin.bodyHint')}
        />
        <TextAreaField
          name="bodyEn"
          label={t('privacy.admin.bodyEn')}
          rows={16}
          hint={t('privacy.admin.bodyHint')}
        />
      </ActionForm>
      <h3>{t('privacy.admin.versions')}</h3>
      <DataTable
        rows={versions}
        rowKey={(v) => String(v.version)}
        columns={[
          { header: t('privacy.admin.versionCol'), rowHeader: true, cell: (v) => v.version },
          { header: t('privacy.admin.savedAtCol'), cell: (v) => formatDateTime(v.createdAt) },
          { header: t('privacy.admin.daysCol'), cell: (v) => v.retentionDays },
        ]}
      />
    </>
  );
}
