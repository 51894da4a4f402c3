import { useTranslation } from '../i18n/use-translation.ts';
import { Link } from 'react-router';
import {
  getNewsroomSettings,
  listNewsroomSettingChanges,
  setNewsroomSettings,
} from '../../domain/news/newsroom.ts';
import { NewsroomSettingsRequest } from '../../protocol/news.ts';
import { actionResult } from '../action-result.ts';
import { ActionForm } from '../components/action-form.tsx';
import { CheckboxField, FormAlert } from '../components/field.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { actionError, parseForm, requireAdminPage } from '../forms.ts';
import { formatDateTime } from '../i18n/format.ts';
import type { Route } from './+types/admin-newsroom';

export async function loader({ context, request }: Route.LoaderArgs) {
  const actor = requireAdminPage(context, request);
  const [settings, changes] = await Promise.all([
    getNewsroomSettings({ db: context.db }),
    listNewsroomSettingChanges({ db: context.db, actor }),
  ]);
  return { settings, changes };
}

export async function action({ request, context }: Route.ActionArgs) {
  const actor = requireAdminPage(context, request);
  const form = await request.formData();
  try {
    const input = parseForm(NewsroomSettingsRequest, form);
    await setNewsroomSettings({ db: context.db, actor, input });
    return { ok: true as const };
  } catch (err) {
    return actionError(err, context.lang);
  }
}

/** Administrators switch the three-step workflow (reporter → editor → approver) on or off. */
export default function AdminNewsroom({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const { settings, changes } = loaderData;
  const result = actionResult(actionData);
  return (
    <section className="narrow">
      <PageTitle>{t('workflow.settings')}</PageTitle>
      <p>
        <Link to="/quan-tri/tin-tuc">← {t('editor.title')}</Link>
      </p>
      <h1>{t('workflow.settings')}</h1>
      <p>{t('workflow.settingsIntro')}</p>
      {result.ok && <FormAlert kind="success">{t('workflow.saved')}</FormAlert>}
      <ActionForm
        error={result.failed?.error}
        submit={t('users.save')}
        key={String(settings.updatedAt)}
      >
        <CheckboxField
          name="workflowEnabled"
          label={t('workflow.enable')}
          defaultChecked={settings.workflowEnabled}
          marked
        />
      </ActionForm>
      <p className="muted">{t(settings.workflowEnabled ? 'workflow.on' : 'workflow.off')}</p>
      {changes.length > 0 && (
        <>
          <h2>{t('workflow.changes')}</h2>
          <ul>
            {changes.map((c) => (
              <li key={c.id}>
                {t(c.workflowEnabled ? 'workflow.changedOn' : 'workflow.changedOff', {
                  at: formatDateTime(c.at),
                  name: c.actorName ?? '—',
                })}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
