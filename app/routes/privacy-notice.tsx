import { useTranslation } from '../i18n/use-translation.ts';
import { getPrivacyNotice, noticeText } from '../../domain/privacy/privacy-notice.ts';
import { PageTitle } from '../components/page-title.tsx';
import { formatDateTime } from '../i18n/format.ts';
import type { Route } from './+types/privacy-notice';

/** The full personal-data notice (Nghị định 13/2023/NĐ-CP), the version in force. */
export async function loader({ context }: Route.LoaderArgs) {
  const notice = await getPrivacyNotice({ db: context.db });
  return {
    version: notice.version,
    since: notice.createdAt,
    paragraphs: noticeText(notice, context.lang)
      .body.split(/\n\s*\n/)
      .map((p) => p.trim())
      .filter(Boolean),
  };
}

export default function PrivacyNoticePage({ loaderData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const { version, since, paragraphs } = loaderData;
  return (
    <article className="narrow stack">
      <PageTitle>{t('privacy.noticeTitle')}</PageTitle>
      <h1>{t('privacy.noticeTitle')}</h1>
      <p className="muted">
        {since
          ? t('privacy.versionAt', { version, at: formatDateTime(since) })
          : t('privacy.version', { version })}
      </p>
      <p>{t('privacy.pageIntro')}</p>
      {paragraphs.map((p, i) => (
        <p key={i} className="plain-text">
          {p}
        </p>
      ))}
    </article>
  );
}
