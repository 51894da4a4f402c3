import { useTranslation } from '../i18n/use-translation.ts';
import { Link } from 'react-router';
import { getPublishedArticle, listSiteLinks } from '../../domain/news/articles.ts';
import { articleDescription } from '../../domain/news/feeds.ts';
import { photoPath } from '../../protocol/news.ts';
import { firstPhotoId, renderBody } from '../../domain/news/render.ts';
import { ArticleCard } from '../components/article-card.tsx';
import { ArticleBody } from '../components/news/article-body.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { Breadcrumbs, Byline, ShareBar } from '../components/portal/article-parts.tsx';
import { pageData } from '../forms.ts';
import { getI18n } from '../i18n/i18n.ts';
import { describe, rootData, shareLinks, shareMeta } from '../seo.ts';
import type { Route } from './+types/news-article';

export const handle = { description: 'own' };

export async function loader({ context, request, params }: Route.LoaderArgs) {
  return pageData(request, async () => {
    const view = await getPublishedArticle({ db: context.db, slug: params.slug });
    // No view is counted here: the page reports it (ViewBeacon), cached or not.
    const [body, siteLinks] = await Promise.all([
      renderBody(context.db, view.article.bodyHtml),
      listSiteLinks({ db: context.db }),
    ]);
    const { bodyHtml, bodyText, ...article } = view.article;
    const url = `${context.publicUrl}/tin-tuc/${article.slug}`;
    return {
      ...view,
      article: {
        ...article,
        description: describe(articleDescription({ summary: article.summary, bodyHtml, bodyText })),
        // What a share shows: the cover, else the body's first photo.
        sharePhotoId: article.coverPhotoId ?? firstPhotoId(bodyHtml),
      },
      body,
      siteLinks,
      url,
      share: shareLinks(url),
      home: `${context.publicUrl}/`,
      categoryUrl: view.category ? `${context.publicUrl}/chuyen-muc/${view.category.slug}` : null,
    };
  });
}

export function meta({ data, matches }: Route.MetaArgs) {
  const root = rootData(matches);
  if (!data || !root) return [];
  const { article, url, category } = data;
  const { settings } = root.frame;
  const publisher = {
    name: settings.siteName || getI18n(root.lang).t('site.name'),
    logo: settings.emblemPhotoId
      ? `${root.publicUrl}${photoPath(settings.emblemPhotoId, 320, 'jpeg')}`
      : null,
  };
  const image = article.sharePhotoId
    ? new URL(photoPath(article.sharePhotoId, 1440, 'jpeg'), url).toString()
    : null;
  const published = article.publishedAt ? new Date(article.publishedAt).toISOString() : '';
  const modified = new Date(article.updatedAt).toISOString();
  return [
    ...shareMeta({
      title: article.title,
      description: article.description,
      url,
      type: 'article',
      image,
    }),
    { property: 'article:published_time', content: published },
    { property: 'article:modified_time', content: modified },
    ...(category ? [{ property: 'article:section', content: category.name }] : []),
    ...article.tags.map((tag) => ({ property: 'article:tag', content: tag })),
    {
      'script:ld+json': {
        '@context': 'https://schema.org',
        '@type': 'NewsArticle',
        mainEntityOfPage: { '@type': 'WebPage', '@id': url },
        url,
        headline: article.title.length > 110 ? `${article.title.slice(0, 109)}…` : article.title,
        description: article.description,
        ...(image ? { image: [image] } : {}),
        datePublished: published,
        dateModified: modified,
        ...(article.authorName
          ? { author: [{ '@type': 'Person', name: article.authorName }] }
          : { author: [{ '@type': 'Organization', name: publisher.name, url: data.home }] }),
        publisher: {
          '@type': 'Organization',
          name: publisher.name,
          url: data.home,
          ...(publisher.logo ? { logo: { '@type': 'ImageObject', url: publisher.logo } } : {}),
        },
        ...(category ? { articleSection: category.name } : {}),
        ...(article.tags.length ? { keywords: article.tags.join(', ') } : {}),
        ...(article.sourceName ? { isBasedOn: article.sourceUrl ?? article.sourceName } : {}),
      },
    },
    {
      'script:ld+json': {
        '@context': 'https://schema.org',
        '@type': 'BreadcrumbList',
        itemListElement: [
          { '@type': 'ListItem', position: 1, name: publisher.name, item: data.home },
          ...(category && data.categoryUrl
            ? [{ '@type': 'ListItem', position: 2, name: category.name, item: data.categoryUrl }]
            : []),
          {
            '@type': 'ListItem',
            position: category ? 3 : 2,
            name: article.title,
            item: url,
          },
        ],
      },
    },
  ];
}

export default function NewsArticle({ loaderData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const { article, body, links, siteLinks, category, conference, related } = loaderData;
  return (
    <article className="news-article">
      <PageTitle>{article.title}</PageTitle>
      <Breadcrumbs category={category} />
      <h1>{article.title}</h1>
      <Byline
        authorName={article.authorName}
        publishedAt={article.publishedAt}
        articleId={article.id}
        viewCount={article.viewCount}
      />
      <ShareBar share={loaderData.share} />
      {article.summary && <p className="sapo">{article.summary}</p>}
      {/* Sanitised on the server when saved (domain/news/sanitize.ts); the same as the preview. */}
      <ArticleBody html={body} />
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
        <section className="website-links no-print">
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
      <ShareBar share={loaderData.share} />
      {related.length > 0 && (
        <section className="portal-related no-print">
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
