import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import {
  createCategory,
  listCategories,
  listSiteLinks,
  setSiteLinks,
} from '../../domain/news/articles.ts';
import { parseInput } from '../../domain/validation.ts';
import { CategoryRequest, SiteLinksRequest } from '../../protocol/news.ts';
import { Field, FormAlert, TextAreaField } from '../components/field.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { actionError, formText, intentOf, parseForm, requireAdminPage } from '../forms.ts';
import type { Route } from './+types/admin-categories';
import { ActionForm } from '../components/action-form.tsx';

export async function loader({ context, request }: Route.LoaderArgs) {
  requireAdminPage(context, request);
  const [categories, links] = await Promise.all([
    listCategories({ db: context.db }),
    listSiteLinks({ db: context.db }),
  ]);
  return { categories, links };
}

export async function action({ context, request }: Route.ActionArgs) {
  const actor = requireAdminPage(context, request);
  const form = await request.formData();
  const intent = intentOf(form);
  try {
    if (intent === 'links') {
      const links = (formText(form, 'links') ?? '')
        .split('\n')
        .map((line) => line.split('|').map((s) => s.trim()))
        .filter(([title, url]) => title && url)
        .map(([title, url]) => ({ title: title!, url: url! }));
      await setSiteLinks({
        db: context.db,
        actor,
        links: parseInput(SiteLinksRequest, { links }).links,
      });
    } else {
      const input = parseForm(CategoryRequest, form);
      await createCategory({ db: context.db, actor, input });
    }
    return { ok: true as const, intent };
  } catch (err) {
    return actionError(err, context.lang, { intent });
  }
}

export default function AdminCategories({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const failed = actionData && !actionData.ok ? actionData : undefined;
  return (
    <section className="stack">
      <PageTitle>{t('categoriesAdmin.title')}</PageTitle>
      <p className="breadcrumb">
        <Link to="/quan-tri/tin-tuc">← {t('editor.title')}</Link>
      </p>
      <h1>{t('categoriesAdmin.title')}</h1>
      {actionData?.ok && <FormAlert kind="success">{t('categoriesAdmin.saved')}</FormAlert>}
      <h2>{t('categoriesAdmin.categories')}</h2>
      <ul>
        {loaderData.categories.map((c) => (
          <li key={c.id}>
            <Link to={`/chuyen-muc/${c.slug}`}>{c.name}</Link>
            {c.description ? <span className="muted"> — {c.description}</span> : null}
          </li>
        ))}
      </ul>
      <ActionForm
        intent="category"
        error={failed?.intent !== 'links' ? failed?.error : undefined}
        submit={t('categoriesAdmin.add')}
      >
        <Field name="name" label={t('categoriesAdmin.name')} required />
        <Field name="description" label={t('categoriesAdmin.description')} />
      </ActionForm>
      <ActionForm
        intent="links"
        error={failed?.intent === 'links' ? failed.error : undefined}
        submit={t('categoriesAdmin.saveLinks')}
      >
        <TextAreaField
          name="links"
          label={t('categoriesAdmin.links')}
          rows={5}
          defaultValue={loaderData.links.map((l) => `${l.title} | ${l.url}`).join('\n')}
        />
      </ActionForm>
    </section>
  );
}
