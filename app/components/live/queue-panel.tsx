import { type DragEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LiveState } from '../../../protocol/live.ts';
import type { SendCommand } from './types.ts';
import { Panel } from './panel.tsx';

/** The queue of floor requests: reorder by drag or Up/Down, grant, decline. */
export function QueuePanel({ state, command }: { state: LiveState; command: SendCommand }) {
  const { t } = useTranslation();
  const [dragged, setDragged] = useState<string | null>(null);
  const queue = state.queue.map((id) => state.requests[id]!).filter(Boolean);
  const queued = queue.filter((r) => r.status === 'queued');
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
  return (
    <Panel
      title={
        <>
          {t('live.queue')} ({queued.length})
        </>
      }
    >
      <p className="muted">{t('live.dragHint')}</p>
      {queue.length === 0 && <p className="muted">{t('live.emptyQueue')}</p>}
      <ol className="queue">
        {queue.map((r, i) => (
          <li
            key={r.id}
            draggable
            onDragStart={() => setDragged(r.id)}
            onDragOver={(e) => e.preventDefault()}
            onDrop={drop(r.id)}
            className={r.status === 'requested' ? 'pending' : undefined}
          >
            <span className="queue-who">
              <strong>{r.siteName}</strong>
              {r.delegateName ? ` — ${r.delegateName}` : ''}
              {r.themeTitle ? <span className="muted"> · {r.themeTitle}</span> : null}
              {r.note ? <span className="muted"> · {r.note}</span> : null}
              {r.status === 'requested' && (
                <span className="badge">{t('live.pendingApproval')}</span>
              )}
            </span>
            <span className="row-actions">
              <button
                onClick={() => move(r.id, -1)}
                disabled={i === 0}
                aria-label={`${t('conf.moveUp')}: ${r.siteName}`}
              >
                {t('conf.moveUp')}
              </button>
              <button
                onClick={() => move(r.id, 1)}
                disabled={i === queue.length - 1}
                aria-label={`${t('conf.moveDown')}: ${r.siteName}`}
              >
                {t('conf.moveDown')}
              </button>
              <button
                onClick={() => void command({ type: 'floor.grant', requestId: r.id })}
                disabled={r.status !== 'queued'}
                aria-label={`${t('live.grant')}: ${r.siteName}`}
              >
                {t('live.grant')}
              </button>
              <button
                onClick={() => {
                  const reason = window.prompt(t('live.declineReason'));
                  if (reason) void command({ type: 'floor.decline', requestId: r.id, reason });
                }}
                aria-label={`${t('live.decline')}: ${r.siteName}`}
              >
                {t('live.decline')}
              </button>
            </span>
          </li>
        ))}
      </ol>
    </Panel>
  );
}
