import { useState } from 'react';
import { useTranslation } from '../../i18n/use-translation.ts';
import { isWaiting, siteStatus } from '../../../domain/live/reducer.ts';
import type { LiveState, SiteStatus } from '../../../protocol/live.ts';
import { Panel } from './panel.tsx';

const FILTERS = ['all', 'problems', 'notCheckedIn', 'requested', 'spoke'] as const;
type Filter = (typeof FILTERS)[number];

/**
 * A site's link: never joined is neutral; lost after joining is the alarm, while the
 * session is open (before it opens or after it ends, a closed console is no alarm).
 */
export function linkOf(s: SiteStatus, phase: LiveState['phase']): 'online' | 'lost' | 'notJoined' {
  const open = phase === 'technical_check' || phase === 'in_progress' || phase === 'paused';
  return s.online ? 'online' : s.everOnline && open ? 'lost' : 'notJoined';
}

/** Lower comes first when problems go first: lost link, degraded media, not checked in. */
function trouble(s: SiteStatus, phase: LiveState['phase']): number {
  if (s.rollCall === 'absent') return 5;
  if (linkOf(s, phase) === 'lost') return 0;
  if (s.media === 'degraded') return 1;
  if (s.rollCall === 'not_checked_in') return linkOf(s, phase) === 'notJoined' ? 3 : 2;
  return 4;
}

/**
 * Every site at a glance, for 38 and more: counts at the top, filters (problems, not
 * checked in, asking for the floor, spoke already), problems first, and a compact mode
 * that fits them all on a 1366×768 screen. A site not yet joined is neutral, not an alarm.
 */
export function SiteBoard({
  state,
  sites,
  onChat,
}: {
  state: LiveState;
  sites: readonly { id: string; name: string }[];
  onChat?(siteId: string): void;
}) {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<Filter>('all');
  const [problemsFirst, setProblemsFirst] = useState(true);
  const [compact, setCompact] = useState(false);
  const statuses = sites.map((s) => siteStatus(state, s.id, s.name));
  const asking = new Set(
    Object.values(state.requests)
      .filter(isWaiting)
      .map((r) => r.siteId),
  );
  const spoke = new Set(state.turns.map((turn) => turn.siteId));
  const problem = (s: SiteStatus) =>
    linkOf(s, state.phase) === 'lost' ||
    s.media === 'degraded' ||
    (s.online && s.rollCall === 'not_checked_in');
  const shown = statuses
    .filter((s) =>
      filter === 'problems'
        ? problem(s)
        : filter === 'notCheckedIn'
          ? s.rollCall === 'not_checked_in'
          : filter === 'requested'
            ? asking.has(s.siteId)
            : filter === 'spoke'
              ? spoke.has(s.siteId)
              : true,
    )
    .sort((a, b) =>
      problemsFirst
        ? trouble(a, state.phase) - trouble(b, state.phase) ||
          a.siteName.localeCompare(b.siteName, 'vi')
        : a.siteName.localeCompare(b.siteName, 'vi'),
    );
  const count = {
    online: statuses.filter((s) => linkOf(s, state.phase) === 'online').length,
    lost: statuses.filter((s) => linkOf(s, state.phase) === 'lost').length,
    notJoined: statuses.filter((s) => linkOf(s, state.phase) === 'notJoined').length,
    present: statuses.filter((s) => s.rollCall === 'present').length,
    absent: statuses.filter((s) => s.rollCall === 'absent').length,
    requested: asking.size,
  };
  const people = statuses.reduce(
    (n, s) => n + (s.rollCall === 'present' ? (s.attendees ?? 0) : 0),
    0,
  );
  return (
    <Panel title={`${t('live.sites')} (${statuses.length})`} wide>
      <ul className="site-counts" aria-label={t('live.sites')}>
        {(Object.keys(count) as (keyof typeof count)[]).map((key) => (
          <li key={key} className={`count-${key}`} data-count={key}>
            <strong>{count[key]}</strong> {t(`desk.counts.${key}`)}
          </li>
        ))}
        <li>
          <strong>{people}</strong> {t('live.attendees').toLowerCase()}
        </li>
      </ul>
      <div className="inline-actions board-tools">
        <label htmlFor="board-filter">{t('desk.filter')}</label>
        <select
          id="board-filter"
          value={filter}
          onChange={(e) => setFilter(e.target.value as Filter)}
        >
          {FILTERS.map((f) => (
            <option key={f} value={f}>
              {t(`desk.filters.${f}`)}
            </option>
          ))}
        </select>
        <label htmlFor="board-sort">{t('desk.sort')}</label>
        <select
          id="board-sort"
          value={problemsFirst ? 'problems' : 'name'}
          onChange={(e) => setProblemsFirst(e.target.value === 'problems')}
        >
          <option value="problems">{t('desk.sortProblems')}</option>
          <option value="name">{t('desk.sortName')}</option>
        </select>
        <label className="checkbox">
          <input type="checkbox" checked={compact} onChange={(e) => setCompact(e.target.checked)} />{' '}
          {t('desk.compact')}
        </label>
      </div>
      <ul className={compact ? 'site-board site-board-compact' : 'site-board'}>
        {shown.map((s) => {
          const link = linkOf(s, state.phase);
          return (
            <li
              key={s.siteId}
              className={`site-tile roll-${s.rollCall} link-${link}${asking.has(s.siteId) ? ' is-asking' : ''}`}
              data-site={s.siteId}
              data-link={link}
            >
              <strong>{s.siteName}</strong>
              <span className="roll-label">
                {s.rollCall === 'present'
                  ? t('live.present', { n: s.attendees ?? 0 })
                  : s.rollCall === 'absent'
                    ? t('live.absent', { reason: s.absenceReason ?? '' })
                    : t('live.notCheckedIn')}
              </span>
              <span className="conn-label">
                {link === 'online'
                  ? t('live.online')
                  : link === 'lost'
                    ? t('live.offline')
                    : t('desk.notJoined')}
              </span>
              {s.media !== 'off' && (
                <span className={`media-label media-${s.media}`}>
                  {t(`media.state.${s.media}`)}
                  {s.audioOnly ? ` · ${t('media.audioOnly')}` : ''}
                </span>
              )}
              {asking.has(s.siteId) && <span className="badge">{t('desk.filters.requested')}</span>}
              {onChat && (
                <button
                  type="button"
                  className="link-button"
                  onClick={() => onChat(s.siteId)}
                  aria-label={`${t('desk.chat')}: ${s.siteName}`}
                >
                  {t('desk.chat')}
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </Panel>
  );
}
