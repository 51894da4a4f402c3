import { useTranslation } from '../i18n/use-translation.ts';
import { addDocument, listDocuments, removeDocument } from '../../domain/conferences/documents.ts';
import { DocumentFields, UNDO_WINDOW_MINUTES } from '../../protocol/conferences.ts';
import { actionResult } from '../action-result.ts';
import { conferenceAction } from '../actions.ts';
import { ActionForm } from '../components/action-form.tsx';
import { Field, FileField } from '../components/field.tsx';
import { removalConfirmation } from '../components/confirm-dialog.tsx';
import { RowAction } from '../components/row-action.tsx';
import { conferencePage, formFiles, formId, parseForm } from '../forms.ts';
import { removeWithUndo, undoAction } from '../removals.ts';
import { formatDateTime } from '../i18n/format.ts';
import { ConferencePage, useConference } from './conference-layout.tsx';
import type { Route } from './+types/conference-documents';

export function loader(args: Route.LoaderArgs) {
  return conferencePage(args, async (scope) => ({ documents: await listDocuments(scope) }));
}

export async function action(args: Route.ActionArgs) {
  return conferenceAction(
    args,
    {
      remove: removeWithUndo(({ scope, form }) =>
        removeDocument({ ...scope, documentId: formId(form, 'documentId') }),
      ),
      undo: undoAction,
      add: async ({ scope, form }) => {
        const { title } = parseForm(DocumentFields, form);
        await addDocument({ ...scope, title, file: (await formFiles(form, 'file'))[0] });
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
  const error = actionResult(actionData).errorOf('add');
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
                  confirm={removalConfirmation(
                    t,
                    'document',
                    { name: d.title, file: d.file.name },
                    { undo: t('safety.document.undoable', { minutes: UNDO_WINDOW_MINUTES }) },
                  )}
                />
              )}
            </li>
          ))}
        </ul>
      )}
      {can.organise && (
        <>
          <ActionForm
            title={t('conf.documents.add')}
            level={3}
            intent="add"
            error={error}
            encType="multipart/form-data"
          >
            <Field name="title" label={t('conf.documents.docTitle')} required />
            <FileField
              name="file"
              label={t('conf.documents.file')}
              accept=".pdf,.docx,.xlsx"
              required
            />
          </ActionForm>
        </>
      )}
    </ConferencePage>
  );
}
