import { useState } from 'react';
import { useTranslation } from '../../i18n/use-translation.ts';
import type { LiveState } from '../../../protocol/live.ts';
import { formatTime } from '../../i18n/format.ts';
import type { SendCommand } from './types.ts';
import { CommandForm, Panel } from './panel.tsx';

/** The agenda, with the current item and a way to move to another. */
export function AgendaPanel({
  state,
  command,
  agenda,
}: {
  state: LiveState;
  command: SendCommand;
  agenda: readonly { id: string; title: string; plannedStart: Date | string }[];
}) {
  const { t } = useTranslation();
  return (
    <Panel title={t('live.agenda')}>
      <ol className="live-agenda">
        {agenda.map((item) => (
          <li key={item.id} className={item.id === state.agendaItemId ? 'current' : undefined}>
            <span>
              {formatTime(item.plannedStart)} · {item.title}
            </span>
            {item.id === state.agendaItemId ? (
              <span className="badge badge-live">{t('live.current')}</span>
            ) : (
              <button
                className="link-button"
                onClick={() => void command({ type: 'agenda.move', agendaItemId: item.id })}
              >
                {t('live.goTo')}
              </button>
            )}
          </li>
        ))}
      </ol>
    </Panel>
  );
}

/** Posting an announcement to every screen; the latest five. */
export function AnnouncementsPanel({ state, command }: { state: LiveState; command: SendCommand }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  return (
    <Panel title={t('live.announcements')}>
      <CommandForm
        onSend={() => {
          if (text.trim())
            void command({ type: 'announcement.post', text }).then((err) => !err && setText(''));
        }}
      >
        <label className="visually-hidden" htmlFor="ann-text">
          {t('live.announcementText')}
        </label>
        <input
          id="ann-text"
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder={t('live.announcementText')}
        />
        <button className="button" type="submit">
          {t('live.announce')}
        </button>
      </CommandForm>
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
    </Panel>
  );
}

/** The most supported contributions, and showing one on the hall display. */
export function DisplayPanel({
  state,
  command,
  top,
}: {
  state: LiveState;
  command: SendCommand;
  top: readonly { id: string; title: string; supportCount: number }[];
}) {
  const { t } = useTranslation();
  return (
    <Panel title={t('live.contributions')}>
      {state.display && (
        <p>
          <span className="badge badge-live">{t('live.onDisplay')}</span> {state.display.title}{' '}
          <button
            className="link-button"
            onClick={() => void command({ type: 'display.show', contributionId: null })}
          >
            {t('live.clearDisplay')}
          </button>
        </p>
      )}
      <ul className="top-list">
        {top.map((c) => (
          <li key={c.id}>
            <span>
              {c.title}{' '}
              <span className="muted">({t('contrib.supports', { count: c.supportCount })})</span>
            </span>
            <button
              className="link-button"
              onClick={() => void command({ type: 'display.show', contributionId: c.id })}
            >
              {t('live.showOnDisplay')}
            </button>
          </li>
        ))}
      </ul>
    </Panel>
  );
}
