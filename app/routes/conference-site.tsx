import { useTranslation } from '../i18n/use-translation.ts';
import { Link, redirect } from 'react-router';
import { listUnits } from '../../domain/conferences/conferences.ts';
import { siteRemovalFacts } from '../../domain/conferences/site-removal.ts';
import {
  addDelegate,
  getSiteDetail,
  removeDelegate,
  removeSite,
  updateSite,
} from '../../domain/conferences/sites.ts';
import { CreateDelegateRequest, UpdateSiteRequest } from '../../protocol/conferences.ts';
import { actionResult, isRemovalIntent } from '../action-result.ts';
import { conferenceAction, confirmFirst } from '../actions.ts';
import { DelegateForm, DelegateTable } from '../components/conference/delegates.tsx';
import { SiteForm } from '../components/conference/site-form.tsx';
import { ConfirmAction } from '../components/confirm-dialog.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { RemovalNotice } from '../components/removal-notice.tsx';
import { conferencePage, formId, parseForm } from '../forms.ts';
import { removeWithUndo, undoAction } from '../removals.ts';
import type { Route } from './+types/conference-site';

export function loader(args: Route.LoaderArgs) {
  return conferencePage(args, async (scope) => {
    const { siteId } = args.params;
    const detail = await getSiteDetail({ ...scope, siteId });
    const organise = detail.access.isAdmin || detail.access.roles.has('organiser');
    const units = organise ? await listUnits(scope) : [];
    const facts = organise ? (await siteRemovalFacts({ ...scope, siteId }))[siteId] : undefined;
    return {
      site: detail.site,
      delegates: detail.delegates,
      operators: detail.operators.length,
      organise,
      units: units.map((u) => ({ id: u.id, name: u.name })),
      removal: { members: facts?.members ?? 0, history: facts?.history ?? null },
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
      removeDelegate: removeWithUndo(({ scope, form }) =>
        removeDelegate({ ...scope, siteId, delegateId: formId(form, 'delegateId') }),
      ),
      undo: undoAction,
      // The dialog posts to the list of sites (this page goes with the site); a
      // confirmed post here still removes it, and goes back to the list.
      removeSite: confirmFirst(async ({ scope }) => {
        await removeSite({ ...scope, siteId });
        return redirect(`/quan-ly/hoi-nghi/${scope.conferenceId}/diem-cau`);
      }),
      site: ({ scope, form }) =>
        updateSite({ ...scope, siteId, input: parseForm(UpdateSiteRequest, form) }),
    },
    'site',
  );
}

export default function ConferenceSite({ loaderData, actionData, params }: Route.ComponentProps) {
  const { t } = useTranslation();
  const { site, delegates, organise, units, removal } = loaderData;
  const result = actionResult(actionData);
  const failed = result.failed;
  const siteError =
    failed && failed.intent !== 'delegate' && !isRemovalIntent(failed.intent)
      ? failed.error
      : undefined;
  const sites = `/quan-ly/hoi-nghi/${params.conferenceId}/diem-cau`;
  const withIt = [
    delegates.length > 0 && t('safety.site.delegates', { count: delegates.length }),
    removal.members > 0 && t('safety.site.members', { count: removal.members }),
  ].filter((line): line is string => !!line);
  return (
    <div className="stack">
      <PageTitle>{site.name}</PageTitle>
      <p>
        <Link to={sites}>← {t('conf.sites.title')}</Link>
      </p>
      <h2>
        {site.name} {site.isHost && <span className="badge">{t('conf.sites.host')}</span>}
      </h2>
      <RemovalNotice />
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
      <DelegateTable delegates={delegates} siteName={site.name} />
      <DelegateForm error={result.errorOf('delegate')} />
      {organise && (
        <ConfirmAction
          intent="removeSite"
          fields={{ siteId: site.id }}
          action={sites}
          label={t('conf.sites.removeSite')}
          variant="secondary"
          confirmation={{
            title: t('safety.site.title', { name: site.name }),
            consequences: withIt.length ? withIt : [t('safety.site.alone')],
            confirm: t('safety.site.confirm'),
            blocked: removal.history
              ? t('safety.errors.site_has_activity', { name: site.name, reason: removal.history })
              : undefined,
          }}
        />
      )}
    </div>
  );
}
