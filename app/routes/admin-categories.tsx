import { useTranslation } from 'react-i18next';
import { Form, Link } from 'react-router';
import {
  createCategory,
  listCategories,
  listSiteLinks,
  setSiteLinks,
} from '../../domain/news/articles.ts';
import { parseInput } from '../../domain/validation.ts';
import { CategoryRequest, SiteLinksRequest } from '../../protocol/news.ts';
import { Field, FormAlert } from '../components/field.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { actionError, formText, intentOf, requireAdminPage, parseForm } from '../forms.ts';
import type { Route } from './+types/admin-categories';

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
      {failed && <FormAlert kind="error">{failed.error.message}</FormAlert>}
      <h2>{t('categoriesAdmin.categories')}</h2>
      <ul>
        {loaderData.categories.map((c) => (
          <li key={c.id}>
            <Link to={`/chuyen-muc/${c.slug}`}>{c.name}</Link>
            {c.description ? <span className="muted"> — {c.description}</span> : null}
          </li>
        ))}
      </ul>
      <Form method="post" className="stack narrow" noValidate>
        <input type="hidden" name="intent" value="category" />
        <Field
          name="name"
          label={t('categoriesAdmin.name')}
          required
          error={failed?.intent !== 'links' ? failed?.error.fields?.name : undefined}
        />
        <Field name="description" label={t('categoriesAdmin.description')} />
        <button type="submit" className="button">
          {t('categoriesAdmin.add')}
        </button>
      </Form>
      <Form method="post" className="stack narrow">
        <input type="hidden" name="intent" value="links" />
        <label htmlFor="site-links">{t('categoriesAdmin.links')}</label>
        <textarea
          id="site-links"
          name="links"
          rows={5}
          defaultValue={loaderData.links.map((l) => `${l.title} | ${l.url}`).join('\n')}
        />
        <button type="submit" className="button">
          {t('categoriesAdmin.saveLinks')}
        </button>
      </Form>
    </section>
  );
}
