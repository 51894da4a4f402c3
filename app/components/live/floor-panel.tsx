import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { openTurns } from '../../../domain/live/reducer.ts';
import type { LiveState } from '../../../protocol/live.ts';
import { Speaker } from './speaker.tsx';
import type { SendCommand } from './types.ts';
import { Panel } from './panel.tsx';

/** Who holds the floor (timers, extend, end), granting it to a site, the joint exchange. */
export function FloorPanel({
  state,
  command,
  now,
  sites,
  defaultMinutes,
}: {
  state: LiveState;
  command: SendCommand;
  /** The server's time (null until the first tick after hydration). */
  now: number | null;
  sites: readonly { id: string; name: string }[];
  defaultMinutes: number;
}) {
  const { t } = useTranslation();
  const [grantSite, setGrantSite] = useState(sites[0]?.id ?? '');
  const [grantMinutes, setGrantMinutes] = useState(defaultMinutes);
  const floor = openTurns(state);
  return (
    <Panel title={t('live.floor')}>
      {state.jointExchange && <p className="badge badge-live">{t('live.jointOn')}</p>}
      {floor.length === 0 && <p className="muted">{t('live.noFloor')}</p>}
      {floor.map((turn) => (
        <Speaker key={turn.id} turn={turn} now={now}>
          <div className="inline-actions">
            {([1, 2, 5] as const).map((n) => (
              <button
                key={n}
                className="button button-secondary"
                onClick={() => void command({ type: 'floor.extend', turnId: turn.id, minutes: n })}
              >
                {t('live.extend', { n })}
              </button>
            ))}
            <button
              className="button"
              onClick={() => void command({ type: 'floor.end', turnId: turn.id })}
            >
              {t('live.endTurn')}
            </button>
          </div>
        </Speaker>
      ))}
      <h4>{t('live.grantSite')}</h4>
      <div className="inline-actions">
        <label className="visually-hidden" htmlFor="grant-site">
          {t('live.from')}
        </label>
        <select id="grant-site" value={grantSite} onChange={(e) => setGrantSite(e.target.value)}>
          {sites.map((s) => (
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
            void command({ type: 'floor.grant', siteId: grantSite, minutes: grantMinutes })
          }
        >
          {t('live.grant')}
        </button>
      </div>
      <p>
        <button
          className="button button-secondary"
          onClick={() => void command({ type: 'joint.set', open: !state.jointExchange })}
        >
          {state.jointExchange ? t('live.jointClose') : t('live.jointOpen')}
        </button>
      </p>
    </Panel>
  );
}
