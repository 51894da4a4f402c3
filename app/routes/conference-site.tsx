import { useTranslation } from 'react-i18next';
import { Form, Link, redirect } from 'react-router';
import {
  addDelegate,
  getSiteDetail,
  removeDelegate,
  removeSite,
  updateSite,
} from '../../domain/conferences/sites.ts';
import {
  contributorKinds,
  CreateDelegateRequest,
  UpdateSiteRequest,
} from '../../protocol/conferences.ts';
import { Field, FormAlert } from '../components/field.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { actionError, intentOf, pageData, requireSignedIn, parseForm, formId } from '../forms.ts';
import type { Route } from './+types/conference-site';

export async function loader({ context, request, params }: Route.LoaderArgs) {
  return pageData(request, async () => {
    const { site, delegates, operators, access } = await getSiteDetail({
      db: context.db,
      actor: context.actor,
      conferenceId: params.conferenceId,
      siteId: params.siteId,
    });
    return {
      site,
      delegates,
      operators: operators.length,
      organise: access.isAdmin || access.roles.has('organiser'),
    };
  });
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const actor = requireSignedIn(context, request);
  const form = await request.formData();
  const intent = intentOf(form);
  const base = { db: context.db, actor, conferenceId: params.conferenceId, siteId: params.siteId };
  try {
    if (intent === 'delegate') {
      const input = parseForm(CreateDelegateRequest, form);
      await addDelegate({ ...base, input });
    } else if (intent === 'removeDelegate') {
      await removeDelegate({ ...base, delegateId: formId(form, 'delegateId') });
    } else if (intent === 'removeSite') {
      await removeSite(base);
      return redirect(`/quan-ly/hoi-nghi/${params.conferenceId}/diem-cau`);
    } else {
      const input = parseForm(UpdateSiteRequest, form);
      await updateSite({ ...base, input });
    }
    return { ok: true as const, intent };
  } catch (err) {
    return actionError(err, context.lang, { intent });
  }
}

export default function ConferenceSite({ loaderData, actionData, params }: Route.ComponentProps) {
  const { t } = useTranslation();
  const { site, delegates, organise } = loaderData;
  const failed = actionData && !actionData.ok ? actionData : undefined;
  const siteError = failed && failed.intent !== 'delegate' ? failed.error : undefined;
  const delegateError = failed?.intent === 'delegate' ? failed.error : undefined;
  return (
    <div className="stack">
      <PageTitle>{site.name}</PageTitle>
      <p>
        <Link to={`/quan-ly/hoi-nghi/${params.conferenceId}/diem-cau`}>
          ← {t('conf.sites.title')}
        </Link>
      </p>
      <h2>
        {site.name} {site.isHost && <span className="badge">{t('conf.sites.host')}</span>}
      </h2>
      {actionData?.ok && <FormAlert kind="success">{t('conf.saved')}</FormAlert>}
      {siteError && <FormAlert kind="error">{siteError.message}</FormAlert>}

      <p>
        <Link
          className="button"
          to={`/quan-ly/hoi-nghi/${params.conferenceId}/diem-cau/${site.id}/truc-tiep`}
        >
          {t('live.openSiteConsole')}
        </Link>
      </p>
      <h3>{t('conf.sites.edit')}</h3>
      <Form method="post" className="stack narrow" key={JSON.stringify(site)} noValidate>
        <input type="hidden" name="intent" value="site" />
        <Field
          name="name"
          label={t('conf.sites.name')}
          defaultValue={site.name}
          readOnly={!organise}
          error={siteError?.fields?.name}
        />
        <Field
          name="unitName"
          label={t('conf.sites.unitName')}
          defaultValue={site.unitName}
          readOnly={!organise}
        />
        <Field name="address" label={t('conf.sites.address')} defaultValue={site.address} />
        <Field
          name="chairName"
          label={t('conf.sites.chairName')}
          defaultValue={site.chairName ?? ''}
        />
        <Field
          name="chairTitle"
          label={t('conf.sites.chairTitle')}
          defaultValue={site.chairTitle ?? ''}
        />
        <Field
          name="techName"
          label={t('conf.sites.techName')}
          defaultValue={site.techName ?? ''}
        />
        <Field
          name="techPhone"
          type="tel"
          label={t('conf.sites.techPhone')}
          defaultValue={site.techPhone ?? ''}
          error={siteError?.fields?.techPhone}
        />
        <Field
          name="techEmail"
          type="email"
          label={t('conf.sites.techEmail')}
          defaultValue={site.techEmail ?? ''}
          error={siteError?.fields?.techEmail}
        />
        <Field
          name="expectedAttendance"
          type="number"
          min={0}
          label={t('conf.sites.expected')}
          defaultValue={site.expectedAttendance ?? ''}
          error={siteError?.fields?.expectedAttendance}
        />
        <button type="submit" className="button">
          {t('conf.save')}
        </button>
      </Form>

      <h3>{t('conf.delegates.title')}</h3>
      {delegates.length === 0 ? (
        <p>{t('conf.delegates.none')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('conf.delegates.name')}</th>
                <th scope="col">{t('conf.delegates.position')}</th>
                <th scope="col">{t('conf.delegates.unitName')}</th>
                <th scope="col">{t('conf.delegates.kind')}</th>
                <th scope="col">{t('conf.delegates.email')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('conf.remove')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {delegates.map((d) => (
                <tr key={d.id}>
                  <td>{d.name}</td>
                  <td>{d.position}</td>
                  <td>{d.unitName}</td>
                  <td>{t(`conf.kinds.${d.kind}`)}</td>
                  <td>{[d.email, d.phone].filter(Boolean).join(' · ')}</td>
                  <td>
                    <Form method="post">
                      <input type="hidden" name="intent" value="removeDelegate" />
                      <input type="hidden" name="delegateId" value={d.id} />
                      <button
                        type="submit"
                        className="link-button"
                        aria-label={`${t('conf.remove')}: ${d.name}`}
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
      <h3 id="add-delegate">{t('conf.delegates.add')}</h3>
      {delegateError && <FormAlert kind="error">{delegateError.message}</FormAlert>}
      <Form method="post" className="stack narrow" aria-labelledby="add-delegate" noValidate>
        <input type="hidden" name="intent" value="delegate" />
        <Field
          name="name"
          label={t('conf.delegates.name')}
          required
          error={delegateError?.fields?.name}
        />
        <Field name="position" label={t('conf.delegates.position')} />
        <Field name="unitName" label={t('conf.delegates.unitName')} />
        <div className="field">
          <label htmlFor="f-kind">{t('conf.delegates.kind')}</label>
          <select id="f-kind" name="kind" defaultValue="locality">
            {contributorKinds.map((k) => (
              <option key={k} value={k}>
                {t(`conf.kinds.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <Field
          name="email"
          type="email"
          label={t('conf.delegates.email')}
          error={delegateError?.fields?.email}
        />
        <Field
          name="phone"
          type="tel"
          label={t('conf.delegates.phone')}
          error={delegateError?.fields?.phone}
        />
        <button type="submit" className="button">
          {t('conf.delegates.add')}
        </button>
      </Form>

      {organise && (
        <Form method="post">
          <input type="hidden" name="intent" value="removeSite" />
          <button type="submit" className="button button-secondary">
            {t('conf.sites.removeSite')}
          </button>
        </Form>
      )}
    </div>
  );
}
