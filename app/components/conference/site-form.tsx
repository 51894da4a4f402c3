import { useTranslation } from '../../i18n/use-translation.ts';
import type { FormError } from '../../forms.ts';
import { ActionForm } from '../action-form.tsx';
import { CheckboxField, Field, SelectField } from '../field.tsx';

export interface SiteValues {
  id: string;
  name: string;
  unitId: string | null;
  unitName: string;
  isHost: boolean;
  address: string;
  chairName: string | null;
  chairTitle: string | null;
  techName: string | null;
  techPhone: string | null;
  techEmail: string | null;
  expectedAttendance: number | null;
}

/**
 * A bridge point's form, to add one (`site` absent) or edit one. Only organisers change
 * its name, unit and host mark; a site's own operator keeps its contacts up to date.
 */
export function SiteForm({
  site,
  units,
  organise,
  error,
  title,
  submit,
}: {
  site?: SiteValues;
  units?: readonly { id: string; name: string }[];
  organise: boolean;
  error: FormError | undefined;
  title: string;
  submit: string;
}) {
  const { t } = useTranslation();
  return (
    <ActionForm
      title={title}
      level={3}
      intent="site"
      values={site}
      error={error}
      submit={submit}
      key={site ? JSON.stringify(site) : 'new'}
    >
      <Field name="name" label={t('conf.sites.name')} required readOnly={!organise} />
      {organise && units && (
        <SelectField
          name="unitId"
          label={t('conf.sites.unitFromDirectory')}
          none={t('conf.noUnit')}
          options={units.map((u) => ({ value: u.id, label: u.name }))}
        />
      )}
      <Field name="unitName" label={t('conf.sites.unitName')} required readOnly={!organise} />
      {organise && <CheckboxField name="isHost" label={t('conf.sites.host')} marked={!!site} />}
      {error?.fields?.isHost && <p className="field-error">{error.fields.isHost}</p>}
      <Field name="address" label={t('conf.sites.address')} />
      <Field name="chairName" label={t('conf.sites.chairName')} />
      <Field name="chairTitle" label={t('conf.sites.chairTitle')} />
      <Field name="techName" label={t('conf.sites.techName')} />
      <Field name="techPhone" type="tel" label={t('conf.sites.techPhone')} />
      <Field name="techEmail" type="email" label={t('conf.sites.techEmail')} />
      <Field name="expectedAttendance" type="number" min={0} label={t('conf.sites.expected')} />
    </ActionForm>
  );
}
