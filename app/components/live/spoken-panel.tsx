import { useTranslation } from '../../i18n/use-translation.ts';
import { spokenSeconds } from '../../../domain/live/reducer.ts';
import type { LiveState, Turn } from '../../../protocol/live.ts';
import { formatTime } from '../../i18n/format.ts';
import { Panel } from './panel.tsx';
import { answeredName } from './speaker.tsx';

function duration(seconds: number) {
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** Turns and speaking time grouped by a key (site, theme), most time first. */
export function speakingTotals(
  turns: readonly Turn[],
  now: number,
  pausedAt: number | null,
  key: (t: Turn) => string,
) {
  const totals = new Map<string, { name: string; turns: number; seconds: number }>();
  for (const turn of turns) {
    const name = key(turn);
    const row = totals.get(name) ?? { name, turns: 0, seconds: 0 };
    row.turns++;
    row.seconds += spokenSeconds(turn, now, pausedAt);
    totals.set(name, row);
  }
  return [...totals.values()].sort((a, b) => b.seconds - a.seconds || b.turns - a.turns);
}

/** Who has spoken: every turn so far, and the time and count per site and per theme. */
export function SpokenPanel({ state, now }: { state: LiveState; now: number | null }) {
  const { t } = useTranslation();
  const at = now ?? Date.now();
  const bySite = speakingTotals(state.turns, at, state.pausedAt, (turn) => turn.siteName);
  const byTheme = speakingTotals(
    state.turns,
    at,
    state.pausedAt,
    (turn) => turn.themeTitle ?? t('desk.noTheme'),
  );
  const table = (caption: string, rows: typeof bySite) => (
    <table className="table table-compact">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{caption}</th>
          <th scope="col">{t('live.timeline')}</th>
          <th scope="col">{t('desk.duration')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.name}>
            <th scope="row">{r.name}</th>
            <td>{t('desk.turns', { count: r.turns })}</td>
            <td>{duration(r.seconds)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
  return (
    <Panel title={`${t('desk.spoken')} (${state.turns.length})`}>
      {state.turns.length === 0 ? (
        <p className="muted">{t('live.noTurns')}</p>
      ) : (
        <>
          <ol className="spoken-list">
            {state.turns.map((turn) => {
              const answers = answeredName(state.turns, turn);
              return (
                <li key={turn.id} data-turn={turn.id}>
                  <span className="muted">{formatTime(turn.startedAt)}</span>{' '}
                  <strong>{turn.delegateName ?? turn.siteName}</strong>
                  {turn.delegateName ? ` (${turn.siteName})` : ''}
                  {turn.themeTitle ? ` · ${turn.themeTitle}` : ''}
                  {answers ? ` · ${t('desk.answering', { who: answers })}` : ''} ·{' '}
                  {duration(spokenSeconds(turn, at, state.pausedAt))}
                  {turn.endedAt === null ? ` · ${t('live.status.speaking')}` : ''}
                </li>
              );
            })}
          </ol>
          {table(t('desk.bySite'), bySite)}
          {table(t('desk.byTheme'), byTheme)}
        </>
      )}
    </Panel>
  );
}
