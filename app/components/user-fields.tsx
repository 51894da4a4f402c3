import { useTranslation } from 'react-i18next';
import { globalRoles, languages } from '../../protocol/common.ts';
import { FormMarker } from './field.tsx';

/** Shared by the create and edit forms. */
export function RoleAndLanguageFields({
  roles = [],
  language = 'vi',
  disabled = false,
}: {
  roles?: readonly string[];
  language?: string;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <>
      <div className="field">
        <label htmlFor="f-language">{t('users.language')}</label>
        <select id="f-language" name="language" defaultValue={language}>
          {languages.map((l) => (
            <option key={l} value={l}>
              {t(`languages.${l}`)}
            </option>
          ))}
        </select>
      </div>
      <fieldset className="field">
        <legend>{t('users.roles')}</legend>
        <FormMarker name="roles" />
        {globalRoles.map((r) => (
          <label key={r} className="check">
            <input type="checkbox" name="roles" value={r} defaultChecked={roles.includes(r)} />{' '}
            {t(`roles.${r}`)}
          </label>
        ))}
      </fieldset>
      <FormMarker name="disabled" />
      <label className="check">
        <input type="checkbox" name="disabled" defaultChecked={disabled} />{' '}
        {t('users.disabledLabel')}
      </label>
    </>
  );
}
