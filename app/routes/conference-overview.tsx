import { useTranslation } from 'react-i18next';
import { Form, useNavigation, useRouteLoaderData } from 'react-router';
import {
  changeConferenceStatus,
  listUnits,
  setThemes,
  updateConference,
} from '../../domain/conferences/conferences.ts';
import { parseInput } from '../../domain/validation.ts';
import {
  ChangeStatusRequest,
  STATUS_TRANSITIONS,
  SetThemesRequest,
  UpdateConferenceRequest,
} from '../../protocol/conferences.ts';
import { DateTimeField } from '../components/date-time-field.tsx';
import { Field, FormAlert, FormMarker } from '../components/field.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { SelectField } from '../components/select-field.tsx';
import { actionError, formText, intentOf, requireSignedIn, parseForm } from '../forms.ts';
import type { loader as layoutLoader } from './conference-layout.tsx';
import type { Route } from './+types/conference-overview';

export async function loader({ context }: Route.LoaderArgs) {
  const units = await listUnits({ db: context.db });
  return { units: units.map((u) => ({ id: u.id, name: u.name })) };
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const actor = requireSignedIn(context, request);
  const form = await request.formData();
  const intent = intentOf(form);
  const conferenceId = params.conferenceId;
  try {
    if (intent === 'status') {
      const { status } = parseForm(ChangeStatusRequest, form);
      await changeConferenceStatus({ db: context.db, actor, conferenceId, status });
    } else if (intent === 'themes') {
      const ids = form.getAll('themeId').map(String);
      const titles = form.getAll('themeTitle').map(String);
      const themes = titles
        .map((title, i) => ({ id: ids[i] || undefined, title: title.trim() }))
        .filter((x) => x.title);
      const move = formText(form, 'move');
      if (move) {
        const [dir, index] = [move[0], Number(move.slice(1))];
        const j = dir === 'u' ? index - 1 : dir === 'd' ? index + 1 : -1;
        if (dir === 'x') themes.splice(index, 1);
        else if (j >= 0 && j < themes.length)
          [themes[index], themes[j]] = [themes[j]!, themes[index]!];
      }
      const added = formText(form, 'newTheme');
      if (added && !move) themes.push({ id: undefined, title: added });
      await setThemes({
        db: context.db,
        actor,
        conferenceId,
        input: parseInput(SetThemesRequest, { themes }),
      });
    } else {
      const input = parseForm(UpdateConferenceRequest, form);
      await updateConference({ db: context.db, actor, conferenceId, input });
    }
    return { ok: true as const, intent };
  } catch (err) {
    return actionError(err, context.lang, { intent });
  }
}

export default function ConferenceOverview({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const layout = useRouteLoaderData<typeof layoutLoader>('routes/conference-layout')!;
  const { conference, themes, can } = layout;
  const error = actionData && !actionData.ok ? actionData.error : undefined;
  const next = STATUS_TRANSITIONS[conference.status];
  return (
    <div className="stack">
      <PageTitle>{conference.title}</PageTitle>
      {actionData?.ok && <FormAlert kind="success">{t('conf.saved')}</FormAlert>}
      {error && <FormAlert kind="error">{error.message}</FormAlert>}

      {can.organise && next.length > 0 && (
        <Form method="post" className="inline-actions">
          <input type="hidden" name="intent" value="status" />
          {next.map((s) => (
            <button
              key={s}
              type="submit"
              name="status"
              value={s}
              className="button button-secondary"
            >
              {t('conf.moveTo', { status: t(`home.status.${s}`) })}
            </button>
          ))}
        </Form>
      )}

      <h2>{t('conf.themes')}</h2>
      <Form method="post" className="stack">
        <input type="hidden" name="intent" value="themes" />
        <ol className="theme-list">
          {themes.map((theme, i) => (
            <li key={theme.id}>
              <input type="hidden" name="themeId" value={theme.id} />
              <label className="visually-hidden" htmlFor={`theme-${i}`}>
                {t('conf.themes')} {i + 1}
              </label>
              <input
                id={`theme-${i}`}
                name="themeTitle"
                defaultValue={theme.title}
                readOnly={!can.organise}
              />
              {can.organise && (
                <span className="row-actions">
                  <button type="submit" name="move" value={`u${i}`} disabled={i === 0}>
                    {t('conf.moveUp')}
                  </button>
                  <button
                    type="submit"
                    name="move"
                    value={`d${i}`}
                    disabled={i === themes.length - 1}
                  >
                    {t('conf.moveDown')}
                  </button>
                  <button type="submit" name="move" value={`x${i}`}>
                    {t('conf.remove')}
                  </button>
                </span>
              )}
            </li>
          ))}
        </ol>
        {can.organise && (
          <div className="inline-actions">
            <label className="visually-hidden" htmlFor="new-theme">
              {t('conf.addTheme')}
            </label>
            <input id="new-theme" name="newTheme" placeholder={t('conf.addTheme')} />
            <button type="submit" className="button button-secondary">
              {t('conf.save')}
            </button>
          </div>
        )}
      </Form>

      {can.organise && (
        <>
          <h2>{t('conf.tabs.overview')}</h2>
          <Form
            method="post"
            className="stack narrow"
            key={String(conference.updatedAt)}
            noValidate
          >
            <input type="hidden" name="intent" value="details" />
            <Field
              name="title"
              label={t('conf.title')}
              defaultValue={conference.title}
              error={error?.fields?.title}
            />
            <Field
              name="theme"
              label={t('conf.theme')}
              defaultValue={conference.theme}
              error={error?.fields?.theme}
            />
            <div className="field">
              <label htmlFor="f-description">{t('conf.description')}</label>
              <textarea
                id="f-description"
                name="description"
                rows={4}
                defaultValue={conference.description}
              />
            </div>
            <Field
              name="organiser"
              label={t('conf.organiser')}
              defaultValue={conference.organiser}
              error={error?.fields?.organiser}
            />
            <SelectField
              name="organiserUnitId"
              label={t('conf.organiserUnit')}
              none={t('conf.noUnit')}
              defaultValue={conference.organiserUnitId ?? ''}
              options={loaderData.units.map((u) => ({ value: u.id, label: u.name }))}
            />
            <DateTimeField
              name="startsAt"
              label={t('conf.startsAt')}
              defaultValue={conference.startsAt}
              error={error?.fields?.startsAt}
            />
            <DateTimeField
              name="endsAt"
              label={t('conf.endsAt')}
              defaultValue={conference.endsAt}
              error={error?.fields?.endsAt}
            />
            <div className="field">
              <label htmlFor="f-visibility">{t('conf.visibility')}</label>
              <select id="f-visibility" name="visibility" defaultValue={conference.visibility}>
                <option value="public">{t('conf.public')}</option>
                <option value="internal">{t('conf.internal')}</option>
              </select>
            </div>
            <Field
              name="defaultTurnMinutes"
              type="number"
              min={1}
              max={60}
              label={t('conf.defaultTurn')}
              defaultValue={conference.defaultTurnMinutes}
              error={error?.fields?.defaultTurnMinutes}
            />
            <FormMarker name="siteChairApproval" />
            <label className="check">
              <input
                type="checkbox"
                name="siteChairApproval"
                defaultChecked={conference.siteChairApproval}
              />{' '}
              {t('conf.siteChairApproval')}
            </label>
            <button type="submit" className="button" disabled={navigation.state === 'submitting'}>
              {t('conf.save')}
            </button>
          </Form>
        </>
      )}
    </div>
  );
}
