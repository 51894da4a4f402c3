import { useTranslation } from '../../i18n/use-translation.ts';
import { type ContributorKind, contributorKinds } from '../../../protocol/conferences.ts';
import type { FormError } from '../../forms.ts';
import { removalConfirmation } from '../confirm-dialog.tsx';
import { DataTable } from '../data-table.tsx';
import { ActionForm } from '../action-form.tsx';
import { Field, SelectField } from '../field.tsx';

/** A site's delegates, each with a remove button (confirmed in a dialog). */
export function DelegateTable({
  delegates,
  siteName,
}: {
  siteName: string;
  delegates: readonly {
    id: string;
    name: string;
    position: string;
    unitName: string;
    kind: ContributorKind;
    email: string | null;
    phone: string | null;
  }[];
}) {
  const { t } = useTranslation();
  return (
    <DataTable
      rows={delegates}
      rowKey={(d) => d.id}
      empty={t('conf.delegates.none')}
      remove={{
        intent: 'removeDelegate',
        field: 'delegateId',
        what: (d) => d.name,
        confirm: (d) => removalConfirmation(t, 'delegate', { name: d.name, site: siteName }),
      }}
      columns={[
        { header: t('conf.delegates.name'), cell: (d) => d.name },
        { header: t('conf.delegates.position'), cell: (d) => d.position },
        { header: t('conf.delegates.unitName'), cell: (d) => d.unitName },
        { header: t('conf.delegates.kind'), cell: (d) => t(`conf.kinds.${d.kind}`) },
        {
          header: t('conf.delegates.email'),
          cell: (d) => [d.email, d.phone].filter(Boolean).join(' · '),
        },
      ]}
    />
  );
}

/** Adding a delegate to a site. */
export function DelegateForm({ error }: { error: FormError | undefined }) {
  const { t } = useTranslation();
  return (
    <ActionForm title={t('conf.delegates.add')} level={3} intent="delegate" error={error}>
      <Field name="name" label={t('conf.delegates.name')} required />
      <Field name="position" label={t('conf.delegates.position')} />
      <Field name="unitName" label={t('conf.delegates.unitName')} />
      <SelectField
        name="kind"
        label={t('conf.delegates.kind')}
        defaultValue="locality"
        options={contributorKinds.map((k) => ({ value: k, label: t(`conf.kinds.${k}`) }))}
      />
      <Field name="email" type="email" label={t('conf.delegates.email')} />
      <Field name="phone" type="tel" label={t('conf.delegates.phone')} />
    </ActionForm>
  );
}
