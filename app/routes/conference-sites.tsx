import { useTranslation } from '../i18n/use-translation.ts';
import { Link, redirect } from 'react-router';
import {
  emailBatchProgress,
  emailSignInLinks,
} from '../../domain/conferences/email-sign-in-links.ts';
import { listUnits } from '../../domain/conferences/conferences.ts';
import { confirmImport } from '../../domain/conferences/confirm-import.ts';
import { createMissingOperators, issueSignInLinks } from '../../domain/conferences/members.ts';
import { previewImport } from '../../domain/conferences/preview-import.ts';
import { addSite, listSites, removeSite } from '../../domain/conferences/sites.ts';
import { CreateSiteRequest, IssueLinksRequest } from '../../protocol/conferences.ts';
import { actionResult } from '../action-result.ts';
import { conferenceAction } from '../actions.ts';
import { ImportPanel } from '../components/conference/import-panel.tsx';
import { EmailLinks } from '../components/conference/email-links.tsx';
import { OperatorLinks } from '../components/conference/operator-links.tsx';
import { SiteForm } from '../components/conference/site-form.tsx';
import { DataTable } from '../components/data-table.tsx';
import { conferencePage, formFiles, formId, parseForm } from '../forms.ts';
import { removeWithUndo, undoAction } from '../removals.ts';
import { ConferencePage, useConference } from './conference-layout.tsx';
import type { Route } from './+types/conference-sites';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function loader(args: Route.LoaderArgs) {
  // `?gui=<id>`: the progress of a sending of sign-in links by e-mail.
  const batchId = new URL(args.request.url).searchParams.get('gui');
  return conferencePage(args, async (scope) => {
    const [sites, units, batch] = await Promise.all([
      listSites(scope),
      listUnits(scope),
      batchId && UUID.test(batchId) ? emailBatchProgress({ ...scope, batchId }) : null,
    ]);
    return {
      sites,
      units: units.map((u) => ({ id: u.id, name: u.name })),
      batch,
      emailEnabled: args.context.emailEnabled,
      // Only administrators read the outbox.
      outboxLink: !!args.context.actor?.roles.includes('admin'),
    };
  });
}

export async function action(args: Route.ActionArgs) {
  const { context } = args;
  return conferenceAction(
    args,
    {
      preview: async ({ scope, form }) => ({
        preview: await previewImport({ ...scope, file: (await formFiles(form, 'file'))[0] }),
      }),
      confirm: async ({ scope, form }) => ({
        imported: await confirmImport({ ...scope, previewId: formId(form, 'previewId') }),
      }),
      operators: ({ scope }) => createMissingOperators(scope),
      links: async ({ scope, form }) => {
        const { links, skipped } = await issueSignInLinks({
          ...scope,
          input: parseForm(IssueLinksRequest, form),
          secret: context.secret,
        });
        const url = (token: string) => `${context.publicUrl}/dang-nhap/lien-ket/${token}`;
        return { links: links.map((l) => ({ ...l, url: url(l.token) })), skipped };
      },
      emailLinks: async ({ scope, form }) => {
        const { batchId } = await emailSignInLinks({
          ...scope,
          input: parseForm(IssueLinksRequest, form),
          secret: context.secret,
        });
        return redirect(
          `/quan-ly/hoi-nghi/${scope.conferenceId}/diem-cau?gui=${batchId}#gui-email`,
        );
      },
      site: ({ scope, form }) => addSite({ ...scope, input: parseForm(CreateSiteRequest, form) }),
      // Posted by the dialog of a site's own page, which goes with the site.
      removeSite: removeWithUndo(({ scope, form }) =>
        removeSite({ ...scope, siteId: formId(form, 'siteId') }),
      ),
      undo: undoAction,
    },
    'site',
  );
}

export default function ConferenceSites({ loaderData, actionData, params }: Route.ComponentProps) {
  const { t } = useTranslation();
  const { can } = useConference();
  const { sites } = loaderData;
  const result = actionResult(actionData);
  const ok = result.ok;
  const exportBase = `/api/v1/conferences/${params.conferenceId}/export`;
  const exports = [
    ['format=xlsx', t('conf.export.xlsx')],
    ['format=csv&kind=sites', t('conf.export.sitesCsv')],
    ['format=csv&kind=delegates', t('conf.export.delegatesCsv')],
  ] as const;
  return (
    <ConferencePage title={t('conf.sites.title')}>
      {!can.organise && <p className="muted">{t('conf.sites.onlyOwn')}</p>}
      <p className="muted">{t('conf.sites.count', { count: sites.length })}</p>
      <DataTable
        rows={sites}
        rowKey={(s) => s.id}
        empty={t('conf.sites.none')}
        columns={[
          {
            header: t('conf.sites.name'),
            cell: (s) => (
              <>
                <Link to={s.id}>{s.name}</Link>
                {s.isHost && <span className="badge">{t('conf.sites.host')}</span>}
              </>
            ),
          },
          { header: t('conf.sites.unit'), cell: (s) => s.unitName },
          {
            header: t('conf.sites.chair'),
            cell: (s) => [s.chairName, s.chairTitle].filter(Boolean).join(', '),
          },
          {
            header: t('conf.sites.tech'),
            cell: (s) => [s.techName, s.techPhone].filter(Boolean).join(' · '),
          },
          { header: t('conf.sites.expected'), cell: (s) => s.expectedAttendance ?? '' },
          { header: t('conf.sites.delegates'), cell: (s) => s.delegates.length },
        ]}
      />
      {can.organise && (
        <>
          <ImportPanel
            preview={ok && 'preview' in ok ? ok.preview : undefined}
            imported={ok && 'imported' in ok ? ok.imported : undefined}
            error={result.errorOf('preview') ?? result.errorOf('confirm')}
          />
          <h2>{t('conf.export.title')}</h2>
          <ul className="link-list">
            {exports.map(([query, label]) => (
              <li key={query}>
                <a href={`${exportBase}?${query}`} download>
                  {label}
                </a>
              </li>
            ))}
          </ul>
          <OperatorLinks
            created={ok && 'created' in ok ? ok.created : undefined}
            links={ok && 'links' in ok ? ok.links : undefined}
            skipped={(ok && 'skipped' in ok ? ok.skipped : undefined) ?? []}
          />
          <EmailLinks
            sites={sites}
            batch={loaderData.batch}
            emailEnabled={loaderData.emailEnabled}
            outboxLink={loaderData.outboxLink}
            error={result.errorOf('emailLinks')}
          />
          <SiteForm
            units={loaderData.units}
            organise
            error={result.errorOf('site') ?? result.errorOf('operators') ?? result.errorOf('links')}
            title={t('conf.sites.add')}
            submit={t('conf.sites.add')}
          />
        </>
      )}
    </ConferencePage>
  );
}
