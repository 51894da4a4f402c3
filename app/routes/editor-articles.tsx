import { useTranslation } from '../i18n/use-translation.ts';
import { Link } from 'react-router';
import { listArticles, listAuthors, listCategories } from '../../domain/news/articles.ts';
import { getMyQueue } from '../../domain/news/newsroom.ts';
import { ListArticlesQuery } from '../../protocol/news.ts';
import { DataTable } from '../components/data-table.tsx';
import { FilterForm, FilterSelect, SearchInput } from '../components/filters.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { Pager } from '../components/pager.tsx';
import { pageData, parseQuery } from '../forms.ts';
import { formatDateTime } from '../i18n/format.ts';
import type { ArticleStatus } from '../../domain/news/workflow.ts';
import type { Route } from './+types/editor-articles';

export async function loader({ context, request }: Route.LoaderArgs) {
  return pageData(request, async () => {
    const input = parseQuery(ListArticlesQuery, request);
    const [list, categories, authors, queue] = await Promise.all([
      listArticles({ db: context.db, actor: context.actor, input }),
      listCategories({ db: context.db }),
      listAuthors({ db: context.db, actor: context.actor }),
      getMyQueue({ db: context.db, actor: context.actor }),
    ]);
    const isAdmin = !!context.actor?.roles.includes('admin');
    return { list, categories, authors, input, queue, isAdmin };
  });
}

function statusOf(a: { status: ArticleStatus; publishedAt: Date | string | null }) {
  if (a.status === 'published' && a.publishedAt && new Date(a.publishedAt) > new Date())
    return 'scheduled';
  return a.status;
}

/** "Việc của tôi": what waits for the signed-in person, by part, with counts. */
function MyWork({ queue }: { queue: Route.ComponentProps['loaderData']['queue'] }) {
  const { t } = useTranslation();
  return (
    <section className="my-work" aria-labelledby="my-work-title">
      <h2 id="my-work-title">{t('workflow.myWork')}</h2>
      <p className="muted">{t(queue.workflowEnabled ? 'workflow.on' : 'workflow.off')}</p>
      <div className="my-work-parts">
        {queue.sections.map((part) => (
          <section
            key={part.key}
            className="my-work-part"
            aria-labelledby={`my-work-${part.key}`}
            data-queue={part.key}
          >
            <h3 id={`my-work-${part.key}`}>
              {t(`workflow.queue.${part.key}`)}{' '}
              <span className="badge" data-count={part.count}>
                {part.count}
              </span>
            </h3>
            {part.items.length === 0 ? (
              <p className="muted">{t('workflow.queueEmpty')}</p>
            ) : (
              <ul>
                {part.items.map((a) => (
                  <li key={a.id}>
                    <Link to={`/quan-tri/tin-tuc/${a.id}`}>{a.title}</Link>{' '}
                    <span className={`badge badge-${a.status}`}>
                      {t(`workflow.status.${a.status}`)}
                    </span>{' '}
                    <span className="muted">
                      {a.authorName ? `${t('workflow.by', { name: a.authorName })} · ` : ''}
                      {t('workflow.waitingSince', { at: formatDateTime(a.since) })}
                    </span>
                  </li>
                ))}
              </ul>
            )}
            {part.key !== 'mine' && part.count > part.items.length && (
              <p>
                <Link to={`/quan-tri/tin-tuc?status=${part.key}`}>
                  {t('workflow.seeAll', { count: part.count })}
                </Link>
              </p>
            )}
          </section>
        ))}
      </div>
    </section>
  );
}

export default function EditorArticles({ loaderData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const { list, categories, authors, input, queue, isAdmin } = loaderData;
  const statuses = (
    [
      'draft',
      'submitted',
      'returned',
      'pending_approval',
      'scheduled',
      'published',
      'unpublished',
    ] as const
  ).map((s) => ({ value: s, label: t(`workflow.status.${s}`) }));
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
        {isAdmin && <Link to="/quan-tri/chuyen-muc">{t('categoriesAdmin.title')}</Link>}
        {isAdmin && <Link to="/quan-tri/toa-soan">{t('workflow.settings')}</Link>}
      </p>
      <MyWork queue={queue} />
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
          { header: t('users.status'), cell: (a) => t(`workflow.status.${statusOf(a)}`) },
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
