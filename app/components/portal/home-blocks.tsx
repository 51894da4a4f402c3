import { useTranslation } from '../../i18n/use-translation.ts';
import { Link } from 'react-router';
import { formatDateTime } from '../../i18n/format.ts';
import { ArticleCard, type ArticleSummary } from '../article-card.tsx';

interface Headline {
  id: string;
  slug: string;
  title: string;
  publishedAt: Date | string | null;
}

/** A column of headlines with their dates ("Tin mới"), numbered for "Đọc nhiều". */
export function HeadlineList({
  id,
  title,
  items,
  numbered = false,
}: {
  id: string;
  title: string;
  items: Headline[];
  numbered?: boolean;
}) {
  const List = numbered ? 'ol' : 'ul';
  return (
    <section className="portal-box" aria-labelledby={id}>
      <h2 id={id} className="portal-box-title">
        {title}
      </h2>
      <List className={numbered ? 'headlines headlines-numbered' : 'headlines'}>
        {items.map((a) => (
          <li key={a.id}>
            <Link to={`/tin-tuc/${a.slug}`}>{a.title}</Link>
            {a.publishedAt && (
              <time className="muted" dateTime={new Date(a.publishedAt).toISOString()}>
                {formatDateTime(a.publishedAt)}
              </time>
            )}
          </li>
        ))}
      </List>
    </section>
  );
}

/** One category's block on the home page: its newest article large, the next as headlines. */
export function CategoryBlock({
  category,
  items,
}: {
  category: { slug: string; name: string };
  items: ArticleSummary[];
}) {
  const { t } = useTranslation();
  const [first, ...rest] = items;
  const id = `cat-${category.slug}`;
  return (
    <section className="category-block" aria-labelledby={id}>
      <h2 id={id} className="portal-box-title">
        <Link to={`/chuyen-muc/${category.slug}`}>{category.name}</Link>
      </h2>
      {first && <ArticleCard article={first} />}
      {rest.length > 0 && (
        <ul className="headlines">
          {rest.map((a) => (
            <li key={a.id}>
              <Link to={`/tin-tuc/${a.slug}`}>{a.title}</Link>
            </li>
          ))}
        </ul>
      )}
      <p className="category-block-more">
        <Link
          to={`/chuyen-muc/${category.slug}`}
          aria-label={`${t('portal.more')}: ${category.name}`}
        >
          {t('portal.more')} →
        </Link>
      </p>
    </section>
  );
}
