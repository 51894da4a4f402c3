import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { listPublicConferences } from '../../domain/conferences/conferences.ts';
import { listCategories, listPublished } from '../../domain/news/articles.ts';
import { ArticleCard } from '../components/article-card.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { formatDateTime } from '../i18n/format.ts';
import type { Route } from './+types/home';

export async function loader({ context }: Route.LoaderArgs) {
  const [conferences, news, categories] = await Promise.all([
    listPublicConferences({ db: context.db }),
    listPublished({ db: context.db }),
    listCategories({ db: context.db }),
  ]);
  const sections = await Promise.all(
    categories.slice(0, 4).map(async (c) => ({
      category: c,
      items: (await listPublished({ db: context.db, categoryId: c.id })).items.slice(0, 3),
    })),
  );
  return { conferences, news: news.items, sections: sections.filter((s) => s.items.length) };
}

export default function Home({ loaderData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const { conferences, news, sections } = loaderData;
  const featured = news.find((a) => a.featured) ?? news[0];
  return (
    <>
      <PageTitle />
      <section className="hero">
        <h1>{t('site.tagline')}</h1>
        <p>{t('home.intro')}</p>
      </section>
      <section aria-labelledby="conferences-heading">
        <h2 id="conferences-heading">{t('home.conferences')}</h2>
        {conferences.length === 0 && <p>{t('home.noConferences')}</p>}
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
      </section>
      {featured && (
        <section aria-labelledby="news-heading" className="home-news">
          <h2 id="news-heading">{t('news.latest')}</h2>
          <div className="news-lead">
            <ArticleCard article={featured} big />
            <div className="news-list">
              {news
                .filter((a) => a.id !== featured.id)
                .slice(0, 5)
                .map((a) => (
                  <ArticleCard key={a.id} article={a} />
                ))}
            </div>
          </div>
        </section>
      )}
      {sections.map((s) => (
        <section key={s.category.id} aria-labelledby={`cat-${s.category.slug}`}>
          <h2 id={`cat-${s.category.slug}`}>
            <Link to={`/chuyen-muc/${s.category.slug}`}>{s.category.name}</Link>
          </h2>
          <div className="article-grid">
            {s.items.map((a) => (
              <ArticleCard key={a.id} article={a} />
            ))}
          </div>
        </section>
      ))}
    </>
  );
}
