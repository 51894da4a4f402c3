import { useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useRouteLoaderData } from 'react-router';
import { getAgenda } from '../../domain/conferences/agenda.ts';
import { topContributions } from '../../domain/contributions/top-contributions.ts';
import { getLiveView } from '../../domain/live/live-session.ts';
import { openTurns, siteStatus } from '../../domain/live/reducer.ts';
import { FormAlert } from '../components/field.tsx';
import { LiveStatus } from '../components/live-status.tsx';
import { LiveTimer } from '../components/live-timer.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { pageData } from '../forms.ts';
import { formatTime } from '../i18n/format.ts';
import { useLiveSession, useServerClock } from '../live/use-live-session.ts';
import type { loader as layoutLoader } from './conference-layout.tsx';
import type { Route } from './+types/live-chair';

export async function loader({ context, request, params }: Route.LoaderArgs) {
  return pageData(request, async () => {
    const view = await getLiveView({
      db: context.db,
      actor: context.actor,
      conferenceId: params.conferenceId,
    });
    const [agenda, top] = await Promise.all([
      getAgenda({ db: context.db, actor: context.actor, conferenceId: params.conferenceId }),
      topContributions({ db: context.db, conferenceId: params.conferenceId, limit: 8 }),
    ]);
    return { state: view.state, rights: view.rights, agenda: agenda.items, top };
  });
}

export default function LiveChair({ loaderData, params }: Route.ComponentProps) {
  const { t } = useTranslation();
  const layout = useRouteLoaderData<typeof layoutLoader>('routes/conference-layout')!;
  const { state, connected, command, lastError, serverNow } = useLiveSession(
    params.conferenceId,
    loaderData.state,
  );
  const now = useServerClock(serverNow);
  const [grantSite, setGrantSite] = useState(layout.sites[0]?.id ?? '');
  const [grantMinutes, setGrantMinutes] = useState(layout.conference.defaultTurnMinutes);
  const [announcement, setAnnouncement] = useState('');
  const [dragged, setDragged] = useState<string | null>(null);
  const floor = openTurns(state);
  const queue = state.queue.map((id) => state.requests[id]!).filter(Boolean);
  const queued = queue.filter((r) => r.status === 'queued');
  const statuses = layout.sites.map((s) => siteStatus(state, s.id, s.name));
  const present = statuses.filter((s) => s.rollCall === 'present');

  const reorder = (ids: string[]) => command({ type: 'queue.reorder', requestIds: ids });
  const move = (id: string, by: number) => {
    const ids = [...state.queue];
    const i = ids.indexOf(id);
    const j = i + by;
    if (i < 0 || j < 0 || j >= ids.length) return;
    [ids[i], ids[j]] = [ids[j]!, ids[i]!];
    void reorder(ids);
  };
  const drop = (target: string) => (e: DragEvent) => {
    e.preventDefault();
    if (!dragged || dragged === target) return;
    const ids = state.queue.filter((id) => id !== dragged);
    ids.splice(ids.indexOf(target), 0, dragged);
    setDragged(null);
    void reorder(ids);
  };

  return (
    <div className="live-console">
      <PageTitle>{`${t('live.console')} – ${layout.conference.title}`}</PageTitle>
      <div className="live-head">
        <h2>{t('live.console')}</h2>
        <LiveStatus phase={state.phase} connected={connected} />
        <div className="inline-actions" aria-label={t('live.console')}>
          {state.phase === 'not_started' && (
            <button
              className="button button-secondary"
              onClick={() => command({ type: 'session.open_check' })}
            >
              {t('live.openCheck')}
            </button>
          )}
          {(state.phase === 'not_started' || state.phase === 'technical_check') && (
            <button className="button" onClick={() => command({ type: 'session.start' })}>
              {t('live.start')}
            </button>
          )}
          {state.phase === 'in_progress' && (
            <button
              className="button button-secondary"
              onClick={() => command({ type: 'session.pause' })}
            >
              {t('live.pause')}
            </button>
          )}
          {state.phase === 'paused' && (
            <button className="button" onClick={() => command({ type: 'session.resume' })}>
              {t('live.resume')}
            </button>
          )}
          {(state.phase === 'in_progress' || state.phase === 'paused') && (
            <button
              className="button button-secondary"
              onClick={() => command({ type: 'session.end' })}
            >
              {t('live.end')}
            </button>
          )}
          <a href={`/hoi-nghi/${layout.conference.slug}/man-hinh`} target="_blank" rel="noreferrer">
            {t('live.display')}
          </a>
        </div>
      </div>
      {lastError && <FormAlert kind="error">{lastError.message}</FormAlert>}

      <div className="live-grid">
        <section className="panel" aria-labelledby="floor-h">
          <h3 id="floor-h">{t('live.floor')}</h3>
          {state.jointExchange && <p className="badge badge-live">{t('live.jointOn')}</p>}
          {floor.length === 0 && <p className="muted">{t('live.noFloor')}</p>}
          {floor.map((turn) => (
            <div key={turn.id} className="speaker">
              <p className="speaker-name">{turn.delegateName ?? turn.siteName}</p>
              <p className="muted">
                {[turn.delegateName && turn.siteName, turn.themeTitle].filter(Boolean).join(' · ')}
              </p>
              <LiveTimer turn={turn} now={now} />
              <div className="inline-actions">
                {([1, 2, 5] as const).map((n) => (
                  <button
                    key={n}
                    className="button button-secondary"
                    onClick={() => command({ type: 'floor.extend', turnId: turn.id, minutes: n })}
                  >
                    {t('live.extend', { n })}
                  </button>
                ))}
                <button
                  className="button"
                  onClick={() => command({ type: 'floor.end', turnId: turn.id })}
                >
                  {t('live.endTurn')}
                </button>
              </div>
            </div>
          ))}
          <h4>{t('live.grantSite')}</h4>
          <div className="inline-actions">
            <label className="visually-hidden" htmlFor="grant-site">
              {t('live.from')}
            </label>
            <select
              id="grant-site"
              value={grantSite}
              onChange={(e) => setGrantSite(e.target.value)}
            >
              {layout.sites.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
            <label htmlFor="grant-minutes">{t('live.minutes')}</label>
            <input
              id="grant-minutes"
              className="short"
              type="number"
              min={1}
              max={60}
              value={grantMinutes}
              onChange={(e) => setGrantMinutes(Number(e.target.value))}
            />
            <button
              className="button"
              disabled={!grantSite}
              onClick={() =>
                command({ type: 'floor.grant', siteId: grantSite, minutes: grantMinutes })
              }
            >
              {t('live.grant')}
            </button>
          </div>
          <p>
            <button
              className="button button-secondary"
              onClick={() => command({ type: 'joint.set', open: !state.jointExchange })}
            >
              {state.jointExchange ? t('live.jointClose') : t('live.jointOpen')}
            </button>
          </p>
        </section>

        <section className="panel" aria-labelledby="queue-h">
          <h3 id="queue-h">
            {t('live.queue')} ({queued.length})
          </h3>
          <p className="muted">{t('live.dragHint')}</p>
          {queue.length === 0 && <p className="muted">{t('live.emptyQueue')}</p>}
          <ol className="queue">
            {queue.map((r, i) => (
              <li
                key={r.id}
                draggable
                onDragStart={() => setDragged(r.id)}
                onDragOver={(e) => e.preventDefault()}
                onDrop={drop(r.id)}
                className={r.status === 'requested' ? 'pending' : undefined}
              >
                <span className="queue-who">
                  <strong>{r.siteName}</strong>
                  {r.delegateName ? ` — ${r.delegateName}` : ''}
                  {r.themeTitle ? <span className="muted"> · {r.themeTitle}</span> : null}
                  {r.note ? <span className="muted"> · {r.note}</span> : null}
                  {r.status === 'requested' && (
                    <span className="badge">{t('live.pendingApproval')}</span>
                  )}
                </span>
                <span className="row-actions">
                  <button
                    onClick={() => move(r.id, -1)}
                    disabled={i === 0}
                    aria-label={`${t('conf.moveUp')}: ${r.siteName}`}
                  >
                    {t('conf.moveUp')}
                  </button>
                  <button
                    onClick={() => move(r.id, 1)}
                    disabled={i === queue.length - 1}
                    aria-label={`${t('conf.moveDown')}: ${r.siteName}`}
                  >
                    {t('conf.moveDown')}
                  </button>
                  <button
                    onClick={() => command({ type: 'floor.grant', requestId: r.id })}
                    disabled={r.status !== 'queued'}
                    aria-label={`${t('live.grant')}: ${r.siteName}`}
                  >
                    {t('live.grant')}
                  </button>
                  <button
                    onClick={() => {
                      const reason = window.prompt(t('live.declineReason'));
                      if (reason) void command({ type: 'floor.decline', requestId: r.id, reason });
                    }}
                    aria-label={`${t('live.decline')}: ${r.siteName}`}
                  >
                    {t('live.decline')}
                  </button>
                </span>
              </li>
            ))}
          </ol>
        </section>

        <section className="panel" aria-labelledby="agenda-h">
          <h3 id="agenda-h">{t('live.agenda')}</h3>
          <ol className="live-agenda">
            {loaderData.agenda.map((item) => (
              <li key={item.id} className={item.id === state.agendaItemId ? 'current' : undefined}>
                <span>
                  {formatTime(item.plannedStart)} · {item.title}
                </span>
                {item.id === state.agendaItemId ? (
                  <span className="badge badge-live">{t('live.current')}</span>
                ) : (
                  <button
                    className="link-button"
                    onClick={() => command({ type: 'agenda.move', agendaItemId: item.id })}
                  >
                    {t('live.goTo')}
                  </button>
                )}
              </li>
            ))}
          </ol>
        </section>

        <section className="panel panel-wide" aria-labelledby="sites-h">
          <h3 id="sites-h">{t('live.sites')}</h3>
          <p className="muted">
            {t('live.summary', {
              present: present.length,
              total: statuses.length,
              people: present.reduce((n, s) => n + (s.attendees ?? 0), 0),
              online: statuses.filter((s) => s.online).length,
            })}
          </p>
          <ul className="site-board">
            {statuses.map((s) => (
              <li
                key={s.siteId}
                className={`site-tile roll-${s.rollCall} ${s.online ? 'is-online' : 'is-offline'}`}
                data-site={s.siteId}
              >
                <strong>{s.siteName}</strong>
                <span>
                  {s.rollCall === 'present'
                    ? t('live.present', { n: s.attendees ?? 0 })
                    : s.rollCall === 'absent'
                      ? t('live.absent', { reason: s.absenceReason })
                      : t('live.notCheckedIn')}
                </span>
                <span className="conn-label">
                  {s.online ? t('live.online') : t('live.offline')}
                </span>
              </li>
            ))}
          </ul>
        </section>

        <section className="panel" aria-labelledby="ann-h">
          <h3 id="ann-h">{t('live.announcements')}</h3>
          <form
            className="inline-actions"
            onSubmit={(e) => {
              e.preventDefault();
              if (announcement.trim())
                void command({ type: 'announcement.post', text: announcement }).then(
                  (err) => !err && setAnnouncement(''),
                );
            }}
          >
            <label className="visually-hidden" htmlFor="ann-text">
              {t('live.announcementText')}
            </label>
            <input
              id="ann-text"
              value={announcement}
              onChange={(e) => setAnnouncement(e.target.value)}
              placeholder={t('live.announcementText')}
            />
            <button className="button" type="submit">
              {t('live.announce')}
            </button>
          </form>
          <ul className="announcements">
            {[...state.announcements]
              .reverse()
              .slice(0, 5)
              .map((a) => (
                <li key={a.id}>
                  <span className="muted">{formatTime(a.at)}</span> {a.text}
                </li>
              ))}
          </ul>
        </section>

        <section className="panel" aria-labelledby="top-h">
          <h3 id="top-h">{t('live.contributions')}</h3>
          {state.display && (
            <p>
              <span className="badge badge-live">{t('live.onDisplay')}</span> {state.display.title}{' '}
              <button
                className="link-button"
                onClick={() => command({ type: 'display.show', contributionId: null })}
              >
                {t('live.clearDisplay')}
              </button>
            </p>
          )}
          <ul className="top-list">
            {loaderData.top.map((c) => (
              <li key={c.id}>
                <span>
                  {c.title}{' '}
                  <span className="muted">
                    ({t('contrib.supports', { count: c.supportCount })})
                  </span>
                </span>
                <button
                  className="link-button"
                  onClick={() => command({ type: 'display.show', contributionId: c.id })}
                >
                  {t('live.showOnDisplay')}
                </button>
              </li>
            ))}
          </ul>
        </section>
      </div>
    </div>
  );
}
