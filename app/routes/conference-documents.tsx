import { useTranslation } from 'react-i18next';
import { Form } from 'react-router';
import { addDocument, listDocuments, removeDocument } from '../../domain/conferences/documents.ts';
import { DocumentFields } from '../../protocol/conferences.ts';
import { actionResult } from '../action-result.ts';
import { runAction } from '../actions.ts';
import { Field, FileField, FormAlert } from '../components/field.tsx';
import { RowAction } from '../components/row-action.tsx';
import { conferenceScope, formFiles, formId, pageData, parseForm } from '../forms.ts';
import { formatDateTime } from '../i18n/format.ts';
import { ConferencePage, useConference } from './conference-layout.tsx';
import type { Route } from './+types/conference-documents';

export async function loader(args: Route.LoaderArgs) {
  return pageData(args.request, async () => ({
    documents: await listDocuments(conferenceScope(args)),
  }));
}

export async function action(args: Route.ActionArgs) {
  const scope = conferenceScope(args);
  return runAction(
    args,
    {
      remove: ({ actor, form }) =>
        removeDocument({ ...scope, actor, documentId: formId(form, 'documentId') }),
      add: async ({ actor, form }) => {
        const { title } = parseForm(DocumentFields, form);
        await addDocument({ ...scope, actor, title, file: (await formFiles(form, 'file'))[0] });
      },
    },
    'add',
  );
}

export default function ConferenceDocuments({
  loaderData,
  actionData,
  params,
}: Route.ComponentProps) {
  const { t } = useTranslation();
  const { conference, can } = useConference();
  const error = actionResult(actionData).errorOf();
  return (
    <ConferencePage title={t('conf.documents.title')}>
      <p className="muted">
        {conference.visibility === 'public'
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
              </span>{' '}
              {can.organise && (
                <RowAction
                  intent="remove"
                  fields={{ documentId: d.id }}
                  label={t('conf.remove')}
                  what={d.title}
                />
              )}
            </li>
          ))}
        </ul>
      )}
      {can.organise && (
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
            <FileField
              name="file"
              label={t('conf.documents.file')}
              accept=".pdf,.docx,.xlsx"
              required
              error={error?.fields?.file}
            />
            <button type="submit" className="button">
              {t('conf.documents.add')}
            </button>
          </Form>
        </>
      )}
    </ConferencePage>
  );
}
