import { useState } from 'react';
import { useTranslation } from '../i18n/use-translation.ts';
import {
  Form,
  Link,
  redirect,
  useFetcher,
  useSearchParams,
  type ShouldRevalidateFunctionArgs,
} from 'react-router';
import { listPublicConferences } from '../../domain/conferences/conferences.ts';
import {
  createArticle,
  getArticleForEdit,
  listCategories,
  publishArticle,
  unpublishArticle,
  updateArticle,
} from '../../domain/news/articles.ts';
import { getArticleWorkflow, getNewsroomSettings } from '../../domain/news/newsroom.ts';
import { canPublishAny } from '../../domain/news/workflow.ts';
import { AppError } from '../../domain/errors.ts';
import { requireEditor } from '../../domain/news/photos.ts';
import { previewBody } from '../../domain/news/render.ts';
import { CreateArticleRequest, PublishArticleRequest } from '../../protocol/news.ts';
import { Field, FormAlert, TextAreaField } from '../components/field.tsx';
import { ArticleFields } from '../components/news/article-fields.tsx';
import { ArticleHistory, ArticlePreview } from '../components/news/article-history.tsx';
import {
  PublishBar,
  PublishFeedback,
  stateLabel,
  stateOf,
  type ArticleState,
} from '../components/news/publish-bar.tsx';
import { WorkflowBar } from '../components/news/workflow-bar.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { RichTextEditor } from '../components/rich-text-editor.tsx';
import { actionError, formText, intentOf, pageData, requireSignedIn, parseForm } from '../forms.ts';
import { formatDateTime, toVietnamLocal } from '../i18n/format.ts';
import type { Route } from './+types/editor-article';

export async function loader({ context, request, params }: Route.LoaderArgs) {
  return pageData(request, async () => {
    const actor = requireEditor(requireSignedIn(context, request));
    const [categories, conferences, existing, newsroom] = await Promise.all([
      listCategories({ db: context.db }),
      listPublicConferences({ db: context.db }),
      params.articleId
        ? getArticleForEdit({ db: context.db, actor: context.actor, articleId: params.articleId })
        : null,
      getNewsroomSettings({ db: context.db }),
    ]);
    return {
      /** Publishing a new article at all (the workflow may leave it to approvers). */
      mayPublish: canPublishAny(actor.roles, newsroom.workflowEnabled),
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

/** The version the form was opened on (see updateArticle's `baseUpdatedAt`). */
function baseOf(form: FormData): Date | undefined {
  const raw = formText(form, 'baseUpdatedAt');
  if (!raw) return undefined;
  const at = new Date(raw);
  if (Number.isNaN(at.getTime())) throw new AppError('validation');
  return at;
}

/** A refused save leaves the page as it was, so the form keeps what was typed. */
export function shouldRevalidate({
  actionResult,
  defaultShouldRevalidate,
}: ShouldRevalidateFunctionArgs) {
  if (actionResult && typeof actionResult === 'object' && 'error' in actionResult) return false;
  return defaultShouldRevalidate;
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const actor = requireSignedIn(context, request);
  const form = await request.formData();
  const intent = intentOf(form);
  try {
    const input = parseForm(CreateArticleRequest, form, articleInput(form));
    if (intent === 'preview') {
      const body = await previewBody({ db: context.db, actor, html: input.bodyHtml });
      return { preview: { title: input.title, summary: input.summary, body } };
    }
    // The date field: unchanged from the article's own date means "keep it".
    const typed =
      intent === 'publish' ? parseForm(PublishArticleRequest, form).publishAt : undefined;
    let articleId = params.articleId;
    // Taking down a story one may not change (an editor, a live article, the workflow
    // on) takes it down as it stands.
    if (intent === 'unpublish' && articleId) {
      const { canEdit } = await getArticleWorkflow({ db: context.db, actor, articleId });
      if (!canEdit) {
        await unpublishArticle({ db: context.db, actor, articleId });
        return redirect(`/quan-tri/tin-tuc/${articleId}?ok=unpublish`);
      }
    }
    const saved = articleId
      ? await updateArticle({
          db: context.db,
          actor,
          articleId,
          input: { ...input, baseUpdatedAt: baseOf(form) },
        })
      : await createArticle({ db: context.db, actor, input });
    articleId = saved.id;
    const keep =
      typed && saved.publishedAt && toVietnamLocal(saved.publishedAt) === toVietnamLocal(typed);
    const publishAt = keep ? undefined : typed;
    if (intent === 'publish') await publishArticle({ db: context.db, actor, articleId, publishAt });
    if (intent === 'redate')
      await publishArticle({ db: context.db, actor, articleId, redate: true });
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
  const error = actionData && 'error' in actionData ? actionData.error : undefined;
  const [search] = useSearchParams();
  const dropped = Number(search.get('bo-anh')) || 0;
  const [photos, setPhotos] = useState<string[]>([]);
  const [preview, setPreview] = useState(false);
  const version = a?.updatedAt ? String(a.updatedAt) : 'new';
  /** The version the person changed the form on: a save makes a new one (and remounts it). */
  const [changedOn, setChangedOn] = useState<string | null>(null);
  const unsaved = changedOn === version;
  const setUnsaved = () => setChangedOn(version);
  const fetcher = useFetcher<typeof action>();
  const state: ArticleState = stateOf(a);
  const at = a?.publishedAt ? formatDateTime(a.publishedAt) : '';
  const covers = [...new Set([...(a?.coverPhotoId ? [a.coverPhotoId] : []), ...photos])];
  const shown = fetcher.data && 'preview' in fetcher.data ? fetcher.data.preview : null;
  const previewError = fetcher.data && 'error' in fetcher.data ? fetcher.data.error : undefined;
  return (
    <section className="editor">
      <PageTitle>{a ? t('editor.edit') : t('editor.new')}</PageTitle>
      <p className="breadcrumb">
        <Link to="/quan-tri/tin-tuc">← {t('editor.title')}</Link>
      </p>
      <h1>{a ? t('editor.edit') : t('editor.new')}</h1>
      {a && (
        <p className="muted">
          <span className={`badge badge-${state}`}>{t(`editor.status.${stateLabel(state)}`)}</span>
          {a.publishedAt && ` · ${t('editor.published')} ${at}`}
          {state === 'live' && (
            <>
              {' · '}
              <Link to={`/tin-tuc/${a.slug}`}>{t('editor.view')}</Link>
            </>
          )}
        </p>
      )}
      {a && !error && <PublishFeedback ok={search.get('ok')} state={state} at={at} />}
      {error && <FormAlert kind="error">{error.message}</FormAlert>}
      {dropped > 0 && (
        <FormAlert kind="error">{t('editor.droppedImages', { count: dropped })}</FormAlert>
      )}
      <Form
        method="post"
        className="stack"
        key={version}
        noValidate
        onInput={setUnsaved}
        onChange={setUnsaved}
        onKeyDown={(e) => {
          // Enter in a one-line field (a photo's caption or alt text, the title) would
          // submit the form with its first button: on a live article, a save that goes
          // out at once. Only the buttons save.
          const target = e.target as HTMLElement;
          if (e.key === 'Enter' && target.tagName === 'INPUT') e.preventDefault();
        }}
      >
        {a && (
          <input type="hidden" name="baseUpdatedAt" value={new Date(a.updatedAt).toISOString()} />
        )}
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
          <RichTextEditor
            name="bodyHtml"
            initial={a?.bodyHtml ?? ''}
            onPhotos={setPhotos}
            onChange={setUnsaved}
            conferences={conferences}
          />
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
          state={state}
          publishedAt={a?.publishedAt ?? null}
          canEdit={loaderData.workflow?.canEdit ?? true}
          canPublish={
            loaderData.workflow
              ? loaderData.workflow.actions.includes('publish')
              : loaderData.mayPublish
          }
          canUnpublish={
            loaderData.workflow
              ? loaderData.workflow.actions.includes('unpublish')
              : loaderData.mayPublish
          }
          error={error?.fields?.publishAt}
          onPreview={() => {
            const form = document.querySelector<HTMLFormElement>('.editor form');
            if (!form) return;
            const data = new FormData(form);
            data.set('intent', 'preview');
            setPreview(true);
            void fetcher.submit(data, { method: 'post' });
          }}
        />
      </Form>
      <WorkflowBar workflow={loaderData.workflow} unsaved={unsaved} />
      {previewError && <FormAlert kind="error">{previewError.message}</FormAlert>}
      {preview && !previewError && (
        <ArticlePreview preview={fetcher.state === 'idle' ? shown : null} />
      )}
      {existing && <ArticleHistory revisions={existing.revisions} />}
    </section>
  );
}
