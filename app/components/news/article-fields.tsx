import { useTranslation } from 'react-i18next';
import { photoPath } from '../../../protocol/news.ts';
import type { FormError } from '../../forms.ts';
import { CheckboxField, Field, TextAreaField } from '../field.tsx';
import { SelectField } from '../field.tsx';

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
        <SelectField
          id="f-cover"
          name="coverPhotoId"
          label={t('editor.cover')}
          none={t('editor.noCover')}
          defaultValue={a?.coverPhotoId ?? ''}
          options={covers.map((id, i) => ({
            value: id,
            label: `${i + 1}. ${photoPath(id, 320, 'webp')}`,
          }))}
          error={error?.fields?.coverPhotoId ?? undefined}
        />
      </div>
      <p className="field-hint">{t('editor.coverHint')}</p>
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
