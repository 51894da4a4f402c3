import { useTranslation } from '../i18n/use-translation.ts';
import { useRouteLoaderData } from 'react-router';
import { listPublicConferences } from '../../domain/conferences/conferences.ts';
import { getPortalHome } from '../../domain/news/portal-home.ts';
import { photoPath } from '../../protocol/news.ts';
import { ArticleCard } from '../components/article-card.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { ConferenceCards } from '../components/portal/conference-cards.tsx';
import { CategoryBlock, HeadlineList } from '../components/portal/home-blocks.tsx';
import { getI18n } from '../i18n/i18n.ts';
import { describe, feedLink, fitTitle, rootData, shareMeta, type RootData } from '../seo.ts';
import type { Route } from './+types/home';

export const handle = { description: 'own' };

export async function loader({ context }: Route.LoaderArgs) {
  const [conferences, home] = await Promise.all([
    listPublicConferences({ db: context.db }),
    getPortalHome({ db: context.db }),
  ]);
  return { conferences, ...home };
}

export function meta({ data, matches }: Route.MetaArgs) {
  const root = rootData(matches);
  if (!data || !root) return [];
  const { settings } = root.frame;
  const t = getI18n(root.lang).t;
  const siteName = settings.siteName || t('site.name');
  const photo = data.lead?.coverPhotoId ?? settings.emblemPhotoId;
  const seo = {
    siteName,
    title: fitTitle(undefined, siteName),
    description: describe(settings.description || `${siteName} – ${t('home.intro')}`),
    url: `${root.publicUrl}/`,
    image: photo ? `${root.publicUrl}${photoPath(photo, 1440, 'jpeg')}` : null,
    feed: `${root.publicUrl}/rss.xml`,
    feedTitle: `${siteName} – ${t('portal.feedAll')}`,
  };
  return [
    ...shareMeta({ ...seo, type: 'website' }),
    feedLink(seo.feed, seo.feedTitle),
    {
      'script:ld+json': {
        '@context': 'https://schema.org',
        '@type': 'WebSite',
        name: seo.siteName,
        url: seo.url,
        description: seo.description,
        potentialAction: {
          '@type': 'SearchAction',
          target: `${seo.url}tim-kiem?q={search_term_string}`,
          'query-input': 'required name=search_term_string',
        },
      },
    },
  ];
}

export default function Home({ loaderData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const root = useRouteLoaderData('root') as RootData | undefined;
  const siteName = root?.frame.settings.siteName || t('site.name');
  const { conferences, lead, latest, mostRead, blocks } = loaderData;
  // Three cards under the lead once there is enough news for "Tin mới" beside them.
  const cards = latest.length >= 6 ? latest.slice(0, 3) : [];
  const headlines = latest.slice(cards.length);
  return (
    <div className="portal-home">
      <PageTitle />
      <h1 className="visually-hidden">{siteName}</h1>
      {lead && (
        <div className="portal-top">
          <section className="portal-lead" aria-label={t('portal.leadStory')}>
            <ArticleCard article={lead} big />
            {cards.length > 0 && (
              <div className="portal-lead-more">
                {cards.map((a) => (
                  <ArticleCard key={a.id} article={a} />
                ))}
              </div>
            )}
          </section>
          <aside className="portal-side">
            {headlines.length > 0 && (
              <HeadlineList id="latest-heading" title={t('portal.latest')} items={headlines} />
            )}
            <HeadlineList
              id="most-read-heading"
              title={t('portal.mostRead')}
              items={mostRead}
              numbered
            />
          </aside>
        </div>
      )}
      <section aria-labelledby="conferences-heading" className="portal-conferences">
        <h2 id="conferences-heading" className="portal-box-title">
          {t('home.conferences')}
        </h2>
        {conferences.length === 0 && <p>{t('home.noConferences')}</p>}
        <ConferenceCards conferences={conferences} />
      </section>
      {blocks.length > 0 && (
        <div className="category-blocks">
          {blocks.map((b) => (
            <CategoryBlock key={b.category.id} category={b.category} items={b.items} />
          ))}
        </div>
      )}
    </div>
  );
}
