import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useRouteLoaderData } from 'react-router';
import { getLiveView } from '../../domain/live/live-session.ts';
import { openTurns, siteStatus } from '../../domain/live/reducer.ts';
import { getSiteDetail } from '../../domain/conferences/sites.ts';
import { FormAlert } from '../components/field.tsx';
import { LiveStatus } from '../components/live-status.tsx';
import { LiveTimer } from '../components/live-timer.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { pageData } from '../forms.ts';
import { formatTime } from '../i18n/format.ts';
import { useLiveSession, useServerClock } from '../live/use-live-session.ts';
import type { loader as layoutLoader } from './conference-layout.tsx';
import type { Route } from './+types/live-site';

export async function loader({ context, request, params }: Route.LoaderArgs) {
  return pageData(request, async () => {
    const { site, delegates } = await getSiteDetail({
      db: context.db,
      actor: context.actor,
      conferenceId: params.conferenceId,
      siteId: params.siteId,
    });
    const view = await getLiveView({
      db: context.db,
      actor: context.actor,
      conferenceId: params.conferenceId,
    });
    return {
      site: { id: site.id, name: site.name },
      delegates: delegates.map((d) => ({ id: d.id, name: d.name })),
      state: view.state,
    };
  });
}

export default function LiveSite({ loaderData, params }: Route.ComponentProps) {
  const { t } = useTranslation();
  const layout = useRouteLoaderData<typeof layoutLoader>('routes/conference-layout')!;
  const { site, delegates } = loaderData;
  const { state, connected, command, lastError, serverNow } = useLiveSession(
    params.conferenceId,
    loaderData.state,
    {
      siteId: site.id,
    },
  );
  const now = useServerClock(serverNow);
  const [attendees, setAttendees] = useState('');
  const [absence, setAbsence] = useState('');
  const [speaker, setSpeaker] = useState('');
  const [themeId, setThemeId] = useState('');
  const [note, setNote] = useState('');
  const me = siteStatus(state, site.id, site.name);
  const floor = openTurns(state);
  const mine = Object.values(state.requests)
    .filter((r) => r.siteId === site.id)
    .sort((a, b) => b.requestedAt - a.requestedAt);
  const queuePlace = (id: string) =>
    state.queue.filter((q) => state.requests[q]?.status === 'queued').indexOf(id) + 1;

  return (
    <div className="live-console">
      <PageTitle>{`${t('live.siteConsole')} – ${site.name}`}</PageTitle>
      <p className="breadcrumb">
        <Link to={`/quan-ly/hoi-nghi/${params.conferenceId}/diem-cau/${site.id}`}>
          ← {site.name}
        </Link>
      </p>
      <div className="live-head">
        <h2>
          {t('live.siteConsole')}: {site.name}
        </h2>
        <LiveStatus phase={state.phase} connected={connected} />
      </div>
      {lastError && <FormAlert kind="error">{lastError.message}</FormAlert>}
      {state.announcements.at(-1) && (
        <p className="announcement" role="status">
          {t('live.announcements')}: {state.announcements.at(-1)!.text}
        </p>
      )}
      <div className="live-grid">
        <section className="panel" aria-labelledby="me-h">
          <h3 id="me-h">{t('live.checkIn')}</h3>
          <p className={`site-tile roll-${me.rollCall}`}>
            {me.rollCall === 'present'
              ? t('live.present', { n: me.attendees ?? 0 })
              : me.rollCall === 'absent'
                ? t('live.absent', { reason: me.absenceReason })
                : t('live.notCheckedIn')}
          </p>
          <form
            className="inline-actions"
            onSubmit={(e) => {
              e.preventDefault();
              void command({
                type: 'site.check_in',
                siteId: site.id,
                attendees: Number(attendees),
              });
            }}
          >
            <label htmlFor="attendees">{t('live.attendees')}</label>
            <input
              id="attendees"
              className="short"
              type="number"
              min={0}
              required
              value={attendees}
              onChange={(e) => setAttendees(e.target.value)}
            />
            <button className="button" type="submit">
              {t('live.checkIn')}
            </button>
          </form>
          <form
            className="inline-actions"
            onSubmit={(e) => {
              e.preventDefault();
              if (absence.trim())
                void command({ type: 'site.absent', siteId: site.id, reason: absence });
            }}
          >
            <label htmlFor="absence">{t('live.absenceReason')}</label>
            <input id="absence" value={absence} onChange={(e) => setAbsence(e.target.value)} />
            <button className="button button-secondary" type="submit">
              {t('live.reportAbsent')}
            </button>
          </form>
        </section>

        <section className="panel" aria-labelledby="floor-h">
          <h3 id="floor-h">{t('live.floor')}</h3>
          {floor.length === 0 && <p className="muted">{t('live.noFloor')}</p>}
          {floor.map((turn) => (
            <div key={turn.id} className="speaker">
              <p className="speaker-name">{turn.delegateName ?? turn.siteName}</p>
              <p className="muted">
                {[turn.delegateName && turn.siteName, turn.themeTitle].filter(Boolean).join(' · ')}
              </p>
              <LiveTimer turn={turn} now={now} />
            </div>
          ))}
          {state.agendaTitle && (
            <p>
              {t('live.item')}: <strong>{state.agendaTitle}</strong>
            </p>
          )}
        </section>

        <section className="panel" aria-labelledby="request-h">
          <h3 id="request-h">{t('live.request')}</h3>
          <form
            className="stack"
            onSubmit={(e) => {
              e.preventDefault();
              void command({
                type: 'floor.request',
                siteId: site.id,
                ...(speaker ? { delegateName: speaker } : {}),
                ...(themeId ? { themeId } : {}),
                ...(note ? { note } : {}),
              }).then((err) => !err && setNote(''));
            }}
          >
            <label htmlFor="speaker">{t('live.delegate')}</label>
            <input
              id="speaker"
              list="site-delegates"
              value={speaker}
              onChange={(e) => setSpeaker(e.target.value)}
            />
            <datalist id="site-delegates">
              {delegates.map((d) => (
                <option key={d.id} value={d.name} />
              ))}
            </datalist>
            <label htmlFor="theme">{t('live.theme')}</label>
            <select id="theme" value={themeId} onChange={(e) => setThemeId(e.target.value)}>
              <option value="">{t('live.noTheme')}</option>
              {layout.themes.map((th) => (
                <option key={th.id} value={th.id}>
                  {th.title}
                </option>
              ))}
            </select>
            <label htmlFor="note">{t('live.note')}</label>
            <input id="note" value={note} onChange={(e) => setNote(e.target.value)} />
            <button className="button" type="submit">
              {t('live.request')}
            </button>
          </form>
        </section>

        <section className="panel" aria-labelledby="mine-h">
          <h3 id="mine-h">{t('live.myRequests')}</h3>
          <ul className="queue">
            {mine.map((r) => (
              <li key={r.id} data-status={r.status}>
                <span className="queue-who">
                  {formatTime(r.requestedAt)} · {r.delegateName ?? site.name}
                  {r.themeTitle ? ` · ${r.themeTitle}` : ''} ·{' '}
                  <strong>{t(`live.status.${r.status}`)}</strong>
                  {r.status === 'queued' && (
                    <span className="muted"> · {t('live.place', { n: queuePlace(r.id) })}</span>
                  )}
                  {r.reason && <span className="muted"> · {r.reason}</span>}
                </span>
                <span className="row-actions">
                  {r.status === 'requested' && (
                    <button onClick={() => command({ type: 'floor.approve', requestId: r.id })}>
                      {t('live.approve')}
                    </button>
                  )}
                  {(r.status === 'requested' || r.status === 'queued') && (
                    <button onClick={() => command({ type: 'floor.withdraw', requestId: r.id })}>
                      {t('live.withdraw')}
                    </button>
                  )}
                </span>
              </li>
            ))}
          </ul>
        </section>
      </div>
    </div>
  );
}
