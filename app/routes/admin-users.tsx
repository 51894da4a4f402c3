import { useTranslation } from '../i18n/use-translation.ts';
import { Link } from 'react-router';
import { createUser, listUsers } from '../../domain/auth/users.ts';
import { CreateUserRequest, ListUsersQuery } from '../../protocol/users.ts';
import { actionResult } from '../action-result.ts';
import { ActionForm } from '../components/action-form.tsx';
import { DataTable } from '../components/data-table.tsx';
import { FormAlert } from '../components/field.tsx';
import { FilterForm, SearchInput } from '../components/filters.tsx';
import { Pager } from '../components/pager.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { UserFields } from '../components/user-fields.tsx';
import { actionError, parseQuery, requireAdminPage, parseForm } from '../forms.ts';
import { formatDateTime } from '../i18n/format.ts';
import type { Route } from './+types/admin-users';

export async function loader({ context, request }: Route.LoaderArgs) {
  const actor = requireAdminPage(context, request);
  const input = parseQuery(ListUsersQuery, request);
  return { ...(await listUsers({ db: context.db, actor, input })), q: input.q ?? '' };
}

export async function action({ request, context }: Route.ActionArgs) {
  const actor = requireAdminPage(context, request);
  const form = await request.formData();
  try {
    const input = parseForm(CreateUserRequest, form);
    const user = await createUser({ db: context.db, actor, input });
    return { ok: true as const, created: user.email };
  } catch (err) {
    return actionError(err, context.lang);
  }
}

export default function AdminUsers({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const { users, total, page, pageSize, q } = loaderData;
  const result = actionResult(actionData);
  return (
    <section>
      <PageTitle>{t('users.title')}</PageTitle>
      <h1>{t('users.title')}</h1>
      <p>
        <Link to="/quan-tri/bao-mat">{t('secondFactor.adminTitle')}</Link>
      </p>

      <FilterForm values={{ q }} submit={t('users.searchSubmit')} className="search-form">
        <SearchInput label={t('users.search')} />
      </FilterForm>

      <p className="muted">{t('users.count', { count: total })}</p>
      <DataTable
        rows={users}
        rowKey={(u) => u.id}
        empty={t('users.empty')}
        columns={[
          { header: t('users.name'), cell: (u) => u.name },
          { header: t('users.email'), cell: (u) => u.email },
          {
            header: t('users.roles'),
            cell: (u) => (u.roles.length ? u.roles.map((r) => t(`roles.${r}`)).join(', ') : '—'),
          },
          {
            header: t('users.status'),
            cell: (u) => (u.disabled ? t('users.disabled') : t('users.active')),
          },
          {
            header: t('users.createdAt'),
            cell: (u) => <time dateTime={u.createdAt}>{formatDateTime(u.createdAt)}</time>,
          },
          {
            header: t('users.edit'),
            hidden: true,
            cell: (u) => (
              <Link
                to={`/quan-tri/nguoi-dung/${u.id}`}
                aria-label={`${t('users.edit')}: ${u.email}`}
              >
                {t('users.edit')}
              </Link>
            ),
          },
        ]}
      />
      <Pager page={page} total={total} pageSize={pageSize} />

      <h2 id="create-user">{t('users.create')}</h2>
      {result.ok && (
        <FormAlert kind="success">{t('users.created', { email: result.ok.created })}</FormAlert>
      )}
      <ActionForm
        error={result.failed?.error}
        submit={t('users.createSubmit')}
        aria-labelledby="create-user"
        key={result.ok?.created ?? 'new'}
      >
        <UserFields />
      </ActionForm>
    </section>
  );
}
