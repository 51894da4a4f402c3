import { useTranslation } from '../i18n/use-translation.ts';
import { Link } from 'react-router';
import {
  getSecondFactorPolicy,
  updateSecondFactorPolicy,
} from '../../domain/second-factor/second-factor-policy.ts';
import { secondFactorRoles } from '../../protocol/second-factor.ts';
import { actionResult } from '../action-result.ts';
import { ActionForm } from '../components/action-form.tsx';
import { CheckboxField, FormMarker } from '../components/field.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { actionError, requireAdminPage } from '../forms.ts';
import type { Route } from './+types/admin-security';

export async function loader({ context, request }: Route.LoaderArgs) {
  const actor = requireAdminPage(context, request);
  return getSecondFactorPolicy({ db: context.db, actor });
}

export async function action({ request, context }: Route.ActionArgs) {
  const actor = requireAdminPage(context, request);
  const form = await request.formData();
  try {
    const chosen = new Set(form.getAll('required'));
    const roles = Object.fromEntries(secondFactorRoles.map((r) => [r, chosen.has(r)]));
    await updateSecondFactorPolicy({ db: context.db, actor, input: { roles } });
    return { ok: true as const };
  } catch (err) {
    return actionError(err, context.lang);
  }
}

/** "Bảo mật": which roles must use the second factor. */
export default function AdminSecurity({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const result = actionResult(actionData);
  return (
    <section className="narrow">
      <PageTitle>{t('secondFactor.adminTitle')}</PageTitle>
      <p>
        <Link to="/quan-tri/nguoi-dung">← {t('users.back')}</Link>
      </p>
      <h1>{t('secondFactor.adminTitle')}</h1>
      <ActionForm
        title={t('secondFactor.policyTitle')}
        error={result.failed?.error}
        success={result.ok ? t('secondFactor.policySaved') : false}
        submit={t('secondFactor.policySave')}
        values={loaderData.roles}
      >
        <p>{t('secondFactor.policyIntro')}</p>
        <FormMarker name="required" />
        {secondFactorRoles.map((role) => (
          <CheckboxField
            key={role}
            name="required"
            value={role}
            label={t(`secondFactor.roles.${role}`)}
            defaultChecked={loaderData.roles[role]}
          />
        ))}
      </ActionForm>
    </section>
  );
}
