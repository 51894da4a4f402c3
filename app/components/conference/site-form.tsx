import { useTranslation } from 'react-i18next';
import { Form } from 'react-router';
import type { FormError } from '../../forms.ts';
import { CheckboxField, Field, FormAlert } from '../field.tsx';
import { SelectField } from '../select-field.tsx';

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
  const id = site ? 'edit-site' : 'add-site';
  return (
    <>
      <h3 id={id}>{title}</h3>
      {error && <FormAlert kind="error">{error.message}</FormAlert>}
      <Form
        method="post"
        className="stack narrow"
        aria-labelledby={id}
        key={site ? JSON.stringify(site) : 'new'}
        noValidate
      >
        <input type="hidden" name="intent" value="site" />
        <Field
          name="name"
          label={t('conf.sites.name')}
          defaultValue={site?.name}
          required
          readOnly={!organise}
          error={error?.fields?.name}
        />
        {organise && units && (
          <SelectField
            name="unitId"
            label={t('conf.sites.unitFromDirectory')}
            none={t('conf.noUnit')}
            defaultValue={site?.unitId ?? ''}
            options={units.map((u) => ({ value: u.id, label: u.name }))}
            error={error?.fields?.unitId}
          />
        )}
        <Field
          name="unitName"
          label={t('conf.sites.unitName')}
          defaultValue={site?.unitName}
          required
          readOnly={!organise}
          error={error?.fields?.unitName}
        />
        {organise && (
          <CheckboxField
            name="isHost"
            label={t('conf.sites.host')}
            defaultChecked={site?.isHost}
            marked={!!site}
          />
        )}
        {error?.fields?.isHost && <p className="field-error">{error.fields.isHost}</p>}
        <Field name="address" label={t('conf.sites.address')} defaultValue={site?.address} />
        <Field
          name="chairName"
          label={t('conf.sites.chairName')}
          defaultValue={site?.chairName ?? ''}
        />
        <Field
          name="chairTitle"
          label={t('conf.sites.chairTitle')}
          defaultValue={site?.chairTitle ?? ''}
        />
        <Field
          name="techName"
          label={t('conf.sites.techName')}
          defaultValue={site?.techName ?? ''}
        />
        <Field
          name="techPhone"
          type="tel"
          label={t('conf.sites.techPhone')}
          defaultValue={site?.techPhone ?? ''}
          error={error?.fields?.techPhone}
        />
        <Field
          name="techEmail"
          type="email"
          label={t('conf.sites.techEmail')}
          defaultValue={site?.techEmail ?? ''}
          error={error?.fields?.techEmail}
        />
        <Field
          name="expectedAttendance"
          type="number"
          min={0}
          label={t('conf.sites.expected')}
          defaultValue={site?.expectedAttendance ?? ''}
          error={error?.fields?.expectedAttendance}
        />
        <button type="submit" className="button">
          {submit}
        </button>
      </Form>
    </>
  );
}
