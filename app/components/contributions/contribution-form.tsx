import { useTranslation } from 'react-i18next';
import { Form, useNavigation } from 'react-router';
import { contributorKinds } from '../../../protocol/conferences.ts';
import { contributionKinds } from '../../../protocol/contributions.ts';
import type { FormError } from '../../forms.ts';
import { CheckboxField, Field, FileField, FormAlert, TextAreaField } from '../field.tsx';
import { SelectField } from '../select-field.tsx';

/**
 * Sending a proposal, good practice or question: from the public with contact details
 * and consent, or signed in. The idempotency key makes a double click or a retry one
 * contribution; the hidden field traps robots.
 */
export function ContributionForm({
  themes,
  idempotencyKey,
  signedInName,
  error,
}: {
  themes: readonly { id: string; title: string }[];
  idempotencyKey: string;
  signedInName: string;
  error: FormError | undefined;
}) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const fieldError = (name: string) => error?.fields?.[name];
  return (
    <>
      <h2 id="send">{t('contrib.send')}</h2>
      {error && <FormAlert kind="error">{error.message}</FormAlert>}
      <Form
        method="post"
        encType="multipart/form-data"
        className="stack narrow"
        aria-labelledby="send"
        noValidate
      >
        <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
        <SelectField
          id="c-kind"
          name="kind"
          label={t('contrib.form.kind')}
          defaultValue="proposal"
          options={contributionKinds.map((k) => ({ value: k, label: t(`contrib.kinds.${k}`) }))}
          error={fieldError('kind')}
        />
        <SelectField
          id="c-theme"
          name="themeId"
          label={t('contrib.form.theme')}
          defaultValue={themes[0]?.id}
          options={themes.map((th) => ({ value: th.id, label: th.title }))}
          error={fieldError('themeId')}
        />
        <Field
          name="title"
          label={t('contrib.form.title')}
          maxLength={200}
          required
          error={fieldError('title')}
        />
        <TextAreaField
          id="c-body"
          name="body"
          label={t('contrib.form.body')}
          rows={8}
          maxLength={10000}
          required
          hint={t('contrib.form.bodyHint')}
          error={fieldError('body')}
        />
        <Field
          name="authorName"
          label={t('contrib.form.name')}
          defaultValue={signedInName}
          required
          error={fieldError('authorName')}
        />
        <SelectField
          id="c-authorKind"
          name="authorKind"
          label={t('contrib.form.authorKind')}
          defaultValue="citizen"
          options={contributorKinds.map((k) => ({ value: k, label: t(`conf.kinds.${k}`) }))}
        />
        <Field name="authorUnit" label={t('contrib.form.unit')} />
        <Field name="province" label={t('contrib.form.province')} />
        <Field
          name="email"
          type="email"
          label={t('contrib.form.email')}
          hint={t('contrib.form.contactHint')}
          error={fieldError('email')}
        />
        <Field
          name="phone"
          type="tel"
          label={t('contrib.form.phone')}
          error={fieldError('phone')}
        />
        <FileField
          name="files"
          label={t('contrib.form.files')}
          multiple
          accept=".pdf,.docx,.jpg,.jpeg,.png,.webp"
          error={fieldError('files') ?? fieldError('file')}
        />
        <div className="honeypot" aria-hidden="true">
          <label htmlFor="c-website">{t('contrib.form.website')}</label>
          <input id="c-website" name="website" tabIndex={-1} autoComplete="off" />
        </div>
        <CheckboxField name="consent" label={t('contrib.form.consent')} />
        {fieldError('consent') && <p className="field-error">{fieldError('consent')}</p>}
        <button type="submit" className="button" disabled={navigation.state === 'submitting'}>
          {t('contrib.form.submit')}
        </button>
      </Form>
    </>
  );
}
