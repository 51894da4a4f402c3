import { useTranslation } from 'react-i18next';
import { Form, Link, redirect, useNavigation } from 'react-router';
import { findPublicConference } from '../../domain/conferences/conferences.ts';
import { listContributions } from '../../domain/contributions/list-contributions.ts';
import { submitContribution } from '../../domain/contributions/submit-contribution.ts';
import { highlight } from '../../domain/highlight.ts';
import { contributorKinds } from '../../protocol/conferences.ts';
import {
  contributionKinds,
  ListContributionsQuery,
  SubmitContributionRequest,
} from '../../protocol/contributions.ts';
import { Field, FormAlert } from '../components/field.tsx';
import { Highlighted } from '../components/highlighted.tsx';
import { SelectField } from '../components/select-field.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { actionError, formFiles, pageData, parseQuery, parseForm } from '../forms.ts';
import { formatDateTime } from '../i18n/format.ts';
import type { Route } from './+types/contributions';

export async function loader({ context, request, params }: Route.LoaderArgs) {
  return pageData(request, async () => {
    const { conference, themes } = await findPublicConference({
      db: context.db,
      actor: context.actor,
      slug: params.slug,
    });
    const input = parseQuery(ListContributionsQuery, request);
    const list = await listContributions({
      db: context.db,
      actor: context.actor,
      conferenceId: conference.id,
      input,
    });
    return {
      conference: {
        id: conference.id,
        slug: conference.slug,
        title: conference.title,
        status: conference.status,
      },
      themes,
      input,
      total: list.total,
      page: list.page,
      pages: Math.max(1, Math.ceil(list.total / list.pageSize)),
      items: list.items.map((i) => ({
        ...i,
        titleSegments: highlight(i.title, input.q),
        excerpt: highlight(i.body.length > 280 ? `${i.body.slice(0, 280)}…` : i.body, input.q),
      })),
      // A fresh key per form: a double click or a retry sends the same one.
      idempotencyKey: crypto.randomUUID(),
      signedInName: context.actor?.name ?? '',
    };
  });
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const form = await request.formData();
  try {
    const { conference } = await findPublicConference({
      db: context.db,
      actor: context.actor,
      slug: params.slug,
    });
    const input = parseForm(SubmitContributionRequest, form);
    const files = await formFiles(form, 'files');
    const result = await submitContribution({
      db: context.db,
      actor: context.actor,
      conferenceId: conference.id,
      input,
      files,
      ip: context.ip,
      secret: context.secret,
    });
    return redirect(`/y-kien/theo-doi/${result.trackingToken}?moi=1`);
  } catch (err) {
    return actionError(err, context.lang);
  }
}

export default function Contributions({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const { conference, themes, input, items, total, page, pages } = loaderData;
  const error = actionData?.error;
  const pageLink = (p: number) =>
    `?${new URLSearchParams(
      Object.entries({ ...input, page: String(p) }).filter(
        ([, v]) => v !== undefined && v !== '',
      ) as [string, string][],
    )}`;
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

      <Form method="get" className="filters" role="search">
        <label htmlFor="q" className="visually-hidden">
          {t('contrib.search')}
        </label>
        <input
          id="q"
          type="search"
          name="q"
          defaultValue={input.q ?? ''}
          placeholder={t('contrib.search')}
        />
        <label className="visually-hidden" htmlFor="f-theme">
          {t('contrib.form.theme')}
        </label>
        <select id="f-theme" name="themeId" defaultValue={input.themeId ?? ''}>
          <option value="">{t('contrib.allThemes')}</option>
          {themes.map((th) => (
            <option key={th.id} value={th.id}>
              {th.title}
            </option>
          ))}
        </select>
        <label className="visually-hidden" htmlFor="f-kind">
          {t('contrib.form.kind')}
        </label>
        <select id="f-kind" name="kind" defaultValue={input.kind ?? ''}>
          <option value="">{t('contrib.allKinds')}</option>
          {contributionKinds.map((k) => (
            <option key={k} value={k}>
              {t(`contrib.kinds.${k}`)}
            </option>
          ))}
        </select>
        <label className="visually-hidden" htmlFor="f-sort">
          {t('contrib.sortNewest')}
        </label>
        <select id="f-sort" name="sort" defaultValue={input.sort}>
          <option value="newest">{t('contrib.sortNewest')}</option>
          <option value="supported">{t('contrib.sortSupported')}</option>
        </select>
        <button type="submit" className="button button-secondary">
          {t('contrib.searchSubmit')}
        </button>
      </Form>

      <p className="muted">{t('contrib.count', { count: total })}</p>
      {items.length === 0 && <p>{t('contrib.none')}</p>}
      <ul className="card-list">
        {items.map((c) => (
          <li key={c.id} className="card contribution-card">
            <p className="meta">
              <span className="badge">{t(`contrib.kinds.${c.kind}`)}</span>{' '}
              <span className={`badge badge-${c.status}`}>{t(`contrib.status.${c.status}`)}</span>{' '}
              {c.pinned && <span className="badge badge-live">{t('contrib.pinned')}</span>}
            </p>
            <h2>
              <Link to={c.id}>
                <Highlighted segments={c.titleSegments} />
              </Link>
            </h2>
            <p>
              <Highlighted segments={c.excerpt} />
            </p>
            <p className="muted">
              {c.authorName}
              {c.province ? `, ${c.province}` : ''} · {c.themeTitle} · {formatDateTime(c.createdAt)}{' '}
              · {t('contrib.supports', { count: c.supportCount })}
            </p>
          </li>
        ))}
      </ul>
      {pages > 1 && (
        <nav className="pager" aria-label={t('users.page', { page, pages })}>
          {page > 1 && <Link to={pageLink(page - 1)}>{t('users.previous')}</Link>}
          <span>{t('users.page', { page, pages })}</span>
          {page < pages && <Link to={pageLink(page + 1)}>{t('users.next')}</Link>}
        </nav>
      )}

      <h2 id="send">{t('contrib.send')}</h2>
      {error && <FormAlert kind="error">{error.message}</FormAlert>}
      <Form
        method="post"
        encType="multipart/form-data"
        className="stack narrow"
        aria-labelledby="send"
        noValidate
      >
        <input type="hidden" name="idempotencyKey" value={loaderData.idempotencyKey} />
        <div className="field">
          <label htmlFor="c-kind">{t('contrib.form.kind')}</label>
          <select id="c-kind" name="kind" defaultValue="proposal">
            {contributionKinds.map((k) => (
              <option key={k} value={k}>
                {t(`contrib.kinds.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <SelectField
          id="c-theme"
          name="themeId"
          label={t('contrib.form.theme')}
          defaultValue={themes[0]?.id}
          options={themes.map((th) => ({ value: th.id, label: th.title }))}
          error={error?.fields?.themeId}
        />
        <Field
          name="title"
          label={t('contrib.form.title')}
          maxLength={200}
          required
          error={error?.fields?.title}
        />
        <div className={error?.fields?.body ? 'field field-invalid' : 'field'}>
          <label htmlFor="c-body">{t('contrib.form.body')}</label>
          <textarea
            id="c-body"
            name="body"
            rows={8}
            maxLength={10000}
            required
            aria-describedby="c-body-hint"
          />
          <p className="field-hint" id="c-body-hint">
            {t('contrib.form.bodyHint')}
          </p>
          {error?.fields?.body && <p className="field-error">{error.fields.body}</p>}
        </div>
        <Field
          name="authorName"
          label={t('contrib.form.name')}
          defaultValue={loaderData.signedInName}
          required
          error={error?.fields?.authorName}
        />
        <div className="field">
          <label htmlFor="c-authorKind">{t('contrib.form.authorKind')}</label>
          <select id="c-authorKind" name="authorKind" defaultValue="citizen">
            {contributorKinds.map((k) => (
              <option key={k} value={k}>
                {t(`conf.kinds.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <Field name="authorUnit" label={t('contrib.form.unit')} />
        <Field name="province" label={t('contrib.form.province')} />
        <Field
          name="email"
          type="email"
          label={t('contrib.form.email')}
          hint={t('contrib.form.contactHint')}
          error={error?.fields?.email}
        />
        <Field
          name="phone"
          type="tel"
          label={t('contrib.form.phone')}
          error={error?.fields?.phone}
        />
        <div className={error?.fields?.files ? 'field field-invalid' : 'field'}>
          <label htmlFor="c-files">{t('contrib.form.files')}</label>
          <input
            id="c-files"
            type="file"
            name="files"
            multiple
            accept=".pdf,.docx,.jpg,.jpeg,.png,.webp"
          />
          {error?.fields?.files && <p className="field-error">{error.fields.files}</p>}
        </div>
        <div className="honeypot" aria-hidden="true">
          <label htmlFor="c-website">{t('contrib.form.website')}</label>
          <input id="c-website" name="website" tabIndex={-1} autoComplete="off" />
        </div>
        <label className="check">
          <input type="checkbox" name="consent" /> {t('contrib.form.consent')}
        </label>
        {error?.fields?.consent && <p className="field-error">{error.fields.consent}</p>}
        <button type="submit" className="button" disabled={navigation.state === 'submitting'}>
          {t('contrib.form.submit')}
        </button>
      </Form>
    </section>
  );
}
