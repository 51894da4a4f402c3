import { useTranslation } from '../i18n/use-translation.ts';
import { assignRole, listMembers, removeMember } from '../../domain/conferences/members.ts';
import { AssignRoleRequest, conferenceRoles } from '../../protocol/conferences.ts';
import { actionResult } from '../action-result.ts';
import { conferenceAction } from '../actions.ts';
import { removalConfirmation } from '../components/confirm-dialog.tsx';
import { DataTable } from '../components/data-table.tsx';
import { Field, SelectField } from '../components/field.tsx';
import { conferencePage, formId, parseForm } from '../forms.ts';
import { removeWithUndo, undoAction } from '../removals.ts';
import { ConferencePage, useConference } from './conference-layout.tsx';
import type { Route } from './+types/conference-members';
import { ActionForm } from '../components/action-form.tsx';

export function loader(args: Route.LoaderArgs) {
  return conferencePage(args, async (scope) => ({ members: await listMembers(scope) }));
}

export async function action(args: Route.ActionArgs) {
  return conferenceAction(
    args,
    {
      remove: removeWithUndo(({ scope, form }) =>
        removeMember({ ...scope, memberId: formId(form, 'memberId') }),
      ),
      undo: undoAction,
      assign: ({ scope, form }) =>
        assignRole({ ...scope, input: parseForm(AssignRoleRequest, form) }),
    },
    'assign',
  );
}

export default function ConferenceMembers({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const { sites } = useConference();
  const error = actionResult(actionData).errorOf('assign');
  return (
    <ConferencePage title={t('conf.members.title')}>
      <DataTable
        rows={loaderData.members}
        rowKey={(m) => m.id}
        empty={t('conf.members.none')}
        remove={{
          intent: 'remove',
          field: 'memberId',
          what: (m) => `${m.name} (${t(`conf.members.roles.${m.role}`)})`,
          confirm: (m) =>
            removalConfirmation(t, 'member', {
              name: m.name,
              role: t(`conf.members.roles.${m.role}`),
            }),
        }}
        columns={[
          { header: t('users.name'), cell: (m) => m.name },
          { header: t('users.email'), cell: (m) => m.email },
          { header: t('conf.members.role'), cell: (m) => t(`conf.members.roles.${m.role}`) },
          { header: t('conf.members.site'), cell: (m) => m.siteName ?? '' },
        ]}
      />
      <ActionForm title={t('conf.members.assign')} level={3} intent="assign" error={error}>
        <Field name="email" type="email" label={t('conf.members.email')} required />
        <SelectField
          name="role"
          label={t('conf.members.role')}
          defaultValue="delegate"
          options={conferenceRoles.map((r) => ({ value: r, label: t(`conf.members.roles.${r}`) }))}
        />
        <SelectField
          name="siteId"
          label={t('conf.members.site')}
          none={t('conf.members.noSite')}
          options={sites.map((s) => ({ value: s.id, label: s.name }))}
        />
      </ActionForm>
    </ConferencePage>
  );
}
