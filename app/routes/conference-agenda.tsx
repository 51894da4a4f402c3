import { useTranslation } from 'react-i18next';
import { Form, useRouteLoaderData } from 'react-router';
import {
  addAgendaItem,
  getAgenda,
  moveAgendaItem,
  removeAgendaItem,
} from '../../domain/conferences/agenda.ts';
import { agendaKinds, CreateAgendaItemRequest } from '../../protocol/conferences.ts';
import { Field, FormAlert } from '../components/field.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { actionError, intentOf, pageData, requireSignedIn, parseForm, formId } from '../forms.ts';
import { formatDateTime, formatTime } from '../i18n/format.ts';
import type { loader as layoutLoader } from './conference-layout.tsx';
import type { Route } from './+types/conference-agenda';

export async function loader({ context, request, params }: Route.LoaderArgs) {
  return pageData(request, () =>
    getAgenda({ db: context.db, actor: context.actor, conferenceId: params.conferenceId }),
  );
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const actor = requireSignedIn(context, request);
  const form = await request.formData();
  const intent = intentOf(form);
  const base = { db: context.db, actor, conferenceId: params.conferenceId };
  try {
    if (intent === 'move') {
      const [itemId, position] = String(form.get('move')).split(':');
      await moveAgendaItem({ ...base, itemId: itemId!, position: Number(position) });
    } else if (intent === 'remove') {
      await removeAgendaItem({ ...base, itemId: formId(form, 'itemId') });
    } else {
      const input = parseForm(CreateAgendaItemRequest, form);
      await addAgendaItem({ ...base, input });
    }
    return { ok: true as const, intent };
  } catch (err) {
    return actionError(err, context.lang, { intent });
  }
}

export default function ConferenceAgenda({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const layout = useRouteLoaderData<typeof layoutLoader>('routes/conference-layout')!;
  const organise = layout.can.organise;
  const { items, totalMinutes, plannedEnd } = loaderData;
  const error = actionData && !actionData.ok ? actionData.error : undefined;
  const themeTitle = new Map(layout.themes.map((th) => [th.id, th.title]));
  return (
    <div className="stack">
      <PageTitle>{`${t('conf.agenda.title')} – ${layout.conference.title}`}</PageTitle>
      <h2>{t('conf.agenda.title')}</h2>
      {items.length === 0 ? (
        <p>{t('conf.agenda.none')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('conf.agenda.order')}</th>
                <th scope="col">{t('conf.agenda.start')}</th>
                <th scope="col">{t('conf.agenda.item')}</th>
                <th scope="col">{t('conf.agenda.presenter')}</th>
                <th scope="col">{t('conf.agenda.duration')}</th>
                {organise && (
                  <th scope="col">
                    <span className="visually-hidden">{t('conf.moveUp')}</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {items.map((item, i) => (
                <tr key={item.id}>
                  <td>{i + 1}</td>
                  <td>{formatTime(item.plannedStart)}</td>
                  <td>
                    <strong>{item.title}</strong>
                    <br />
                    <span className="muted">
                      {t(`conf.agenda.kinds.${item.kind}`)}
                      {item.themeId && themeTitle.get(item.themeId)
                        ? ` · ${themeTitle.get(item.themeId)}`
                        : ''}
                    </span>
                  </td>
                  <td>{item.presenter}</td>
                  <td>{item.durationMinutes}</td>
                  {organise && (
                    <td>
                      <Form method="post" className="row-actions">
                        <input type="hidden" name="intent" value="move" />
                        <button
                          type="submit"
                          name="move"
                          value={`${item.id}:${i - 1}`}
                          disabled={i === 0}
                          aria-label={`${t('conf.moveUp')}: ${item.title}`}
                        >
                          {t('conf.moveUp')}
                        </button>
                        <button
                          type="submit"
                          name="move"
                          value={`${item.id}:${i + 1}`}
                          disabled={i === items.length - 1}
                          aria-label={`${t('conf.moveDown')}: ${item.title}`}
                        >
                          {t('conf.moveDown')}
                        </button>
                      </Form>
                      <Form method="post">
                        <input type="hidden" name="intent" value="remove" />
                        <input type="hidden" name="itemId" value={item.id} />
                        <button
                          type="submit"
                          className="link-button"
                          aria-label={`${t('conf.remove')}: ${item.title}`}
                        >
                          {t('conf.remove')}
                        </button>
                      </Form>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="agenda-total">
        {t('conf.agenda.total', { minutes: totalMinutes, end: formatDateTime(plannedEnd) })}
      </p>
      {organise && (
        <>
          <h3 id="add-item">{t('conf.agenda.add')}</h3>
          {error && <FormAlert kind="error">{error.message}</FormAlert>}
          <Form method="post" className="stack narrow" aria-labelledby="add-item" noValidate>
            <input type="hidden" name="intent" value="add" />
            <div className="field">
              <label htmlFor="f-kind">{t('conf.agenda.kind')}</label>
              <select id="f-kind" name="kind" defaultValue="discussion">
                {agendaKinds.map((k) => (
                  <option key={k} value={k}>
                    {t(`conf.agenda.kinds.${k}`)}
                  </option>
                ))}
              </select>
            </div>
            <Field
              name="title"
              label={t('conf.agenda.item')}
              required
              error={error?.fields?.title}
            />
            <Field name="presenter" label={t('conf.agenda.presenter')} />
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
            <Field
              name="durationMinutes"
              type="number"
              min={1}
              max={600}
              defaultValue={10}
              label={t('conf.agenda.duration')}
              error={error?.fields?.durationMinutes}
            />
            <button type="submit" className="button">
              {t('conf.agenda.add')}
            </button>
          </Form>
        </>
      )}
    </div>
  );
}
