import { useTranslation } from '../i18n/use-translation.ts';
import { Form, Link } from 'react-router';
import { getContribution } from '../../domain/contributions/get-contribution.ts';
import { supportContribution } from '../../domain/contributions/support-contribution.ts';
import { FormAlert } from '../components/field.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { actionError, publicConference, publicConferencePage, requireSignedIn } from '../forms.ts';
import { formatDateTime } from '../i18n/format.ts';
import type { Route } from './+types/contribution';

export function loader(args: Route.LoaderArgs) {
  return publicConferencePage(args, async (scope) => ({
    ...(await getContribution({ ...scope, contributionId: args.params.contributionId })),
    signedIn: !!scope.actor,
  }));
}

export async function action(args: Route.ActionArgs) {
  const { request, context, params } = args;
  const actor = requireSignedIn(context, request);
  try {
    const { conference } = await publicConference(args);
    await supportContribution({
      db: context.db,
      actor,
      conferenceId: conference.id,
      contributionId: params.contributionId,
    });
    return { ok: true as const };
  } catch (err) {
    return actionError(err, context.lang);
  }
}

export function meta({ data }: Route.MetaArgs) {
  if (!data) return [];
  return [
    { property: 'og:title', content: data.contribution.title },
    { property: 'og:description', content: data.contribution.body.slice(0, 200) },
  ];
}

export default function Contribution({ loaderData, actionData, params }: Route.ComponentProps) {
  const { t } = useTranslation();
  const {
    conference,
    contribution: c,
    theme,
    attachments,
    supportedByMe,
    mergedInto,
    signedIn,
  } = loaderData;
  const base = `/hoi-nghi/${conference.slug}/y-kien`;
  return (
    <article className="narrow-wide">
      <PageTitle>{c.title}</PageTitle>
      <p className="breadcrumb">
        <Link to={base}>{t('contrib.back')}</Link>
      </p>
      <p className="meta">
        <span className="badge">{t(`contrib.kinds.${c.kind}`)}</span>{' '}
        <span className={`badge badge-${c.status}`}>{t(`contrib.status.${c.status}`)}</span>
      </p>
      <h1>{c.title}</h1>
      <p className="muted">
        {c.authorName}
        {c.province ? `, ${c.province}` : ''} · {t(`conf.kinds.${c.authorKind}`)} · {theme} ·{' '}
        {formatDateTime(c.createdAt)}
      </p>
      {mergedInto && (
        <FormAlert kind="success">{`${t('contrib.mergedInto')} ${mergedInto.title}`}</FormAlert>
      )}
      {mergedInto && (
        <p>
          <Link to={`${base}/${mergedInto.id}`}>{mergedInto.title}</Link>
        </p>
      )}
      <div className="plain-text">{c.body}</div>
      {attachments.length > 0 && (
        <>
          <h2>{t('contrib.attachments')}</h2>
          <ul className="link-list">
            {attachments.map((a) => (
              <li key={a.attachmentId}>
                <a
                  href={`/api/v1/conferences/${conference.id}/contributions/${params.contributionId}/attachments/${a.attachmentId}`}
                  download
                >
                  {a.name}
                </a>
              </li>
            ))}
          </ul>
        </>
      )}
      {c.answer && (
        <section className="answer">
          <h2>{t('contrib.answer')}</h2>
          <div className="plain-text">{c.answer}</div>
          {c.answeredAt && <p className="muted">{formatDateTime(c.answeredAt)}</p>}
        </section>
      )}
      {!mergedInto && (
        // A div, not a p: the support button's form may not sit inside a paragraph
        // (the browser would close the p, and the page would not hydrate).
        <div className="support">
          <strong>{t('contrib.supports', { count: c.supportCount })}</strong>{' '}
          {signedIn ? (
            supportedByMe || actionData?.ok ? (
              <span className="badge">{t('contrib.supported')}</span>
            ) : (
              <Form method="post" className="inline">
                <button type="submit" className="button button-secondary">
                  {t('contrib.support')}
                </button>
              </Form>
            )
          ) : (
            <Link
              to={`/dang-nhap?redirectTo=${encodeURIComponent(`${base}/${params.contributionId}`)}`}
            >
              {t('contrib.signInToSupport')}
            </Link>
          )}
        </div>
      )}
      {actionData && !actionData.ok && (
        <FormAlert kind="error">{actionData.error.message}</FormAlert>
      )}
    </article>
  );
}
