import { useTranslation } from '../i18n/use-translation.ts';
import { listAuditLog } from '../../domain/audit/list-audit-log.ts';
import { AuditQuery } from '../../protocol/audit.ts';
import { AuditTrail, shownAuditFilters } from '../components/audit-trail.tsx';
import { conferencePage, parseQuery } from '../forms.ts';
import { ConferencePage } from './conference-layout.tsx';
import type { Route } from './+types/conference-audit';

/** The conference's own part of the audit trail, for its organisers. */
export function loader(args: Route.LoaderArgs) {
  return conferencePage(args, async (scope) => {
    const input = { ...parseQuery(AuditQuery, args.request), conferenceId: scope.conferenceId };
    const list = await listAuditLog({ db: scope.db, actor: scope.actor, input });
    return { ...list, ...shownAuditFilters(args.request, input) };
  });
}

export default function ConferenceAudit({ loaderData, params }: Route.ComponentProps) {
  const { t } = useTranslation();
  const { values, ...rest } = loaderData;
  const { conferenceId: _own, ...typed } = values;
  return (
    <ConferencePage title={t('audit.conferenceTitle')}>
      <p className="muted">{t('audit.conferenceIntro')}</p>
      <AuditTrail
        {...rest}
        values={typed}
        fixed={{ conferenceId: params.conferenceId }}
        clearTo={`/quan-ly/hoi-nghi/${params.conferenceId}/nhat-ky`}
      />
    </ConferencePage>
  );
}
