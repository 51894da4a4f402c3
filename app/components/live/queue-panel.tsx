import { type DragEvent, useState } from 'react';
import { useTranslation } from '../../i18n/use-translation.ts';
import { queueOpen } from '../../../domain/live/reducer.ts';
import type { FloorRequest, LiveState } from '../../../protocol/live.ts';
import { useGrantCheck } from './floor-panel.tsx';
import { LiveDialog } from './live-dialog.tsx';
import type { SendCommand } from './types.ts';
import { Panel } from './panel.tsx';

/** How long a request has waited, in words ("3 phút"). */
export function waited(ms: number, t: (key: string, p: Record<string, number>) => string): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const minutes = Math.floor(seconds / 60);
  if (minutes < 1) return t('desk.waitSeconds', { n: seconds });
  if (minutes < 60) return t('desk.waitMinutes', { n: minutes });
  return t('desk.waitHours', { h: Math.floor(minutes / 60), m: minutes % 60 });
}

/**
 * The queue of floor requests. Giving the floor from it is the main action, with the
 * time per request; reorder by drag or Up/Down; tell a site to get ready; decline one
 * or several with a reason asked in the page; close the queue of the agenda item.
 */
export function QueuePanel({
  state,
  command,
  now,
  defaultMinutes,
}: {
  state: LiveState;
  command: SendCommand;
  now: number | null;
  defaultMinutes: number;
}) {
  const { t } = useTranslation();
  const [dragged, setDragged] = useState<string | null>(null);
  const [minutes, setMinutes] = useState<Record<string, number>>({});
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [declining, setDeclining] = useState<FloorRequest[] | null>(null);
  const { grant, dialog } = useGrantCheck(state, command);
  const queue = state.queue.map((id) => state.requests[id]!).filter(Boolean);
  const queued = queue.filter((r) => r.status === 'queued');
  const chosen = queue.filter((r) => selected.has(r.id));
  const open = queueOpen(state);
  const reorder = (ids: string[]) => void command({ type: 'queue.reorder', requestIds: ids });
  const move = (id: string, by: number) => {
    const ids = [...state.queue];
    const i = ids.indexOf(id);
    const j = i + by;
    if (i < 0 || j < 0 || j >= ids.length) return;
    [ids[i], ids[j]] = [ids[j]!, ids[i]!];
    reorder(ids);
  };
  const drop = (target: string) => (e: DragEvent) => {
    e.preventDefault();
    if (!dragged || dragged === target) return;
    const ids = state.queue.filter((id) => id !== dragged);
    ids.splice(ids.indexOf(target), 0, dragged);
    setDragged(null);
    reorder(ids);
  };
  const toggle = (id: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  return (
    <Panel
      title={
        <>
          {t('live.queue')} ({queued.length})
        </>
      }
    >
      <div className="inline-actions">
        <button
          type="button"
          className="button button-secondary button-small"
          onClick={() => void command({ type: 'queue.set_open', open: !open })}
        >
          {open ? t('desk.closeQueue') : t('desk.openQueue')}
        </button>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={state.multipleRequests}
            onChange={(e) =>
              void command({ type: 'queue.allow_multiple', allow: e.target.checked })
            }
          />{' '}
          {t('desk.allowMultiple')}
        </label>
      </div>
      {!open && <p className="badge badge-warn">{t('desk.queueClosed')}</p>}
      {queued.length > 0 && state.phase !== 'in_progress' && (
        <p className="muted">{t('desk.notInProgress')}</p>
      )}
      {state.cued && (
        <p className="muted">
          {t('desk.cued', { site: state.cued.siteName })}{' '}
          <button
            type="button"
            className="link-button"
            onClick={() => void command({ type: 'site.cue', siteId: null })}
          >
            {t('desk.clearCue')}
          </button>
        </p>
      )}
      {queue.length === 0 ? (
        <p className="muted">{t('live.emptyQueue')}</p>
      ) : (
        <p className="muted">{t('live.dragHint')}</p>
      )}
      <ol className="queue">
        {queue.map((r, i) => (
          <li
            key={r.id}
            draggable
            onDragStart={() => setDragged(r.id)}
            onDragOver={(e) => e.preventDefault()}
            onDrop={drop(r.id)}
            className={r.status === 'requested' ? 'pending' : undefined}
            data-request={r.id}
          >
            <span className="queue-who">
              <input
                type="checkbox"
                checked={selected.has(r.id)}
                onChange={() => toggle(r.id)}
                aria-label={t('desk.select', { who: r.siteName })}
              />{' '}
              <strong>{r.siteName}</strong>
              {r.delegateName ? ` — ${r.delegateName}` : ''}
              {r.themeTitle ? <span className="muted"> · {r.themeTitle}</span> : null}
              {r.note ? <span className="muted"> · {r.note}</span> : null}
              {now !== null && (
                <span className="muted queue-waited">
                  {' '}
                  · {t('desk.waited', { time: waited(now - r.requestedAt, t as never) })}
                </span>
              )}
              {r.status === 'requested' && (
                <span className="badge">{t('live.pendingApproval')}</span>
              )}
            </span>
            <span className="row-actions">
              <label className="visually-hidden" htmlFor={`min-${r.id}`}>
                {t('desk.minutesFor', { who: r.siteName })}
              </label>
              <input
                id={`min-${r.id}`}
                className="short"
                type="number"
                min={1}
                max={60}
                value={minutes[r.id] ?? defaultMinutes}
                onChange={(e) => setMinutes((m) => ({ ...m, [r.id]: Number(e.target.value) }))}
              />
              <button
                type="button"
                className="button"
                onClick={() =>
                  grant(
                    { id: r.siteId, name: r.siteName },
                    {
                      type: 'floor.grant',
                      requestId: r.id,
                      minutes: minutes[r.id] ?? defaultMinutes,
                    },
                  )
                }
                disabled={r.status !== 'queued' || state.phase !== 'in_progress'}
                aria-label={`${t('live.grant')}: ${r.siteName}`}
              >
                {t('live.grant')}
              </button>
              <button
                type="button"
                onClick={() => void command({ type: 'site.cue', siteId: r.siteId })}
                aria-label={`${t('desk.cue')}: ${r.siteName}`}
              >
                {t('desk.cue')}
              </button>
              <button
                type="button"
                onClick={() => move(r.id, -1)}
                disabled={i === 0}
                aria-label={`${t('conf.moveUp')}: ${r.siteName}`}
              >
                {t('conf.moveUp')}
              </button>
              <button
                type="button"
                onClick={() => move(r.id, 1)}
                disabled={i === queue.length - 1}
                aria-label={`${t('conf.moveDown')}: ${r.siteName}`}
              >
                {t('conf.moveDown')}
              </button>
              <button
                type="button"
                onClick={() => setDeclining([r])}
                aria-label={`${t('live.decline')}: ${r.siteName}`}
              >
                {t('live.decline')}
              </button>
            </span>
          </li>
        ))}
      </ol>
      {chosen.length > 0 && (
        <button
          type="button"
          className="button button-secondary"
          onClick={() => setDeclining(chosen)}
        >
          {t('desk.declineSelected', { count: chosen.length })}
        </button>
      )}
      <LiveDialog
        open={declining !== null}
        title={
          declining?.length === 1
            ? t('desk.declineTitle', { who: declining[0]!.siteName })
            : t('desk.declineManyTitle', { count: declining?.length ?? 0 })
        }
        body={
          declining && declining.length > 1 ? (
            <ul>
              {declining.map((r) => (
                <li key={r.id}>{r.siteName}</li>
              ))}
            </ul>
          ) : undefined
        }
        reason={{ label: t('live.declineReason') }}
        confirmLabel={t('live.decline')}
        danger
        onConfirm={(reason) => {
          const list = declining ?? [];
          setDeclining(null);
          setSelected(new Set());
          if (list.length === 1)
            void command({ type: 'floor.decline', requestId: list[0]!.id, reason });
          else if (list.length > 1)
            void command({
              type: 'floor.decline_many',
              requestIds: list.map((r) => r.id),
              reason,
            });
        }}
        onClose={() => setDeclining(null)}
      />
      {dialog}
    </Panel>
  );
}
