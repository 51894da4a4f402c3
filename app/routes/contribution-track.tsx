import { useTranslation } from '../i18n/use-translation.ts';
import { Link } from 'react-router';
import { trackContribution } from '../../domain/contributions/track-contribution.ts';
import { noticeSummary } from '../../domain/privacy/notice-summary.ts';
import { PUBLIC_STATUSES } from '../../protocol/contributions.ts';
import { PrivacyNotice } from '../components/privacy/privacy-notice.tsx';
import { FormAlert } from '../components/field.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { pageData } from '../forms.ts';
import { formatDateTime } from '../i18n/format.ts';
import type { Route } from './+types/contribution-track';

export async function loader({ context, request, params }: Route.LoaderArgs) {
  return pageData(request, async () => {
    const row = await trackContribution({
      db: context.db,
      token: params.token,
      secret: context.secret,
    });
    return {
      row,
      conference: { slug: row.conferenceSlug, title: row.conferenceTitle },
      fresh: new URL(request.url).searchParams.has('moi'),
      retentionDays: (await noticeSummary({ db: context.db, lang: context.lang })).retentionDays,
    };
  });
}

export function headers() {
  // The address is the author's key: keep it out of other sites' logs.
  return { 'Referrer-Policy': 'no-referrer', 'Cache-Control': 'no-store' };
}

export default function ContributionTrack({ loaderData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const { row, conference, fresh, retentionDays } = loaderData;
  const visible = (PUBLIC_STATUSES as readonly string[]).includes(row.status);
  return (
    <section className="narrow">
      <PageTitle>{t('contrib.track.title')}</PageTitle>
      <h1>{t('contrib.track.title')}</h1>
      {fresh && <FormAlert kind="success">{t('contrib.track.received')}</FormAlert>}
      <p className="muted">{conference.title}</p>
      <h2>{row.title}</h2>
      <dl className="facts">
        <div>
          <dt>{t('contrib.track.status')}</dt>
          <dd>{t(`contrib.status.${row.status}`)}</dd>
        </div>
        <div>
          <dt>{t('contrib.track.sentAt')}</dt>
          <dd>{formatDateTime(row.createdAt)}</dd>
        </div>
      </dl>
      {row.rejectReason && row.status === 'rejected' && (
        <p>
          <strong>{t('contrib.track.reason')}:</strong> {row.rejectReason}
        </p>
      )}
      {row.answer && (
        <section className="answer">
          <h3>{t('contrib.answer')}</h3>
          <div className="plain-text">{row.answer}</div>
        </section>
      )}
      {visible && (
        <p>
          <Link to={`/hoi-nghi/${conference.slug}/y-kien/${row.id}`}>
            {t('contrib.track.view')}
          </Link>
        </p>
      )}
      <PrivacyNotice text={t('privacy.trackNotice', { days: retentionDays })} />
    </section>
  );
}
