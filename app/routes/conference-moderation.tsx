import { useTranslation } from 'react-i18next';
import { Form, useRouteLoaderData } from 'react-router';
import { answerContribution } from '../../domain/contributions/answer-contribution.ts';
import { editContribution } from '../../domain/contributions/edit-contribution.ts';
import { mergeContribution } from '../../domain/contributions/merge-contribution.ts';
import { moderateContribution } from '../../domain/contributions/moderate-contribution.ts';
import { moderationQueue } from '../../domain/contributions/moderation-queue.ts';
import { similarContributions } from '../../domain/contributions/similar-contributions.ts';
import { parseInput } from '../../domain/validation.ts';
import {
  AnswerContributionRequest,
  ContributionStatus,
  ModerationQueueQuery,
  EditContributionRequest,
  ModerateContributionRequest,
} from '../../protocol/contributions.ts';
import { FormAlert } from '../components/field.tsx';
import { PageTitle } from '../components/page-title.tsx';
import {
  actionError,
  formText,
  intentOf,
  pageData,
  parseQuery,
  requireSignedIn,
  parseForm,
  formId,
} from '../forms.ts';
import { Pager } from '../components/pager.tsx';
import { formatDateTime } from '../i18n/format.ts';
import type { loader as layoutLoader } from './conference-layout.tsx';
import type { Route } from './+types/conference-moderation';

const NEXT = {
  submitted: [],
  published: ['under_consideration', 'answered', 'adopted'],
  under_consideration: ['answered', 'adopted', 'published'],
  answered: ['adopted', 'under_consideration'],
  adopted: ['under_consideration'],
  rejected: [],
  merged: [],
} as const;

export async function loader({ context, request, params }: Route.LoaderArgs) {
  return pageData(request, async () => {
    const query = parseQuery(ModerationQueueQuery, request);
    const list = await moderationQueue({
      db: context.db,
      actor: context.actor,
      conferenceId: params.conferenceId,
      ...query,
    });
    const queue = list.items;
    // Duplicate suggestions for what still waits.
    const similar: Record<string, { id: string; title: string }[]> = {};
    for (const item of queue.filter((q) => q.status === 'submitted').slice(0, 20)) {
      similar[item.id] = await similarContributions({
        db: context.db,
        actor: context.actor,
        conferenceId: params.conferenceId,
        contributionId: item.id,
      });
    }
    return { queue, similar, status: query.status ?? '', list: { ...list, items: [] } };
  });
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const actor = requireSignedIn(context, request);
  const form = await request.formData();
  const intent = intentOf(form);
  // Which card the answer belongs to (shown next to it), as posted.
  const id = String(form.get('id') ?? '').slice(0, 36);
  try {
    const base = {
      db: context.db,
      actor,
      conferenceId: params.conferenceId,
      contributionId: formId(form, 'id'),
    };
    if (intent === 'edit') {
      await editContribution({ ...base, input: parseForm(EditContributionRequest, form) });
    } else if (intent === 'merge') {
      await mergeContribution({ ...base, intoId: formId(form, 'intoId') });
    } else if (intent === 'answer') {
      const { answer } = parseForm(AnswerContributionRequest, form);
      await answerContribution({ ...base, answer });
    } else {
      const raw =
        intent === 'pin'
          ? { action: 'pin', pinned: form.get('pinned') === 'true' }
          : intent === 'reject'
            ? { action: 'reject', reason: formText(form, 'reason') }
            : intent === 'status'
              ? { action: 'status', status: formText(form, 'status') }
              : { action: 'publish' };
      await moderateContribution({ ...base, input: parseInput(ModerateContributionRequest, raw) });
    }
    return { ok: true as const, id };
  } catch (err) {
    return actionError(err, context.lang, { id });
  }
}

export default function ConferenceModeration({
  loaderData,
  actionData,
  params,
}: Route.ComponentProps) {
  const { t } = useTranslation();
  const layout = useRouteLoaderData<typeof layoutLoader>('routes/conference-layout')!;
  const { queue, similar, status, list } = loaderData;
  const exportBase = `/api/v1/conferences/${params.conferenceId}/contributions/export`;
  return (
    <div className="stack">
      <PageTitle>{`${t('contrib.moderation.title')} – ${layout.conference.title}`}</PageTitle>
      <h2>{t('contrib.moderation.title')}</h2>
      <div className="inline-actions">
        <Form method="get" className="inline-actions">
          <label htmlFor="m-status" className="visually-hidden">
            {t('contrib.track.status')}
          </label>
          <select id="m-status" name="status" defaultValue={status}>
            <option value="">{t('contrib.allStatuses')}</option>
            {ContributionStatus.options.map((s) => (
              <option key={s} value={s}>
                {t(`contrib.status.${s}`)}
              </option>
            ))}
          </select>
          <button type="submit" className="button button-secondary">
            {t('contrib.filter')}
          </button>
        </Form>
        <a href={`${exportBase}?format=csv`} download>
          {t('contrib.moderation.exportCsv')}
        </a>
        <a href={`${exportBase}?format=xlsx`} download>
          {t('contrib.moderation.exportXlsx')}
        </a>
        <a href={`/hoi-nghi/${layout.conference.slug}/y-kien`}>{t('contrib.title')}</a>
      </div>
      {queue.length === 0 && <p>{t('contrib.moderation.empty')}</p>}
      <ul className="card-list">
        {queue.map((c) => {
          const mine = actionData?.id === c.id;
          return (
            <li key={c.id} className="card" id={`c-${c.id}`}>
              <p className="meta">
                <span className="badge">{t(`contrib.kinds.${c.kind}`)}</span>{' '}
                <span className={`badge badge-${c.status}`}>{t(`contrib.status.${c.status}`)}</span>{' '}
                {c.pinned && <span className="badge badge-live">{t('contrib.pinned')}</span>}
              </p>
              <h3>{c.title}</h3>
              <div className="plain-text">{c.body}</div>
              <p className="muted">
                {c.authorName} · {t(`conf.kinds.${c.authorKind}`)}
                {c.province ? ` · ${c.province}` : ''} · {c.themeTitle} ·{' '}
                {formatDateTime(c.createdAt)} · {t('contrib.supports', { count: c.supportCount })}
                <br />
                {t('contrib.moderation.contact')}:{' '}
                {[c.email, c.phone].filter(Boolean).join(' · ') || '—'}
              </p>
              {c.rejectReason && c.status === 'rejected' && (
                <p>
                  <strong>{t('contrib.track.reason')}:</strong> {c.rejectReason}
                </p>
              )}
              {mine && actionData?.ok && (
                <FormAlert kind="success">{t('contrib.moderation.done')}</FormAlert>
              )}
              {mine && actionData && !actionData.ok && (
                <FormAlert kind="error">{actionData.error.message}</FormAlert>
              )}
              {(similar[c.id]?.length ?? 0) > 0 && (
                <p className="muted">
                  {t('contrib.moderation.similar')} {similar[c.id]!.map((s) => s.title).join(' · ')}
                </p>
              )}
              <div className="inline-actions">
                {(c.status === 'submitted' || c.status === 'rejected') && (
                  <Form method="post">
                    <input type="hidden" name="id" value={c.id} />
                    <button type="submit" name="intent" value="publish" className="button">
                      {t('contrib.moderation.publish')}
                    </button>
                  </Form>
                )}
                {c.status !== 'rejected' && c.status !== 'merged' && (
                  <Form method="post" className="inline-actions">
                    <input type="hidden" name="id" value={c.id} />
                    <input type="hidden" name="intent" value="reject" />
                    <label className="visually-hidden" htmlFor={`r-${c.id}`}>
                      {t('contrib.moderation.reason')}
                    </label>
                    <input
                      id={`r-${c.id}`}
                      name="reason"
                      placeholder={t('contrib.moderation.reason')}
                    />
                    <button type="submit" className="button button-secondary">
                      {t('contrib.moderation.reject')}
                    </button>
                  </Form>
                )}
                {NEXT[c.status].length > 0 && (
                  <Form method="post" className="inline-actions">
                    <input type="hidden" name="id" value={c.id} />
                    <input type="hidden" name="intent" value="status" />
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
                  </Form>
                )}
                {c.status !== 'merged' && (
                  <Form method="post">
                    <input type="hidden" name="id" value={c.id} />
                    <input type="hidden" name="intent" value="pin" />
                    <button
                      type="submit"
                      name="pinned"
                      value={String(!c.pinned)}
                      className="link-button"
                    >
                      {c.pinned ? t('contrib.moderation.unpin') : t('contrib.moderation.pin')}
                    </button>
                  </Form>
                )}
              </div>
              <details>
                <summary>{t('contrib.moderation.edit')}</summary>
                <Form method="post" className="stack">
                  <input type="hidden" name="id" value={c.id} />
                  <input type="hidden" name="intent" value="edit" />
                  <label htmlFor={`et-${c.id}`}>{t('contrib.form.title')}</label>
                  <input id={`et-${c.id}`} name="title" defaultValue={c.title} />
                  <label htmlFor={`eb-${c.id}`}>{t('contrib.form.body')}</label>
                  <textarea id={`eb-${c.id}`} name="body" rows={5} defaultValue={c.body} />
                  <label htmlFor={`en-${c.id}`}>{t('contrib.moderation.editNote')}</label>
                  <input id={`en-${c.id}`} name="note" />
                  <button type="submit" className="button button-secondary">
                    {t('contrib.moderation.save')}
                  </button>
                </Form>
              </details>
              {c.status !== 'merged' && (similar[c.id]?.length ?? 0) > 0 && (
                <Form method="post" className="inline-actions">
                  <input type="hidden" name="id" value={c.id} />
                  <input type="hidden" name="intent" value="merge" />
                  <label htmlFor={`mg-${c.id}`}>{t('contrib.moderation.merge')}</label>
                  <select id={`mg-${c.id}`} name="intoId">
                    {similar[c.id]!.map((s) => (
                      <option key={s.id} value={s.id}>
                        {s.title}
                      </option>
                    ))}
                  </select>
                  <button type="submit" className="button button-secondary">
                    {t('contrib.moderation.mergeSubmit')}
                  </button>
                </Form>
              )}
              {layout.can.organise &&
                c.status !== 'submitted' &&
                c.status !== 'rejected' &&
                c.status !== 'merged' && (
                  <details>
                    <summary>{t('contrib.moderation.answer')}</summary>
                    <Form method="post" className="stack">
                      <input type="hidden" name="id" value={c.id} />
                      <input type="hidden" name="intent" value="answer" />
                      <label htmlFor={`a-${c.id}`}>{t('contrib.moderation.answer')}</label>
                      <textarea
                        id={`a-${c.id}`}
                        name="answer"
                        rows={4}
                        defaultValue={c.answer ?? ''}
                      />
                      <button type="submit" className="button">
                        {t('contrib.moderation.answerSubmit')}
                      </button>
                    </Form>
                  </details>
                )}
            </li>
          );
        })}
      </ul>
      <Pager page={list.page} total={list.total} pageSize={list.pageSize} />
    </div>
  );
}
