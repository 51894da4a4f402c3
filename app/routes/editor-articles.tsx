import { useTranslation } from 'react-i18next';
import { Form, Link } from 'react-router';
import { listArticles, listAuthors, listCategories } from '../../domain/news/articles.ts';
import { ListArticlesQuery } from '../../protocol/news.ts';
import { PageTitle } from '../components/page-title.tsx';
import { Pager } from '../components/pager.tsx';
import { pageData, parseQuery } from '../forms.ts';
import { formatDateTime } from '../i18n/format.ts';
import type { Route } from './+types/editor-articles';

export async function loader({ context, request }: Route.LoaderArgs) {
  return pageData(request, async () => {
    const input = parseQuery(ListArticlesQuery, request);
    const [list, categories, authors] = await Promise.all([
      listArticles({ db: context.db, actor: context.actor, input }),
      listCategories({ db: context.db }),
      listAuthors({ db: context.db, actor: context.actor }),
    ]);
    return { list, categories, authors, input };
  });
}

function statusOf(a: { status: string; publishedAt: Date | string | null }) {
  if (a.status === 'published' && a.publishedAt && new Date(a.publishedAt) > new Date())
    return 'scheduled';
  return a.status as 'draft' | 'published' | 'unpublished';
}

export default function EditorArticles({ loaderData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const { list, categories, authors, input } = loaderData;
  return (
    <section>
      <PageTitle>{t('editor.title')}</PageTitle>
      <h1>{t('editor.title')}</h1>
      <p className="inline-actions">
        <Link className="button" to="/quan-tri/tin-tuc/moi">
          {t('editor.new')}
        </Link>
        <Link to="/quan-tri/chuyen-muc">{t('categoriesAdmin.title')}</Link>
      </p>
      <Form method="get" className="filters" role="search">
        <label className="visually-hidden" htmlFor="a-q">
          {t('editor.search')}
        </label>
        <input
          id="a-q"
          type="search"
          name="q"
          defaultValue={input.q ?? ''}
          placeholder={t('editor.search')}
        />
        <label className="visually-hidden" htmlFor="a-status">
          {t('editor.allStatuses')}
        </label>
        <select id="a-status" name="status" defaultValue={input.status ?? ''}>
          <option value="">{t('editor.allStatuses')}</option>
          {(['draft', 'scheduled', 'published', 'unpublished'] as const).map((s) => (
            <option key={s} value={s}>
              {t(`editor.status.${s}`)}
            </option>
          ))}
        </select>
        <label className="visually-hidden" htmlFor="a-cat">
          {t('editor.category')}
        </label>
        <select id="a-cat" name="categoryId" defaultValue={input.categoryId ?? ''}>
          <option value="">{t('editor.allCategories')}</option>
          {categories.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
        <label className="visually-hidden" htmlFor="a-author">
          {t('editor.author')}
        </label>
        <select id="a-author" name="authorId" defaultValue={input.authorId ?? ''}>
          <option value="">{t('editor.allAuthors')}</option>
          {authors.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name}
            </option>
          ))}
        </select>
        <button type="submit" className="button button-secondary">
          {t('editor.filter')}
        </button>
      </Form>
      {list.items.length === 0 ? (
        <p>{t('editor.none')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('editor.headline')}</th>
                <th scope="col">{t('editor.category')}</th>
                <th scope="col">{t('users.status')}</th>
                <th scope="col">{t('editor.published')}</th>
                <th scope="col">{t('editor.updated')}</th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((a) => (
                <tr key={a.id}>
                  <td>
                    <Link to={`/quan-tri/tin-tuc/${a.id}`}>{a.title}</Link>
                  </td>
                  <td>{a.categoryName ?? ''}</td>
                  <td>{t(`editor.status.${statusOf(a)}`)}</td>
                  <td>{a.publishedAt ? formatDateTime(a.publishedAt) : ''}</td>
                  <td>{formatDateTime(a.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager page={list.page} total={list.total} pageSize={list.pageSize} />
    </section>
  );
}
