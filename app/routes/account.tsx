import { useTranslation } from '../i18n/use-translation.ts';
import { redirect } from 'react-router';
import { changeOwnPassword, getOwnAccount, updateOwnProfile } from '../../domain/auth/users.ts';
import { AppError } from '../../domain/errors.ts';
import { ChangePasswordRequest, PASSWORD_MIN, UpdateMeRequest } from '../../protocol/auth.ts';
import { actionResult } from '../action-result.ts';
import { ActionForm } from '../components/action-form.tsx';
import { Field, FormAlert } from '../components/field.tsx';
import { LanguageField } from '../components/user-fields.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { actionError, requireSignedIn, parseForm } from '../forms.ts';
import { isSecurityIntent, securityAction, securityData } from '../account-security.server.ts';
import { SecondFactorSection } from '../components/account/second-factor-section.tsx';
import { SessionsSection } from '../components/account/sessions-section.tsx';
import type { Route } from './+types/account';

export async function loader({ context, request }: Route.LoaderArgs) {
  const actor = requireSignedIn(context, request);
  const params = new URL(request.url).searchParams;
  const recovered = Number(params.get('khoiphuc'));
  return {
    user: await getOwnAccount({ db: context.db, actor }),
    saved: params.has('saved'),
    mustEnrol: context.mustEnrolSecondFactor,
    recovered: params.has('khoiphuc') && Number.isInteger(recovered) ? recovered : null,
    ...(await securityData(context, actor)),
  };
}

export async function action({ request, context }: Route.ActionArgs) {
  const actor = requireSignedIn(context, request);
  const form = await request.formData();
  const intent = form.get('intent');
  try {
    if (isSecurityIntent(intent)) return await securityAction(context, actor, intent, form);
    if (intent === 'password') {
      const input = parseForm(ChangePasswordRequest, form);
      if (input.newPassword !== form.get('confirmPassword')) {
        throw new AppError('validation', {
          fields: { confirmPassword: 'account.passwordsDiffer' },
        });
      }
      await changeOwnPassword({ db: context.db, actor, sessionId: context.sessionId, input });
      return { ok: true as const, intent, done: 'account.passwordChanged' as const };
    }
    // The form always has a name: left blank, it is an error, not "unchanged".
    const input = parseForm(UpdateMeRequest.required({ name: true }), form);
    const user = await updateOwnProfile({ db: context.db, actor, input });
    return redirect('/tai-khoan?saved=1', {
      headers: { 'Set-Cookie': context.cookies.lang(user.language) },
    });
  } catch (err) {
    return actionError(err, context.lang, { intent: String(intent) });
  }
}

export default function Account({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const { user, saved } = loaderData;
  const result = actionResult(actionData);
  const passwordError = result.errorOf('password');
  const profileError = result.errorOf('profile');
  const done = result.ok?.intent;
  return (
    <section className="narrow">
      <PageTitle>{t('account.title')}</PageTitle>
      <h1>{t('account.title')}</h1>

      <h2>{t('account.profile')}</h2>
      {saved && !result.failed && <FormAlert kind="success">{t('account.profileSaved')}</FormAlert>}
      <ActionForm
        intent="profile"
        error={profileError}
        submit={t('account.saveProfile')}
        key={user.updatedAt}
      >
        <Field name="email" label={t('account.email')} value={user.email} readOnly disabled />
        <Field
          name="name"
          label={t('account.name')}
          defaultValue={user.name}
          autoComplete="name"
          required
        />
        <LanguageField label={t('account.language')} defaultValue={user.language} />
      </ActionForm>

      <h2>{t('account.changePassword')}</h2>
      {result.ok && 'done' in result.ok && (
        <FormAlert kind="success">{t(result.ok.done)}</FormAlert>
      )}
      <ActionForm intent="password" error={passwordError} submit={t('account.submitPassword')}>
        <Field
          name="currentPassword"
          type="password"
          label={t('account.currentPassword')}
          autoComplete="current-password"
          required
        />
        <Field
          name="newPassword"
          type="password"
          label={t('account.newPassword')}
          hint={t('account.newPasswordHint', { min: PASSWORD_MIN })}
          autoComplete="new-password"
          minLength={PASSWORD_MIN}
          required
        />
        <Field
          name="confirmPassword"
          type="password"
          label={t('account.confirmPassword')}
          autoComplete="new-password"
          required
        />
      </ActionForm>

      <SecondFactorSection
        status={loaderData.secondFactor}
        enrolment={loaderData.enrolment}
        recoveryCodes={
          result.ok && 'recoveryCodes' in result.ok ? result.ok.recoveryCodes : undefined
        }
        recovered={loaderData.recovered}
        mustEnrol={loaderData.mustEnrol}
        done={done}
        errorOf={(i) => result.errorOf(i)}
      />
      <SessionsSection sessions={loaderData.sessions} done={done} />
    </section>
  );
}
