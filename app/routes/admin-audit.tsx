import { useTranslation } from '../i18n/use-translation.ts';
import { listAuditLog } from '../../domain/audit/list-audit-log.ts';
import { AuditQuery } from '../../protocol/audit.ts';
import { AuditTrail, shownAuditFilters } from '../components/audit-trail.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { parseQuery, requireAdminPage } from '../forms.ts';
import type { Route } from './+types/admin-audit';

export async function loader({ context, request }: Route.LoaderArgs) {
  const actor = requireAdminPage(context, request);
  const input = parseQuery(AuditQuery, request);
  const list = await listAuditLog({ db: context.db, actor, input });
  return { ...list, ...shownAuditFilters(request, input) };
}

export default function AdminAudit({ loaderData }: Route.ComponentProps) {
  const { t } = useTranslation();
  return (
    <section>
      <PageTitle>{t('audit.title')}</PageTitle>
      <h1>{t('audit.title')}</h1>
      <p className="muted">{t('audit.intro')}</p>
      <AuditTrail {...loaderData} clearTo="/quan-tri/nhat-ky" />
    </section>
  );
}
