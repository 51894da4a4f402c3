import { useTranslation } from '../i18n/use-translation.ts';
import { data, Link } from 'react-router';
import { getUser, updateUser } from '../../domain/auth/users.ts';
import { isAppError } from '../../domain/errors.ts';
import { UpdateUserRequest, UserIdParams } from '../../protocol/users.ts';
import { actionResult } from '../action-result.ts';
import { ActionForm } from '../components/action-form.tsx';
import { FormAlert } from '../components/field.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { actionError, requireAdminPage, parseForm } from '../forms.ts';
import { UserFields } from '../components/user-fields.tsx';
import { signOutEverywhere } from '../../domain/auth/own-sessions.ts';
import {
  resetSecondFactor,
  userSecondFactor,
} from '../../domain/second-factor/manage-second-factor.ts';
import { UserSecurity } from '../components/account/user-security.tsx';
import type { Route } from './+types/admin-user-edit';

function userId(params: Route.LoaderArgs['params']): string {
  const parsed = UserIdParams.safeParse(params);
  if (!parsed.success) throw data(null, { status: 404 });
  return parsed.data.id;
}

export async function loader({ context, request, params }: Route.LoaderArgs) {
  const actor = requireAdminPage(context, request);
  try {
    const id = userId(params);
    return {
      user: await getUser({ db: context.db, actor, id }),
      secondFactor: await userSecondFactor({ db: context.db, actor, userId: id }),
      isSelf: actor.id === id,
    };
  } catch (err) {
    if (isAppError(err) && err.code === 'not_found') throw data(null, { status: 404 });
    throw err;
  }
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const actor = requireAdminPage(context, request);
  const form = await request.formData();
  const intent = form.get('intent');
  try {
    if (intent === 'second-factor-reset') {
      await resetSecondFactor({ db: context.db, actor, userId: userId(params) });
      return { ok: true as const, intent };
    }
    if (intent === 'sign-out-everywhere') {
      const { sessionsEnded } = await signOutEverywhere({
        db: context.db,
        actor,
        userId: userId(params),
      });
      return { ok: true as const, intent, sessionsEnded };
    }
    const input = parseForm(UpdateUserRequest, form);
    await updateUser({ db: context.db, actor, id: userId(params), input });
    return { ok: true as const };
  } catch (err) {
    return actionError(err, context.lang, { intent: String(intent) });
  }
}

export default function AdminUserEdit({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const { user } = loaderData;
  const result = actionResult(actionData);
  return (
    <section className="narrow">
      <PageTitle>{t('users.editTitle')}</PageTitle>
      <p>
        <Link to="/quan-tri/nguoi-dung">← {t('users.back')}</Link>
      </p>
      <h1>{t('users.editTitle')}</h1>
      {result.ok && !result.ok.intent && <FormAlert kind="success">{t('users.saved')}</FormAlert>}
      <ActionForm
        intent="save"
        error={result.errorOf('save')}
        submit={t('users.save')}
        key={user.updatedAt}
      >
        <UserFields user={user} />
        <p className="field-hint">{t('workflow.rolesHint')}</p>
      </ActionForm>
      <UserSecurity
        enrolled={loaderData.secondFactor.enrolled}
        isSelf={loaderData.isSelf}
        done={result.ok}
        errorOf={(i) => result.errorOf(i)}
      />
    </section>
  );
}
