import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { useTranslation } from '../i18n/use-translation.ts';
import type { LiveState } from '../../protocol/live.ts';

export interface Alert {
  id: string;
  text: string;
}

const MUTE_KEY = 'doithoai.alerts.muted';
const mutedListeners = new Set<() => void>();
function subscribeMuted(listener: () => void) {
  mutedListeners.add(listener);
  window.addEventListener('storage', listener);
  return () => {
    mutedListeners.delete(listener);
    window.removeEventListener('storage', listener);
  };
}

/** A short two-tone beep (no sound file to load; silent until the page had a click). */
function beep() {
  try {
    const AudioCtx =
      window.AudioContext ??
      (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
    if (!AudioCtx) return;
    const ctx = new AudioCtx();
    const gain = ctx.createGain();
    gain.gain.value = 0.08;
    gain.connect(ctx.destination);
    [880, 660].forEach((freq, i) => {
      const osc = ctx.createOscillator();
      osc.frequency.value = freq;
      osc.connect(gain);
      osc.start(ctx.currentTime + i * 0.15);
      osc.stop(ctx.currentTime + i * 0.15 + 0.12);
    });
    setTimeout(() => void ctx.close(), 600);
  } catch {
    // No audio output: the visual alert is enough.
  }
}

/** What is new between two states that a desk or a site must not miss. */
export function alertsBetween(
  before: LiveState,
  after: LiveState,
  t: (key: string, params?: Record<string, unknown>) => string,
  who: { desk: boolean; siteId?: string },
): Alert[] {
  if (before.conferenceId !== after.conferenceId || after.seq <= before.seq) return [];
  const alerts: Alert[] = [];
  if (who.desk) {
    for (const r of Object.values(after.requests))
      if (!before.requests[r.id])
        alerts.push({ id: `r${r.id}`, text: t('desk.alertRequest', { site: r.siteName }) });
    for (const s of Object.values(after.sites))
      if (before.sites[s.siteId]?.online && !s.online)
        alerts.push({
          id: `l${s.siteId}${after.seq}`,
          text: t('desk.alertLost', { site: s.siteName }),
        });
  }
  const known = new Set(before.chat.map((m) => m.id));
  for (const m of after.chat) {
    if (known.has(m.id)) continue;
    if (who.desk && m.fromSite) {
      const site = after.sites[m.siteId]?.siteName ?? '';
      alerts.push({ id: `m${m.id}`, text: t('desk.alertMessage', { site }) });
    }
    if (!who.desk && !m.fromSite && m.siteId === who.siteId)
      alerts.push({ id: `m${m.id}`, text: t('desk.alertDesk') });
  }
  if (who.siteId && after.cued?.siteId === who.siteId && before.cued?.at !== after.cued.at)
    alerts.push({ id: `c${after.cued.at}`, text: t('desk.cueNotice') });
  return alerts;
}

/**
 * Sound and a visible line for what a person at a console must not miss: new floor
 * requests, messages and lost connections for the chair's desk; messages and "get
 * ready" for a site. The sound can be muted (kept in this browser).
 */
export function useAlerts(state: LiveState, who: { desk: boolean; siteId?: string }) {
  const { t } = useTranslation();
  const [alerts, setAlerts] = useState<Alert[]>([]);
  // Kept in this browser; the server (and hydration) render it unmuted.
  const muted = useSyncExternalStore(
    subscribeMuted,
    () => localStorage.getItem(MUTE_KEY) === '1',
    () => false,
  );
  const previous = useRef(state);
  const desk = who.desk;
  const siteId = who.siteId;
  useEffect(() => {
    const fresh = alertsBetween(previous.current, state, t as never, { desk, siteId });
    previous.current = state;
    if (!fresh.length) return;
    if (localStorage.getItem(MUTE_KEY) !== '1') beep();
    setAlerts((list) => [...list, ...fresh].slice(-5));
    const ids = new Set(fresh.map((a) => a.id));
    setTimeout(() => setAlerts((list) => list.filter((a) => !ids.has(a.id))), 12_000);
  }, [state, t, desk, siteId]);
  return {
    alerts,
    muted,
    toggleMuted() {
      localStorage.setItem(MUTE_KEY, muted ? '0' : '1');
      for (const listener of mutedListeners) listener();
    },
    dismiss(id: string) {
      setAlerts((list) => list.filter((a) => a.id !== id));
    },
  };
}
