import { useTranslation } from '../i18n/use-translation.ts';
import { PASSWORD_MIN } from '../../protocol/auth.ts';
import { globalRoles, languages } from '../../protocol/common.ts';
import { CheckboxField, CheckboxGroup, Field, SelectField } from './field.tsx';

/** The language a person reads the product in. */
export function LanguageField({ label, defaultValue }: { label: string; defaultValue: string }) {
  const { t } = useTranslation();
  return (
    <SelectField
      name="language"
      label={label}
      defaultValue={defaultValue}
      options={languages.map((l) => ({ value: l, label: t(`languages.${l}`) }))}
    />
  );
}

/**
 * An account as an administrator writes it, shared by the create and edit forms: on
 * edit the password is a new one and may stay empty.
 */
export function UserFields({
  user,
}: {
  user?: {
    name: string;
    email: string;
    roles: readonly string[];
    language: string;
    disabled: boolean;
  };
}) {
  const { t } = useTranslation();
  return (
    <>
      <Field name="name" label={t('users.name')} defaultValue={user?.name} required />
      <Field
        name="email"
        type="email"
        label={t('users.email')}
        defaultValue={user?.email}
        autoComplete="off"
        required
      />
      <Field
        name="password"
        type="password"
        label={t(user ? 'users.newPassword' : 'users.password')}
        hint={t('users.passwordHint', { min: PASSWORD_MIN })}
        autoComplete="new-password"
        required={!user}
      />
      <LanguageField label={t('users.language')} defaultValue={user?.language ?? 'vi'} />
      <CheckboxGroup
        name="roles"
        legend={t('users.roles')}
        options={globalRoles.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
        checked={user?.roles ?? []}
      />
      <CheckboxField
        name="disabled"
        label={t('users.disabledLabel')}
        defaultChecked={user?.disabled}
        marked
      />
    </>
  );
}
