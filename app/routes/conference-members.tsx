import { useTranslation } from 'react-i18next';
import { Form } from 'react-router';
import { assignRole, listMembers, removeMember } from '../../domain/conferences/members.ts';
import { AssignRoleRequest, conferenceRoles } from '../../protocol/conferences.ts';
import { actionResult } from '../action-result.ts';
import { runAction } from '../actions.ts';
import { DataTable } from '../components/data-table.tsx';
import { Field, FormAlert } from '../components/field.tsx';
import { RowAction } from '../components/row-action.tsx';
import { SelectField } from '../components/select-field.tsx';
import { conferenceScope, formId, pageData, parseForm } from '../forms.ts';
import { ConferencePage, useConference } from './conference-layout.tsx';
import type { Route } from './+types/conference-members';

export async function loader(args: Route.LoaderArgs) {
  return pageData(args.request, async () => ({
    members: await listMembers(conferenceScope(args)),
  }));
}

export async function action(args: Route.ActionArgs) {
  const scope = { ...conferenceScope(args) };
  return runAction(
    args,
    {
      remove: ({ actor, form }) =>
        removeMember({ ...scope, actor, memberId: formId(form, 'memberId') }),
      assign: ({ actor, form }) =>
        assignRole({ ...scope, actor, input: parseForm(AssignRoleRequest, form) }),
    },
    'assign',
  );
}

export default function ConferenceMembers({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const { sites } = useConference();
  const error = actionResult(actionData).errorOf();
  return (
    <ConferencePage title={t('conf.members.title')}>
      <DataTable
        rows={loaderData.members}
        rowKey={(m) => m.id}
        empty={t('conf.members.none')}
        columns={[
          { header: t('users.name'), cell: (m) => m.name },
          { header: t('users.email'), cell: (m) => m.email },
          { header: t('conf.members.role'), cell: (m) => t(`conf.members.roles.${m.role}`) },
          { header: t('conf.members.site'), cell: (m) => m.siteName ?? '' },
          {
            header: t('conf.remove'),
            hidden: true,
            cell: (m) => (
              <RowAction
                intent="remove"
                fields={{ memberId: m.id }}
                label={t('conf.remove')}
                what={m.name}
              />
            ),
          },
        ]}
      />
      <h3 id="assign">{t('conf.members.assign')}</h3>
      {error && <FormAlert kind="error">{error.message}</FormAlert>}
      <Form method="post" className="stack narrow" aria-labelledby="assign" noValidate>
        <input type="hidden" name="intent" value="assign" />
        <Field
          name="email"
          type="email"
          label={t('conf.members.email')}
          required
          error={error?.fields?.email}
        />
        <SelectField
          name="role"
          label={t('conf.members.role')}
          defaultValue="delegate"
          options={conferenceRoles.map((r) => ({ value: r, label: t(`conf.members.roles.${r}`) }))}
          error={error?.fields?.role}
        />
        <SelectField
          name="siteId"
          label={t('conf.members.site')}
          none={t('conf.members.noSite')}
          options={sites.map((s) => ({ value: s.id, label: s.name }))}
          error={error?.fields?.siteId}
        />
        <button type="submit" className="button">
          {t('conf.members.assign')}
        </button>
      </Form>
    </ConferencePage>
  );
}
