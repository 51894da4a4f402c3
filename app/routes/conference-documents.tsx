import { useTranslation } from 'react-i18next';
import { Form, useRouteLoaderData } from 'react-router';
import { addDocument, listDocuments, removeDocument } from '../../domain/conferences/documents.ts';
import { DocumentFields } from '../../protocol/conferences.ts';
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
import type { Route } from './+types/conference-documents';

export async function loader({ context, request, params }: Route.LoaderArgs) {
  return pageData(request, async () => ({
    documents: await listDocuments({
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
    if (intent === 'remove') {
      await removeDocument({ ...base, documentId: formId(form, 'documentId') });
    } else {
      const { title } = parseForm(DocumentFields, form);
      await addDocument({ ...base, title, file: (await formFiles(form, 'file'))[0] });
    }
    return { ok: true as const, intent };
  } catch (err) {
    return actionError(err, context.lang, { intent });
  }
}

export default function ConferenceDocuments({
  loaderData,
  actionData,
  params,
}: Route.ComponentProps) {
  const { t } = useTranslation();
  const layout = useRouteLoaderData<typeof layoutLoader>('routes/conference-layout')!;
  const error = actionData && !actionData.ok ? actionData.error : undefined;
  return (
    <div className="stack">
      <PageTitle>{`${t('conf.documents.title')} – ${layout.conference.title}`}</PageTitle>
      <h2>{t('conf.documents.title')}</h2>
      <p className="muted">
        {layout.conference.visibility === 'public'
          ? t('conf.documents.visibilityPublic')
          : t('conf.documents.visibilityInternal')}
      </p>
      {loaderData.documents.length === 0 ? (
        <p>{t('conf.documents.none')}</p>
      ) : (
        <ul className="link-list">
          {loaderData.documents.map((d) => (
            <li key={d.id}>
              <a
                href={`/api/v1/conferences/${params.conferenceId}/documents/${d.id}/file`}
                download
              >
                {d.title}
              </a>{' '}
              <span className="muted">
                ({d.file.name}, {Math.ceil(d.file.size / 1024)} KB, {formatDateTime(d.createdAt)})
              </span>
              {layout.can.organise && (
                <Form method="post" className="inline">
                  <input type="hidden" name="intent" value="remove" />
                  <input type="hidden" name="documentId" value={d.id} />
                  <button
                    type="submit"
                    className="link-button"
                    aria-label={`${t('conf.remove')}: ${d.title}`}
                  >
                    {t('conf.remove')}
                  </button>
                </Form>
              )}
            </li>
          ))}
        </ul>
      )}
      {layout.can.organise && (
        <>
          <h3 id="add-document">{t('conf.documents.add')}</h3>
          {error && <FormAlert kind="error">{error.message}</FormAlert>}
          <Form
            method="post"
            encType="multipart/form-data"
            className="stack narrow"
            aria-labelledby="add-document"
            noValidate
          >
            <input type="hidden" name="intent" value="add" />
            <Field
              name="title"
              label={t('conf.documents.docTitle')}
              required
              error={error?.fields?.title}
            />
            <div className={error?.fields?.file ? 'field field-invalid' : 'field'}>
              <label htmlFor="f-file">{t('conf.documents.file')}</label>
              <input id="f-file" type="file" name="file" accept=".pdf,.docx,.xlsx" required />
              {error?.fields?.file && <p className="field-error">{error.fields.file}</p>}
            </div>
            <button type="submit" className="button">
              {t('conf.documents.add')}
            </button>
          </Form>
        </>
      )}
    </div>
  );
}
