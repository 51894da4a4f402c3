import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { planAgenda } from '../../domain/conferences/agenda.ts';
import { getPublicConference } from '../../domain/conferences/conferences.ts';
import { listDocuments } from '../../domain/conferences/documents.ts';
import { listPublished } from '../../domain/news/articles.ts';
import { ArticleCard } from '../components/article-card.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { pageData } from '../forms.ts';
import { formatDateTime, formatTime } from '../i18n/format.ts';
import type { Route } from './+types/conference-public';

export async function loader({ context, request, params }: Route.LoaderArgs) {
  return pageData(request, async () => {
    const view = await getPublicConference({
      db: context.db,
      actor: context.actor,
      slug: params.slug,
    });
    const [documents, news] = await Promise.all([
      listDocuments({ db: context.db, actor: context.actor, conferenceId: view.conference.id }),
      listPublished({ db: context.db, conferenceId: view.conference.id }),
    ]);
    const { items, totalMinutes, plannedEnd } = planAgenda(view.conference.startsAt, view.agenda);
    return {
      ...view,
      agenda: items,
      totalMinutes,
      plannedEnd,
      documents,
      news: news.items,
      url: `${context.publicUrl}/hoi-nghi/${view.conference.slug}`,
    };
  });
}

export function meta({ data }: Route.MetaArgs) {
  if (!data) return [];
  return [
    { name: 'description', content: data.conference.theme },
    { property: 'og:title', content: data.conference.title },
    { property: 'og:description', content: data.conference.theme },
    { property: 'og:type', content: 'website' },
    { property: 'og:url', content: data.url },
    { tagName: 'link', rel: 'canonical', href: data.url },
  ];
}

const REGIONS = ['north', 'central', 'south', 'other'] as const;

export default function ConferencePublic({ loaderData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const {
    conference,
    themes,
    sites,
    agenda,
    totalMinutes,
    plannedEnd,
    documents,
    news,
    isParticipant,
  } = loaderData;
  const host = sites.find((s) => s.isHost);
  const byRegion = (region: (typeof REGIONS)[number]) =>
    sites.filter((s) => !s.isHost && (region === 'other' ? !s.region : s.region === region));
  return (
    <article className="conference-page">
      <PageTitle>{conference.title}</PageTitle>
      <header className="hero">
        <p className={`badge badge-${conference.status}`}>
          {t(`home.status.${conference.status}`)}
        </p>
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
      {conference.description && <p>{conference.description}</p>}
      {themes.length > 0 && (
        <section>
          <h2>{t('home.themes')}</h2>
          <ul className="tags">
            {themes.map((th) => (
              <li key={th.id}>{th.title}</li>
            ))}
          </ul>
        </section>
      )}
      {agenda.length > 0 && (
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
      )}
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
      {documents.length > 0 && (
        <section>
          <h2>{t('conf.page.documents')}</h2>
          <ul className="link-list">
            {documents.map((d) => (
              <li key={d.id}>
                <a href={`/api/v1/conferences/${conference.id}/documents/${d.id}/file`} download>
                  {d.title}
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}
      {news.length > 0 && (
        <section>
          <h2>{t('news.title')}</h2>
          <div className="article-grid">
            {news.map((a) => (
              <ArticleCard key={a.id} article={a} />
            ))}
          </div>
        </section>
      )}
    </article>
  );
}
