import { Link } from 'react-router';
import { photoPath } from '../../protocol/news.ts';
import { formatDateTime } from '../i18n/format.ts';

export interface ArticleSummary {
  id: string;
  slug: string;
  title: string;
  summary: string;
  publishedAt: Date | string | null;
  coverPhotoId: string | null;
}

export function ArticleCard({ article, big = false }: { article: ArticleSummary; big?: boolean }) {
  return (
    <article className={big ? 'article-card article-card-big' : 'article-card'}>
      {article.coverPhotoId && (
        <img
          src={photoPath(article.coverPhotoId, big ? 960 : 640, 'webp')}
          alt=""
          loading="lazy"
          decoding="async"
        />
      )}
      <h3>
        <Link to={`/tin-tuc/${article.slug}`}>{article.title}</Link>
      </h3>
      {article.publishedAt && (
        <p className="muted">
          <time dateTime={new Date(article.publishedAt).toISOString()}>
            {formatDateTime(article.publishedAt)}
          </time>
        </p>
      )}
      {big && article.summary && <p>{article.summary}</p>}
    </article>
  );
}
