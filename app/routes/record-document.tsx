import { useTranslation } from '../i18n/use-translation.ts';
import { data, Link } from 'react-router';
import { z } from 'zod';
import {
  finishRecordDocument,
  getRecordDocument,
  saveRecordDocument,
  type RecordDocumentKind,
} from '../../domain/reports/record-documents.ts';
import { actionResult } from '../action-result.ts';
import { confirmFirst, conferenceAction } from '../actions.ts';
import { ActionForm } from '../components/action-form.tsx';
import { ConfirmAction } from '../components/confirm-dialog.tsx';
import { FormAlert } from '../components/field.tsx';
import { RecordDocumentBody } from '../components/record/record-view.tsx';
import { RichTextEditor } from '../components/rich-text-editor.tsx';
import { conferencePage, parseForm } from '../forms.ts';
import { formatDateTime } from '../i18n/format.ts';
import { ConferencePage } from './conference-layout.tsx';
import type { Route } from './+types/record-document';

/** The documents' addresses: Vietnamese, like the rest (biên bản, kết luận). */
const KINDS: Record<string, RecordDocumentKind> = {
  'bien-ban': 'minutes',
  'ket-luan': 'conclusions',
};

function kindOf(params: { document: string }): RecordDocumentKind {
  const kind = KINDS[params.document];
  if (!kind) throw data(null, { status: 404 });
  return kind;
}

const SaveForm = z.object({
  html: z.string().max(500_000),
  version: z.coerce.number().int().min(0),
});

export function loader(args: Route.LoaderArgs) {
  const kind = kindOf(args.params);
  return conferencePage(args, (scope) => getRecordDocument({ ...scope, kind }));
}

export async function action(args: Route.ActionArgs) {
  const kind = kindOf(args.params);
  return conferenceAction(args, {
    save: async ({ scope, form }) => {
      const { html, version } = parseForm(SaveForm, form);
      return { saved: await saveRecordDocument({ ...scope, kind, html, version }) };
    },
    finish: confirmFirst(async ({ scope }) => {
      await finishRecordDocument({ ...scope, kind, publish: true });
    }),
    withdraw: async ({ scope }) => {
      await finishRecordDocument({ ...scope, kind, publish: false });
    },
  });
}

/** The minutes (the secretary's, locked when final) or the chair's conclusions (published). */
export default function RecordDocumentPage({
  loaderData,
  actionData,
  params,
}: Route.ComponentProps) {
  const { t } = useTranslation();
  const { kind, document: doc, version, draft, canEdit, canFinish } = loaderData;
  const minutes = kind === 'minutes';
  const result = actionResult(actionData);
  const done = result.ok?.intent;
  const title = t(minutes ? 'record.editor.minutesTitle' : 'record.editor.conclusionsTitle');
  // Published conclusions edited since are a draft again: publishing shows the new text.
  const finished = minutes
    ? doc.lockedAt !== null
    : doc.publishedAt !== null && !doc.unpublishedChanges;
  const publishLabel = t(
    minutes
      ? 'record.editor.lock'
      : doc.publishedAt
        ? 'record.editor.republish'
        : 'record.editor.publish',
  );
  return (
    <ConferencePage title={title}>
      <p>
        <Link to={`/quan-ly/hoi-nghi/${params.conferenceId}/ket-qua`}>
          {t('record.editor.back')}
        </Link>
      </p>
      {minutes && doc.lockedAt && (
        <p className="notice" data-testid="document-state">
          {t('record.minutesState.locked', {
            at: formatDateTime(doc.lockedAt),
            by: doc.lockedBy ?? '',
          })}
        </p>
      )}
      {!minutes && doc.publishedAt && (
        <p className="notice" data-testid="document-state">
          {t('record.conclusionsState.published', { at: formatDateTime(doc.publishedAt) })}
          {doc.unpublishedChanges && ` ${t('record.conclusionsState.changed')}`}
        </p>
      )}
      {done === 'finish' && (
        <FormAlert kind="success">
          {t(minutes ? 'record.editor.locked' : 'record.editor.published')}
        </FormAlert>
      )}
      {done === 'withdraw' && (
        <FormAlert kind="success">{t('record.editor.unpublished')}</FormAlert>
      )}
      {result.errorOf('finish') && (
        <FormAlert kind="error">{result.errorOf('finish')!.message}</FormAlert>
      )}
      {canEdit ? (
        <ActionForm
          intent="save"
          error={result.errorOf('save')}
          success={
            done === 'save' && result.ok && 'saved' in result.ok
              ? t('record.editor.saved', {
                  version: (result.ok as { saved: { version: number } }).saved.version,
                })
              : false
          }
          submit={t('record.editor.save')}
          className="stack"
        >
          {!doc.html && (
            <p className="muted">
              {t(minutes ? 'record.editor.fromDraft' : 'record.editor.fromDraftConclusions')}
            </p>
          )}
          <input type="hidden" name="version" value={version} />
          <RichTextEditor name="html" initial={doc.html || draft} media={false} label={title} />
        </ActionForm>
      ) : (
        <>
          {!finished && <p className="muted">{t('record.editor.readOnly')}</p>}
          <RecordDocumentBody html={doc.html || draft} />
        </>
      )}
      {canFinish && !finished && (
        <div className="stack narrow">
          <p className="muted">{t('record.editor.unsaved')}</p>
          <ConfirmAction
            intent="finish"
            label={publishLabel}
            variant="button"
            confirmation={{
              title: t(minutes ? 'record.editor.lockTitle' : 'record.editor.publishTitle'),
              consequences: [
                t(minutes ? 'record.editor.lockConsequence' : 'record.editor.publishConsequence'),
              ],
              confirm: publishLabel,
              undo: minutes ? false : t('record.editor.publishUndo'),
            }}
          />
        </div>
      )}
      {canFinish && !minutes && doc.publishedAt && (
        <ActionForm
          intent="withdraw"
          submit={t('record.editor.unpublish')}
          className="stack narrow"
        >
          <span />
        </ActionForm>
      )}
    </ConferencePage>
  );
}
