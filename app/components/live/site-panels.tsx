import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { siteStatus } from '../../../domain/live/reducer.ts';
import type { LiveState } from '../../../protocol/live.ts';
import { formatTime } from '../../i18n/format.ts';
import type { SendCommand } from './types.ts';

interface SiteRef {
  id: string;
  name: string;
}

/** Roll call for one site: check in with the number present, or report it absent. */
export function CheckInPanel({
  state,
  command,
  site,
}: {
  state: LiveState;
  command: SendCommand;
  site: SiteRef;
}) {
  const { t } = useTranslation();
  const [attendees, setAttendees] = useState('');
  const [absence, setAbsence] = useState('');
  const me = siteStatus(state, site.id, site.name);
  return (
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
          void command({ type: 'site.check_in', siteId: site.id, attendees: Number(attendees) });
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
  );
}

/** Asking for the floor for one of the site's delegates, on a theme, with a note. */
export function RequestPanel({
  command,
  site,
  delegates,
  themes,
}: {
  command: SendCommand;
  site: SiteRef;
  delegates: readonly SiteRef[];
  themes: readonly { id: string; title: string }[];
}) {
  const { t } = useTranslation();
  const [speaker, setSpeaker] = useState('');
  const [themeId, setThemeId] = useState('');
  const [note, setNote] = useState('');
  return (
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
          {themes.map((th) => (
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
  );
}

/** The site's own requests: where each stands, approve (site chair) or withdraw. */
export function MyRequests({
  state,
  command,
  site,
}: {
  state: LiveState;
  command: SendCommand;
  site: SiteRef;
}) {
  const { t } = useTranslation();
  const mine = Object.values(state.requests)
    .filter((r) => r.siteId === site.id)
    .sort((a, b) => b.requestedAt - a.requestedAt);
  const place = (id: string) =>
    state.queue.filter((q) => state.requests[q]?.status === 'queued').indexOf(id) + 1;
  return (
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
                <span className="muted"> · {t('live.place', { n: place(r.id) })}</span>
              )}
              {r.reason && <span className="muted"> · {r.reason}</span>}
            </span>
            <span className="row-actions">
              {r.status === 'requested' && (
                <button onClick={() => void command({ type: 'floor.approve', requestId: r.id })}>
                  {t('live.approve')}
                </button>
              )}
              {(r.status === 'requested' || r.status === 'queued') && (
                <button onClick={() => void command({ type: 'floor.withdraw', requestId: r.id })}>
                  {t('live.withdraw')}
                </button>
              )}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
