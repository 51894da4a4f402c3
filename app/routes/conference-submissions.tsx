import { useTranslation } from '../i18n/use-translation.ts';
import {
  createSubmission,
  listSubmissions,
  reviewSubmission,
  scheduleSubmission,
} from '../../domain/conferences/submissions.ts';
import { ReviewSubmissionRequest, SubmissionFields } from '../../protocol/conferences.ts';
import { actionResult } from '../action-result.ts';
import { conferenceAction } from '../actions.ts';
import { SubmissionCard } from '../components/conference/submission-card.tsx';
import { SubmissionForm } from '../components/conference/submission-form.tsx';
import { FormAlert } from '../components/field.tsx';
import { conferencePage, formFiles, formId, parseForm } from '../forms.ts';
import { ConferencePage, useConference } from './conference-layout.tsx';
import type { Route } from './+types/conference-submissions';

export function loader(args: Route.LoaderArgs) {
  return conferencePage(args, async (scope) => ({ submissions: await listSubmissions(scope) }));
}

export async function action(args: Route.ActionArgs) {
  return conferenceAction(
    args,
    {
      review: ({ scope, form }) =>
        reviewSubmission({
          ...scope,
          submissionId: formId(form, 'submissionId'),
          input: parseForm(ReviewSubmissionRequest, form),
        }),
      schedule: ({ scope, form }) =>
        scheduleSubmission({
          ...scope,
          submissionId: formId(form, 'submissionId'),
          durationMinutes: 7,
        }),
      send: async ({ scope, form }) => {
        const input = parseForm(SubmissionFields, form);
        await createSubmission({
          ...scope,
          input,
          file: (await formFiles(form, 'file'))[0],
        });
      },
    },
    'send',
  );
}

export default function ConferenceSubmissions({
  loaderData,
  actionData,
  params,
}: Route.ComponentProps) {
  const { t } = useTranslation();
  const { can, themes, sites } = useConference();
  const result = actionResult(actionData);
  const reviewError = result.failed && result.failed.intent !== 'send' ? result.failed.error : null;
  return (
    <ConferencePage title={t('conf.submissions.title')}>
      {reviewError && <FormAlert kind="error">{reviewError.message}</FormAlert>}
      {loaderData.submissions.length === 0 && <p>{t('conf.submissions.none')}</p>}
      <ul className="card-list">
        {loaderData.submissions.map((s) => (
          <SubmissionCard
            key={s.id}
            submission={s}
            conferenceId={params.conferenceId}
            organise={can.organise}
          />
        ))}
      </ul>
      <SubmissionForm
        themes={themes}
        sites={sites}
        organise={can.organise}
        ownSite={can.operateSites[0]}
        error={result.errorOf('send')}
        sent={result.ok?.intent === 'send'}
      />
    </ConferencePage>
  );
}
