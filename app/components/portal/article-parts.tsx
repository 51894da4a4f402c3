import { useTranslation } from '../../i18n/use-translation.ts';
import { Link } from 'react-router';
import { formatDateTime } from '../../i18n/format.ts';
import { ViewBeacon } from '../news/view-beacon.tsx';

/** Trang chủ › category (or "Không chuyên mục"), as links and as the reader's path. */
export function Breadcrumbs({ category }: { category: { slug: string; name: string } | null }) {
  const { t } = useTranslation();
  return (
    <nav className="portal-breadcrumbs" aria-label={t('portal.breadcrumb')}>
      <ol>
        <li>
          <Link to="/">{t('site.home')}</Link>
        </li>
        <li>
          {category ? (
            <Link to={`/chuyen-muc/${category.slug}`}>{category.name}</Link>
          ) : (
            <span>{t('portal.uncategorised')}</span>
          )}
        </li>
      </ol>
    </nav>
  );
}

/** Who wrote it, when, and how many have read it. */
export function Byline({
  authorName,
  publishedAt,
  articleId,
  viewCount,
}: {
  authorName: string;
  articleId: string;
  publishedAt: Date | string | null;
  viewCount: number;
}) {
  return (
    <p className="muted article-meta portal-byline">
      {authorName && (
        <>
          <span className="byline-author">{authorName}</span> ·{' '}
        </>
      )}
      {publishedAt && (
        <>
          <time dateTime={new Date(publishedAt).toISOString()}>{formatDateTime(publishedAt)}</time>{' '}
          ·{' '}
        </>
      )}
      <ViewBeacon articleId={articleId} viewCount={viewCount} />
    </p>
  );
}

/**
 * Share to Facebook and Zalo by plain links to their share pages (no script of theirs
 * on ours), and print (the print stylesheet leaves out navigation and this bar).
 */
export function ShareBar({ share }: { share: { facebook: string; zalo: string } }) {
  const { t } = useTranslation();
  return (
    <div className="portal-share no-print" role="group" aria-label={t('portal.share')}>
      <span className="muted">{t('portal.share')}:</span>
      <a
        className="share-link share-facebook"
        href={share.facebook}
        target="_blank"
        rel="noopener noreferrer"
      >
        {t('portal.shareFacebook')}
      </a>
      <a
        className="share-link share-zalo"
        href={share.zalo}
        target="_blank"
        rel="noopener noreferrer"
      >
        {t('portal.shareZalo')}
      </a>
      <button type="button" className="share-link share-print" onClick={() => window.print()}>
        {t('portal.print')}
      </button>
    </div>
  );
}
