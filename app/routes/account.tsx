import { useTranslation } from 'react-i18next';
import { Form, redirect, useNavigation } from 'react-router';
import { changeOwnPassword, getOwnAccount, updateOwnProfile } from '../../domain/auth/users.ts';
import { AppError } from '../../domain/errors.ts';
import { ChangePasswordRequest, PASSWORD_MIN, UpdateMeRequest } from '../../protocol/auth.ts';
import { languages } from '../../protocol/common.ts';
import { Field, FormAlert } from '../components/field.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { actionError, requireSignedIn, parseForm } from '../forms.ts';
import type { Route } from './+types/account';

export async function loader({ context, request }: Route.LoaderArgs) {
  const actor = requireSignedIn(context, request);
  return {
    user: await getOwnAccount({ db: context.db, actor }),
    saved: new URL(request.url).searchParams.has('saved'),
  };
}

export async function action({ request, context }: Route.ActionArgs) {
  const actor = requireSignedIn(context, request);
  const form = await request.formData();
  const intent = form.get('intent');
  try {
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
    const input = parseForm(UpdateMeRequest, form);
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
  const navigation = useNavigation();
  const { user, saved } = loaderData;
  const failed = actionData && !actionData.ok ? actionData : null;
  const profileError = failed && failed.intent !== 'password' ? failed.error : undefined;
  const passwordError = failed && failed.intent === 'password' ? failed.error : undefined;
  return (
    <section className="narrow">
      <PageTitle>{t('account.title')}</PageTitle>
      <h1>{t('account.title')}</h1>

      <h2>{t('account.profile')}</h2>
      {saved && !profileError && <FormAlert kind="success">{t('account.profileSaved')}</FormAlert>}
      {profileError && <FormAlert kind="error">{profileError.message}</FormAlert>}
      <Form method="post" className="stack" key={user.updatedAt}>
        <input type="hidden" name="intent" value="profile" />
        <Field name="email" label={t('account.email')} value={user.email} readOnly disabled />
        <Field
          name="name"
          label={t('account.name')}
          defaultValue={user.name}
          autoComplete="name"
          required
          error={profileError?.fields?.name}
        />
        <div className="field">
          <label htmlFor="f-language">{t('account.language')}</label>
          <select id="f-language" name="language" defaultValue={user.language}>
            {languages.map((l) => (
              <option key={l} value={l}>
                {t(`languages.${l}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button" disabled={navigation.state === 'submitting'}>
          {t('account.saveProfile')}
        </button>
      </Form>

      <h2>{t('account.changePassword')}</h2>
      {actionData?.ok && <FormAlert kind="success">{t(actionData.done)}</FormAlert>}
      {passwordError && <FormAlert kind="error">{passwordError.message}</FormAlert>}
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="intent" value="password" />
        <Field
          name="currentPassword"
          type="password"
          label={t('account.currentPassword')}
          autoComplete="current-password"
          required
          error={passwordError?.fields?.currentPassword}
        />
        <Field
          name="newPassword"
          type="password"
          label={t('account.newPassword')}
          hint={t('account.newPasswordHint', { min: PASSWORD_MIN })}
          autoComplete="new-password"
          minLength={PASSWORD_MIN}
          required
          error={passwordError?.fields?.newPassword}
        />
        <Field
          name="confirmPassword"
          type="password"
          label={t('account.confirmPassword')}
          autoComplete="new-password"
          required
          error={passwordError?.fields?.confirmPassword}
        />
        <button type="submit" className="button" disabled={navigation.state === 'submitting'}>
          {t('account.submitPassword')}
        </button>
      </Form>
    </section>
  );
}
