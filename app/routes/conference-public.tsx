import { useTranslation } from '../i18n/use-translation.ts';
import { planAgenda } from '../../domain/conferences/agenda.ts';
import { getPublicConference } from '../../domain/conferences/conferences.ts';
import { listDocuments } from '../../domain/conferences/documents.ts';
import { listRecordings } from '../../domain/media/recordings.ts';
import { listPublished } from '../../domain/news/articles.ts';
import { getPublishedConclusions } from '../../domain/reports/record-documents.ts';
import { RecordDocumentBody } from '../components/record/record-view.tsx';
import { Link } from 'react-router';
import { RecordingPlayer } from '../components/media/public-player.tsx';
import { ArticleCard } from '../components/article-card.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { pageData } from '../forms.ts';
import type { Route } from './+types/conference-public';
import { describe, shareMeta } from '../seo.ts';

export const handle = { description: 'own' };
import {
  ConferenceHero,
  PublicAgenda,
  SitesByRegion,
} from '../components/conference/public-sections.tsx';

export async function loader({ context, request, params }: Route.LoaderArgs) {
  return pageData(request, async () => {
    const view = await getPublicConference({
      db: context.db,
      actor: context.actor,
      slug: params.slug,
    });
    const scope = { db: context.db, actor: context.actor, conferenceId: view.conference.id };
    const [documents, news, recordings, conclusions] = await Promise.all([
      listDocuments(scope),
      listPublished({ db: context.db, conferenceId: view.conference.id }),
      listRecordings(scope),
      getPublishedConclusions(context.db, view.conference.id),
    ]);
    const { items, totalMinutes, plannedEnd } = planAgenda(view.conference.startsAt, view.agenda);
    return {
      ...view,
      agenda: items,
      totalMinutes,
      plannedEnd,
      documents,
      news: news.items,
      recording: recordings.find((r) => r.status === 'ready') ?? null,
      conclusions,
      url: `${context.publicUrl}/hoi-nghi/${view.conference.slug}`,
    };
  });
}

export function meta({ data }: Route.MetaArgs) {
  if (!data) return [];
  const { conference, url } = data;
  const description = describe(
    [conference.theme, conference.description].filter(Boolean).join('. '),
  );
  return [
    ...shareMeta({ title: conference.title, description, url, type: 'website' }),
    {
      'script:ld+json': {
        '@context': 'https://schema.org',
        '@type': 'Event',
        name: conference.title,
        description,
        url,
        startDate: new Date(conference.startsAt).toISOString(),
        endDate: new Date(conference.endsAt).toISOString(),
        eventStatus: 'https://schema.org/EventScheduled',
        // Followed online: at the bridge points and on the public live page.
        eventAttendanceMode: 'https://schema.org/OnlineEventAttendanceMode',
        location: { '@type': 'VirtualLocation', url: `${url}/truc-tiep` },
        organizer: { '@type': 'Organization', name: conference.organiser },
        inLanguage: 'vi',
      },
    },
  ];
}

export default function ConferencePublic({ loaderData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const { conference, themes, sites, documents, news } = loaderData;
  return (
    <article className="conference-page">
      <PageTitle>{conference.title}</PageTitle>
      <ConferenceHero
        conference={conference}
        sites={sites}
        isParticipant={loaderData.isParticipant}
      />
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
      {loaderData.conclusions && (
        <section aria-labelledby="conference-conclusions">
          <h2 id="conference-conclusions">{t('record.conclusions')}</h2>
          <RecordDocumentBody html={loaderData.conclusions.html} />
        </section>
      )}
      {['live', 'ended', 'archived'].includes(conference.status) && (
        <p>
          <Link to={`/hoi-nghi/${conference.slug}/ket-qua`}>{t('record.publicLink')}</Link>
        </p>
      )}
      <PublicAgenda
        agenda={loaderData.agenda}
        totalMinutes={loaderData.totalMinutes}
        plannedEnd={loaderData.plannedEnd}
      />
      {loaderData.recording && (
        <section>
          <h2>{t('stream.recordingTitle')}</h2>
          <RecordingPlayer recording={loaderData.recording} />
        </section>
      )}
      <SitesByRegion sites={sites} />
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
