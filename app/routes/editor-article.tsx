import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AppError } from '../../domain/errors.ts';
import { Form, Link, redirect, useSearchParams } from 'react-router';
import { listPublicConferences } from '../../domain/conferences/conferences.ts';
import {
  createArticle,
  getArticleForEdit,
  listCategories,
  publishArticle,
  unpublishArticle,
  updateArticle,
} from '../../domain/news/articles.ts';
import { getArticleWorkflow } from '../../domain/news/newsroom.ts';
import { requireEditor } from '../../domain/news/photos.ts';
import { CreateArticleRequest, PublishArticleRequest } from '../../protocol/news.ts';
import { Field, FormAlert, TextAreaField } from '../components/field.tsx';
import { ArticleFields } from '../components/news/article-fields.tsx';
import { ArticleHistory, ArticlePreview } from '../components/news/article-history.tsx';
import { PublishBar } from '../components/news/publish-bar.tsx';
import { WorkflowBar } from '../components/news/workflow-bar.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { RichTextEditor } from '../components/rich-text-editor.tsx';
import { actionError, formText, intentOf, pageData, requireSignedIn, parseForm } from '../forms.ts';
import { formatDateTime } from '../i18n/format.ts';
import type { Route } from './+types/editor-article';

export async function loader({ context, request, params }: Route.LoaderArgs) {
  return pageData(request, async () => {
    requireEditor(requireSignedIn(context, request));
    const [categories, conferences, existing] = await Promise.all([
      listCategories({ db: context.db }),
      listPublicConferences({ db: context.db }),
      params.articleId
        ? getArticleForEdit({ db: context.db, actor: context.actor, articleId: params.articleId })
        : null,
    ]);
    return {
      categories,
      conferences: conferences.map((c) => ({ id: c.id, title: c.title })),
      existing,
      workflow:
        existing && (await getArticleWorkflow({ ...context, articleId: existing.article.id })),
    };
  });
}

/** Tags are typed separated by commas, links one per line as `title | address`. */
function articleInput(form: FormData) {
  return {
    tags: (formText(form, 'tags') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    links: (formText(form, 'links') ?? '')
      .split('\n')
      .map((line) => line.split('|').map((s) => s.trim()))
      .filter(([title, url]) => title && url)
      .map(([title, url]) => ({ title: title!, url: url! })),
  };
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const actor = requireSignedIn(context, request);
  const form = await request.formData();
  const intent = intentOf(form);
  try {
    const input = parseForm(CreateArticleRequest, form, articleInput(form));
    const publishAt =
      intent === 'schedule' ? parseForm(PublishArticleRequest, form).publishAt : undefined;
    // "Schedule" without a time must not publish at once.
    if (intent === 'schedule' && !publishAt) {
      throw new AppError('validation', { fields: { publishAt: 'validation.required' } });
    }
    let articleId = params.articleId;
    const saved = articleId
      ? await updateArticle({ db: context.db, actor, articleId, input })
      : await createArticle({ db: context.db, actor, input });
    articleId = saved.id;
    if (intent === 'publish') await publishArticle({ db: context.db, actor, articleId });
    if (intent === 'schedule')
      await publishArticle({ db: context.db, actor, articleId, publishAt });
    if (intent === 'unpublish') await unpublishArticle({ db: context.db, actor, articleId });
    const dropped = saved.droppedImages.length;
    return redirect(
      `/quan-tri/tin-tuc/${articleId}?ok=${intent || 'save'}${dropped ? `&bo-anh=${dropped}` : ''}`,
    );
  } catch (err) {
    return actionError(err, context.lang);
  }
}

/** Writing an article: its text with photos, where it belongs, and when it goes out. */
export default function EditorArticle({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const { categories, conferences, existing } = loaderData;
  const a = existing?.article;
  const error = actionData?.error;
  const [search] = useSearchParams();
  const dropped = Number(search.get('bo-anh')) || 0;
  const [photos, setPhotos] = useState<string[]>([]);
  const [preview, setPreview] = useState(false);
  const due = a?.publishedAt ? new Date(a.publishedAt) : null;
  const live = a?.status === 'published' && !!due && due <= new Date();
  const scheduled = a?.status === 'published' && !!due && due > new Date();
  const status = scheduled ? 'scheduled' : (a?.status ?? 'draft');
  const covers = [...new Set([...(a?.coverPhotoId ? [a.coverPhotoId] : []), ...photos])];
  return (
    <section className="editor">
      <PageTitle>{a ? t('editor.edit') : t('editor.new')}</PageTitle>
      <p className="breadcrumb">
        <Link to="/quan-tri/tin-tuc">← {t('editor.title')}</Link>
      </p>
      <h1>{a ? t('editor.edit') : t('editor.new')}</h1>
      {a && (
        <p className="muted">
          <span className={`badge badge-${status}`}>{t(`editor.status.${status}`)}</span>
          {a.publishedAt && ` · ${t('editor.published')} ${formatDateTime(a.publishedAt)}`}
          {live && (
            <>
              {' · '}
              <Link to={`/tin-tuc/${a.slug}`}>{t('editor.view')}</Link>
            </>
          )}
        </p>
      )}
      {error && <FormAlert kind="error">{error.message}</FormAlert>}
      {dropped > 0 && (
        <FormAlert kind="error">{t('editor.droppedImages', { count: dropped })}</FormAlert>
      )}
      <Form
        method="post"
        className="stack"
        key={a?.updatedAt ? String(a.updatedAt) : 'new'}
        noValidate
      >
        <Field
          name="title"
          label={t('editor.headline')}
          defaultValue={a?.title}
          required
          error={error?.fields?.title}
        />
        <TextAreaField
          name="summary"
          label={t('editor.summary')}
          rows={3}
          defaultValue={a?.summary}
        />
        <div className="field">
          <span className="field-label">{t('editor.body')}</span>
          <RichTextEditor name="bodyHtml" initial={a?.bodyHtml ?? '<p></p>'} onPhotos={setPhotos} />
        </div>
        <ArticleFields
          a={a}
          links={existing?.links ?? []}
          categories={categories}
          conferences={conferences}
          covers={covers}
          error={error}
        />
        <PublishBar
          scheduledAt={scheduled ? a!.publishedAt : null}
          published={!!a && (a.status === 'published' || scheduled)}
          error={error?.fields?.publishAt}
          onPreview={() => setPreview((p) => !p)}
        />
      </Form>
      <WorkflowBar workflow={loaderData.workflow} />
      {preview && <ArticlePreview />}
      {existing && <ArticleHistory revisions={existing.revisions} />}
    </section>
  );
}
