import { useTranslation } from 'react-i18next';
import { Form, Link, redirect, useNavigation } from 'react-router';
import { hasRole } from '../../domain/auth/policies.ts';
import {
  createConference,
  listMyConferences,
  listUnits,
} from '../../domain/conferences/conferences.ts';
import { CreateConferenceRequest } from '../../protocol/conferences.ts';
import { DateTimeField } from '../components/date-time-field.tsx';
import { Field, FormAlert } from '../components/field.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { SelectField } from '../components/select-field.tsx';
import { actionError, formText, requireSignedIn, parseForm } from '../forms.ts';
import { formatDateTime } from '../i18n/format.ts';
import type { Route } from './+types/conferences';

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
  const navigation = useNavigation();
  const error = actionData?.error;
  return (
    <section>
      <PageTitle>{t('conf.myConferences')}</PageTitle>
      <h1>{t('conf.myConferences')}</h1>
      {loaderData.conferences.length === 0 ? (
        <p>{t('conf.none')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('conf.title')}</th>
                <th scope="col">{t('conf.startsAt')}</th>
                <th scope="col">{t('conf.status')}</th>
                <th scope="col">{t('conf.sites.title')}</th>
              </tr>
            </thead>
            <tbody>
              {loaderData.conferences.map((c) => (
                <tr key={c.id}>
                  <td>
                    <Link to={`/quan-ly/hoi-nghi/${c.id}`}>{c.title}</Link>
                  </td>
                  <td>{formatDateTime(c.startsAt)}</td>
                  <td>{t(`home.status.${c.status}`)}</td>
                  <td>{c.sites}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {loaderData.canCreate && (
        <>
          <h2 id="create-conference">{t('conf.create')}</h2>
          {error && <FormAlert kind="error">{error.message}</FormAlert>}
          <Form
            method="post"
            className="stack narrow"
            aria-labelledby="create-conference"
            noValidate
          >
            <Field name="title" label={t('conf.title')} required error={error?.fields?.title} />
            <Field name="theme" label={t('conf.theme')} required error={error?.fields?.theme} />
            <div className="field">
              <label htmlFor="f-description">{t('conf.description')}</label>
              <textarea id="f-description" name="description" rows={3} />
            </div>
            <Field
              name="organiser"
              label={t('conf.organiser')}
              required
              error={error?.fields?.organiser}
            />
            <SelectField
              name="organiserUnitId"
              label={t('conf.organiserUnit')}
              none={t('conf.noUnit')}
              defaultValue={''}
              options={loaderData.units.map((u) => ({ value: u.id, label: u.name }))}
            />
            <DateTimeField
              name="startsAt"
              label={t('conf.startsAt')}
              required
              error={error?.fields?.startsAt}
            />
            <DateTimeField
              name="endsAt"
              label={t('conf.endsAt')}
              required
              error={error?.fields?.endsAt}
            />
            <div className="field">
              <label htmlFor="f-visibility">{t('conf.visibility')}</label>
              <select id="f-visibility" name="visibility" defaultValue="public">
                <option value="public">{t('conf.public')}</option>
                <option value="internal">{t('conf.internal')}</option>
              </select>
            </div>
            <Field
              name="defaultTurnMinutes"
              type="number"
              min={1}
              max={60}
              defaultValue={5}
              label={t('conf.defaultTurn')}
              error={error?.fields?.defaultTurnMinutes}
            />
            <label className="check">
              <input type="checkbox" name="siteChairApproval" /> {t('conf.siteChairApproval')}
            </label>
            <div className="field">
              <label htmlFor="f-themes">{t('conf.themesOnePerLine')}</label>
              <textarea id="f-themes" name="themes" rows={5} />
            </div>
            <button type="submit" className="button" disabled={navigation.state === 'submitting'}>
              {t('conf.createSubmit')}
            </button>
          </Form>
        </>
      )}
    </section>
  );
}
