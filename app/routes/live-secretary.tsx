import { useState } from 'react';
import { useTranslation } from '../i18n/use-translation.ts';
import { useRouteLoaderData } from 'react-router';
import { getLiveView } from '../../domain/live/live-session.ts';
import { openTurns } from '../../domain/live/reducer.ts';
import { FormAlert } from '../components/field.tsx';
import { LiveStatus } from '../components/live-status.tsx';
import { LiveTimer } from '../components/live-timer.tsx';
import { SpokenPanel } from '../components/live/spoken-panel.tsx';
import { answeredName } from '../components/live/speaker.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { conferencePage } from '../forms.ts';
import { formatTime } from '../i18n/format.ts';
import { useLiveSession, useServerClock } from '../live/use-live-session.ts';
import { useReportPhase } from '../live/live-phase.ts';
import type { loader as layoutLoader } from './conference-layout.tsx';
import type { Route } from './+types/live-secretary';
import { CommandForm } from '../components/live/panel.tsx';

export function loader(args: Route.LoaderArgs) {
  return conferencePage(args, async (scope) => ({ state: (await getLiveView(scope)).state }));
}

export default function LiveSecretary({ loaderData, params }: Route.ComponentProps) {
  const { t } = useTranslation();
  const layout = useRouteLoaderData<typeof layoutLoader>('routes/conference-layout')!;
  const { state, connected, command, lastError, serverNow } = useLiveSession(
    params.conferenceId,
    loaderData.state,
  );
  const now = useServerClock(serverNow);
  useReportPhase(state);
  const [text, setText] = useState('');
  const [editing, setEditing] = useState<{ id: string; text: string } | null>(null);
  const turn = openTurns(state).at(-1);
  const turnName = (id: string | null) => {
    const t0 = state.turns.find((x) => x.id === id);
    if (!t0) return null;
    const answers = answeredName(state.turns, t0);
    const who = `${t0.delegateName ?? t0.siteName} (${t0.siteName})`;
    return answers ? `${who} — ${t('desk.answering', { who: answers })}` : who;
  };
  return (
    <div className="live-console">
      <PageTitle>{`${t('live.minutesTitle')} – ${layout.conference.title}`}</PageTitle>
      <div className="live-head">
        <h2>{t('live.minutesTitle')}</h2>
        <LiveStatus phase={state.phase} connected={connected} />
      </div>
      {state.rehearsal && (
        <p className="rehearsal-banner" role="status">
          {t('desk.rehearsalBanner')}
        </p>
      )}
      {lastError && <FormAlert kind="error">{lastError.message}</FormAlert>}
      <section className="panel">
        <h3>{t('live.floor')}</h3>
        {turn ? (
          <p>
            <strong>{turn.delegateName ?? turn.siteName}</strong> — {turn.siteName}{' '}
            <LiveTimer turn={turn} now={now} pausedAt={state.pausedAt} />
          </p>
        ) : (
          <p className="muted">{t('live.noFloor')}</p>
        )}
        <CommandForm
          className="stack"
          onSend={() => {
            if (text.trim())
              void command({ type: 'minutes.add', text }).then((err) => !err && setText(''));
          }}
        >
          <label htmlFor="minutes-text">{t('live.minutesText')}</label>
          <textarea
            id="minutes-text"
            rows={4}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
          <button className="button" type="submit">
            {t('live.addMinutes')}
          </button>
        </CommandForm>
      </section>
      <ol className="minutes">
        {state.minutes.map((m) => (
          <li key={m.id}>
            <p className="muted">
              {formatTime(m.at)} ·{' '}
              {m.turnId ? t('live.forTurn', { who: turnName(m.turnId) }) : t('live.general')}
            </p>
            {editing?.id === m.id ? (
              <CommandForm
                className="stack"
                onSend={() => {
                  void command({ type: 'minutes.edit', entryId: m.id, text: editing.text }).then(
                    (err) => !err && setEditing(null),
                  );
                }}
              >
                <label className="visually-hidden" htmlFor={`edit-${m.id}`}>
                  {t('live.minutesText')}
                </label>
                <textarea
                  id={`edit-${m.id}`}
                  rows={3}
                  value={editing.text}
                  onChange={(e) => setEditing({ id: m.id, text: e.target.value })}
                />
                <button className="button" type="submit">
                  {t('live.save')}
                </button>
              </CommandForm>
            ) : (
              <>
                <div className="plain-text">{m.text}</div>
                <button
                  className="link-button"
                  onClick={() => setEditing({ id: m.id, text: m.text })}
                >
                  {t('live.edit')}
                </button>
              </>
            )}
          </li>
        ))}
      </ol>
      <SpokenPanel state={state} now={now} />
    </div>
  );
}
