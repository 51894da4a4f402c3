import { useTranslation } from 'react-i18next';
import { Link, redirect } from 'react-router';
import { listUnits } from '../../domain/conferences/conferences.ts';
import {
  addDelegate,
  getSiteDetail,
  removeDelegate,
  removeSite,
  updateSite,
} from '../../domain/conferences/sites.ts';
import { CreateDelegateRequest, UpdateSiteRequest } from '../../protocol/conferences.ts';
import { actionResult } from '../action-result.ts';
import { conferenceAction } from '../actions.ts';
import { DelegateForm, DelegateTable } from '../components/conference/delegates.tsx';
import { SiteForm } from '../components/conference/site-form.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { RowAction } from '../components/row-action.tsx';
import { conferencePage, formId, parseForm } from '../forms.ts';
import type { Route } from './+types/conference-site';

export function loader(args: Route.LoaderArgs) {
  return conferencePage(args, async (scope) => {
    const detail = await getSiteDetail({ ...scope, siteId: args.params.siteId });
    const organise = detail.access.isAdmin || detail.access.roles.has('organiser');
    const units = organise ? await listUnits(scope) : [];
    return {
      site: detail.site,
      delegates: detail.delegates,
      operators: detail.operators.length,
      organise,
      units: units.map((u) => ({ id: u.id, name: u.name })),
    };
  });
}

export async function action(args: Route.ActionArgs) {
  const { siteId } = args.params;
  return conferenceAction(
    args,
    {
      delegate: ({ scope, form }) =>
        addDelegate({ ...scope, siteId, input: parseForm(CreateDelegateRequest, form) }),
      removeDelegate: ({ scope, form }) =>
        removeDelegate({ ...scope, siteId, delegateId: formId(form, 'delegateId') }),
      removeSite: async ({ scope }) => {
        await removeSite({ ...scope, siteId });
        return redirect(`/quan-ly/hoi-nghi/${scope.conferenceId}/diem-cau`);
      },
      site: ({ scope, form }) =>
        updateSite({ ...scope, siteId, input: parseForm(UpdateSiteRequest, form) }),
    },
    'site',
  );
}

export default function ConferenceSite({ loaderData, actionData, params }: Route.ComponentProps) {
  const { t } = useTranslation();
  const { site, delegates, organise, units } = loaderData;
  const result = actionResult(actionData);
  const siteError =
    result.failed && result.failed.intent !== 'delegate' ? result.failed.error : undefined;
  const sites = `/quan-ly/hoi-nghi/${params.conferenceId}/diem-cau`;
  return (
    <div className="stack">
      <PageTitle>{site.name}</PageTitle>
      <p>
        <Link to={sites}>← {t('conf.sites.title')}</Link>
      </p>
      <h2>
        {site.name} {site.isHost && <span className="badge">{t('conf.sites.host')}</span>}
      </h2>
      <p>
        <Link className="button" to={`${sites}/${site.id}/truc-tiep`}>
          {t('live.openSiteConsole')}
        </Link>
      </p>
      <SiteForm
        site={site}
        units={units}
        organise={organise}
        error={siteError}
        title={t('conf.sites.edit')}
        submit={t('conf.save')}
      />
      <h3>{t('conf.delegates.title')}</h3>
      <DelegateTable delegates={delegates} />
      <DelegateForm error={result.errorOf('delegate')} />
      {organise && (
        <RowAction intent="removeSite" label={t('conf.sites.removeSite')} variant="secondary" />
      )}
    </div>
  );
}
