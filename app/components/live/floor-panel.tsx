import { useId, useState } from 'react';
import { useTranslation } from '../../i18n/use-translation.ts';
import { openTurns, siteStatus } from '../../../domain/live/reducer.ts';
import { RESUME_TURN_MS, type LiveState, type Turn } from '../../../protocol/live.ts';
import { LiveDialog } from './live-dialog.tsx';
import { Speaker } from './speaker.tsx';
import type { SendCommand } from './types.ts';
import { Panel } from './panel.tsx';

type Site = { id: string; name: string };

type Warning = 'warnAbsent' | 'warnOffline' | 'warnSpeaking';

/**
 * Why giving a site the floor deserves a second thought, if it does: the site is absent
 * or offline, or someone else still speaks and would be cut off (no joint exchange).
 */
function grantWarning(state: LiveState, site: Site): { why: Warning; who: string } | null {
  const s = siteStatus(state, site.id, site.name);
  if (s.rollCall === 'absent') return { why: 'warnAbsent', who: site.name };
  if (!s.online) return { why: 'warnOffline', who: site.name };
  const speaking = state.jointExchange ? undefined : openTurns(state).at(-1);
  if (speaking && speaking.siteId !== site.id)
    return { why: 'warnSpeaking', who: speaking.delegateName ?? speaking.siteName };
  return null;
}

/** Asks before giving the floor to an absent or offline site; gives it at once otherwise. */
export function useGrantCheck(state: LiveState, command: SendCommand) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState<{
    site: Site;
    warning: { why: Warning; who: string };
    grant: Parameters<SendCommand>[0];
  } | null>(null);
  const grant = (site: Site, c: Parameters<SendCommand>[0]) => {
    const warning = grantWarning(state, site);
    if (warning) setAsking({ site, warning, grant: c });
    else void command(c);
  };
  const speaking = asking?.warning.why === 'warnSpeaking';
  const dialog = (
    <LiveDialog
      open={asking !== null}
      title={
        !asking
          ? ''
          : speaking
            ? t('desk.speakingTitle', { who: asking.warning.who })
            : t('desk.warnTitle', {
                site: asking.site.name,
                state: t(`desk.${asking.warning.why as 'warnAbsent'}`),
              })
      }
      body={
        <p>
          {speaking
            ? t('desk.speakingBody', { who: asking?.warning.who, site: asking?.site.name })
            : t('desk.warnBody')}
        </p>
      }
      confirmLabel={speaking ? t('desk.grantCutOff') : t('desk.grantAnyway')}
      onConfirm={() => {
        if (asking) void command(asking.grant);
        setAsking(null);
      }}
      onClose={() => setAsking(null)}
    />
  );
  return { grant, dialog };
}

/** The last turn ended, while it can still be undone (a few seconds). */
function useUndoableEnd(state: LiveState, now: number | null): Turn | null {
  const last = state.turns.at(-1);
  if (!last || last.endedAt === null || now === null || state.phase === 'ended') return null;
  if (openTurns(state).length && !state.jointExchange) return null;
  return now - last.endedAt < RESUME_TURN_MS ? last : null;
}

/** Who holds the floor (timers, extend, end and undo), the joint exchange, and a direct grant. */
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
  sites: readonly Site[];
  defaultMinutes: number;
}) {
  const { t } = useTranslation();
  const floor = openTurns(state);
  const undoable = useUndoableEnd(state, now);
  return (
    <Panel title={t('live.floor')}>
      {state.jointExchange && <p className="badge badge-live">{t('live.jointOn')}</p>}
      {floor.length === 0 && <p className="muted">{t('live.noFloor')}</p>}
      {floor.map((turn) => (
        <Speaker key={turn.id} turn={turn} turns={state.turns} now={now} pausedAt={state.pausedAt}>
          <div className="inline-actions">
            {([1, 2, 5] as const).map((n) => (
              <button
                key={n}
                type="button"
                className="button button-secondary"
                onClick={() => void command({ type: 'floor.extend', turnId: turn.id, minutes: n })}
              >
                {t('live.extend', { n })}
              </button>
            ))}
            <button
              type="button"
              className="button"
              onClick={() => void command({ type: 'floor.end', turnId: turn.id })}
            >
              {t('live.endTurn')}
            </button>
          </div>
        </Speaker>
      ))}
      {undoable && (
        <p className="undo-line" role="status">
          {t('desk.turnEnded', { who: undoable.delegateName ?? undoable.siteName })}{' '}
          <button
            type="button"
            className="button button-secondary button-small"
            onClick={() => void command({ type: 'floor.resume', turnId: undoable.id })}
          >
            {t('desk.undo')}
          </button>
        </p>
      )}
      <p>
        <button
          type="button"
          className="button button-secondary"
          disabled={!['technical_check', 'in_progress', 'paused'].includes(state.phase)}
          onClick={() => void command({ type: 'joint.set', open: !state.jointExchange })}
        >
          {state.jointExchange ? t('live.jointClose') : t('live.jointOpen')}
        </button>
      </p>
      {/* The floor is given while the session is in progress only. */}
      {state.phase === 'in_progress' && (
        <DirectGrant
          state={state}
          command={command}
          sites={sites}
          defaultMinutes={defaultMinutes}
        />
      )}
    </Panel>
  );
}

/**
 * Giving the floor outside the queue: a separate, clearly named form with a site picker
 * that searches as one types (no site chosen in advance), the time, and the turn it answers.
 */
function DirectGrant({
  state,
  command,
  sites,
  defaultMinutes,
}: {
  state: LiveState;
  command: SendCommand;
  sites: readonly Site[];
  defaultMinutes: number;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [query, setQuery] = useState('');
  const [minutes, setMinutes] = useState(defaultMinutes);
  const [answers, setAnswers] = useState('');
  const [error, setError] = useState(false);
  const { grant, dialog } = useGrantCheck(state, command);
  const site = sites.find((s) => s.name === query.trim());
  const earlier = [...state.turns].reverse().slice(0, 30);
  return (
    <details className="direct-grant">
      <summary>{t('desk.grantDirect')}</summary>
      <form
        className="stack"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (!site) {
            setError(true);
            return;
          }
          grant(site, {
            type: 'floor.grant',
            siteId: site.id,
            minutes,
            ...(answers && { answersTurnId: answers }),
          });
          setQuery('');
          setAnswers('');
        }}
      >
        <div className="field">
          <label htmlFor={`${id}-site`}>{t('desk.pickSite')}</label>
          <input
            id={`${id}-site`}
            list={`${id}-sites`}
            value={query}
            autoComplete="off"
            placeholder={t('desk.pickSiteHint', { count: sites.length })}
            aria-invalid={error || undefined}
            aria-describedby={error ? `${id}-error` : undefined}
            onChange={(e) => {
              setQuery(e.target.value);
              setError(false);
            }}
          />
          <datalist id={`${id}-sites`}>
            {sites.map((s) => (
              <option key={s.id} value={s.name} />
            ))}
          </datalist>
          {error && (
            <p id={`${id}-error`} className="field-error">
              {t('desk.noSitePicked')}
            </p>
          )}
        </div>
        <div className="inline-actions">
          <label htmlFor={`${id}-minutes`}>{t('live.minutes')}</label>
          <input
            id={`${id}-minutes`}
            className="short"
            type="number"
            min={1}
            max={60}
            value={minutes}
            onChange={(e) => setMinutes(Number(e.target.value))}
          />
          <label htmlFor={`${id}-answers`}>{t('desk.answers')}</label>
          <select id={`${id}-answers`} value={answers} onChange={(e) => setAnswers(e.target.value)}>
            <option value="">{t('desk.answersNone')}</option>
            {earlier.map((turn) => (
              <option key={turn.id} value={turn.id}>
                {turn.delegateName ? `${turn.delegateName} (${turn.siteName})` : turn.siteName}
              </option>
            ))}
          </select>
          <button type="submit" className="button button-secondary">
            {t('live.grant')}
          </button>
        </div>
      </form>
      {dialog}
    </details>
  );
}
