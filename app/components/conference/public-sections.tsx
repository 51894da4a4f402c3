import { useTranslation } from '../../i18n/use-translation.ts';
import { Link } from 'react-router';
import type { AgendaKind, ConferenceStatus } from '../../../protocol/conferences.ts';
import { formatDateTime, formatTime } from '../../i18n/format.ts';

// The sections of a conference's public page.

interface SiteSummary {
  id: string;
  name: string;
  isHost: boolean;
  region: string | null;
}

/** The conference's name, theme, time, organiser, sites and where to go next. */
export function ConferenceHero({
  conference,
  sites,
  isParticipant,
}: {
  conference: {
    id: string;
    slug: string;
    title: string;
    theme: string;
    status: ConferenceStatus;
    organiser: string;
    startsAt: Date | string;
    endsAt: Date | string;
  };
  sites: readonly SiteSummary[];
  isParticipant: boolean;
}) {
  const { t } = useTranslation();
  const host = sites.find((s) => s.isHost);
  return (
    <header className="hero">
      <p className={`badge badge-${conference.status}`}>{t(`home.status.${conference.status}`)}</p>
      <h1>{conference.title}</h1>
      <p className="lead">{conference.theme}</p>
      <dl className="facts">
        <div>
          <dt>{t('home.when')}</dt>
          <dd>
            <time dateTime={new Date(conference.startsAt).toISOString()}>
              {formatDateTime(conference.startsAt)}
            </time>{' '}
            –{' '}
            <time dateTime={new Date(conference.endsAt).toISOString()}>
              {formatDateTime(conference.endsAt)}
            </time>
          </dd>
        </div>
        <div>
          <dt>{t('home.organiser')}</dt>
          <dd>{conference.organiser}</dd>
        </div>
        {host && (
          <div>
            <dt>{t('home.host')}</dt>
            <dd>{host.name}</dd>
          </div>
        )}
        <div>
          <dt>{t('home.sites')}</dt>
          <dd>{t('home.siteCount', { count: sites.length })}</dd>
        </div>
      </dl>
      <p className="inline-actions">
        <Link to={`/hoi-nghi/${conference.slug}/truc-tiep`}>{t('live.publicLive')}</Link>
        <Link to={`/hoi-nghi/${conference.slug}/y-kien`}>{t('contrib.title')}</Link>
        <a href={`/hoi-nghi/${conference.slug}/lich.ics`} download>
          {t('conf.page.calendar')}
        </a>
        {isParticipant && (
          <Link to={`/quan-ly/hoi-nghi/${conference.id}`}>{t('conf.page.manage')}</Link>
        )}
      </p>
    </header>
  );
}

/** The programme with each item's planned start, and when it should end. */
export function PublicAgenda({
  agenda,
  totalMinutes,
  plannedEnd,
}: {
  agenda: readonly {
    id: string;
    title: string;
    presenter: string;
    kind: AgendaKind;
    durationMinutes: number;
    plannedStart: Date | string;
  }[];
  totalMinutes: number;
  plannedEnd: Date | string;
}) {
  const { t } = useTranslation();
  if (agenda.length === 0) return null;
  return (
    <section>
      <h2>{t('conf.page.agenda')}</h2>
      <ol className="agenda">
        {agenda.map((item) => (
          <li key={item.id}>
            <span className="agenda-time">{formatTime(item.plannedStart)}</span>
            <span>
              <strong>{item.title}</strong>
              {item.presenter && <span className="muted"> — {item.presenter}</span>}
              <br />
              <span className="muted">
                {t(`conf.agenda.kinds.${item.kind}`)} ·{' '}
                {t('conf.agenda.minutes', { count: item.durationMinutes })}
              </span>
            </span>
          </li>
        ))}
      </ol>
      <p className="muted">
        {t('conf.agenda.total', { minutes: totalMinutes, end: formatDateTime(plannedEnd) })}
      </p>
    </section>
  );
}

const REGIONS = ['north', 'central', 'south', 'other'] as const;

/** The host site, then the bridge points by region. */
export function SitesByRegion({ sites }: { sites: readonly SiteSummary[] }) {
  const { t } = useTranslation();
  const host = sites.find((s) => s.isHost);
  const byRegion = (region: (typeof REGIONS)[number]) =>
    sites.filter((s) => !s.isHost && (region === 'other' ? !s.region : s.region === region));
  return (
    <section>
      <h2>{t('conf.page.sites')}</h2>
      {host && (
        <p className="host-site">
          <span className="badge">{t('home.host')}</span> {host.name}
        </p>
      )}
      <div className="region-grid">
        {REGIONS.map((region) => {
          const list = byRegion(region);
          if (!list.length) return null;
          return (
            <section key={region} className="region">
              <h3>
                {t(`conf.page.regions.${region}`)} <span className="muted">({list.length})</span>
              </h3>
              <ul>
                {list.map((s) => (
                  <li key={s.id}>{s.name}</li>
                ))}
              </ul>
            </section>
          );
        })}
      </div>
    </section>
  );
}
