import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { getPublishedArticle, listSiteLinks } from '../../domain/news/articles.ts';
import { photoPath } from '../../protocol/news.ts';
import { renderBody } from '../../domain/news/render.ts';
import { ArticleCard } from '../components/article-card.tsx';
import { ViewBeacon } from '../components/news/view-beacon.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { pageData } from '../forms.ts';
import { formatDateTime } from '../i18n/format.ts';
import type { Route } from './+types/news-article';

export async function loader({ context, request, params }: Route.LoaderArgs) {
  return pageData(request, async () => {
    const view = await getPublishedArticle({ db: context.db, slug: params.slug });
    // No view is counted here: the page reports it (ViewBeacon), cached or not.
    const [body, siteLinks] = await Promise.all([
      renderBody(context.db, view.article.bodyHtml),
      listSiteLinks({ db: context.db }),
    ]);
    const { bodyHtml: _raw, bodyText, ...article } = view.article;
    return {
      ...view,
      article: { ...article, description: article.summary || bodyText.slice(0, 200) },
      body,
      siteLinks,
      url: `${context.publicUrl}/tin-tuc/${article.slug}`,
    };
  });
}

export function meta({ data }: Route.MetaArgs) {
  if (!data) return [];
  const { article, url } = data;
  const image = article.coverPhotoId
    ? new URL(photoPath(article.coverPhotoId, 1440, 'jpeg'), url).toString()
    : null;
  return [
    { name: 'description', content: article.description },
    { property: 'og:type', content: 'article' },
    { property: 'og:title', content: article.title },
    { property: 'og:description', content: article.description },
    { property: 'og:url', content: url },
    ...(image ? [{ property: 'og:image', content: image }] : []),
    {
      property: 'article:published_time',
      content: article.publishedAt ? new Date(article.publishedAt).toISOString() : '',
    },
    { name: 'twitter:card', content: image ? 'summary_large_image' : 'summary' },
    { name: 'twitter:title', content: article.title },
    { name: 'twitter:description', content: article.description },
    ...(image ? [{ name: 'twitter:image', content: image }] : []),
    { tagName: 'link', rel: 'canonical', href: url },
  ];
}

export default function NewsArticle({ loaderData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const { article, body, links, siteLinks, category, conference, related } = loaderData;
  return (
    <article className="news-article">
      <PageTitle>{article.title}</PageTitle>
      {category && (
        <p className="breadcrumb">
          <Link to={`/chuyen-muc/${category.slug}`}>{category.name}</Link>
        </p>
      )}
      <h1>{article.title}</h1>
      <p className="muted article-meta">
        {article.publishedAt && (
          <time dateTime={new Date(article.publishedAt).toISOString()}>
            {formatDateTime(article.publishedAt)}
          </time>
        )}{' '}
        · <ViewBeacon articleId={article.id} viewCount={article.viewCount} />
      </p>
      {article.summary && <p className="sapo">{article.summary}</p>}
      {/* Sanitised on the server when saved (domain/news/sanitize.ts). */}
      <div className="article-body" dangerouslySetInnerHTML={{ __html: body }} />
      {article.authorName && (
        <p className="article-author">
          <strong>{article.authorName}</strong>
        </p>
      )}
      {article.sourceName && (
        <p className="article-source">
          {t('news.source')}:{' '}
          {article.sourceUrl ? (
            <a href={article.sourceUrl} rel="noopener noreferrer nofollow">
              {article.sourceName}
            </a>
          ) : (
            article.sourceName
          )}
        </p>
      )}
      {article.tags.length > 0 && (
        <p className="tags-line">
          {t('news.tags')}:{' '}
          {article.tags.map((tag, i) => (
            <Link key={tag} to={`/the/${article.tagSlugs[i]}`} className="tag">
              {tag}
            </Link>
          ))}
        </p>
      )}
      {conference && (
        <p>
          {t('news.conference')}:{' '}
          <Link to={`/hoi-nghi/${conference.slug}`}>{conference.title}</Link>
        </p>
      )}
      {(links.length > 0 || siteLinks.length > 0) && (
        <section className="website-links">
          <h2>{t('news.links')}</h2>
          <ul>
            {[...links, ...siteLinks].map((l) => (
              <li key={l.id}>
                <a href={l.url} rel="noopener noreferrer">
                  {l.title}
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}
      {related.length > 0 && (
        <section>
          <h2>{t('news.related')}</h2>
          <div className="article-grid">
            {related.map((r) => (
              <ArticleCard key={r.id} article={{ ...r, summary: '' }} />
            ))}
          </div>
        </section>
      )}
    </article>
  );
}
