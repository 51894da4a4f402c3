import { useTranslation } from '../i18n/use-translation.ts';
import { Link, useLocation } from 'react-router';
import {
  getOutboxMessage,
  listOutbox,
  outboxCounts,
  OUTBOX_PAGE_SIZE,
} from '../../domain/email/list-outbox.ts';
import { emailStatuses, OutboxQuery } from '../../protocol/email.ts';
import { DataTable } from '../components/data-table.tsx';
import { EmailOffNotice } from '../components/email-off-notice.tsx';
import { FilterForm, FilterSelect } from '../components/filters.tsx';
import { Pager } from '../components/pager.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { pageData, parseQuery, requireAdminPage } from '../forms.ts';
import { formatDateTime } from '../i18n/format.ts';
import type { Route } from './+types/admin-outbox';

/** "Thư đi": every message the product sent, is sending, failed to send or holds. */
export async function loader({ context, request }: Route.LoaderArgs) {
  const actor = requireAdminPage(context, request);
  return pageData(request, async () => {
    const input = parseQuery(OutboxQuery, request);
    const [list, counts, message] = await Promise.all([
      listOutbox({ db: context.db, actor, status: input.status, page: input.page }),
      outboxCounts({ db: context.db, actor }),
      input.id ? getOutboxMessage({ db: context.db, actor, id: input.id }) : null,
    ]);
    return {
      ...list,
      counts,
      message,
      status: input.status ?? '',
      page: input.page,
      pageSize: OUTBOX_PAGE_SIZE,
      emailEnabled: context.emailEnabled,
    };
  });
}

export default function AdminOutbox({ loaderData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const location = useLocation();
  const { rows, total, counts, message, status, page, pageSize, emailEnabled } = loaderData;
  const open = (id: number) => {
    const params = new URLSearchParams(location.search);
    params.set('id', String(id));
    return `?${params.toString()}#thu`;
  };
  return (
    <section>
      <PageTitle>{t('email.outbox.title')}</PageTitle>
      <h1>{t('email.outbox.title')}</h1>
      {emailEnabled ? <p>{t('email.outbox.introOn')}</p> : <EmailOffNotice outboxLink={false} />}
      <p className="muted">
        {emailStatuses.map((s) => `${t(`email.status.${s}`)}: ${counts[s] ?? 0}`).join(' · ')}
      </p>
      <FilterForm values={{ status }} submit={t('email.outbox.filter')}>
        <FilterSelect
          name="status"
          label={t('email.outbox.status')}
          all={t('email.outbox.all')}
          options={emailStatuses.map((s) => ({ value: s, label: t(`email.status.${s}`) }))}
        />
      </FilterForm>
      <DataTable
        rows={rows}
        rowKey={(r) => String(r.id)}
        empty={t('email.outbox.empty')}
        columns={[
          {
            header: t('email.outbox.createdAt'),
            cell: (r) => <time dateTime={String(r.createdAt)}>{formatDateTime(r.createdAt)}</time>,
          },
          {
            header: t('email.outbox.to'),
            cell: (r) => (r.toName ? `${r.toName} <${r.toAddress}>` : r.toAddress),
          },
          {
            header: t('email.outbox.subject'),
            rowHeader: true,
            cell: (r) => <Link to={open(r.id)}>{r.subject ?? t(`email.kind.${r.kind}`)}</Link>,
          },
          {
            header: t('email.outbox.status'),
            cell: (r) => (
              <>
                {t(`email.status.${r.status}`)}
                {r.attempts > 1 && ` (${t('email.outbox.attempts', { count: r.attempts })})`}
                {r.lastError && r.status !== 'sent' && (
                  <>
                    <br />
                    <small>{r.lastError}</small>
                  </>
                )}
              </>
            ),
          },
          {
            header: t('email.outbox.sentAt'),
            cell: (r) => (r.sentAt ? formatDateTime(r.sentAt) : '—'),
          },
        ]}
      />
      <Pager page={page} total={total} pageSize={pageSize} />
      {message && (
        <article id="thu" className="stack" aria-labelledby="thu-title">
          <h2 id="thu-title">{message.subject ?? t(`email.kind.${message.kind}`)}</h2>
          <dl>
            <dt>{t('email.outbox.to')}</dt>
            <dd>
              {message.toName ? `${message.toName} <${message.toAddress}>` : message.toAddress}
            </dd>
            <dt>{t('email.outbox.status')}</dt>
            <dd>
              {t(`email.status.${message.status}`)}
              {message.lastError && ` — ${message.lastError}`}
            </dd>
            <dt>Message-ID</dt>
            <dd>{message.messageId}</dd>
          </dl>
          <pre className="email-body">{message.text ?? ''}</pre>
          {message.html && (
            <details>
              <summary>{t('email.outbox.html')}</summary>
              <pre className="email-body">{message.html}</pre>
            </details>
          )}
        </article>
      )}
    </section>
  );
}
