import { useTranslation } from 'react-i18next';
import { Form, useRouteLoaderData } from 'react-router';
import { assignRole, listMembers, removeMember } from '../../domain/conferences/members.ts';
import { AssignRoleRequest, conferenceRoles } from '../../protocol/conferences.ts';
import { Field, FormAlert } from '../components/field.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { actionError, intentOf, pageData, requireSignedIn, parseForm, formId } from '../forms.ts';
import type { loader as layoutLoader } from './conference-layout.tsx';
import type { Route } from './+types/conference-members';

export async function loader({ context, request, params }: Route.LoaderArgs) {
  return pageData(request, async () => ({
    members: await listMembers({
      db: context.db,
      actor: context.actor,
      conferenceId: params.conferenceId,
    }),
  }));
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const actor = requireSignedIn(context, request);
  const form = await request.formData();
  const intent = intentOf(form);
  const base = { db: context.db, actor, conferenceId: params.conferenceId };
  try {
    if (intent === 'remove') {
      await removeMember({ ...base, memberId: formId(form, 'memberId') });
    } else {
      const input = parseForm(AssignRoleRequest, form);
      await assignRole({ ...base, input });
    }
    return { ok: true as const, intent };
  } catch (err) {
    return actionError(err, context.lang, { intent });
  }
}

export default function ConferenceMembers({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const layout = useRouteLoaderData<typeof layoutLoader>('routes/conference-layout')!;
  const error = actionData && !actionData.ok ? actionData.error : undefined;
  return (
    <div className="stack">
      <PageTitle>{`${t('conf.members.title')} – ${layout.conference.title}`}</PageTitle>
      <h2>{t('conf.members.title')}</h2>
      {loaderData.members.length === 0 ? (
        <p>{t('conf.members.none')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('users.name')}</th>
                <th scope="col">{t('users.email')}</th>
                <th scope="col">{t('conf.members.role')}</th>
                <th scope="col">{t('conf.members.site')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('conf.remove')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {loaderData.members.map((m) => (
                <tr key={m.id}>
                  <td>{m.name}</td>
                  <td>{m.email}</td>
                  <td>{t(`conf.members.roles.${m.role}`)}</td>
                  <td>{m.siteName ?? ''}</td>
                  <td>
                    <Form method="post">
                      <input type="hidden" name="intent" value="remove" />
                      <input type="hidden" name="memberId" value={m.id} />
                      <button
                        type="submit"
                        className="link-button"
                        aria-label={`${t('conf.remove')}: ${m.name}`}
                      >
                        {t('conf.remove')}
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3 id="assign">{t('conf.members.assign')}</h3>
      {error && <FormAlert kind="error">{error.message}</FormAlert>}
      <Form method="post" className="stack narrow" aria-labelledby="assign" noValidate>
        <input type="hidden" name="intent" value="assign" />
        <Field
          name="email"
          type="email"
          label={t('conf.members.email')}
          required
          error={error?.fields?.email}
        />
        <div className="field">
          <label htmlFor="f-role">{t('conf.members.role')}</label>
          <select id="f-role" name="role" defaultValue="delegate">
            {conferenceRoles.map((r) => (
              <option key={r} value={r}>
                {t(`conf.members.roles.${r}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-siteId">{t('conf.members.site')}</label>
          <select id="f-siteId" name="siteId" defaultValue="">
            <option value="">{t('conf.members.noSite')}</option>
            {layout.sites.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
          {error?.fields?.siteId && <p className="field-error">{error.fields.siteId}</p>}
        </div>
        <button type="submit" className="button">
          {t('conf.members.assign')}
        </button>
      </Form>
    </div>
  );
}
