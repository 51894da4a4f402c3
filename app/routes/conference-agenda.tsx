import { useTranslation } from '../i18n/use-translation.ts';
import {
  addAgendaItem,
  getAgenda,
  moveAgendaItem,
  removeAgendaItem,
} from '../../domain/conferences/agenda.ts';
import {
  agendaKinds,
  CreateAgendaItemRequest,
  MoveAgendaItemRequest,
} from '../../protocol/conferences.ts';
import { actionResult } from '../action-result.ts';
import { conferenceAction } from '../actions.ts';
import { DataTable } from '../components/data-table.tsx';
import { Field, SelectField } from '../components/field.tsx';
import { removalConfirmation } from '../components/confirm-dialog.tsx';
import { RowAction } from '../components/row-action.tsx';
import { conferencePage, formId, parseForm } from '../forms.ts';
import { removeWithUndo, undoAction } from '../removals.ts';
import { formatDateTime, formatTime } from '../i18n/format.ts';
import { ConferencePage, useConference } from './conference-layout.tsx';
import type { Route } from './+types/conference-agenda';
import { ActionForm } from '../components/action-form.tsx';

export function loader(args: Route.LoaderArgs) {
  return conferencePage(args, getAgenda);
}

export async function action(args: Route.ActionArgs) {
  return conferenceAction(
    args,
    {
      move: ({ scope, form }) =>
        moveAgendaItem({
          ...scope,
          itemId: formId(form, 'itemId'),
          position: parseForm(MoveAgendaItemRequest, form).position,
        }),
      remove: removeWithUndo(({ scope, form }) =>
        removeAgendaItem({ ...scope, itemId: formId(form, 'itemId') }),
      ),
      undo: undoAction,
      add: ({ scope, form }) =>
        addAgendaItem({ ...scope, input: parseForm(CreateAgendaItemRequest, form) }),
    },
    'add',
  );
}

export default function ConferenceAgenda({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const { can, themes } = useConference();
  const { items, totalMinutes, plannedEnd } = loaderData;
  const error = actionResult(actionData).errorOf('add');
  const themeTitle = new Map(themes.map((th) => [th.id, th.title]));
  return (
    <ConferencePage title={t('conf.agenda.title')}>
      <DataTable
        rows={items}
        rowKey={(item) => item.id}
        empty={t('conf.agenda.none')}
        columns={[
          { header: t('conf.agenda.order'), cell: (_, i) => i + 1 },
          { header: t('conf.agenda.start'), cell: (item) => formatTime(item.plannedStart) },
          {
            header: t('conf.agenda.item'),
            cell: (item) => (
              <>
                <strong>{item.title}</strong>
                <br />
                <span className="muted">
                  {t(`conf.agenda.kinds.${item.kind}`)}
                  {item.themeId && themeTitle.get(item.themeId)
                    ? ` · ${themeTitle.get(item.themeId)}`
                    : ''}
                </span>
              </>
            ),
          },
          { header: t('conf.agenda.presenter'), cell: (item) => item.presenter },
          { header: t('conf.agenda.duration'), cell: (item) => item.durationMinutes },
          can.organise && {
            header: t('conf.moveUp'),
            hidden: true,
            cell: (item, i) => (
              <span className="row-actions">
                <RowAction
                  intent="move"
                  fields={{ itemId: item.id, position: String(i - 1) }}
                  label={t('conf.moveUp')}
                  what={item.title}
                  disabled={i === 0}
                />
                <RowAction
                  intent="move"
                  fields={{ itemId: item.id, position: String(i + 1) }}
                  label={t('conf.moveDown')}
                  what={item.title}
                  disabled={i === items.length - 1}
                />
                <RowAction
                  intent="remove"
                  fields={{ itemId: item.id }}
                  label={t('conf.remove')}
                  what={item.title}
                  confirm={removalConfirmation(t, 'agendaItem', {
                    name: item.title,
                    minutes: item.durationMinutes,
                  })}
                />
              </span>
            ),
          },
        ]}
      />
      <p className="agenda-total">
        {t('conf.agenda.total', { minutes: totalMinutes, end: formatDateTime(plannedEnd) })}
      </p>
      {can.organise && (
        <>
          <ActionForm title={t('conf.agenda.add')} level={3} intent="add" error={error}>
            <SelectField
              name="kind"
              label={t('conf.agenda.kind')}
              defaultValue="discussion"
              options={agendaKinds.map((k) => ({ value: k, label: t(`conf.agenda.kinds.${k}`) }))}
            />
            <Field name="title" label={t('conf.agenda.item')} required />
            <Field name="presenter" label={t('conf.agenda.presenter')} />
            <SelectField
              name="themeId"
              label={t('conf.agenda.theme')}
              none={t('conf.agenda.noTheme')}
              options={themes.map((th) => ({ value: th.id, label: th.title }))}
            />
            <Field
              name="durationMinutes"
              type="number"
              min={1}
              max={600}
              defaultValue={10}
              label={t('conf.agenda.duration')}
            />
          </ActionForm>
        </>
      )}
    </ConferencePage>
  );
}
