import type { ReactNode } from 'react';
import { useTranslation } from '../../i18n/use-translation.ts';
import { Form } from 'react-router';
import type { ContributorKind } from '../../../protocol/conferences.ts';
import type { ContributionKind, ContributionStatus } from '../../../protocol/contributions.ts';
import type { FormError } from '../../forms.ts';
import { formatDateTime } from '../../i18n/format.ts';
import { FormAlert } from '../field.tsx';
import { RowAction } from '../row-action.tsx';

/** Moves a moderator offers from each status (`merged` only through merging). */
const NEXT: Record<ContributionStatus, readonly ContributionStatus[]> = {
  submitted: [],
  published: ['under_consideration', 'answered', 'adopted'],
  under_consideration: ['answered', 'adopted', 'published'],
  answered: ['adopted', 'under_consideration'],
  adopted: ['under_consideration'],
  rejected: [],
  merged: [],
};

export interface QueueItem {
  id: string;
  kind: ContributionKind;
  title: string;
  body: string;
  status: ContributionStatus;
  pinned: boolean;
  supportCount: number;
  authorName: string;
  authorKind: ContributorKind;
  province: string;
  email: string | null;
  phone: string | null;
  themeTitle: string;
  rejectReason: string | null;
  answer: string | null;
  createdAt: Date | string;
}

/** A form acting on one card: its contribution's id and the intent. */
function CardForm({
  id,
  intent,
  className = 'inline-actions',
  children,
}: {
  id: string;
  intent: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <Form method="post" className={className}>
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="intent" value={intent} />
      {children}
    </Form>
  );
}

/** One contribution in the moderation queue, with what a moderator may do to it. */
export function ModerationCard({
  item: c,
  similar,
  answerable,
  result,
}: {
  item: QueueItem;
  similar: readonly { id: string; title: string }[];
  /** The official answer is the organisers'. */
  answerable: boolean;
  result: { ok: true } | { ok: false; error: FormError } | null;
}) {
  const { t } = useTranslation();
  const open = c.status !== 'merged';
  return (
    <li className="card" id={`c-${c.id}`}>
      <p className="meta">
        <span className="badge">{t(`contrib.kinds.${c.kind}`)}</span>{' '}
        <span className={`badge badge-${c.status}`}>{t(`contrib.status.${c.status}`)}</span>{' '}
        {c.pinned && <span className="badge badge-live">{t('contrib.pinned')}</span>}
      </p>
      <h3>{c.title}</h3>
      <div className="plain-text">{c.body}</div>
      <p className="muted">
        {c.authorName} · {t(`conf.kinds.${c.authorKind}`)}
        {c.province ? ` · ${c.province}` : ''} · {c.themeTitle} · {formatDateTime(c.createdAt)} ·{' '}
        {t('contrib.supports', { count: c.supportCount })}
        <br />
        {t('contrib.moderation.contact')}: {[c.email, c.phone].filter(Boolean).join(' · ') || '—'}
      </p>
      {c.rejectReason && c.status === 'rejected' && (
        <p>
          <strong>{t('contrib.track.reason')}:</strong> {c.rejectReason}
        </p>
      )}
      {result?.ok && <FormAlert kind="success">{t('contrib.moderation.done')}</FormAlert>}
      {result && !result.ok && <FormAlert kind="error">{result.error.message}</FormAlert>}
      {similar.length > 0 && (
        <p className="muted">
          {t('contrib.moderation.similar')} {similar.map((s) => s.title).join(' · ')}
        </p>
      )}
      <div className="inline-actions">
        {(c.status === 'submitted' || c.status === 'rejected') && (
          <RowAction
            intent="publish"
            fields={{ id: c.id }}
            label={t('contrib.moderation.publish')}
            variant="button"
          />
        )}
        {c.status !== 'rejected' && open && (
          <CardForm id={c.id} intent="reject">
            <label className="visually-hidden" htmlFor={`r-${c.id}`}>
              {t('contrib.moderation.reason')}
            </label>
            <input id={`r-${c.id}`} name="reason" placeholder={t('contrib.moderation.reason')} />
            <button type="submit" className="button button-secondary">
              {t('contrib.moderation.reject')}
            </button>
          </CardForm>
        )}
        {NEXT[c.status].length > 0 && (
          <CardForm id={c.id} intent="status">
            <label className="visually-hidden" htmlFor={`s-${c.id}`}>
              {t('contrib.moderation.moveTo')}
            </label>
            <select id={`s-${c.id}`} name="status">
              {NEXT[c.status].map((s) => (
                <option key={s} value={s}>
                  {t(`contrib.status.${s}`)}
                </option>
              ))}
            </select>
            <button type="submit" className="button button-secondary">
              {t('contrib.moderation.moveTo')}
            </button>
          </CardForm>
        )}
        {open && (
          <RowAction
            intent="pin"
            fields={{ id: c.id, pinned: String(!c.pinned) }}
            label={c.pinned ? t('contrib.moderation.unpin') : t('contrib.moderation.pin')}
          />
        )}
      </div>
      <details>
        <summary>{t('contrib.moderation.edit')}</summary>
        <CardForm id={c.id} intent="edit" className="stack">
          <label htmlFor={`et-${c.id}`}>{t('contrib.form.title')}</label>
          <input id={`et-${c.id}`} name="title" defaultValue={c.title} />
          <label htmlFor={`eb-${c.id}`}>{t('contrib.form.body')}</label>
          <textarea id={`eb-${c.id}`} name="body" rows={5} defaultValue={c.body} />
          <label htmlFor={`en-${c.id}`}>{t('contrib.moderation.editNote')}</label>
          <input id={`en-${c.id}`} name="note" />
          <button type="submit" className="button button-secondary">
            {t('contrib.moderation.save')}
          </button>
        </CardForm>
      </details>
      {open && similar.length > 0 && (
        <CardForm id={c.id} intent="merge">
          <label htmlFor={`mg-${c.id}`}>{t('contrib.moderation.merge')}</label>
          <select id={`mg-${c.id}`} name="intoId">
            {similar.map((s) => (
              <option key={s.id} value={s.id}>
                {s.title}
              </option>
            ))}
          </select>
          <button type="submit" className="button button-secondary">
            {t('contrib.moderation.mergeSubmit')}
          </button>
        </CardForm>
      )}
      {answerable && open && c.status !== 'submitted' && c.status !== 'rejected' && (
        <details>
          <summary>{t('contrib.moderation.answer')}</summary>
          <CardForm id={c.id} intent="answer" className="stack">
            <label htmlFor={`a-${c.id}`}>{t('contrib.moderation.answer')}</label>
            <textarea id={`a-${c.id}`} name="answer" rows={4} defaultValue={c.answer ?? ''} />
            <button type="submit" className="button">
              {t('contrib.moderation.answerSubmit')}
            </button>
          </CardForm>
        </details>
      )}
    </li>
  );
}
