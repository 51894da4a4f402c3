import { useTranslation } from 'react-i18next';

export function SiteFooter() {
  const { t } = useTranslation();
  return (
    <footer className="site-footer">
      <div className="container">
        <p>
          <strong>{t('site.name')}</strong> — {t('site.footerOrg')}
        </p>
        <p className="muted">{t('site.footerTime')}</p>
      </div>
    </footer>
  );
}
