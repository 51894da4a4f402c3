import { useTranslation } from '../i18n/use-translation.ts';
import { Link, redirect } from 'react-router';
import { createRecordNewsDraft } from '../../domain/reports/record-news-draft.ts';
import { getRecordPage } from '../../domain/reports/record-page.ts';
import { actionResult } from '../action-result.ts';
import { conferenceAction } from '../actions.ts';
import { RecordDownloads } from '../components/record/record-downloads.tsx';
import { RecordNewsForm } from '../components/record/record-news-form.tsx';
import { RecordView } from '../components/record/record-view.tsx';
import { conferencePage } from '../forms.ts';
import { formatDateTime } from '../i18n/format.ts';
import { ConferencePage } from './conference-layout.tsx';
import type { Route } from './+types/conference-record';

export function loader(args: Route.LoaderArgs) {
  return conferencePage(args, (scope) =>
    getRecordPage({ ...scope, view: 'full', lang: args.context.lang }),
  );
}

export async function action(args: Route.ActionArgs) {
  return conferenceAction(args, {
    newsDraft: async ({ scope, context }) => {
      const draft = await createRecordNewsDraft({
        ...scope,
        publicUrl: context.records.publicUrl(),
        media: context.records.media,
      });
      return redirect(`/quan-tri/tin-tuc/${draft.id}`);
    },
  });
}

/** The record of one conference for its organisers, chair and secretary. */
export default function ConferenceRecordPage({
  loaderData,
  actionData,
  params,
}: Route.ComponentProps) {
  const { t } = useTranslation();
  const { record, charts, can, newsArticleId } = loaderData;
  const minutes = record.minutes!;
  const conclusions = record.conclusions!;
  const base = `/quan-ly/hoi-nghi/${params.conferenceId}/ket-qua`;
  const error = actionResult(actionData).errorOf('newsDraft');
  const state = (doc: typeof minutes, kind: 'minutes' | 'conclusions') => {
    const by = doc.updatedBy ?? '';
    if (kind === 'minutes' && doc.lockedAt)
      return t('record.minutesState.locked', {
        at: formatDateTime(doc.lockedAt),
        by: doc.lockedBy ?? '',
      });
    if (kind === 'conclusions' && doc.publishedAt)
      return `${t('record.conclusionsState.published', { at: formatDateTime(doc.publishedAt) })}${doc.unpublishedChanges ? ` ${t('record.conclusionsState.changed')}` : ''}`;
    if (!doc.updatedAt) return t(`record.${kind}State.empty`);
    return t(`record.${kind}State.draft`, { at: formatDateTime(doc.updatedAt), by });
  };
  return (
    <ConferencePage title={t('record.title')}>
      <section aria-labelledby="record-documents" className="stack">
        <h2 id="record-documents">{t('record.documents')}</h2>
        <ul className="link-list">
          <li>
            <Link to={`${base}/bien-ban`}>
              {can.editMinutes && !minutes.lockedAt
                ? t('record.editMinutes')
                : t('record.viewMinutes')}
            </Link>{' '}
            <span className="muted" data-testid="minutes-state">
              {state(minutes, 'minutes')}
            </span>
          </li>
          <li>
            <Link to={`${base}/ket-luan`}>
              {can.editConclusions ? t('record.editConclusions') : t('record.viewConclusions')}
            </Link>{' '}
            <span className="muted" data-testid="conclusions-state">
              {state(conclusions, 'conclusions')}
            </span>
          </li>
        </ul>
      </section>
      <RecordDownloads conferenceId={params.conferenceId} view="full" minutes />
      {can.newsDraft && (
        <RecordNewsForm
          error={error}
          existing={newsArticleId ? { id: newsArticleId, title: record.conference.title } : null}
        />
      )}
      <RecordView record={record} charts={charts} />
    </ConferencePage>
  );
}
