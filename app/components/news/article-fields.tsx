import { useTranslation } from '../../i18n/use-translation.ts';
import { photoPath } from '../../../protocol/news.ts';
import type { FormError } from '../../forms.ts';
import { CheckboxField, Field, SelectField, TextAreaField } from '../field.tsx';

export interface ArticleValues {
  categoryId: string | null;
  conferenceId: string | null;
  tags: string[];
  authorName: string;
  sourceName: string;
  sourceUrl: string | null;
  coverPhotoId: string | null;
  featured: boolean;
}

/** What an article says about itself besides its text: where it belongs, who, sources, links. */
export function ArticleFields({
  a,
  links,
  categories,
  conferences,
  covers,
  error,
}: {
  a: ArticleValues | undefined;
  links: readonly { title: string; url: string }[];
  categories: readonly { id: string; name: string }[];
  conferences: readonly { id: string; title: string }[];
  covers: readonly string[];
  error: FormError | undefined;
}) {
  const { t } = useTranslation();
  const linkErrors = Object.entries(error?.fields ?? {}).filter(([k]) => k.startsWith('links'));
  return (
    <>
      <div className="editor-grid">
        <SelectField
          id="f-category"
          name="categoryId"
          label={t('editor.category')}
          none={t('editor.noCategory')}
          defaultValue={a?.categoryId ?? ''}
          options={categories.map((c) => ({ value: c.id, label: c.name }))}
          error={error?.fields?.categoryId}
        />
        <SelectField
          id="f-conference"
          name="conferenceId"
          label={t('editor.conference')}
          none={t('editor.noConference')}
          defaultValue={a?.conferenceId ?? ''}
          options={conferences.map((c) => ({ value: c.id, label: c.title }))}
          error={error?.fields?.conferenceId}
        />
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
      </div>
      <CoverPicker
        covers={covers}
        current={a?.coverPhotoId ?? null}
        error={error?.fields?.coverPhotoId}
      />
      <TextAreaField
        id="f-links"
        name="links"
        label={t('editor.links')}
        rows={3}
        defaultValue={links.map((l) => `${l.title} | ${l.url}`).join('\n')}
        error={linkErrors.map(([, m]) => m).join(' ') || undefined}
      />
      <CheckboxField name="featured" label={t('editor.featured')} defaultChecked={a?.featured} />
    </>
  );
}

/**
 * The cover photo, picked from thumbnails of the photos uploaded while writing and
 * those in the body (radio buttons: one or none).
 */
function CoverPicker({
  covers,
  current,
  error,
}: {
  covers: readonly string[];
  current: string | null;
  error: string | undefined;
}) {
  const { t } = useTranslation();
  return (
    <fieldset className="cover-picker" aria-describedby="f-cover-hint">
      <legend className="field-label">{t('editor.cover')}</legend>
      <p className="field-hint" id="f-cover-hint">
        {t('editor.coverHint')}
      </p>
      <div className="cover-options">
        <label className="cover-option">
          <input type="radio" name="coverPhotoId" value="" defaultChecked={!current} />
          <span>{t('editor.noCover')}</span>
        </label>
        {covers.map((id, i) => (
          <label key={id} className="cover-option">
            <input type="radio" name="coverPhotoId" value={id} defaultChecked={id === current} />
            <img src={photoPath(id, 320, 'webp')} alt={`${t('editor.cover')} ${i + 1}`} />
          </label>
        ))}
      </div>
      {error && <p className="field-error">{error}</p>}
    </fieldset>
  );
}
