import { useTranslation } from '../../i18n/use-translation.ts';
import { DateTimeField } from '../date-time-field.tsx';
import { CheckboxField, Field, FormValues, SelectField, TextAreaField } from '../field.tsx';

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
  recording: boolean;
  keepRawRecordings: boolean;
}

/**
 * A conference's own fields, to create one (`c` absent) or edit it; inside an
 * `ActionForm`, which shows their errors.
 */
export function ConferenceFields({
  c,
  units,
}: {
  c?: ConferenceValues;
  units: readonly { id: string; name: string }[];
}) {
  const { t } = useTranslation();
  const creating = !c;
  return (
    <FormValues.Provider value={c ?? { visibility: 'public', defaultTurnMinutes: 5 }}>
      <Field name="title" label={t('conf.title')} required={creating} />
      <Field name="theme" label={t('conf.theme')} required={creating} />
      <TextAreaField name="description" label={t('conf.description')} rows={creating ? 3 : 4} />
      <Field name="organiser" label={t('conf.organiser')} required={creating} />
      <SelectField
        name="organiserUnitId"
        label={t('conf.organiserUnit')}
        none={t('conf.noUnit')}
        options={units.map((u) => ({ value: u.id, label: u.name }))}
      />
      <DateTimeField name="startsAt" label={t('conf.startsAt')} required={creating} />
      <DateTimeField name="endsAt" label={t('conf.endsAt')} required={creating} />
      <SelectField
        name="visibility"
        label={t('conf.visibility')}
        options={(['public', 'internal'] as const).map((v) => ({
          value: v,
          label: t(`conf.${v}`),
        }))}
      />
      <Field
        name="defaultTurnMinutes"
        type="number"
        min={1}
        max={60}
        label={t('conf.defaultTurn')}
      />
      <CheckboxField
        name="siteChairApproval"
        label={t('conf.siteChairApproval')}
        marked={!creating}
      />
      <CheckboxField
        name="recording"
        label={t('conf.recording')}
        hint={t('conf.recordingHint')}
        marked={!creating}
      />
      <CheckboxField
        name="keepRawRecordings"
        label={t('conf.keepRawRecordings')}
        hint={t('conf.keepRawHint')}
        marked={!creating}
      />
    </FormValues.Provider>
  );
}
