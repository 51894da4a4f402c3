import { useTranslation } from '../i18n/use-translation.ts';
import { Link, useLocation } from 'react-router';

/** Previous / next links that keep the other query parameters. */
export function Pager({
  page,
  total,
  pageSize,
}: {
  page: number;
  total: number;
  pageSize: number;
}) {
  const { t } = useTranslation();
  const location = useLocation();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const link = (p: number) => {
    const params = new URLSearchParams(location.search);
    params.set('page', String(p));
    return `?${params}`;
  };
  // A page past the last (an old link, a typed address): say so and lead to the last one.
  if (page > pages && total > 0)
    return (
      <nav className="pager" aria-label={t('users.page', { page: pages, pages })}>
        <Link to={link(pages)}>{t('users.pastLast', { page, pages })}</Link>
      </nav>
    );
  if (pages <= 1) return null;
  return (
    <nav className="pager" aria-label={t('users.page', { page, pages })}>
      {page > 1 && <Link to={link(page - 1)}>{t('users.previous')}</Link>}
      <span>{t('users.page', { page, pages })}</span>
      {page < pages && <Link to={link(page + 1)}>{t('users.next')}</Link>}
    </nav>
  );
}
