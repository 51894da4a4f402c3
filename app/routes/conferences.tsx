import { useTranslation } from '../i18n/use-translation.ts';
import { Link, redirect } from 'react-router';
import { hasRole } from '../../domain/auth/policies.ts';
import {
  createConference,
  listMyConferences,
  listUnits,
} from '../../domain/conferences/conferences.ts';
import { CreateConferenceRequest } from '../../protocol/conferences.ts';
import { DataTable } from '../components/data-table.tsx';
import { ConferenceFields } from '../components/conference/conference-fields.tsx';
import { TextAreaField } from '../components/field.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { actionError, formText, parseForm, requireSignedIn } from '../forms.ts';
import { formatDateTime } from '../i18n/format.ts';
import type { Route } from './+types/conferences';
import { ActionForm } from '../components/action-form.tsx';

export async function loader({ context, request }: Route.LoaderArgs) {
  const actor = requireSignedIn(context, request);
  const canCreate = hasRole(actor, 'admin');
  const [conferences, units] = await Promise.all([
    listMyConferences({ db: context.db, actor }),
    canCreate ? listUnits({ db: context.db }) : Promise.resolve([]),
  ]);
  return { conferences, canCreate, units: units.map((u) => ({ id: u.id, name: u.name })) };
}

export async function action({ request, context }: Route.ActionArgs) {
  const actor = requireSignedIn(context, request);
  const form = await request.formData();
  try {
    // The themes are typed one per line in a text area.
    const input = parseForm(CreateConferenceRequest, form, {
      themes: (formText(form, 'themes') ?? '')
        .split('\n')
        .map((s) => s.trim())
        .filter(Boolean),
    });
    const conference = await createConference({ db: context.db, actor, input });
    return redirect(`/quan-ly/hoi-nghi/${conference.id}`);
  } catch (err) {
    return actionError(err, context.lang);
  }
}

export default function Conferences({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const error = actionData?.error;
  return (
    <section>
      <PageTitle>{t('conf.myConferences')}</PageTitle>
      <h1>{t('conf.myConferences')}</h1>
      <DataTable
        rows={loaderData.conferences}
        rowKey={(c) => c.id}
        empty={t('conf.none')}
        columns={[
          {
            header: t('conf.title'),
            cell: (c) => <Link to={`/quan-ly/hoi-nghi/${c.id}`}>{c.title}</Link>,
          },
          { header: t('conf.startsAt'), cell: (c) => formatDateTime(c.startsAt) },
          { header: t('conf.status'), cell: (c) => t(`home.status.${c.status}`) },
          { header: t('conf.sites.title'), cell: (c) => c.sites },
        ]}
      />
      {loaderData.canCreate && (
        <ActionForm title={t('conf.create')} error={error} submit={t('conf.createSubmit')}>
          <ConferenceFields units={loaderData.units} />
          <TextAreaField name="themes" label={t('conf.themesOnePerLine')} rows={5} />
        </ActionForm>
      )}
    </section>
  );
}
