import { useTranslation } from 'react-i18next';
import { data, Form, Link, useNavigation } from 'react-router';
import { getUser, updateUser } from '../../domain/auth/users.ts';
import { isAppError } from '../../domain/errors.ts';
import { PASSWORD_MIN } from '../../protocol/auth.ts';
import { UpdateUserRequest, UserIdParams } from '../../protocol/users.ts';
import { Field, FormAlert } from '../components/field.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { actionError, requireAdminPage, parseForm } from '../forms.ts';
import { RoleAndLanguageFields } from '../components/user-fields.tsx';
import type { Route } from './+types/admin-user-edit';

function userId(params: Route.LoaderArgs['params']): string {
  const parsed = UserIdParams.safeParse(params);
  if (!parsed.success) throw data(null, { status: 404 });
  return parsed.data.id;
}

export async function loader({ context, request, params }: Route.LoaderArgs) {
  const actor = requireAdminPage(context, request);
  try {
    return { user: await getUser({ db: context.db, actor, id: userId(params) }) };
  } catch (err) {
    if (isAppError(err) && err.code === 'not_found') throw data(null, { status: 404 });
    throw err;
  }
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const actor = requireAdminPage(context, request);
  const form = await request.formData();
  try {
    const input = parseForm(UpdateUserRequest, form);
    await updateUser({ db: context.db, actor, id: userId(params), input });
    return { ok: true as const };
  } catch (err) {
    return actionError(err, context.lang);
  }
}

export default function AdminUserEdit({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const { user } = loaderData;
  const error = actionData && !actionData.ok ? actionData.error : undefined;
  return (
    <section className="narrow">
      <PageTitle>{t('users.editTitle')}</PageTitle>
      <p>
        <Link to="/quan-tri/nguoi-dung">← {t('users.back')}</Link>
      </p>
      <h1>{t('users.editTitle')}</h1>
      {actionData?.ok && <FormAlert kind="success">{t('users.saved')}</FormAlert>}
      {error && <FormAlert kind="error">{error.message}</FormAlert>}
      <Form method="post" className="stack" noValidate key={user.updatedAt}>
        <Field
          name="name"
          label={t('users.name')}
          defaultValue={user.name}
          required
          error={error?.fields?.name}
        />
        <Field
          name="email"
          type="email"
          label={t('users.email')}
          defaultValue={user.email}
          required
          error={error?.fields?.email}
        />
        <Field
          name="password"
          type="password"
          label={t('users.newPassword')}
          hint={t('users.passwordHint', { min: PASSWORD_MIN })}
          autoComplete="new-password"
          error={error?.fields?.password}
        />
        <RoleAndLanguageFields
          roles={user.roles}
          language={user.language}
          disabled={user.disabled}
        />
        <button type="submit" className="button" disabled={navigation.state === 'submitting'}>
          {t('users.save')}
        </button>
      </Form>
    </section>
  );
}
