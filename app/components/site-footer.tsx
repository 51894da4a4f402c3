import { useTranslation } from '../i18n/use-translation.ts';
import { Link } from 'react-router';
import { PRIVACY_NOTICE_PATH } from '../../protocol/privacy.ts';
import type { LocalSettings } from '../../protocol/site-settings.ts';

/**
 * The footer a state e-portal must carry (Nghị định 42/2022/NĐ-CP): the managing
 * agency, the person responsible, address, phone, e-mail and licence, as the
 * administrators set them ("Thông tin cổng"); a detail not set is not shown.
 */
export function SiteFooter({ settings }: { settings: LocalSettings }) {
  const { t } = useTranslation();
  const rows: [string, string, string][] = [
    ['agency', t('portal.footerAgency'), settings.managingAgency],
    ['responsible', t('portal.footerResponsible'), settings.responsiblePerson],
    ['address', t('portal.footerAddress'), settings.address],
    ['phone', t('portal.footerPhone'), settings.phone],
    ['email', t('portal.footerEmail'), settings.email],
    ['licence', t('portal.footerLicence'), settings.licence],
  ];
  const shown = rows.filter(([, , value]) => value);
  return (
    <footer className="site-footer portal-footer">
      <div className="container">
        <p className="portal-footer-name">
          <strong>{settings.siteName || t('site.name')}</strong>
        </p>
        {shown.length > 0 && (
          <dl className="portal-duties">
            {shown.map(([key, label, value]) => (
              <div key={key} data-field={key}>
                <dt>{label}:</dt>
                <dd>
                  {key === 'email' ? (
                    <a href={`mailto:${value}`}>{value}</a>
                  ) : key === 'phone' ? (
                    <a href={`tel:${value.replace(/[^\d+]/g, '')}`}>{value}</a>
                  ) : (
                    value
                  )}
                </dd>
              </div>
            ))}
          </dl>
        )}
        <p>
          <Link to={PRIVACY_NOTICE_PATH}>{t('privacy.footerLink')}</Link>
        </p>
        <p className="muted">{t('site.footerTime')}</p>
      </div>
    </footer>
  );
}
