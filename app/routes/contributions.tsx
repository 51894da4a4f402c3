import { useTranslation } from '../i18n/use-translation.ts';
import { Link, redirect } from 'react-router';
import { listContributions } from '../../domain/contributions/list-contributions.ts';
import { submitContribution } from '../../domain/contributions/submit-contribution.ts';
import { highlight } from '../../domain/highlight.ts';
import { noticeSummary } from '../../domain/privacy/notice-summary.ts';
import { ListContributionsQuery, SubmitContributionRequest } from '../../protocol/contributions.ts';
import { ContributionCard } from '../components/contributions/contribution-card.tsx';
import { ContributionFilters } from '../components/contributions/contribution-filters.tsx';
import { ContributionForm } from '../components/contributions/contribution-form.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { Pager } from '../components/pager.tsx';
import {
  actionError,
  formFiles,
  pageData,
  parseForm,
  parseQuery,
  publicConference,
} from '../forms.ts';
import type { Route } from './+types/contributions';

export async function loader(args: Route.LoaderArgs) {
  const { context, request } = args;
  return pageData(request, async () => {
    const { conference, themes } = await publicConference(args);
    const input = parseQuery(ListContributionsQuery, request);
    const list = await listContributions({
      db: context.db,
      actor: context.actor,
      conferenceId: conference.id,
      input,
    });
    return {
      conference: { slug: conference.slug, title: conference.title },
      themes,
      input,
      list: { total: list.total, page: list.page, pageSize: list.pageSize },
      items: list.items.map((i) => ({
        ...i,
        titleSegments: highlight(i.title, input.q),
        excerpt: highlight(i.body.length > 280 ? `${i.body.slice(0, 280)}…` : i.body, input.q),
      })),
      // A fresh key per form: a double click or a retry sends the same one.
      idempotencyKey: crypto.randomUUID(),
      signedInName: context.actor?.name ?? '',
      notice: await noticeSummary({ db: context.db, lang: context.lang }),
    };
  });
}

export async function action(args: Route.ActionArgs) {
  const { context, request } = args;
  const form = await request.formData();
  try {
    const { conference } = await publicConference(args);
    const result = await submitContribution({
      db: context.db,
      actor: context.actor,
      conferenceId: conference.id,
      input: parseForm(SubmitContributionRequest, form),
      files: await formFiles(form, 'files'),
      ip: context.ip,
      secret: context.secret,
    });
    return redirect(`/y-kien/theo-doi/${result.trackingToken}?moi=1`);
  } catch (err) {
    return actionError(err, context.lang);
  }
}

/** A conference's public contributions: search, read, and send one. */
export default function Contributions({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const { conference, themes, input, items, list } = loaderData;
  return (
    <section>
      <PageTitle>{`${t('contrib.title')} – ${conference.title}`}</PageTitle>
      <p className="breadcrumb">
        <Link to={`/hoi-nghi/${conference.slug}`}>{conference.title}</Link>
      </p>
      <h1>{t('contrib.title')}</h1>
      <p>{t('contrib.intro')}</p>
      <p>
        <a href="#send">{t('contrib.send')}</a>
      </p>
      <ContributionFilters input={input} themes={themes} />
      <p className="muted">{t('contrib.count', { count: list.total })}</p>
      {items.length === 0 && <p>{t('contrib.none')}</p>}
      <ul className="card-list">
        {items.map((c) => (
          <ContributionCard key={c.id} item={c} />
        ))}
      </ul>
      <Pager page={list.page} total={list.total} pageSize={list.pageSize} />
      <ContributionForm
        themes={themes}
        idempotencyKey={loaderData.idempotencyKey}
        signedInName={loaderData.signedInName}
        notice={loaderData.notice}
        error={actionData?.error}
      />
    </section>
  );
}
