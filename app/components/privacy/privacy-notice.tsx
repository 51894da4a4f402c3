import { useTranslation } from '../../i18n/use-translation.ts';
import { Link } from 'react-router';
import { PRIVACY_NOTICE_PATH } from '../../../protocol/privacy.ts';

/**
 * The short personal-data notice a public form shows beside its submit button
 * (Nghị định 13/2023/NĐ-CP): who processes the data, what for, how long, the rights,
 * and a link to the full notice.
 */
export function PrivacyNotice({ text, version }: { text: string; version?: number }) {
  const { t } = useTranslation();
  return (
    <aside className="privacy-notice muted" aria-label={t('privacy.noticeTitle')}>
      <p>{text}</p>
      <p>
        <Link to={PRIVACY_NOTICE_PATH}>{t('privacy.noticeLink')}</Link>
        {version !== undefined && ` (${t('privacy.version', { version })})`}
      </p>
    </aside>
  );
}
