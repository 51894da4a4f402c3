import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from '../i18n/use-translation.ts';
import { reduce } from '../../domain/live/reducer.ts';
import { ServerMessage, type LiveCommand, type LiveState } from '../../protocol/live.ts';
import type { LinkStats } from '../../domain/media/link-quality.ts';
import { reconnectDelay } from './reconnect.ts';

export interface CommandError {
  code: string;
  message: string;
  /** Which field was wrong, and why (a command refused for validation). */
  fields?: Record<string, string>;
  commandId?: string;
}

/** A command the screen has not had an answer for (sent, or waiting for the connection). */
export interface PendingCommand {
  commandId: string;
  command: LiveCommand;
  createdAt: number;
}

/** A word to the person at the screen about their commands (resent, dropped). */
export interface CommandNotice {
  id: number;
  text: string;
}

/** No message from the server for this long: the link is dead even if the socket looks open. */
export const SILENCE_MS = 8_000;
const PING_MS = 3_000;
/** A connection whose opening handshake takes this long is given up and begun again. */
export const CONNECT_MS = 10_000;
/** A command waiting this long for the connection is dropped, with a word to the user. */
export const DROP_AFTER_MS = 60_000;

/**
 * One screen's view of a conference's live session: starts from the server-rendered
 * state, applies pushed events with the shared reducer, resumes after its last seq
 * when the connection comes back, and keeps the server's clock offset for timers.
 */
export function useLiveSession(
  conferenceId: string,
  initial: LiveState,
  opts: { siteId?: string; displayToken?: string } = {},
) {
  const [state, setState] = useState(initial);
  const [connected, setConnected] = useState(false);
  /** Disconnected after having been connected, or never connected after a few seconds. */
  const [lost, setLost] = useState(false);
  const { t } = useTranslation();
  const [lastError, setLastError] = useState<CommandError | null>(null);
  const [pendingList, setPendingList] = useState<PendingCommand[]>([]);
  const [notices, setNotices] = useState<CommandNotice[]>([]);
  /** Link statistics of the sites (chair's screens only; never in the log). */
  const [linkStats, setLinkStats] = useState<Record<string, LinkStats>>({});
  const stateRef = useRef(initial);
  const offsetRef = useRef(0);
  const bestRttRef = useRef(Infinity);
  const socketRef = useRef<WebSocket | null>(null);
  const pending = useRef(
    new Map<
      string,
      { command: LiveCommand; createdAt: number; resolve: (e: CommandError | null) => void }
    >(),
  );
  const syncPending = useCallback(() => {
    setPendingList(
      [...pending.current].map(([commandId, p]) => ({
        commandId,
        command: p.command,
        createdAt: p.createdAt,
      })),
    );
  }, []);
  const notify = useCallback((text: string) => {
    const id = Date.now() + Math.random();
    setNotices((list) => [...list.slice(-4), { id, text }]);
    setTimeout(() => setNotices((list) => list.filter((n) => n.id !== id)), 10_000);
  }, []);

  const apply = useCallback((next: LiveState) => {
    stateRef.current = next;
    setState(next);
  }, []);

  useEffect(() => {
    let stopped = false;
    let attempt = 0;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let heardAt = Date.now();
    let connectingSince = Date.now();

    const send = (message: unknown) => {
      const ws = socketRef.current;
      if (ws?.readyState === WebSocket.OPEN) ws.send(JSON.stringify(message));
    };
    const subscribe = () =>
      send({
        t: 'subscribe',
        conferenceId,
        after: stateRef.current.seq,
        ...(opts.siteId ? { siteId: opts.siteId } : {}),
        ...(opts.displayToken ? { display: opts.displayToken } : {}),
      });

    const connect = () => {
      connectingSince = Date.now();
      const ws = new WebSocket(
        `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`,
      );
      socketRef.current = ws;
      ws.onopen = () => {
        attempt = 0;
        heardAt = Date.now();
        setConnected(true);
        setLost(false);
        subscribe();
        send({ t: 'ping', clientTime: Date.now() });
        // Commands not yet acknowledged are sent again with the same id: applied once.
        // Paced, so that a long list stays within the server's per-screen rate limit.
        [...pending.current].forEach(([commandId, p], i) =>
          setTimeout(() => {
            if (socketRef.current === ws && pending.current.has(commandId))
              send({ t: 'command', conferenceId, commandId, command: p.command });
          }, i * 75),
        );
        if (pending.current.size) notify(t('desk.resent', { count: pending.current.size }));
      };
      ws.onmessage = (message) => {
        heardAt = Date.now();
        // Checked like any input: a message of another shape is dropped, and the screen
        // asks again from what it has.
        const parsed = ServerMessage.safeParse(JSON.parse(String(message.data)));
        if (!parsed.success) {
          subscribe();
          return;
        }
        const m = parsed.data;
        if (m.t === 'snapshot' && m.conferenceId === conferenceId) {
          apply(m.state);
        } else if (m.t === 'events' && m.conferenceId === conferenceId) {
          let current = stateRef.current;
          for (const e of m.events) {
            if (e.seq <= current.seq) continue; // already applied
            if (e.seq !== current.seq + 1) {
              subscribe(); // a gap: ask again from what we have
              break;
            }
            current = reduce(current, e);
          }
          apply(current);
        } else if (m.t === 'status') {
          // The server lost its database: nothing is live until it is back, so the screen
          // says it is reconnecting. Once back, the server sends what was missed (and
          // subscribes again a screen whose subscribe failed meanwhile).
          const up = m.database === 'ok';
          setConnected(up);
          setLost(!up);
        } else if (m.t === 'media_stats' && m.conferenceId === conferenceId) {
          setLinkStats((prev) => ({ ...prev, [m.siteId]: m.stats }));
        } else if (m.t === 'pong') {
          const now = Date.now();
          const rtt = now - m.clientTime;
          // The least-delayed sample gives the best estimate of the server's clock.
          if (rtt <= bestRttRef.current) {
            bestRttRef.current = rtt;
            offsetRef.current = m.serverTime - (m.clientTime + now) / 2;
          }
        } else if ((m.t === 'ack' || m.t === 'error') && m.commandId) {
          // Answered either way: never sent again.
          const p = pending.current.get(m.commandId);
          pending.current.delete(m.commandId);
          syncPending();
          const error = m.t === 'error' ? { ...m.error, commandId: m.commandId } : null;
          if (error) setLastError(error);
          p?.resolve(error);
        } else if (m.t === 'error') {
          setLastError(m.error);
        }
      };
      ws.onclose = (event) => {
        if (stopped || socketRef.current !== ws) return;
        setConnected(false);
        setLost(true);
        // The session ended (signed out, password changed, account disabled): reload,
        // so the page asks to sign in again (or shows the public view).
        // 4403: no longer allowed to follow this session (a role removed).
        if (event.code === 4401 || event.code === 4403) {
          stopped = true;
          location.reload();
          return;
        }
        attempt++;
        // Jittered backoff: screens that lost an instance together do not come back together.
        retry = setTimeout(connect, reconnectDelay(attempt));
      };
    };
    connect();
    const firstContact = setTimeout(() => {
      if (socketRef.current?.readyState !== WebSocket.OPEN) setLost(true);
    }, 5000);
    // A lost network can leave a socket half-open for minutes: drop it at once and
    // come back as soon as the network does.
    // Gives up on the current socket at once and says so: its close handshake cannot
    // complete on a dead network, so waiting for onclose could take many seconds.
    /** Closes a socket without hearing from it again. */
    const discard = (ws: WebSocket | null) => {
      if (!ws) return;
      ws.onopen = ws.onclose = null;
      ws.close();
    };
    const drop = () => {
      discard(socketRef.current);
      socketRef.current = null;
      setConnected(false);
      setLost(true);
      attempt++;
      clearTimeout(retry);
      retry = setTimeout(connect, reconnectDelay(attempt));
    };
    const online = () => {
      const ws = socketRef.current;
      if (ws?.readyState === WebSocket.OPEN) return;
      // A socket begun while offline is doomed: it is replaced, not left to race the new one.
      discard(ws);
      clearTimeout(retry);
      attempt = 0;
      connect();
    };
    window.addEventListener('offline', drop);
    window.addEventListener('online', online);
    let lastTick = Date.now();
    const pinger = setInterval(() => {
      const ws = socketRef.current;
      // A page that was too busy to run this timer on time has not read its messages
      // either: silence is judged from the next tick on.
      if (Date.now() - lastTick > 2 * PING_MS) heardAt = Date.now();
      lastTick = Date.now();
      if (
        (ws?.readyState === WebSocket.OPEN && Date.now() - heardAt > SILENCE_MS) ||
        (ws?.readyState === WebSocket.CONNECTING && Date.now() - connectingSince > CONNECT_MS)
      ) {
        // Silent for too long (a network that died without closing), or an opening
        // handshake that never completes (begun on a dead link): give up on this socket
        // at once, say so, and connect again.
        drop();
        return;
      }
      send({ t: 'ping', clientTime: Date.now() });
      // Commands that waited too long for the connection are dropped, with a word.
      for (const [commandId, p] of pending.current) {
        if (Date.now() - p.createdAt < DROP_AFTER_MS || ws?.readyState === WebSocket.OPEN) continue;
        pending.current.delete(commandId);
        const message = t('desk.dropped', { what: t(`commands.${p.command.type}`) });
        notify(message);
        p.resolve({ code: 'dropped', message });
      }
      syncPending();
    }, PING_MS);
    return () => {
      stopped = true;
      window.removeEventListener('offline', drop);
      window.removeEventListener('online', online);
      clearTimeout(retry);
      clearInterval(pinger);
      clearTimeout(firstContact);
      socketRef.current?.close();
    };
  }, [conferenceId, opts.siteId, opts.displayToken, apply, notify, syncPending, t]);

  /** Sends a command; resolves with null when applied, or the error (shown to this screen only). */
  const command = useCallback(
    (cmd: LiveCommand) =>
      new Promise<CommandError | null>((resolve) => {
        const commandId = crypto.randomUUID();
        pending.current.set(commandId, { command: cmd, createdAt: Date.now(), resolve });
        syncPending();
        setLastError(null);
        const ws = socketRef.current;
        if (ws?.readyState === WebSocket.OPEN) {
          ws.send(JSON.stringify({ t: 'command', conferenceId, commandId, command: cmd }));
        }
      }),
    [conferenceId, syncPending],
  );

  /** A site console's link report (beside the log; dropped while disconnected). */
  const sendStats = useCallback(
    (siteId: string, stats: LinkStats) => {
      const ws = socketRef.current;
      if (ws?.readyState === WebSocket.OPEN)
        ws.send(JSON.stringify({ t: 'media_stats', conferenceId, siteId, stats }));
    },
    [conferenceId],
  );

  const serverNow = useCallback(() => Date.now() + offsetRef.current, []);
  return {
    state,
    connected,
    lost,
    command,
    lastError,
    serverNow,
    linkStats,
    sendStats,
    pending: pendingList,
    notices,
  };
}

/** Re-renders every `ms` with the server's current time. */
export function useServerClock(serverNow: () => number, ms = 250) {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    const tick = () => setNow(serverNow());
    const first = setTimeout(tick, 0);
    const id = setInterval(tick, ms);
    return () => {
      clearTimeout(first);
      clearInterval(id);
    };
  }, [serverNow, ms]);
  return now;
}
