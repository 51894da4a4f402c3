import { useTranslation } from '../i18n/use-translation.ts';
import { toVietnamLocal } from '../i18n/format.ts';
import { Field, useFormValue } from './field.tsx';

/**
 * A date and time typed as `dd/MM/yyyy HH:mm` in Vietnam time, whatever the browser's
 * language or time zone (a `datetime-local` input would show mm/dd/yyyy and AM/PM in an
 * English browser). Read on the server with `fromVietnamLocal`.
 */
export function DateTimeField({
  name,
  label,
  defaultValue,
  error,
  required,
}: {
  name: string;
  label: string;
  defaultValue?: Date | string | null;
  error?: string;
  required?: boolean;
}) {
  const { t } = useTranslation();
  const stored = useFormValue(name);
  const start =
    defaultValue ?? (stored instanceof Date || typeof stored === 'string' ? stored : null);
  return (
    <Field
      name={name}
      label={label}
      type="text"
      inputMode="numeric"
      autoComplete="off"
      placeholder="dd/mm/yyyy hh:mm"
      pattern="\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2}"
      title={t('form.dateTimeHint')}
      hint={t('form.dateTimeHint')}
      defaultValue={start ? toVietnamLocal(start) : ''}
      error={error}
      required={required}
      className="date-time"
    />
  );
}
