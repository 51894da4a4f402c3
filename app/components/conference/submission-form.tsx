import { useTranslation } from '../../i18n/use-translation.ts';
import type { FormError } from '../../forms.ts';
import { ActionForm } from '../action-form.tsx';
import { Field, FileField, SelectField, TextAreaField } from '../field.tsx';

/** Sending a written submission (tham luận) with its file. */
export function SubmissionForm({
  themes,
  sites,
  organise,
  ownSite,
  error,
  sent,
}: {
  themes: readonly { id: string; title: string }[];
  sites: readonly { id: string; name: string }[];
  organise: boolean;
  ownSite: string | undefined;
  error: FormError | undefined;
  sent: boolean;
}) {
  const { t } = useTranslation();
  return (
    <ActionForm
      title={t('conf.submissions.send')}
      intent="send"
      error={error}
      success={sent && t('conf.submissions.sent')}
      encType="multipart/form-data"
    >
      <Field name="title" label={t('conf.submissions.paperTitle')} required />
      <Field name="authorName" label={t('conf.submissions.author')} required />
      <SelectField
        name="themeId"
        label={t('conf.agenda.theme')}
        none={t('conf.agenda.noTheme')}
        options={themes.map((th) => ({ value: th.id, label: th.title }))}
      />
      {sites.length > 0 && (
        <SelectField
          name="siteId"
          label={t('conf.submissions.site')}
          none={organise ? t('conf.members.noSite') : undefined}
          defaultValue={ownSite ?? ''}
          options={sites.map((site) => ({ value: site.id, label: site.name }))}
        />
      )}
      <TextAreaField name="summary" label={t('conf.submissions.summary')} rows={4} required />
      <FileField name="file" label={t('conf.submissions.file')} accept=".pdf,.docx" required />
    </ActionForm>
  );
}
