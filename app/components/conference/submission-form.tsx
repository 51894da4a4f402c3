import { useTranslation } from 'react-i18next';
import { Form } from 'react-router';
import type { FormError } from '../../forms.ts';
import { Field, FileField, FormAlert, TextAreaField } from '../field.tsx';
import { SelectField } from '../select-field.tsx';

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
    <>
      <h2 id="send-submission">{t('conf.submissions.send')}</h2>
      {sent && <FormAlert kind="success">{t('conf.submissions.sent')}</FormAlert>}
      {error && <FormAlert kind="error">{error.message}</FormAlert>}
      <Form
        method="post"
        encType="multipart/form-data"
        className="stack narrow"
        aria-labelledby="send-submission"
        noValidate
      >
        <input type="hidden" name="intent" value="send" />
        <Field
          name="title"
          label={t('conf.submissions.paperTitle')}
          required
          error={error?.fields?.title}
        />
        <Field
          name="authorName"
          label={t('conf.submissions.author')}
          required
          error={error?.fields?.authorName}
        />
        <SelectField
          name="themeId"
          label={t('conf.agenda.theme')}
          none={t('conf.agenda.noTheme')}
          options={themes.map((th) => ({ value: th.id, label: th.title }))}
          error={error?.fields?.themeId}
        />
        {sites.length > 0 && (
          <SelectField
            name="siteId"
            label={t('conf.submissions.site')}
            none={organise ? t('conf.members.noSite') : undefined}
            defaultValue={ownSite ?? ''}
            options={sites.map((site) => ({ value: site.id, label: site.name }))}
            error={error?.fields?.siteId}
          />
        )}
        <TextAreaField
          name="summary"
          label={t('conf.submissions.summary')}
          rows={4}
          required
          error={error?.fields?.summary}
        />
        <FileField
          name="file"
          label={t('conf.submissions.file')}
          accept=".pdf,.docx"
          required
          error={error?.fields?.file}
        />
        <button type="submit" className="button">
          {t('conf.submissions.send')}
        </button>
      </Form>
    </>
  );
}
