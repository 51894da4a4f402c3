import { useEffect } from 'react';
import { useTranslation } from '../../i18n/use-translation.ts';
import { useRevalidator } from 'react-router';
import type { FormError } from '../../forms.ts';
import { ActionForm } from '../action-form.tsx';
import { DataTable } from '../data-table.tsx';
import { EmailOffNotice } from '../email-off-notice.tsx';
import { CheckboxGroup } from '../field.tsx';
import { ValidHoursField } from './operator-links.tsx';

export interface EmailBatchView {
  done: boolean;
  results: {
    siteName: string;
    operatorName: string;
    address: string | null;
    result: string;
    error: string | null;
  }[];
}

const REFRESH_MS = 2000;

/**
 * "Gửi qua e-mail": sign-in links for the chosen sites sent to their operators, then each
 * address's result (queued, sent, failed, no address), refreshed until all are done.
 */
export function EmailLinks({
  sites,
  batch,
  emailEnabled,
  outboxLink,
  error,
}: {
  sites: readonly { id: string; name: string }[];
  batch: EmailBatchView | null;
  emailEnabled: boolean;
  /** Whether the reader may open the outbox (administrators). */
  outboxLink: boolean;
  error?: FormError;
}) {
  const { t } = useTranslation();
  const revalidator = useRevalidator();
  const pending = !!batch && !batch.done;
  useEffect(() => {
    if (!pending) return;
    const timer = setInterval(() => {
      if (revalidator.state === 'idle') void revalidator.revalidate();
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [pending, revalidator]);
  const sent = batch?.results.filter((r) => r.result === 'sent').length ?? 0;
  return (
    <section aria-labelledby="email-links-title" id="gui-email">
      <h2 id="email-links-title">{t('email.links.title')}</h2>
      <p className="muted">{t('email.links.intro')}</p>
      {!emailEnabled && <EmailOffNotice outboxLink={outboxLink} />}
      {batch && (
        <div className="stack">
          <h3>{t('email.links.progress')}</h3>
          <p role="status">
            {t('email.links.summary', { sent, total: batch.results.length })} —{' '}
            {batch.done ? t('email.links.finished') : t('email.links.pending')}
          </p>
          <DataTable
            rows={batch.results}
            rowKey={(r) => `${r.siteName}|${r.operatorName}|${r.address ?? ''}`}
            columns={[
              { header: t('conf.sites.name'), cell: (r) => r.siteName, rowHeader: true },
              { header: t('conf.operators.operator'), cell: (r) => r.operatorName },
              { header: t('email.links.address'), cell: (r) => r.address ?? '—' },
              {
                header: t('email.links.result'),
                cell: (r) => (
                  <span data-result={r.result}>
                    {t(`email.status.${r.result as 'sent'}`)}
                    {r.error && ` — ${r.error}`}
                  </span>
                ),
              },
            ]}
          />
        </div>
      )}
      <ActionForm intent="emailLinks" error={error} submit={t('email.links.submit')}>
        <CheckboxGroup
          name="siteIds"
          legend={t('email.links.sites')}
          options={sites.map((s) => ({ value: s.id, label: s.name }))}
          checked={sites.map((s) => s.id)}
        />
        <ValidHoursField id="email-valid-hours" />
      </ActionForm>
    </section>
  );
}
