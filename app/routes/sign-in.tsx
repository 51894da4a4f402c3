import { useTranslation } from '../i18n/use-translation.ts';
import { Link, redirect, useSearchParams } from 'react-router';
import { signIn } from '../../domain/auth/sign-in.ts';
import { LoginRequest } from '../../protocol/auth.ts';
import { ActionForm, SubmitButton } from '../components/action-form.tsx';
import { PrivacyNotice } from '../components/privacy/privacy-notice.tsx';
import { Field, FormAlert } from '../components/field.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { actionError, safeRedirect, parseForm } from '../forms.ts';
import { CODE_PAGE } from '../second-factor-paths.ts';
import type { Route } from './+types/sign-in';

export function loader({ context, request }: Route.LoaderArgs) {
  if (context.actor) {
    throw redirect(safeRedirect(new URL(request.url).searchParams.get('redirectTo')));
  }
  return null;
}

export async function action({ request, context }: Route.ActionArgs) {
  const form = await request.formData();
  try {
    const input = parseForm(LoginRequest, form);
    const result = await signIn({
      db: context.db,
      input,
      secret: context.secret,
      ip: context.ip,
      userAgent: context.userAgent,
    });
    const headers = new Headers();
    const redirectTo = safeRedirect(form.get('redirectTo'));
    if (result.secondFactorRequired) {
      headers.append(
        'Set-Cookie',
        context.cookies.challenge(result.challengeToken, result.expiresAt),
      );
      return redirect(`${CODE_PAGE}?redirectTo=${encodeURIComponent(redirectTo)}`, { headers });
    }
    headers.append('Set-Cookie', context.cookies.session(result.token, result.expiresAt));
    headers.append('Set-Cookie', context.cookies.lang(result.actor.language));
    return redirect(redirectTo, { headers });
  } catch (err) {
    return actionError(err, context.lang);
  }
}

export default function SignIn({ actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  return (
    <section className="narrow">
      <PageTitle>{t('signIn.title')}</PageTitle>
      <h1>{t('signIn.title')}</h1>
      <p>{t('signIn.intro')}</p>
      {params.get('matkhau') === 'moi' && (
        <FormAlert kind="success">{t('email.reset.done')}</FormAlert>
      )}
      <ActionForm error={actionData?.error} submit={false} noValidate>
        <input type="hidden" name="redirectTo" value={params.get('redirectTo') ?? '/'} />
        <Field
          name="email"
          type="email"
          label={t('signIn.email')}
          autoComplete="username"
          required
        />
        <Field
          name="password"
          type="password"
          label={t('signIn.password')}
          autoComplete="current-password"
          required
        />
        <PrivacyNotice text={t('privacy.signInNotice')} />
        <SubmitButton>{t('signIn.submit')}</SubmitButton>
      </ActionForm>
      <p>
        <Link to="/dang-nhap/quen-mat-khau">{t('email.forgot.link')}</Link>
      </p>
    </section>
  );
}
