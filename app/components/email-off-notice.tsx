import { useTranslation } from '../i18n/use-translation.ts';
import { Link } from 'react-router';

/** Said plainly wherever a page would send e-mail while SMTP_URL is unset. */
export function EmailOffNotice({ outboxLink = true }: { outboxLink?: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="alert alert-warning" role="status">
      {t('email.off')} {outboxLink && <Link to="/quan-tri/thu-di">{t('email.offLink')}</Link>}
    </div>
  );
}
