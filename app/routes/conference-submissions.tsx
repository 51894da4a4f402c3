import { useTranslation } from 'react-i18next';
import { Form, useRouteLoaderData } from 'react-router';
import {
  createSubmission,
  listSubmissions,
  reviewSubmission,
  scheduleSubmission,
} from '../../domain/conferences/submissions.ts';
import { ReviewSubmissionRequest, SubmissionFields } from '../../protocol/conferences.ts';
import { Field, FormAlert } from '../components/field.tsx';
import { PageTitle } from '../components/page-title.tsx';
import {
  actionError,
  formFiles,
  intentOf,
  pageData,
  requireSignedIn,
  parseForm,
  formId,
} from '../forms.ts';
import { formatDateTime } from '../i18n/format.ts';
import type { loader as layoutLoader } from './conference-layout.tsx';
import type { Route } from './+types/conference-submissions';

export async function loader({ context, request, params }: Route.LoaderArgs) {
  return pageData(request, async () => ({
    submissions: await listSubmissions({
      db: context.db,
      actor: context.actor,
      conferenceId: params.conferenceId,
    }),
  }));
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const actor = requireSignedIn(context, request);
  const form = await request.formData();
  const intent = intentOf(form);
  const base = { db: context.db, actor, conferenceId: params.conferenceId };
  try {
    const submissionId =
      intent === 'review' || intent === 'schedule' ? formId(form, 'submissionId') : '';
    if (intent === 'review') {
      const input = parseForm(ReviewSubmissionRequest, form);
      await reviewSubmission({ ...base, submissionId, input });
    } else if (intent === 'schedule') {
      await scheduleSubmission({ ...base, submissionId, durationMinutes: 7 });
    } else {
      const input = parseForm(SubmissionFields, form);
      await createSubmission({ ...base, input, file: (await formFiles(form, 'file'))[0] });
    }
    return { ok: true as const, intent };
  } catch (err) {
    return actionError(err, context.lang, { intent });
  }
}

export default function ConferenceSubmissions({
  loaderData,
  actionData,
  params,
}: Route.ComponentProps) {
  const { t } = useTranslation();
  const layout = useRouteLoaderData<typeof layoutLoader>('routes/conference-layout')!;
  const organise = layout.can.organise;
  const failed = actionData && !actionData.ok ? actionData : undefined;
  const sendError = failed?.intent === 'send' ? failed.error : undefined;
  return (
    <div className="stack">
      <PageTitle>{`${t('conf.submissions.title')} – ${layout.conference.title}`}</PageTitle>
      <h2>{t('conf.submissions.title')}</h2>
      {failed && failed.intent !== 'send' && (
        <FormAlert kind="error">{failed.error.message}</FormAlert>
      )}
      {loaderData.submissions.length === 0 && <p>{t('conf.submissions.none')}</p>}
      <ul className="card-list">
        {loaderData.submissions.map((s) => (
          <li key={s.id} className="card">
            <p className={`badge badge-${s.status}`}>{t(`conf.submissions.status.${s.status}`)}</p>
            <h3>{s.title}</h3>
            <p className="muted">
              {s.authorName}
              {s.siteName ? ` · ${s.siteName}` : ''}
              {s.themeTitle ? ` · ${s.themeTitle}` : ''} · {t('conf.submissions.sentAt')}{' '}
              {formatDateTime(s.createdAt)}
            </p>
            <p>{s.summary}</p>
            {s.reviewReason && (
              <p>
                <strong>{t('conf.submissions.reason')}:</strong> {s.reviewReason}
              </p>
            )}
            <p>
              <a
                href={`/api/v1/conferences/${params.conferenceId}/submissions/${s.id}/file`}
                download
              >
                {t('conf.submissions.download')} ({s.file.name})
              </a>
            </p>
            {organise && (
              <div className="inline-actions">
                <Form method="post">
                  <input type="hidden" name="intent" value="review" />
                  <input type="hidden" name="submissionId" value={s.id} />
                  <button
                    type="submit"
                    name="decision"
                    value="accept"
                    className="button button-secondary"
                  >
                    {t('conf.submissions.accept')}
                  </button>
                </Form>
                <Form method="post" className="inline-actions">
                  <input type="hidden" name="intent" value="review" />
                  <input type="hidden" name="submissionId" value={s.id} />
                  <input type="hidden" name="decision" value="return" />
                  <label className="visually-hidden" htmlFor={`reason-${s.id}`}>
                    {t('conf.submissions.reason')}
                  </label>
                  <input
                    id={`reason-${s.id}`}
                    name="reason"
                    placeholder={t('conf.submissions.reason')}
                    required
                  />
                  <button type="submit" className="button button-secondary">
                    {t('conf.submissions.returnIt')}
                  </button>
                </Form>
                {s.status === 'accepted' &&
                  (s.scheduled ? (
                    <span className="badge">{t('conf.submissions.scheduled')}</span>
                  ) : (
                    <Form method="post">
                      <input type="hidden" name="intent" value="schedule" />
                      <input type="hidden" name="submissionId" value={s.id} />
                      <button type="submit" className="button">
                        {t('conf.submissions.schedule')}
                      </button>
                    </Form>
                  ))}
              </div>
            )}
          </li>
        ))}
      </ul>

      <h2 id="send-submission">{t('conf.submissions.send')}</h2>
      {actionData?.ok && actionData.intent === 'send' && (
        <FormAlert kind="success">{t('conf.submissions.sent')}</FormAlert>
      )}
      {sendError && <FormAlert kind="error">{sendError.message}</FormAlert>}
      <Form
        method="post"
        encType="multipart/form-data"
        className="stack narrow"
        aria-labelledby="send-submission"
        noValidate
      >
        <input type="hidden" name="intent" value="send" />
        <Field
          name="title"
          label={t('conf.submissions.paperTitle')}
          required
          error={sendError?.fields?.title}
        />
        <Field
          name="authorName"
          label={t('conf.submissions.author')}
          required
          error={sendError?.fields?.authorName}
        />
        <div className="field">
          <label htmlFor="f-themeId">{t('conf.agenda.theme')}</label>
          <select id="f-themeId" name="themeId" defaultValue="">
            <option value="">{t('conf.agenda.noTheme')}</option>
            {layout.themes.map((th) => (
              <option key={th.id} value={th.id}>
                {th.title}
              </option>
            ))}
          </select>
        </div>
        {layout.sites.length > 0 && (
          <div className="field">
            <label htmlFor="f-siteId">{t('conf.submissions.site')}</label>
            <select id="f-siteId" name="siteId" defaultValue={layout.can.operateSites[0] ?? ''}>
              {organise && <option value="">{t('conf.members.noSite')}</option>}
              {layout.sites.map((site) => (
                <option key={site.id} value={site.id}>
                  {site.name}
                </option>
              ))}
            </select>
          </div>
        )}
        <div className={sendError?.fields?.summary ? 'field field-invalid' : 'field'}>
          <label htmlFor="f-summary">{t('conf.submissions.summary')}</label>
          <textarea id="f-summary" name="summary" rows={4} required />
          {sendError?.fields?.summary && <p className="field-error">{sendError.fields.summary}</p>}
        </div>
        <div className={sendError?.fields?.file ? 'field field-invalid' : 'field'}>
          <label htmlFor="f-file">{t('conf.submissions.file')}</label>
          <input id="f-file" type="file" name="file" accept=".pdf,.docx" required />
          {sendError?.fields?.file && <p className="field-error">{sendError.fields.file}</p>}
        </div>
        <button type="submit" className="button">
          {t('conf.submissions.send')}
        </button>
      </Form>
    </div>
  );
}
