import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { listArticles, listAuthors, listCategories } from '../../domain/news/articles.ts';
import { ListArticlesQuery } from '../../protocol/news.ts';
import { DataTable } from '../components/data-table.tsx';
import { FilterForm, FilterSelect, SearchInput } from '../components/filters.tsx';
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
  const statuses = (['draft', 'scheduled', 'published', 'unpublished'] as const).map((s) => ({
    value: s,
    label: t(`editor.status.${s}`),
  }));
  const categoryOptions = categories.map((c) => ({ value: c.id, label: c.name }));
  const authorOptions = authors.map((u) => ({ value: u.id, label: u.name }));
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
      <FilterForm submit={t('editor.filter')} values={input}>
        <SearchInput label={t('editor.search')} />
        <FilterSelect
          name="status"
          label={t('editor.allStatuses')}
          all={t('editor.allStatuses')}
          options={statuses}
        />
        <FilterSelect
          name="categoryId"
          label={t('editor.category')}
          all={t('editor.allCategories')}
          options={categoryOptions}
        />
        <FilterSelect
          name="authorId"
          label={t('editor.author')}
          all={t('editor.allAuthors')}
          options={authorOptions}
        />
      </FilterForm>
      <DataTable
        rows={list.items}
        rowKey={(a) => a.id}
        empty={t('editor.none')}
        columns={[
          {
            header: t('editor.headline'),
            cell: (a) => <Link to={`/quan-tri/tin-tuc/${a.id}`}>{a.title}</Link>,
          },
          { header: t('editor.category'), cell: (a) => a.categoryName ?? '' },
          { header: t('users.status'), cell: (a) => t(`editor.status.${statusOf(a)}`) },
          {
            header: t('editor.published'),
            cell: (a) => (a.publishedAt ? formatDateTime(a.publishedAt) : ''),
          },
          { header: t('editor.updated'), cell: (a) => formatDateTime(a.updatedAt) },
        ]}
      />
      <Pager page={list.page} total={list.total} pageSize={list.pageSize} />
    </section>
  );
}
