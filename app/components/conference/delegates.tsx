import { useTranslation } from 'react-i18next';
import { Form } from 'react-router';
import { contributorKinds, type ContributorKind } from '../../../protocol/conferences.ts';
import type { FormError } from '../../forms.ts';
import { DataTable } from '../data-table.tsx';
import { Field, FormAlert } from '../field.tsx';
import { RowAction } from '../row-action.tsx';
import { SelectField } from '../select-field.tsx';

/** A site's delegates, each with a remove button. */
export function DelegateTable({
  delegates,
}: {
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
      columns={[
        { header: t('conf.delegates.name'), cell: (d) => d.name },
        { header: t('conf.delegates.position'), cell: (d) => d.position },
        { header: t('conf.delegates.unitName'), cell: (d) => d.unitName },
        { header: t('conf.delegates.kind'), cell: (d) => t(`conf.kinds.${d.kind}`) },
        {
          header: t('conf.delegates.email'),
          cell: (d) => [d.email, d.phone].filter(Boolean).join(' · '),
        },
        {
          header: t('conf.remove'),
          hidden: true,
          cell: (d) => (
            <RowAction
              intent="removeDelegate"
              fields={{ delegateId: d.id }}
              label={t('conf.remove')}
              what={d.name}
            />
          ),
        },
      ]}
    />
  );
}

/** Adding a delegate to a site. */
export function DelegateForm({ error }: { error: FormError | undefined }) {
  const { t } = useTranslation();
  return (
    <>
      <h3 id="add-delegate">{t('conf.delegates.add')}</h3>
      {error && <FormAlert kind="error">{error.message}</FormAlert>}
      <Form method="post" className="stack narrow" aria-labelledby="add-delegate" noValidate>
        <input type="hidden" name="intent" value="delegate" />
        <Field name="name" label={t('conf.delegates.name')} required error={error?.fields?.name} />
        <Field name="position" label={t('conf.delegates.position')} />
        <Field name="unitName" label={t('conf.delegates.unitName')} />
        <SelectField
          name="kind"
          label={t('conf.delegates.kind')}
          defaultValue="locality"
          options={contributorKinds.map((k) => ({ value: k, label: t(`conf.kinds.${k}`) }))}
          error={error?.fields?.kind}
        />
        <Field
          name="email"
          type="email"
          label={t('conf.delegates.email')}
          error={error?.fields?.email}
        />
        <Field
          name="phone"
          type="tel"
          label={t('conf.delegates.phone')}
          error={error?.fields?.phone}
        />
        <button type="submit" className="button">
          {t('conf.delegates.add')}
        </button>
      </Form>
    </>
  );
}
