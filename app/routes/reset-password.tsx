import { useTranslation } from '../i18n/use-translation.ts';
import { Link, redirect } from 'react-router';
import { checkPasswordResetLink, resetPassword } from '../../domain/auth/reset-password.ts';
import { isAppError } from '../../domain/errors.ts';
import { PasswordResetSubmit } from '../../protocol/auth.ts';
import { ActionForm } from '../components/action-form.tsx';
import { Field, FormAlert } from '../components/field.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { actionError, parseForm } from '../forms.ts';
import type { Route } from './+types/reset-password';

export async function loader({ context, params }: Route.LoaderArgs) {
  try {
    const link = await checkPasswordResetLink({
      db: context.db,
      token: params.token,
      secret: context.secret,
    });
    return { valid: true as const, email: link.email };
  } catch (err) {
    if (isAppError(err) && err.code === 'link_invalid') return { valid: false as const, email: '' };
    throw err;
  }
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const form = await request.formData();
  try {
    const input = parseForm(PasswordResetSubmit, form, { token: params.token });
    await resetPassword({ db: context.db, input, secret: context.secret });
    // Signed out everywhere: the new password opens a new session.
    const headers = new Headers();
    if (context.sessionId) headers.append('Set-Cookie', context.cookies.clearSession());
    return redirect('/dang-nhap?matkhau=moi', { headers });
  } catch (err) {
    return actionError(err, context.lang);
  }
}

export default function ResetPassword({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  return (
    <section className="narrow">
      <PageTitle>{t('email.reset.title')}</PageTitle>
      <h1>{t('email.reset.title')}</h1>
      {loaderData.valid ? (
        <>
          <p>{t('email.reset.intro', { email: loaderData.email })}</p>
          <ActionForm error={actionData?.error} submit={t('email.reset.submit')}>
            {/* For password managers: the account this password belongs to. */}
            <input type="hidden" name="username" value={loaderData.email} autoComplete="username" />
            <Field
              name="password"
              type="password"
              label={t('email.reset.password')}
              hint={t('email.reset.hint')}
              autoComplete="new-password"
              required
            />
          </ActionForm>
        </>
      ) : (
        <>
          <FormAlert kind="error">{t('email.reset.invalid')}</FormAlert>
          <p>
            <Link to="/dang-nhap/quen-mat-khau">{t('email.reset.again')}</Link>
          </p>
        </>
      )}
    </section>
  );
}
