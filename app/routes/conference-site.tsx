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
import { runAction } from '../actions.ts';
import { DelegateForm, DelegateTable } from '../components/conference/delegates.tsx';
import { SiteForm } from '../components/conference/site-form.tsx';
import { FormAlert } from '../components/field.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { RowAction } from '../components/row-action.tsx';
import { conferenceScope, formId, pageData, parseForm } from '../forms.ts';
import type { Route } from './+types/conference-site';

export async function loader(args: Route.LoaderArgs) {
  return pageData(args.request, async () => {
    const { site, delegates, operators, access } = await getSiteDetail({
      ...conferenceScope(args),
      siteId: args.params.siteId,
    });
    const organise = access.isAdmin || access.roles.has('organiser');
    const units = organise ? await listUnits({ db: args.context.db }) : [];
    return {
      site,
      delegates,
      operators: operators.length,
      organise,
      units: units.map((u) => ({ id: u.id, name: u.name })),
    };
  });
}

export async function action(args: Route.ActionArgs) {
  const scope = { ...conferenceScope(args), siteId: args.params.siteId };
  return runAction(
    args,
    {
      delegate: ({ actor, form }) =>
        addDelegate({ ...scope, actor, input: parseForm(CreateDelegateRequest, form) }),
      removeDelegate: ({ actor, form }) =>
        removeDelegate({ ...scope, actor, delegateId: formId(form, 'delegateId') }),
      removeSite: async ({ actor }) => {
        await removeSite({ ...scope, actor });
        return redirect(`/quan-ly/hoi-nghi/${scope.conferenceId}/diem-cau`);
      },
      site: ({ actor, form }) =>
        updateSite({ ...scope, actor, input: parseForm(UpdateSiteRequest, form) }),
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
      {result.ok && <FormAlert kind="success">{t('conf.saved')}</FormAlert>}
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
