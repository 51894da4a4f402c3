import { useTranslation } from '../../i18n/use-translation.ts';
import type { FormError } from '../../forms.ts';
import { formatDateTime } from '../../i18n/format.ts';
import { ActionForm } from '../action-form.tsx';
import { Field, FormAlert } from '../field.tsx';

export interface SecondFactorView {
  enrolled: boolean;
  enrolling: boolean;
  required: boolean;
  confirmedAt: Date | string | null;
  recoveryCodesLeft: number;
}

/** Codes and password: what proves the owner before turning off or renewing. */
function ProofFields() {
  const { t } = useTranslation();
  return (
    <>
      <p className="field-hint">{t('secondFactor.proveHint')}</p>
      <Field
        name="code"
        label={t('secondFactor.code')}
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={7}
      />
      <Field
        name="password"
        type="password"
        label={t('secondFactor.password')}
        autoComplete="current-password"
      />
    </>
  );
}

/** The account page's second factor: enrol, confirm, recovery codes (shown once), renew, turn off. */
export function SecondFactorSection({
  status,
  enrolment,
  recoveryCodes,
  recovered,
  mustEnrol,
  done,
  errorOf,
}: {
  status: SecondFactorView;
  enrolment: { secret: string; qrSvg: string } | null;
  recoveryCodes?: string[];
  recovered: number | null;
  mustEnrol: boolean;
  done?: string;
  errorOf(intent: string): FormError | undefined;
}) {
  const { t } = useTranslation();
  return (
    <section id="xac-thuc-hai-buoc" aria-labelledby="second-factor-title">
      <h2 id="second-factor-title">{t('secondFactor.title')}</h2>
      {mustEnrol && <FormAlert kind="error">{t('secondFactor.requiredNotice')}</FormAlert>}
      {recovered !== null && (
        <FormAlert kind="error">
          {t('secondFactor.recoveredNotice', { count: recovered })}
        </FormAlert>
      )}
      <p>{t('secondFactor.intro')}</p>
      <p data-testid="second-factor-state">
        {status.enrolled && status.confirmedAt
          ? t('secondFactor.on', {
              date: formatDateTime(status.confirmedAt),
              count: status.recoveryCodesLeft,
            })
          : t('secondFactor.off')}
      </p>
      {done === 'totp-confirm' && (
        <FormAlert kind="success">{t('secondFactor.enrolled')}</FormAlert>
      )}
      {done === 'totp-disable' && (
        <FormAlert kind="success">{t('secondFactor.disabled')}</FormAlert>
      )}
      {recoveryCodes && (
        <div className="recovery-codes">
          <h3>{t('secondFactor.codesTitle')}</h3>
          <p>{t('secondFactor.codesIntro')}</p>
          <ol data-testid="recovery-codes">
            {recoveryCodes.map((code) => (
              <li key={code}>
                <code>{code}</code>
              </li>
            ))}
          </ol>
        </div>
      )}
      {enrolment ? (
        <>
          <p>{t('secondFactor.scan')}</p>
          <div
            className="totp-qr"
            role="img"
            aria-label={t('secondFactor.qrAlt')}
            style={{ maxWidth: '16rem', background: '#fff' }}
            // The SVG is drawn on the server by `qrcode` from our own otpauth URI.
            dangerouslySetInnerHTML={{ __html: enrolment.qrSvg }}
          />
          <p>
            {t('secondFactor.manual')} <code data-testid="totp-secret">{enrolment.secret}</code>
          </p>
          <ActionForm
            intent="totp-confirm"
            error={errorOf('totp-confirm')}
            submit={t('secondFactor.confirm')}
          >
            <Field
              name="code"
              label={t('secondFactor.code')}
              hint={t('secondFactor.codeHint')}
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={7}
              required
            />
          </ActionForm>
        </>
      ) : (
        <ActionForm
          intent="totp-start"
          error={errorOf('totp-start')}
          submit={status.enrolled ? t('secondFactor.restart') : t('secondFactor.start')}
        >
          {status.enrolled ? <ProofFields /> : null}
        </ActionForm>
      )}
      {status.enrolled && (
        <>
          <ActionForm
            title={t('secondFactor.renewTitle')}
            level={3}
            intent="totp-renew"
            error={errorOf('totp-renew')}
            submit={t('secondFactor.renew')}
          >
            <ProofFields />
          </ActionForm>
          {!status.required && (
            <ActionForm
              title={t('secondFactor.disableTitle')}
              level={3}
              intent="totp-disable"
              error={errorOf('totp-disable')}
              submit={t('secondFactor.disable')}
            >
              <ProofFields />
            </ActionForm>
          )}
        </>
      )}
    </section>
  );
}
