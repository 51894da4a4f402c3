import { useTranslation } from '../i18n/use-translation.ts';
import { answerContribution } from '../../domain/contributions/answer-contribution.ts';
import { editContribution } from '../../domain/contributions/edit-contribution.ts';
import { mergeContribution } from '../../domain/contributions/merge-contribution.ts';
import { moderateContribution } from '../../domain/contributions/moderate-contribution.ts';
import { moderationQueue } from '../../domain/contributions/moderation-queue.ts';
import { similarContributions } from '../../domain/contributions/similar-contributions.ts';
import {
  AnswerContributionRequest,
  ContributionStatus,
  EditContributionRequest,
  ModerateContributionRequest,
  ModerationQueueQuery,
} from '../../protocol/contributions.ts';
import { actionResult } from '../action-result.ts';
import { runAction, type Acting } from '../actions.ts';
import { ModerationCard } from '../components/contributions/moderation-card.tsx';
import { FilterForm, FilterSelect } from '../components/filters.tsx';
import { Pager } from '../components/pager.tsx';
import { conferenceScope, formId, pageData, parseForm, parseQuery } from '../forms.ts';
import { ConferencePage, useConference } from './conference-layout.tsx';
import type { Route } from './+types/conference-moderation';

export async function loader(args: Route.LoaderArgs) {
  return pageData(args.request, async () => {
    const scope = conferenceScope(args);
    const query = parseQuery(ModerationQueueQuery, args.request);
    const list = await moderationQueue({ ...scope, ...query });
    // Duplicate suggestions for what still waits.
    const similar: Record<string, { id: string; title: string }[]> = {};
    for (const item of list.items.filter((q) => q.status === 'submitted').slice(0, 20)) {
      similar[item.id] = await similarContributions({ ...scope, contributionId: item.id });
    }
    return { list, similar, status: query.status ?? '' };
  });
}

export async function action(args: Route.ActionArgs) {
  const scope = conferenceScope(args);
  const on = ({ actor, form }: Acting) => ({ ...scope, actor, contributionId: formId(form, 'id') });
  // Publish, reject, move and pin are one use case with the form's own fields.
  const moderate = (action: string) => (acting: Acting) =>
    moderateContribution({
      ...on(acting),
      input: parseForm(
        ModerateContributionRequest.options.find((o) => o.shape.action.value === action)!,
        acting.form,
        { action },
      ),
    });
  return runAction(
    args,
    {
      edit: (a) =>
        editContribution({ ...on(a), input: parseForm(EditContributionRequest, a.form) }),
      merge: (a) => mergeContribution({ ...on(a), intoId: formId(a.form, 'intoId') }),
      answer: (a) =>
        answerContribution({
          ...on(a),
          answer: parseForm(AnswerContributionRequest, a.form).answer,
        }),
      publish: moderate('publish'),
      reject: moderate('reject'),
      status: moderate('status'),
      pin: moderate('pin'),
    },
    'publish',
    ['id'],
  );
}

export default function ConferenceModeration({
  loaderData,
  actionData,
  params,
}: Route.ComponentProps) {
  const { t } = useTranslation();
  const { conference, can } = useConference();
  const { list, similar, status } = loaderData;
  const result = actionResult(actionData);
  const exportBase = `/api/v1/conferences/${params.conferenceId}/contributions/export`;
  const answeredId = result.ok?.id ?? result.failed?.id;
  return (
    <ConferencePage title={t('contrib.moderation.title')}>
      <div className="inline-actions">
        <FilterForm submit={t('contrib.filter')} values={{ status }} className="inline-actions">
          <FilterSelect
            name="status"
            label={t('contrib.track.status')}
            all={t('contrib.allStatuses')}
            options={ContributionStatus.options.map((s) => ({
              value: s,
              label: t(`contrib.status.${s}`),
            }))}
          />
        </FilterForm>
        <a href={`${exportBase}?format=csv`} download>
          {t('contrib.moderation.exportCsv')}
        </a>
        <a href={`${exportBase}?format=xlsx`} download>
          {t('contrib.moderation.exportXlsx')}
        </a>
        <a href={`/hoi-nghi/${conference.slug}/y-kien`}>{t('contrib.title')}</a>
      </div>
      {list.items.length === 0 && <p>{t('contrib.moderation.empty')}</p>}
      <ul className="card-list">
        {list.items.map((c) => (
          <ModerationCard
            key={c.id}
            item={c}
            similar={similar[c.id] ?? []}
            answerable={can.organise}
            result={
              answeredId !== c.id
                ? null
                : result.failed
                  ? { ok: false, error: result.failed.error }
                  : { ok: true }
            }
          />
        ))}
      </ul>
      <Pager page={list.page} total={list.total} pageSize={list.pageSize} />
    </ConferencePage>
  );
}
