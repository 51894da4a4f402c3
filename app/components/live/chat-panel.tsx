import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from '../../i18n/use-translation.ts';
import type { LiveState } from '../../../protocol/live.ts';
import { formatTime } from '../../i18n/format.ts';
import { CommandForm, Panel } from './panel.tsx';
import type { SendCommand } from './types.ts';

/**
 * Private messages between the chair's technical desk and one site's operators. The
 * desk picks the site (sites with unanswered messages first); a site console shows its
 * own conversation only. Kept with the conference, never shown to the public.
 */
export function ChatPanel({
  state,
  command,
  sites,
  siteId,
  onSiteChange,
  desk,
}: {
  state: LiveState;
  command: SendCommand;
  sites: readonly { id: string; name: string }[];
  /** The conversation shown (the desk's choice, or the site's own). */
  siteId: string | null;
  onSiteChange?(siteId: string): void;
  desk: boolean;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [text, setText] = useState('');
  const list = useRef<HTMLOListElement>(null);
  const messages = siteId ? state.chat.filter((m) => m.siteId === siteId) : [];
  // Sites whose last message came from the site: waiting for the desk (one pass).
  const last = new Map(state.chat.map((m) => [m.siteId, m.fromSite]));
  const waiting = new Set([...last].filter(([, fromSite]) => fromSite).map(([id]) => id));
  useEffect(() => {
    list.current?.lastElementChild?.scrollIntoView({ block: 'nearest' });
  }, [messages.length]);
  const siteName = sites.find((s) => s.id === siteId)?.name ?? '';
  return (
    <Panel title={desk && siteId ? t('desk.chatWith', { site: siteName }) : t('desk.chat')}>
      {desk && onSiteChange && (
        <div className="field">
          <label htmlFor={`${id}-site`}>{t('desk.chatSite')}</label>
          <select
            id={`${id}-site`}
            value={siteId ?? ''}
            onChange={(e) => onSiteChange(e.target.value)}
          >
            <option value="" disabled>
              —
            </option>
            {[...sites]
              .sort((a, b) => Number(waiting.has(b.id)) - Number(waiting.has(a.id)))
              .map((s) => (
                <option key={s.id} value={s.id}>
                  {waiting.has(s.id) ? `● ${s.name}` : s.name}
                </option>
              ))}
          </select>
        </div>
      )}
      {siteId && (
        <>
          {messages.length === 0 && <p className="muted">{t('desk.noMessages')}</p>}
          <ol className="chat" ref={list} aria-live="polite">
            {messages.map((m) => (
              <li key={m.id} className={m.fromSite ? 'chat-site' : 'chat-desk'}>
                <span className="muted">
                  {formatTime(m.at)} · {m.fromSite ? (m.author ?? siteName) : t('desk.fromDesk')}
                </span>
                <span className="chat-text">{m.text}</span>
              </li>
            ))}
          </ol>
          <CommandForm
            onSend={() => {
              if (!text.trim()) return;
              void command({ type: 'chat.send', siteId, text }).then((err) => !err && setText(''));
            }}
          >
            <label className="visually-hidden" htmlFor={`${id}-text`}>
              {t('desk.chatText')}
            </label>
            <input
              id={`${id}-text`}
              value={text}
              maxLength={1000}
              onChange={(e) => setText(e.target.value)}
              placeholder={t('desk.chatText')}
            />
            <button type="submit" className="button">
              {t('desk.send')}
            </button>
          </CommandForm>
        </>
      )}
    </Panel>
  );
}
