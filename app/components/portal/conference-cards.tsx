import { useTranslation } from '../../i18n/use-translation.ts';
import { Link } from 'react-router';
import type { listPublicConferences } from '../../../domain/conferences/conferences.ts';
import { formatDateTime } from '../../i18n/format.ts';

type PublicConference = Awaited<ReturnType<typeof listPublicConferences>>[number];

/** The public conferences on the home page, each with its facts, themes and sites. */
export function ConferenceCards({ conferences }: { conferences: PublicConference[] }) {
  const { t } = useTranslation();
  return (
    <ul className="card-list">
      {conferences.map((c) => (
        <li key={c.id} className="card conference-card">
          <p className={`badge badge-${c.status}`}>{t(`home.status.${c.status}`)}</p>
          <h3>
            <Link to={`/hoi-nghi/${c.slug}`}>{c.title}</Link>
          </h3>
          <p className="lead">{c.theme}</p>
          <dl className="facts">
            <div>
              <dt>{t('home.when')}</dt>
              <dd>
                <time dateTime={c.startsAt}>{formatDateTime(c.startsAt)}</time> –{' '}
                <time dateTime={c.endsAt}>{formatDateTime(c.endsAt)}</time>
              </dd>
            </div>
            <div>
              <dt>{t('home.organiser')}</dt>
              <dd>{c.organiser}</dd>
            </div>
            {c.hostSite && (
              <div>
                <dt>{t('home.host')}</dt>
                <dd>{c.hostSite}</dd>
              </div>
            )}
            <div>
              <dt>{t('home.sites')}</dt>
              <dd>{t('home.siteCount', { count: c.sites.length })}</dd>
            </div>
          </dl>
          {c.description && <p>{c.description}</p>}
          {c.status === 'live' && (
            <p>
              <Link className="button" to={`/hoi-nghi/${c.slug}/truc-tiep`}>
                {t('live.publicLive')}
              </Link>
            </p>
          )}
          {c.themes.length > 0 && (
            <>
              <h4>{t('home.themes')}</h4>
              <ul className="tags">
                {c.themes.map((theme) => (
                  <li key={theme}>{theme}</li>
                ))}
              </ul>
            </>
          )}
          <details>
            <summary>{t('home.sites')}</summary>
            <ul className="site-list">
              {c.sites.map((s) => (
                <li key={s}>{s}</li>
              ))}
            </ul>
          </details>
        </li>
      ))}
    </ul>
  );
}
