import { useTranslation } from 'react-i18next';
import { Form, useNavigation } from 'react-router';
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
import { actionResult } from '../action-result.ts';
import { runAction } from '../actions.ts';
import { ConferenceFields } from '../components/conference/conference-fields.tsx';
import { ThemeList } from '../components/conference/theme-list.tsx';
import { FormAlert } from '../components/field.tsx';
import { RowAction } from '../components/row-action.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { conferenceScope, formText, parseForm } from '../forms.ts';
import { useConference } from './conference-layout.tsx';
import type { Route } from './+types/conference-overview';

export async function loader({ context }: Route.LoaderArgs) {
  const units = await listUnits({ db: context.db });
  return { units: units.map((u) => ({ id: u.id, name: u.name })) };
}

/** The themes as the form lists them, with one move (u/d/x and an index) or one added. */
function themesOf(form: FormData) {
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
    else if (j >= 0 && j < themes.length) [themes[index], themes[j]] = [themes[j]!, themes[index]!];
  }
  const added = formText(form, 'newTheme');
  if (added && !move) themes.push({ id: undefined, title: added });
  return themes;
}

export async function action(args: Route.ActionArgs) {
  const scope = conferenceScope(args);
  return runAction(
    args,
    {
      status: ({ actor, form }) =>
        changeConferenceStatus({
          ...scope,
          actor,
          status: parseForm(ChangeStatusRequest, form).status,
        }),
      themes: ({ actor, form }) =>
        setThemes({
          ...scope,
          actor,
          input: parseInput(SetThemesRequest, { themes: themesOf(form) }),
        }),
      details: ({ actor, form }) =>
        updateConference({ ...scope, actor, input: parseForm(UpdateConferenceRequest, form) }),
    },
    'details',
  );
}

/** The conference itself: its status, themes and details. */
export default function ConferenceOverview({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const { conference, themes, can } = useConference();
  const result = actionResult(actionData);
  const error = result.errorOf();
  const next = STATUS_TRANSITIONS[conference.status];
  return (
    <div className="stack">
      <PageTitle>{conference.title}</PageTitle>
      {result.ok && <FormAlert kind="success">{t('conf.saved')}</FormAlert>}
      {error && <FormAlert kind="error">{error.message}</FormAlert>}
      {can.organise && next.length > 0 && (
        <div className="inline-actions">
          {next.map((s) => (
            <RowAction
              key={s}
              intent="status"
              fields={{ status: s }}
              label={t('conf.moveTo', { status: t(`home.status.${s}`) })}
              variant="secondary"
            />
          ))}
        </div>
      )}
      <ThemeList themes={themes} organise={can.organise} />
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
            <ConferenceFields c={conference} units={loaderData.units} error={error} />
            <button type="submit" className="button" disabled={navigation.state === 'submitting'}>
              {t('conf.save')}
            </button>
          </Form>
        </>
      )}
    </div>
  );
}
