import { useTranslation } from '../i18n/use-translation.ts';
import {
  changeConferenceStatus,
  listUnits,
  setThemes,
  updateConference,
} from '../../domain/conferences/conferences.ts';
import { removeTheme, themeUsage } from '../../domain/conferences/remove-theme.ts';
import { listRecordings } from '../../domain/media/recordings.ts';
import { RecordingJobs } from '../components/media/recording-jobs.tsx';
import { parseInput } from '../../domain/validation.ts';
import {
  ChangeStatusRequest,
  SetThemesRequest,
  STATUS_TRANSITIONS,
  UpdateConferenceRequest,
} from '../../protocol/conferences.ts';
import { actionResult } from '../action-result.ts';
import { conferenceAction } from '../actions.ts';
import { ConferenceFields } from '../components/conference/conference-fields.tsx';
import { ThemeList } from '../components/conference/theme-list.tsx';
import { FormAlert } from '../components/field.tsx';
import { isRemovalAnswer, RemovalNotice } from '../components/removal-notice.tsx';
import { RowAction } from '../components/row-action.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { conferencePage, formId, formText, parseForm } from '../forms.ts';
import { removeWithUndo, undoAction } from '../removals.ts';
import { useConference } from './conference-layout.tsx';
import type { Route } from './+types/conference-overview';
import { ActionForm } from '../components/action-form.tsx';

export async function loader(args: Route.LoaderArgs) {
  return conferencePage(args, async (scope) => {
    const units = await listUnits(scope);
    return {
      units: units.map((u) => ({ id: u.id, name: u.name })),
      themeUsage: await themeUsage(scope),
      recordings: await listRecordings(scope),
    };
  });
}

/** The themes as the form lists them, with one move (u/d and an index) or one added. */
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
    if (j >= 0 && j < themes.length) [themes[index], themes[j]] = [themes[j]!, themes[index]!];
  }
  const added = formText(form, 'newTheme');
  if (added && !move) themes.push({ id: undefined, title: added });
  return themes;
}

export async function action(args: Route.ActionArgs) {
  return conferenceAction(
    args,
    {
      status: ({ scope, form }) =>
        changeConferenceStatus({
          ...scope,
          status: parseForm(ChangeStatusRequest, form).status,
        }),
      // Saving the list never removes a theme: that is `removeTheme`, confirmed.
      themes: ({ scope, form }) =>
        setThemes({
          ...scope,
          input: parseInput(SetThemesRequest, { themes: themesOf(form) }),
          keepUnlisted: true,
        }),
      removeTheme: removeWithUndo(({ scope, form }) =>
        removeTheme({ ...scope, themeId: formId(form, 'themeId') }),
      ),
      undo: undoAction,
      details: ({ scope, form }) =>
        updateConference({ ...scope, input: parseForm(UpdateConferenceRequest, form) }),
    },
    'details',
  );
}

/** The conference itself: its status, themes and details. */
export default function ConferenceOverview({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const { conference, themes, can } = useConference();
  const result = actionResult(actionData);
  const detailsError = result.errorOf('details');
  const error = detailsError || isRemovalAnswer(actionData) ? undefined : result.errorOf();
  const next = STATUS_TRANSITIONS[conference.status];
  return (
    <div className="stack">
      <PageTitle>{conference.title}</PageTitle>
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
      <RemovalNotice />
      {can.organise && <RecordingJobs recordings={loaderData.recordings} />}
      <ThemeList themes={themes} organise={can.organise} usage={loaderData.themeUsage} />
      {can.organise && (
        <ActionForm
          title={t('conf.tabs.overview')}
          intent="details"
          error={detailsError}
          submit={t('conf.save')}
          key={String(conference.updatedAt)}
        >
          <ConferenceFields c={conference} units={loaderData.units} />
        </ActionForm>
      )}
    </div>
  );
}
