import { useTranslation } from '../../i18n/use-translation.ts';
import { Link } from 'react-router';
import type { ContributionKind, ContributionStatus } from '../../../protocol/contributions.ts';
import { formatDateTime } from '../../i18n/format.ts';
import { Highlighted } from '../highlighted.tsx';

type Segments = Parameters<typeof Highlighted>[0]['segments'];

/** A published contribution in the public list, with the search matches marked. */
export function ContributionCard({
  item: c,
}: {
  item: {
    id: string;
    kind: ContributionKind;
    status: ContributionStatus;
    pinned: boolean;
    titleSegments: Segments;
    excerpt: Segments;
    authorName: string;
    province: string;
    themeTitle: string;
    createdAt: Date | string;
    supportCount: number;
  };
}) {
  const { t } = useTranslation();
  return (
    <li className="card contribution-card">
      <p className="meta">
        <span className="badge">{t(`contrib.kinds.${c.kind}`)}</span>{' '}
        <span className={`badge badge-${c.status}`}>{t(`contrib.status.${c.status}`)}</span>{' '}
        {c.pinned && <span className="badge badge-live">{t('contrib.pinned')}</span>}
      </p>
      <h2>
        <Link to={c.id}>
          <Highlighted segments={c.titleSegments} />
        </Link>
      </h2>
      <p>
        <Highlighted segments={c.excerpt} />
      </p>
      <p className="muted">
        {c.authorName}
        {c.province ? `, ${c.province}` : ''} · {c.themeTitle} · {formatDateTime(c.createdAt)} ·{' '}
        {t('contrib.supports', { count: c.supportCount })}
      </p>
    </li>
  );
}
