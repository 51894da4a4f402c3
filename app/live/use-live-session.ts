import { useCallback, useEffect, useRef, useState } from 'react';
import { reduce } from '../../domain/live/reducer.ts';
import { ServerMessage, type LiveCommand, type LiveState } from '../../protocol/live.ts';
import type { LinkStats } from '../../domain/media/link-quality.ts';

export interface CommandError {
  code: string;
  message: string;
}

/**
 * One screen's view of a conference's live session: starts from the server-rendered
 * state, applies pushed events with the shared reducer, resumes after its last seq
 * when the connection comes back, and keeps the server's clock offset for timers.
 */
export function useLiveSession(
  conferenceId: string,
  initial: LiveState,
  opts: { siteId?: string } = {},
) {
  const [state, setState] = useState(initial);
  const [connected, setConnected] = useState(false);
  const [lastError, setLastError] = useState<CommandError | null>(null);
  /** Link statistics of the sites (chair's screens only; never in the log). */
  const [linkStats, setLinkStats] = useState<Record<string, LinkStats>>({});
  const stateRef = useRef(initial);
  const offsetRef = useRef(0);
  const bestRttRef = useRef(Infinity);
  const socketRef = useRef<WebSocket | null>(null);
  const pending = useRef(
    new Map<string, { command: LiveCommand; resolve: (e: CommandError | null) => void }>(),
  );

  const apply = useCallback((next: LiveState) => {
    stateRef.current = next;
    setState(next);
  }, []);

  useEffect(() => {
    let stopped = false;
    let attempt = 0;
    let retry: ReturnType<typeof setTimeout> | undefined;

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
      });

    const connect = () => {
      const ws = new WebSocket(
        `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`,
      );
      socketRef.current = ws;
      ws.onopen = () => {
        attempt = 0;
        setConnected(true);
        subscribe();
        send({ t: 'ping', clientTime: Date.now() });
        // Commands not yet acknowledged are sent again with the same id: applied once.
        for (const [commandId, p] of pending.current)
          send({ t: 'command', conferenceId, commandId, command: p.command });
      };
      ws.onmessage = (message) => {
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
          const p = pending.current.get(m.commandId);
          pending.current.delete(m.commandId);
          const error = m.t === 'error' ? m.error : null;
          if (error) setLastError(error);
          p?.resolve(error);
        } else if (m.t === 'error') {
          setLastError(m.error);
        }
      };
      ws.onclose = (event) => {
        setConnected(false);
        if (stopped || socketRef.current !== ws) return;
        // The session ended (signed out, password changed, account disabled): reload,
        // so the page asks to sign in again (or shows the public view).
        if (event.code === 4401) {
          stopped = true;
          location.reload();
          return;
        }
        attempt++;
        retry = setTimeout(connect, Math.min(5000, 300 * 2 ** Math.min(attempt, 4)));
      };
    };
    connect();
    // A lost network can leave a socket half-open for minutes: drop it at once and
    // come back as soon as the network does.
    const offline = () => socketRef.current?.close();
    const online = () => {
      if (socketRef.current?.readyState !== WebSocket.OPEN) {
        clearTimeout(retry);
        attempt = 0;
        connect();
      }
    };
    window.addEventListener('offline', offline);
    window.addEventListener('online', online);
    const pinger = setInterval(() => send({ t: 'ping', clientTime: Date.now() }), 10_000);
    return () => {
      stopped = true;
      window.removeEventListener('offline', offline);
      window.removeEventListener('online', online);
      clearTimeout(retry);
      clearInterval(pinger);
      socketRef.current?.close();
    };
  }, [conferenceId, opts.siteId, apply]);

  /** Sends a command; resolves with null when applied, or the error (shown to this screen only). */
  const command = useCallback(
    (cmd: LiveCommand) =>
      new Promise<CommandError | null>((resolve) => {
        const commandId = crypto.randomUUID();
        pending.current.set(commandId, { command: cmd, resolve });
        setLastError(null);
        const ws = socketRef.current;
        if (ws?.readyState === WebSocket.OPEN) {
          ws.send(JSON.stringify({ t: 'command', conferenceId, commandId, command: cmd }));
        }
      }),
    [conferenceId],
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
  return { state, connected, command, lastError, serverNow, linkStats, sendStats };
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
