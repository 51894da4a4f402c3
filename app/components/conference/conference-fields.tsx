import { useTranslation } from 'react-i18next';
import type { FormError } from '../../forms.ts';
import { DateTimeField } from '../date-time-field.tsx';
import { CheckboxField, Field, TextAreaField } from '../field.tsx';
import { SelectField } from '../select-field.tsx';

export interface ConferenceValues {
  title: string;
  theme: string;
  description: string;
  organiser: string;
  organiserUnitId: string | null;
  startsAt: Date | string;
  endsAt: Date | string;
  visibility: 'public' | 'internal';
  defaultTurnMinutes: number;
  siteChairApproval: boolean;
}

/** A conference's own fields, to create one (`c` absent) or edit it. */
export function ConferenceFields({
  c,
  units,
  error,
}: {
  c?: ConferenceValues;
  units: readonly { id: string; name: string }[];
  error: FormError | undefined;
}) {
  const { t } = useTranslation();
  const creating = !c;
  return (
    <>
      <Field
        name="title"
        label={t('conf.title')}
        defaultValue={c?.title}
        required={creating}
        error={error?.fields?.title}
      />
      <Field
        name="theme"
        label={t('conf.theme')}
        defaultValue={c?.theme}
        required={creating}
        error={error?.fields?.theme}
      />
      <TextAreaField
        name="description"
        label={t('conf.description')}
        rows={creating ? 3 : 4}
        defaultValue={c?.description}
      />
      <Field
        name="organiser"
        label={t('conf.organiser')}
        defaultValue={c?.organiser}
        required={creating}
        error={error?.fields?.organiser}
      />
      <SelectField
        name="organiserUnitId"
        label={t('conf.organiserUnit')}
        none={t('conf.noUnit')}
        defaultValue={c?.organiserUnitId ?? ''}
        options={units.map((u) => ({ value: u.id, label: u.name }))}
      />
      <DateTimeField
        name="startsAt"
        label={t('conf.startsAt')}
        defaultValue={c?.startsAt}
        required={creating}
        error={error?.fields?.startsAt}
      />
      <DateTimeField
        name="endsAt"
        label={t('conf.endsAt')}
        defaultValue={c?.endsAt}
        required={creating}
        error={error?.fields?.endsAt}
      />
      <SelectField
        name="visibility"
        label={t('conf.visibility')}
        defaultValue={c?.visibility ?? 'public'}
        options={[
          { value: 'public', label: t('conf.public') },
          { value: 'internal', label: t('conf.internal') },
        ]}
      />
      <Field
        name="defaultTurnMinutes"
        type="number"
        min={1}
        max={60}
        label={t('conf.defaultTurn')}
        defaultValue={c?.defaultTurnMinutes ?? 5}
        error={error?.fields?.defaultTurnMinutes}
      />
      <CheckboxField
        name="siteChairApproval"
        label={t('conf.siteChairApproval')}
        defaultChecked={c?.siteChairApproval}
        marked={!creating}
      />
    </>
  );
}
