import { useTranslation } from 'react-i18next';
import { Form, Link, useNavigation } from 'react-router';
import { createUser, listUsers } from '../../domain/auth/users.ts';
import { PASSWORD_MIN } from '../../protocol/auth.ts';
import { CreateUserRequest, ListUsersQuery } from '../../protocol/users.ts';
import { Field, FormAlert } from '../components/field.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { RoleAndLanguageFields } from '../components/user-fields.tsx';
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
  const navigation = useNavigation();
  const { users, total, page, pageSize, q } = loaderData;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const error = actionData && !actionData.ok ? actionData.error : undefined;
  const pageLink = (p: number) =>
    `?${new URLSearchParams({ ...(q ? { q } : {}), page: String(p) })}`;
  return (
    <section>
      <PageTitle>{t('users.title')}</PageTitle>
      <h1>{t('users.title')}</h1>

      <Form method="get" className="search-form" role="search">
        <label htmlFor="users-q" className="visually-hidden">
          {t('users.search')}
        </label>
        <input
          id="users-q"
          type="search"
          name="q"
          defaultValue={q}
          placeholder={t('users.search')}
        />
        <button type="submit" className="button button-secondary">
          {t('users.searchSubmit')}
        </button>
      </Form>

      <p className="muted">{t('users.count', { count: total })}</p>
      {users.length === 0 ? (
        <p>{t('users.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('users.name')}</th>
                <th scope="col">{t('users.email')}</th>
                <th scope="col">{t('users.roles')}</th>
                <th scope="col">{t('users.status')}</th>
                <th scope="col">{t('users.createdAt')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('users.edit')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.id}>
                  <td>{u.name}</td>
                  <td>{u.email}</td>
                  <td>{u.roles.length ? u.roles.map((r) => t(`roles.${r}`)).join(', ') : '—'}</td>
                  <td>{u.disabled ? t('users.disabled') : t('users.active')}</td>
                  <td>
                    <time dateTime={u.createdAt}>{formatDateTime(u.createdAt)}</time>
                  </td>
                  <td>
                    <Link
                      to={`/quan-tri/nguoi-dung/${u.id}`}
                      aria-label={`${t('users.edit')}: ${u.email}`}
                    >
                      {t('users.edit')}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pages > 1 && (
        <nav className="pager" aria-label={t('users.page', { page, pages })}>
          {page > 1 && <Link to={pageLink(page - 1)}>{t('users.previous')}</Link>}
          <span>{t('users.page', { page, pages })}</span>
          {page < pages && <Link to={pageLink(page + 1)}>{t('users.next')}</Link>}
        </nav>
      )}

      <h2 id="create-user">{t('users.create')}</h2>
      {actionData?.ok && (
        <FormAlert kind="success">{t('users.created', { email: actionData.created })}</FormAlert>
      )}
      {error && <FormAlert kind="error">{error.message}</FormAlert>}
      <Form
        method="post"
        className="stack narrow"
        aria-labelledby="create-user"
        noValidate
        key={actionData?.ok ? actionData.created : 'new'}
      >
        <Field name="name" label={t('users.name')} required error={error?.fields?.name} />
        <Field
          name="email"
          type="email"
          label={t('users.email')}
          autoComplete="off"
          required
          error={error?.fields?.email}
        />
        <Field
          name="password"
          type="password"
          label={t('users.password')}
          hint={t('users.passwordHint', { min: PASSWORD_MIN })}
          autoComplete="new-password"
          required
          error={error?.fields?.password}
        />
        <RoleAndLanguageFields />
        <button type="submit" className="button" disabled={navigation.state === 'submitting'}>
          {t('users.createSubmit')}
        </button>
      </Form>
    </section>
  );
}
