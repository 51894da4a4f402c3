import { useTranslation } from '../../i18n/use-translation.ts';
import { Form } from 'react-router';
import type { ErasurePlan } from '../../../domain/privacy/find-personal-data.ts';
import { ConfirmAction } from '../confirm-dialog.tsx';
import { DataTable } from '../data-table.tsx';

interface Found {
  contributions: readonly {
    id: string;
    conferenceTitle: string;
    title: string;
    status: string;
    authorName: string;
    keepsText: boolean;
  }[];
  delegates: readonly {
    id: string;
    conferenceTitle: string;
    name: string;
    email: string | null;
    phone: string | null;
  }[];
  sites: readonly {
    id: string;
    conferenceTitle: string;
    name: string;
    techName: string | null;
    techEmail: string | null;
    techPhone: string | null;
  }[];
  accounts: readonly { id: string; name: string; email: string; disabled: boolean }[];
  messages: readonly unknown[];
}

const contact = (...values: (string | null)[]) => values.filter(Boolean).join(', ');

/** What is stored about one person, with its export and its erasure (confirmed first). */
export function PersonData({
  found,
  plan,
  keyText,
}: {
  found: Found;
  plan: ErasurePlan;
  keyText: string;
}) {
  const { t } = useTranslation();
  const total =
    found.contributions.length +
    found.delegates.length +
    found.sites.length +
    found.accounts.length +
    found.messages.length;
  if (!total) return <p>{t('privacy.admin.nothing')}</p>;
  const consequences = [
    plan.contributionsAnonymised &&
      t('privacy.admin.eraseAnonymised', { count: plan.contributionsAnonymised }),
    plan.contributionsDeleted &&
      t('privacy.admin.eraseDeleted', {
        count: plan.contributionsDeleted,
        files: plan.attachmentsDeleted,
      }),
    plan.delegates && t('privacy.admin.eraseDelegates', { count: plan.delegates }),
    plan.sites && t('privacy.admin.eraseSites', { count: plan.sites }),
    plan.accounts && t('privacy.admin.eraseAccounts', { count: plan.accounts }),
    plan.messagesDeleted && t('privacy.admin.eraseMessages', { count: plan.messagesDeleted }),
    t('privacy.admin.eraseAudit'),
  ].filter((line): line is string => !!line);
  return (
    <section className="stack" aria-labelledby="person-data">
      <h3 id="person-data">{t('privacy.admin.found')}</h3>
      {found.contributions.length > 0 && (
        <DataTable
          caption={t('privacy.admin.contributions')}
          rows={found.contributions}
          rowKey={(c) => c.id}
          columns={[
            { header: t('privacy.admin.titleCol'), rowHeader: true, cell: (c) => c.title },
            { header: t('privacy.admin.conference'), cell: (c) => c.conferenceTitle },
            {
              header: t('privacy.admin.statusCol'),
              cell: (c) => t(`contrib.status.${c.status as 'published'}`),
            },
            {
              header: t('privacy.admin.fate'),
              cell: (c) =>
                c.keepsText ? t('privacy.admin.fateKeep') : t('privacy.admin.fateDelete'),
            },
          ]}
        />
      )}
      {found.delegates.length > 0 && (
        <DataTable
          caption={t('privacy.admin.delegates')}
          rows={found.delegates}
          rowKey={(d) => d.id}
          columns={[
            { header: t('privacy.admin.nameCol'), rowHeader: true, cell: (d) => d.name },
            { header: t('privacy.admin.conference'), cell: (d) => d.conferenceTitle },
            { header: t('privacy.admin.contactCol'), cell: (d) => contact(d.email, d.phone) },
          ]}
        />
      )}
      {found.sites.length > 0 && (
        <DataTable
          caption={t('privacy.admin.sites')}
          rows={found.sites}
          rowKey={(s) => s.id}
          columns={[
            { header: t('privacy.admin.nameCol'), rowHeader: true, cell: (s) => s.techName ?? '' },
            {
              header: t('privacy.admin.conference'),
              cell: (s) => `${s.conferenceTitle} – ${s.name}`,
            },
            {
              header: t('privacy.admin.contactCol'),
              cell: (s) => contact(s.techEmail, s.techPhone),
            },
          ]}
        />
      )}
      {found.accounts.length > 0 && (
        <DataTable
          caption={t('privacy.admin.accounts')}
          rows={found.accounts}
          rowKey={(a) => a.id}
          columns={[
            { header: t('privacy.admin.nameCol'), rowHeader: true, cell: (a) => a.name },
            { header: t('privacy.admin.contactCol'), cell: (a) => a.email },
          ]}
        />
      )}
      <div className="actions">
        {/* A download: the browser sends this form itself and saves the answer. */}
        <Form method="post" action="/quan-tri/du-lieu-ca-nhan/xuat" reloadDocument>
          <input type="hidden" name="key" value={keyText} />
          <button type="submit" className="button button-secondary">
            {t('privacy.admin.export')}
          </button>
        </Form>
        <ConfirmAction
          intent="erase"
          fields={{ key: keyText }}
          label={t('privacy.admin.erase')}
          variant="button"
          confirmation={{
            title: t('privacy.admin.eraseTitle'),
            consequences,
            confirm: t('privacy.admin.eraseConfirm'),
            undo: false,
          }}
        />
      </div>
    </section>
  );
}
