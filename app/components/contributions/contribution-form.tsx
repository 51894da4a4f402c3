import { useTranslation } from '../../i18n/use-translation.ts';
import { contributorKinds } from '../../../protocol/conferences.ts';
import { contributionKinds } from '../../../protocol/contributions.ts';
import type { FormError } from '../../forms.ts';
import { ActionForm, SubmitButton } from '../action-form.tsx';
import { PrivacyNotice } from '../privacy/privacy-notice.tsx';
import { CheckboxField, Field, FileField, SelectField, TextAreaField } from '../field.tsx';

/**
 * Sending a proposal, good practice or question: from the public with contact details
 * and consent, or signed in. The idempotency key makes a double click or a retry one
 * contribution; the hidden field traps robots.
 */
export function ContributionForm({
  themes,
  idempotencyKey,
  signedInName,
  notice,
  error,
}: {
  themes: readonly { id: string; title: string }[];
  idempotencyKey: string;
  signedInName: string;
  /** The personal-data notice in force (shown beside the button, its version sent back). */
  notice: { version: number; summary: string };
  error: FormError | undefined;
}) {
  const { t } = useTranslation();
  return (
    <ActionForm
      title={t('contrib.send')}
      error={error}
      submit={false}
      encType="multipart/form-data"
    >
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
      <input type="hidden" name="noticeVersion" value={notice.version} />
      <SelectField
        name="kind"
        label={t('contrib.form.kind')}
        defaultValue="proposal"
        options={contributionKinds.map((k) => ({ value: k, label: t(`contrib.kinds.${k}`) }))}
      />
      <SelectField
        name="themeId"
        label={t('contrib.form.theme')}
        defaultValue={themes[0]?.id}
        options={themes.map((th) => ({ value: th.id, label: th.title }))}
      />
      <Field name="title" label={t('contrib.form.title')} maxLength={200} required />
      <TextAreaField
        name="body"
        label={t('contrib.form.body')}
        rows={8}
        maxLength={10000}
        required
        hint={t('contrib.form.bodyHint')}
      />
      <Field
        name="authorName"
        label={t('contrib.form.name')}
        defaultValue={signedInName}
        required
      />
      <SelectField
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
      />
      <Field name="phone" type="tel" label={t('contrib.form.phone')} />
      <CheckboxField
        name="notifyByEmail"
        label={t('email.notify.label')}
        hint={t('email.notify.hint')}
      />
      <FileField
        name="files"
        label={t('contrib.form.files')}
        multiple
        accept=".pdf,.docx,.jpg,.jpeg,.png,.webp"
        error={error?.fields?.files ?? error?.fields?.file}
      />
      <div className="honeypot" aria-hidden="true">
        <label htmlFor="c-website">{t('contrib.form.website')}</label>
        <input id="c-website" name="website" tabIndex={-1} autoComplete="off" />
      </div>
      <CheckboxField name="consent" label={t('contrib.form.consent')} />
      {error?.fields?.consent && <p className="field-error">{error.fields.consent}</p>}
      <PrivacyNotice text={notice.summary} version={notice.version} />
      <SubmitButton>{t('contrib.form.submit')}</SubmitButton>
    </ActionForm>
  );
}
