import { useTranslation } from '../../i18n/use-translation.ts';
import type { FormError } from '../../forms.ts';
import { ActionForm } from '../action-form.tsx';
import { FormAlert } from '../field.tsx';

/** The admin's user page: remove the user's second factor, sign them out everywhere. */
export function UserSecurity({
  enrolled,
  isSelf,
  done,
  errorOf,
}: {
  enrolled: boolean;
  isSelf: boolean;
  done?: { intent?: unknown; sessionsEnded?: number };
  errorOf(intent: string): FormError | undefined;
}) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="user-security-title">
      <h2 id="user-security-title">{t('secondFactor.adminTitle')}</h2>
      <p data-testid="user-second-factor">
        {enrolled ? t('secondFactor.adminEnrolled') : t('secondFactor.adminNotEnrolled')}
      </p>
      {done?.intent === 'second-factor-reset' && (
        <FormAlert kind="success">{t('secondFactor.adminResetDone')}</FormAlert>
      )}
      {done?.intent === 'sign-out-everywhere' && (
        <FormAlert kind="success">
          {t('secondFactor.adminSignOutDone', { count: done.sessionsEnded ?? 0 })}
        </FormAlert>
      )}
      {enrolled && !isSelf && (
        <ActionForm
          intent="second-factor-reset"
          error={errorOf('second-factor-reset')}
          submit={t('secondFactor.adminReset')}
        >
          <p className="field-hint">{t('secondFactor.adminResetHint')}</p>
        </ActionForm>
      )}
      <ActionForm
        intent="sign-out-everywhere"
        error={errorOf('sign-out-everywhere')}
        submit={t('secondFactor.adminSignOut')}
      >
        {null}
      </ActionForm>
    </section>
  );
}
