import { useTranslation } from '../i18n/use-translation.ts';
import { Link } from 'react-router';
import { z } from 'zod';
import { confirmFirst, runAction } from '../actions.ts';
import {
  createCategory,
  listCategories,
  listSiteLinks,
  setSiteLinks,
} from '../../domain/news/articles.ts';
import {
  countArticlesByCategory,
  deleteCategory,
  moveCategory,
  updateCategory,
} from '../../domain/news/categories.ts';
import { parseInput } from '../../domain/validation.ts';
import { Uuid } from '../../protocol/common.ts';
import { UpdateCategoryRequest } from '../../protocol/categories.ts';
import { CategoryRequest, SiteLinksRequest } from '../../protocol/news.ts';
import { ActionForm } from '../components/action-form.tsx';
import { Field, FormAlert, TextAreaField } from '../components/field.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { CategoryRow } from '../components/portal/category-admin.tsx';
import { formText, parseForm, requireAdminPage } from '../forms.ts';
import type { Route } from './+types/admin-categories';

export async function loader({ context, request }: Route.LoaderArgs) {
  requireAdminPage(context, request);
  const [categories, links, counts] = await Promise.all([
    listCategories({ db: context.db }),
    listSiteLinks({ db: context.db }),
    countArticlesByCategory({ db: context.db }),
  ]);
  return {
    categories: categories.map((c) => ({ ...c, articleCount: counts.get(c.id) ?? 0 })),
    links,
  };
}

const RowForm = z.object({ id: Uuid });
const MoveForm = RowForm.extend({ direction: z.enum(['up', 'down']) });
const RemoveForm = RowForm.extend({ moveTo: z.union([z.literal(''), Uuid]).default('') });

export async function action(args: Route.ActionArgs) {
  const { context } = args;
  requireAdminPage(context, args.request);
  const db = context.db;
  return runAction(
    args,
    {
      category: async ({ actor, form }) => {
        const position = (await listCategories({ db })).length;
        await createCategory({
          db,
          actor,
          input: { ...parseForm(CategoryRequest, form), position },
        });
      },
      links: async ({ actor, form }) => {
        const links = (formText(form, 'links') ?? '')
          .split('\n')
          .map((line) => line.split('|').map((s) => s.trim()))
          .filter(([title, url]) => title && url)
          .map(([title, url]) => ({ title: title!, url: url! }));
        await setSiteLinks({ db, actor, links: parseInput(SiteLinksRequest, { links }).links });
      },
      move: async ({ actor, form }) => {
        const { id, direction } = parseForm(MoveForm, form);
        await moveCategory({ db, actor, categoryId: id, direction });
      },
      visibility: async ({ actor, form }) => {
        const { id } = parseForm(RowForm, form);
        const hidden = form.get('hidden') === 'true';
        await updateCategory({ db, actor, categoryId: id, input: { hidden } });
      },
      edit: async ({ actor, form }) => {
        const { id } = parseForm(RowForm, form);
        const input = parseInput(UpdateCategoryRequest, {
          name: formText(form, 'name') ?? '',
          description: formText(form, 'description') ?? '',
        });
        await updateCategory({ db, actor, categoryId: id, input });
      },
      remove: confirmFirst(async ({ actor, form }) => {
        const { id, moveTo } = parseForm(RemoveForm, form);
        const done = await deleteCategory({ db, actor, categoryId: id, moveTo: moveTo || null });
        return { removed: { name: done.name, count: done.articleCount, movedTo: done.movedTo } };
      }),
    },
    'category',
  );
}

export default function AdminCategories({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const { categories } = loaderData;
  const failed = actionData && 'error' in actionData ? actionData : undefined;
  const ok = actionData && 'ok' in actionData ? actionData : undefined;
  const removed = ok && 'removed' in ok ? ok.removed : undefined;
  const target = removed?.movedTo
    ? (categories.find((c) => c.id === removed.movedTo)?.name ?? '')
    : t('categoriesAdmin.noCategory');
  return (
    <section className="stack">
      <PageTitle>{t('categoriesAdmin.title')}</PageTitle>
      <p className="breadcrumb">
        <Link to="/quan-tri/tin-tuc">← {t('editor.title')}</Link>
      </p>
      <h1>{t('categoriesAdmin.title')}</h1>
      {removed ? (
        <FormAlert kind="success">
          {t('categoriesAdmin.removed', { name: removed.name, count: removed.count, target })}
        </FormAlert>
      ) : (
        ok && <FormAlert kind="success">{t('categoriesAdmin.saved')}</FormAlert>
      )}
      {failed && failed.intent !== 'links' && failed.intent !== 'category' && (
        <FormAlert kind="error">{failed.error.message}</FormAlert>
      )}
      <h2>{t('categoriesAdmin.categories')}</h2>
      <p className="muted">{t('categoriesAdmin.intro')}</p>
      {categories.length === 0 ? (
        <p>{t('categoriesAdmin.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table className="category-table">
            <thead>
              <tr>
                <th scope="col">{t('categoriesAdmin.position')}</th>
                <th scope="col">{t('categoriesAdmin.name')}</th>
                <th scope="col">{t('categoriesAdmin.articles')}</th>
                <th scope="col">{t('categoriesAdmin.state')}</th>
                <th scope="col">{t('categoriesAdmin.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {categories.map((c, i) => (
                <CategoryRow
                  key={c.id}
                  category={c}
                  index={i}
                  total={categories.length}
                  others={categories.filter((o) => o.id !== c.id)}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ActionForm
        intent="category"
        error={failed?.intent === 'category' ? failed.error : undefined}
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
