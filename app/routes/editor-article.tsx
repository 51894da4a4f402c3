import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AppError } from '../../domain/errors.ts';
import { Form, Link, redirect, useNavigation, useSearchParams } from 'react-router';
import { listPublicConferences } from '../../domain/conferences/conferences.ts';
import {
  createArticle,
  getArticleForEdit,
  listCategories,
  publishArticle,
  unpublishArticle,
  updateArticle,
} from '../../domain/news/articles.ts';
import { requireEditor } from '../../domain/news/photos.ts';
import { CreateArticleRequest, photoPath, PublishArticleRequest } from '../../protocol/news.ts';
import { Field, FormAlert } from '../components/field.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { RichTextEditor } from '../components/rich-text-editor.tsx';
import { actionError, formText, intentOf, pageData, requireSignedIn, parseForm } from '../forms.ts';
import { formatDateTime, toVietnamLocal } from '../i18n/format.ts';
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

export default function EditorArticle({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const { categories, conferences, existing } = loaderData;
  const a = existing?.article;
  const error = actionData?.error;
  const [search] = useSearchParams();
  const dropped = Number(search.get('bo-anh')) || 0;
  const [photos, setPhotos] = useState<string[]>([]);
  const [preview, setPreview] = useState(false);
  const live = a?.status === 'published' && a.publishedAt && new Date(a.publishedAt) <= new Date();
  const scheduled =
    a?.status === 'published' && a.publishedAt && new Date(a.publishedAt) > new Date();
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
        <div className="field">
          <label htmlFor="f-summary">{t('editor.summary')}</label>
          <textarea id="f-summary" name="summary" rows={3} defaultValue={a?.summary} />
        </div>
        <div className="field">
          <span className="field-label">{t('editor.body')}</span>
          <RichTextEditor name="bodyHtml" initial={a?.bodyHtml ?? '<p></p>'} onPhotos={setPhotos} />
        </div>
        <div className="editor-grid">
          <div className="field">
            <label htmlFor="f-category">{t('editor.category')}</label>
            <select id="f-category" name="categoryId" defaultValue={a?.categoryId ?? ''}>
              <option value="">{t('editor.noCategory')}</option>
              {categories.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="f-conference">{t('editor.conference')}</label>
            <select id="f-conference" name="conferenceId" defaultValue={a?.conferenceId ?? ''}>
              <option value="">{t('editor.noConference')}</option>
              {conferences.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.title}
                </option>
              ))}
            </select>
          </div>
          <Field name="tags" label={t('editor.tags')} defaultValue={a?.tags.join(', ')} />
          <Field name="authorName" label={t('editor.author')} defaultValue={a?.authorName} />
          <Field name="sourceName" label={t('editor.sourceName')} defaultValue={a?.sourceName} />
          <Field
            name="sourceUrl"
            type="url"
            label={t('editor.sourceUrl')}
            defaultValue={a?.sourceUrl ?? ''}
            error={error?.fields?.sourceUrl}
          />
          <div className="field">
            <label htmlFor="f-cover">{t('editor.cover')}</label>
            <select
              id="f-cover"
              name="coverPhotoId"
              defaultValue={a?.coverPhotoId ?? ''}
              aria-describedby="f-cover-hint"
            >
              <option value="">{t('editor.noCover')}</option>
              {covers.map((id, i) => (
                <option key={id} value={id}>
                  {i + 1}. {photoPath(id, 320, 'webp')}
                </option>
              ))}
            </select>
            <p className="field-hint" id="f-cover-hint">
              {t('editor.coverHint')}
            </p>
          </div>
        </div>
        <div className="field">
          <label htmlFor="f-links">{t('editor.links')}</label>
          <textarea
            id="f-links"
            name="links"
            rows={3}
            defaultValue={existing?.links.map((l) => `${l.title} | ${l.url}`).join('\n')}
          />
          {Object.entries(error?.fields ?? {})
            .filter(([k]) => k.startsWith('links'))
            .map(([k, m]) => (
              <p key={k} className="field-error">
                {m}
              </p>
            ))}
        </div>
        <label className="check">
          <input type="checkbox" name="featured" defaultChecked={a?.featured} />{' '}
          {t('editor.featured')}
        </label>
        <div className="inline-actions">
          <button
            type="submit"
            name="intent"
            value="save"
            className="button button-secondary"
            disabled={navigation.state === 'submitting'}
          >
            {t('editor.save')}
          </button>
          <button
            type="submit"
            name="intent"
            value="publish"
            className="button"
            disabled={navigation.state === 'submitting'}
          >
            {t('editor.publishNow')}
          </button>
          <label htmlFor="f-publishAt">{t('editor.scheduleAt')}</label>
          <input
            id="f-publishAt"
            name="publishAt"
            type="text"
            inputMode="numeric"
            autoComplete="off"
            placeholder="dd/mm/yyyy hh:mm"
            title={t('form.dateTimeHint')}
            defaultValue={scheduled && a?.publishedAt ? toVietnamLocal(a.publishedAt) : ''}
            aria-invalid={error?.fields?.publishAt ? true : undefined}
            aria-describedby={error?.fields?.publishAt ? 'f-publishAt-error' : undefined}
          />
          {error?.fields?.publishAt && (
            <span className="field-error" id="f-publishAt-error">
              {error.fields.publishAt}
            </span>
          )}
          <button type="submit" name="intent" value="schedule" className="button button-secondary">
            {t('editor.schedule')}
          </button>
          {a && (a.status === 'published' || scheduled) && (
            <button
              type="submit"
              name="intent"
              value="unpublish"
              className="button button-secondary"
            >
              {t('editor.unpublish')}
            </button>
          )}
          <button type="button" className="link-button" onClick={() => setPreview((p) => !p)}>
            {t('editor.preview')}
          </button>
        </div>
      </Form>
      {preview && <Preview />}
      {existing && existing.revisions.length > 0 && (
        <section>
          <h2>{t('editor.revisions')}</h2>
          <ul>
            {existing.revisions.map((r) => (
              <li key={r.id}>
                {formatDateTime(r.at)} ·{' '}
                {t(`editor.actions.${r.action as 'created'}`, { defaultValue: r.action })}
                {r.editorName ? ` · ${r.editorName}` : ''}
              </li>
            ))}
          </ul>
        </section>
      )}
    </section>
  );
}

/** The article as readers will see it, from what is in the form now. */
function Preview() {
  const form = document.querySelector<HTMLFormElement>('.editor form');
  const data = form ? new FormData(form) : new FormData();
  return (
    <article className="news-article preview" aria-label="preview">
      <h1>{String(data.get('title') ?? '')}</h1>
      <p className="sapo">{String(data.get('summary') ?? '')}</p>
      <div
        className="article-body"
        dangerouslySetInnerHTML={{ __html: String(data.get('bodyHtml') ?? '') }}
      />
    </article>
  );
}
