import { useTranslation } from '../i18n/use-translation.ts';
import { Link, redirect } from 'react-router';
import { createRecordNewsDraft } from '../../domain/reports/record-news-draft.ts';
import { actionResult } from '../action-result.ts';
import { runAction } from '../actions.ts';
import { RecordNewsForm } from '../components/record/record-news-form.tsx';
import { getRecordPage } from '../../domain/reports/record-page.ts';
import { PageTitle } from '../components/page-title.tsx';
import { RecordDownloads } from '../components/record/record-downloads.tsx';
import { RecordDocumentBody, RecordView } from '../components/record/record-view.tsx';
import { publicConference, publicConferencePage } from '../forms.ts';
import { describe, shareMeta } from '../seo.ts';
import type { Route } from './+types/conference-result';

export const handle = { description: 'own' };

export function loader(args: Route.LoaderArgs) {
  return publicConferencePage(args, async (scope) => ({
    ...(await getRecordPage({ ...scope, view: 'public', lang: args.context.lang })),
    url: `${args.context.publicUrl}/hoi-nghi/${args.params.slug}/ket-qua`,
  }));
}

export async function action(args: Route.ActionArgs) {
  return runAction(args, {
    newsDraft: async ({ context }) => {
      const { conference } = await publicConference(args);
      const draft = await createRecordNewsDraft({
        db: context.db,
        actor: context.actor,
        conferenceId: conference.id,
        publicUrl: context.records.publicUrl(),
        media: context.records.media,
      });
      return redirect(`/quan-tri/tin-tuc/${draft.id}`);
    },
  });
}

export function meta({ data }: Route.MetaArgs) {
  if (!data) return [];
  const { record, url } = data;
  const t = record.totals;
  const description = describe(
    `${record.conference.title}: ${t.present}/${t.sites} điểm cầu, ${t.attendees.toLocaleString('vi-VN')} đại biểu, ${t.turns} lượt phát biểu, ${t.contributions.toLocaleString('vi-VN')} ý kiến.`,
  );
  return shareMeta({
    title: `Kết quả: ${record.conference.title}`,
    description,
    url,
    type: 'website',
  });
}

/** The public record of a conference: figures and charts, the locked minutes, the published conclusions. */
export default function ConferenceResult({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const { record, charts, conference, can } = loaderData;
  return (
    <article className="conference-page stack">
      <PageTitle>{`${t('record.publicTitle')}: ${conference.title}`}</PageTitle>
      <p className="breadcrumb">
        <Link to={`/hoi-nghi/${conference.slug}`}>{conference.title}</Link>
      </p>
      <h1>{t('record.publicTitle')}</h1>
      {record.conclusions && (
        <section aria-labelledby="record-conclusions">
          <h2 id="record-conclusions">{t('record.conclusions')}</h2>
          <RecordDocumentBody html={record.conclusions.html} />
        </section>
      )}
      <RecordView record={record} charts={charts} />
      {record.minutes && (
        <section aria-labelledby="record-minutes">
          <h2 id="record-minutes">{t('record.minutes')}</h2>
          <RecordDocumentBody html={record.minutes.html} />
        </section>
      )}
      <RecordDownloads conferenceId={conference.id} view="public" minutes={!!record.minutes} />
      {can.newsDraft && <RecordNewsForm error={actionResult(actionData).errorOf('newsDraft')} />}
    </article>
  );
}
