import { useTranslation } from '../i18n/use-translation.ts';
import { Link, redirect } from 'react-router';
import { requestPasswordReset, PASSWORD_RESET } from '../../domain/auth/request-password-reset.ts';
import { PasswordResetRequest } from '../../protocol/auth.ts';
import { ActionForm, SubmitButton } from '../components/action-form.tsx';
import { PrivacyNotice } from '../components/privacy/privacy-notice.tsx';
import { Field } from '../components/field.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { actionError, parseForm } from '../forms.ts';
import type { Route } from './+types/forgot-password';

export function loader({ context }: Route.LoaderArgs) {
  if (context.actor) throw redirect('/tai-khoan');
  return { emailEnabled: context.emailEnabled, minutes: PASSWORD_RESET.validMinutes };
}

/** The same answer whether or not an account has the address (only the throttle differs). */
export async function action({ request, context }: Route.ActionArgs) {
  try {
    const input = parseForm(PasswordResetRequest, await request.formData());
    await requestPasswordReset({ db: context.db, input, ip: context.ip, secret: context.secret });
    return { ok: true as const };
  } catch (err) {
    return actionError(err, context.lang);
  }
}

export default function ForgotPassword({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  return (
    <section className="narrow">
      <PageTitle>{t('email.forgot.title')}</PageTitle>
      <h1>{t('email.forgot.title')}</h1>
      <p>{t('email.forgot.intro', { minutes: loaderData.minutes })}</p>
      {!loaderData.emailEnabled && (
        <div className="alert alert-warning" role="status">
          {t('email.forgot.off')}
        </div>
      )}
      <ActionForm
        error={actionData && 'error' in actionData ? actionData.error : undefined}
        success={actionData?.ok && t('email.forgot.sent', { minutes: loaderData.minutes })}
        submit={false}
      >
        <Field
          name="email"
          type="email"
          label={t('signIn.email')}
          autoComplete="username"
          required
        />
        <PrivacyNotice text={t('privacy.resetNotice')} />
        <SubmitButton>{t('email.forgot.submit')}</SubmitButton>
      </ActionForm>
      <p>
        <Link to="/dang-nhap">{t('email.forgot.back')}</Link>
      </p>
    </section>
  );
}
