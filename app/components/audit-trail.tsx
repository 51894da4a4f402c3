import { useTranslation } from '../i18n/use-translation.ts';
import { Link, useLocation } from 'react-router';
import { AUDIT_EXPORT_LIMIT, auditChanges, type AuditEntryView } from '../../protocol/audit.ts';
import { formatDateTime } from '../i18n/format.ts';
import { DataTable } from './data-table.tsx';
import { FormAlert } from './field.tsx';
import { FilterForm, SearchInput } from './filters.tsx';
import { Pager } from './pager.tsx';

/** The filters of the audit trail, in the page's address and the API's query alike. */
export const AUDIT_FILTERS = [
  'from',
  'to',
  'actor',
  'action',
  'targetType',
  'targetId',
  'conferenceId',
  'ip',
] as const;

/** The filter values as typed (a day stays `dd/MM/yyyy`), the ones that did not pass left out. */
export function shownAuditFilters(request: Request, input: Record<string, unknown>) {
  const params = new URL(request.url).searchParams;
  const values: Record<string, string> = {};
  const ignored: string[] = [];
  for (const name of AUDIT_FILTERS) {
    const typed = params.get(name)?.trim();
    if (!typed) continue;
    if (input[name] === undefined) ignored.push(name);
    else values[name] = typed;
  }
  return { values, ignored };
}

function ActionName({ action }: { action: string }) {
  const { t } = useTranslation();
  const label = t(`audit.actions.${action}` as 'audit.title', { defaultValue: action });
  return (
    <>
      {label}
      {label !== action && (
        <>
          <br />
          <code className="muted">{action}</code>
        </>
      )}
    </>
  );
}

function Target({ entry }: { entry: AuditEntryView }) {
  const { t } = useTranslation();
  const { type, id, label } = entry.target;
  return (
    <>
      {t(`audit.targets.${type}` as 'audit.title', { defaultValue: type })}
      {label && <>: {label}</>}
      {id && (
        <>
          <br />
          <Link to={`?targetType=${encodeURIComponent(type)}&targetId=${encodeURIComponent(id)}`}>
            <code>{id}</code>
          </Link>
        </>
      )}
    </>
  );
}

function Changes({ entry }: { entry: AuditEntryView }) {
  const { t } = useTranslation();
  const changes = auditChanges(entry.before, entry.after);
  if (!changes.length) return <>{t('audit.noChanges')}</>;
  return (
    <dl className="audit-changes">
      {changes.map((c) => (
        <div key={c.field}>
          <dt>{c.field}</dt>
          <dd>
            <del>{c.before}</del> → <ins>{c.after}</ins>
          </dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * The trail as one page shows it: the filters (those in `fixed` are set by the page and
 * not shown), a count with the CSV/XLSX downloads of the same rows, the entries newest
 * first with their before → after, and the pager.
 */
export function AuditTrail({
  entries,
  total,
  page,
  pageSize,
  values,
  ignored,
  fixed = {},
  clearTo,
}: {
  entries: AuditEntryView[];
  total: number;
  page: number;
  pageSize: number;
  values: Record<string, string>;
  ignored: string[];
  fixed?: Record<string, string>;
  clearTo: string;
}) {
  const { t } = useTranslation();
  const location = useLocation();
  const exportQuery = new URLSearchParams({ ...values, ...fixed });
  const exportHref = (format: 'csv' | 'xlsx') => {
    exportQuery.set('format', format);
    return `/api/v1/audit/export?${exportQuery}`;
  };
  return (
    <>
      <FilterForm values={values} submit={t('audit.filter')}>
        {AUDIT_FILTERS.filter((name) => !(name in fixed)).map((name) => (
          <SearchInput key={name} name={name} label={t(`audit.${name}`)} />
        ))}
      </FilterForm>
      {location.search && <Link to={clearTo}>{t('audit.clear')}</Link>}
      {ignored.length > 0 && (
        <FormAlert kind="error">
          {t('audit.ignored', {
            fields: ignored.map((f) => t(`audit.${f}` as 'audit.from')).join(', '),
          })}
        </FormAlert>
      )}

      <p className="muted">
        {t('audit.count', { count: total })} ·{' '}
        <a href={exportHref('csv')} download>
          {t('audit.exportCsv')}
        </a>{' '}
        ·{' '}
        <a href={exportHref('xlsx')} download>
          {t('audit.exportXlsx')}
        </a>
        <br />
        {t('audit.exportNote', { limit: AUDIT_EXPORT_LIMIT.toLocaleString('vi-VN') })}
      </p>
      <DataTable
        rows={entries}
        rowKey={(e) => String(e.id)}
        empty={t('audit.empty')}
        className="audit-table"
        columns={[
          {
            header: t('audit.at'),
            cell: (e) => <time dateTime={e.at}>{formatDateTime(e.at)}</time>,
          },
          {
            header: t('audit.who'),
            cell: (e) =>
              e.actor ? (
                <>
                  {e.actor.name}
                  {e.actor.email && (
                    <>
                      <br />
                      <span className="muted">{e.actor.email}</span>
                    </>
                  )}
                </>
              ) : (
                <em>{t('audit.system')}</em>
              ),
          },
          { header: t('audit.address'), cell: (e) => e.ip ?? '—' },
          {
            header: t('audit.what'),
            rowHeader: true,
            cell: (e) => <ActionName action={e.action} />,
          },
          { header: t('audit.target'), cell: (e) => <Target entry={e} /> },
          { header: t('audit.changes'), cell: (e) => <Changes entry={e} /> },
        ]}
      />
      <Pager page={page} total={total} pageSize={pageSize} />
    </>
  );
}
