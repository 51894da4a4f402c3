import { useState } from 'react';
import { useTranslation } from '../../i18n/use-translation.ts';
import { floorRequestRefusal } from '../../../domain/live/decide.ts';
import { siteStatus } from '../../../domain/live/reducer.ts';
import type { LiveState } from '../../../protocol/live.ts';
import { formatTime } from '../../i18n/format.ts';
import type { SendCommand } from './types.ts';
import { CommandForm, Panel } from './panel.tsx';

interface SiteRef {
  id: string;
  name: string;
}

/** What a panel of a site's console works with: the session, its commands, the site. */
interface SitePanelProps {
  state: LiveState;
  command: SendCommand;
  site: SiteRef;
}

/** Roll call for one site: check in with the number present, or report it absent. */
export function CheckInPanel({ state, command, site }: SitePanelProps) {
  const { t } = useTranslation();
  const [attendees, setAttendees] = useState('');
  const [absence, setAbsence] = useState('');
  const me = siteStatus(state, site.id, site.name);
  return (
    <Panel title={t('live.checkIn')}>
      <p className={`site-tile roll-${me.rollCall}`}>
        {me.rollCall === 'present'
          ? t('live.present', { n: me.attendees ?? 0 })
          : me.rollCall === 'absent'
            ? t('live.absent', { reason: me.absenceReason })
            : t('live.notCheckedIn')}
      </p>
      <CommandForm
        onSend={() => {
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
      </CommandForm>
      <CommandForm
        onSend={() => {
          if (absence.trim())
            void command({ type: 'site.absent', siteId: site.id, reason: absence });
        }}
      >
        <label htmlFor="absence">{t('live.absenceReason')}</label>
        <input id="absence" value={absence} onChange={(e) => setAbsence(e.target.value)} />
        <button className="button button-secondary" type="submit">
          {t('live.reportAbsent')}
        </button>
      </CommandForm>
    </Panel>
  );
}

/** Asking for the floor for one of the site's delegates, on a theme, with a note. */
export function RequestPanel({
  state,
  command,
  site,
  delegates,
  themes,
}: {
  state: LiveState;
  command: SendCommand;
  site: SiteRef;
  delegates: readonly SiteRef[];
  themes: readonly { id: string; title: string }[];
}) {
  const { t } = useTranslation();
  const [speaker, setSpeaker] = useState('');
  const [themeId, setThemeId] = useState('');
  const [note, setNote] = useState('');
  const blocked = floorRequestRefusal(state, site.id);
  // A delegate picked from the list goes by id: the server fills in the name it knows.
  const delegate = delegates.find((d) => d.name === speaker.trim());
  return (
    <Panel title={t('live.request')}>
      {blocked && (
        <p className="muted" role="status" data-blocked={blocked}>
          {t('desk.cannotRequest', {
            reason: t(`liveReasons.${blocked}` as 'liveReasons.queue_closed'),
          })}
        </p>
      )}
      <CommandForm
        className="stack"
        onSend={() => {
          void command({
            type: 'floor.request',
            siteId: site.id,
            ...(delegate ? { delegateId: delegate.id } : speaker ? { delegateName: speaker } : {}),
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
        <button className="button" type="submit" disabled={blocked !== null}>
          {t('live.request')}
        </button>
      </CommandForm>
    </Panel>
  );
}

/** The site's own requests: where each stands, approve (site chair) or withdraw. */
export function MyRequests({ state, command, site }: SitePanelProps) {
  const { t } = useTranslation();
  const mine = Object.values(state.requests)
    .filter((r) => r.siteId === site.id)
    .sort((a, b) => b.requestedAt - a.requestedAt);
  const place = (id: string) =>
    state.queue.filter((q) => state.requests[q]?.status === 'queued').indexOf(id) + 1;
  return (
    <Panel title={t('live.myRequests')}>
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
    </Panel>
  );
}
