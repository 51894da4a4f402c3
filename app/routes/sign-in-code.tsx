import { useTranslation } from '../i18n/use-translation.ts';
import { Link, redirect, useSearchParams } from 'react-router';
import {
  challengeStands,
  completeSecondFactorSignIn,
} from '../../domain/second-factor/sign-in-challenge.ts';
import { CodeInput, RecoveryCodeInput } from '../../protocol/second-factor.ts';
import { ActionForm } from '../components/action-form.tsx';
import { Field } from '../components/field.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { actionError, parseForm, safeRedirect } from '../forms.ts';
import { ENROL_PAGE } from '../second-factor-paths.ts';
import type { Route } from './+types/sign-in-code';

/** The second step of a sign-in ("Mã xác thực"): shown only while a challenge stands. */
export async function loader({ context, request }: Route.LoaderArgs) {
  const redirectTo = safeRedirect(new URL(request.url).searchParams.get('redirectTo'));
  if (context.actor) throw redirect(redirectTo);
  const stands = await challengeStands({
    db: context.db,
    challengeToken: context.challengeToken,
    secret: context.secret,
  });
  if (!stands) throw redirect(`/dang-nhap?redirectTo=${encodeURIComponent(redirectTo)}`);
  return null;
}

export async function action({ request, context }: Route.ActionArgs) {
  const form = await request.formData();
  const intent = form.get('intent');
  try {
    const input =
      intent === 'recovery' ? parseForm(RecoveryCodeInput, form) : parseForm(CodeInput, form);
    const result = await completeSecondFactorSignIn({
      db: context.db,
      challengeToken: context.challengeToken,
      secret: context.secret,
      input,
      ip: context.ip,
      userAgent: context.userAgent,
    });
    const headers = new Headers();
    headers.append('Set-Cookie', context.cookies.clearChallenge());
    headers.append('Set-Cookie', context.cookies.session(result.token, result.expiresAt));
    headers.append('Set-Cookie', context.cookies.lang(result.actor.language));
    const to = result.usedRecoveryCode
      ? `${ENROL_PAGE}?khoiphuc=${result.recoveryCodesLeft}`
      : safeRedirect(form.get('redirectTo'));
    return redirect(to, { headers });
  } catch (err) {
    return actionError(err, context.lang, { intent: String(intent) });
  }
}

export default function SignInCode({ actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const redirectTo = params.get('redirectTo') ?? '/';
  const failed = actionData && 'error' in actionData ? actionData : undefined;
  const recoveryError = failed?.intent === 'recovery' ? failed.error : undefined;
  return (
    <section className="narrow">
      <PageTitle>{t('secondFactor.signInTitle')}</PageTitle>
      <h1>{t('secondFactor.signInTitle')}</h1>
      <p>{t('secondFactor.signInIntro')}</p>
      <ActionForm
        intent="code"
        error={failed && !recoveryError ? failed.error : undefined}
        submit={t('secondFactor.signInSubmit')}
      >
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <Field
          name="code"
          label={t('secondFactor.code')}
          hint={t('secondFactor.codeHint')}
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={7}
          required
          autoFocus
        />
      </ActionForm>
      <details open={!!recoveryError}>
        <summary>{t('secondFactor.useRecovery')}</summary>
        <ActionForm
          intent="recovery"
          error={recoveryError}
          submit={t('secondFactor.recoverySubmit')}
        >
          <Field
            name="recoveryCode"
            label={t('secondFactor.recoveryCode')}
            autoComplete="off"
            maxLength={20}
            required
          />
        </ActionForm>
      </details>
      <p>
        <Link to={`/dang-nhap?redirectTo=${encodeURIComponent(redirectTo)}`}>
          {t('secondFactor.backToSignIn')}
        </Link>
      </p>
    </section>
  );
}
