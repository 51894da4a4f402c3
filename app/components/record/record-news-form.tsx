import { useTranslation } from '../../i18n/use-translation.ts';
import { Form, Link } from 'react-router';
import type { FormError } from '../../forms.ts';
import { SubmitButton } from '../action-form.tsx';
import { FormAlert } from '../field.tsx';

/** "Into the news": makes a draft article from the record (posts `intent=newsDraft`). */
export function RecordNewsForm({
  error,
  existing,
}: {
  error?: FormError;
  /** The draft made before, if any. */
  existing?: { id: string; title: string } | null;
}) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="record-news" className="stack narrow">
      <h2 id="record-news">{t('record.news')}</h2>
      <p className="muted">{t('record.newsHint')}</p>
      {error && <FormAlert kind="error">{error.message}</FormAlert>}
      {existing && (
        <p>
          <Link to={`/quan-tri/tin-tuc/${existing.id}`}>
            {t('record.newsExisting', { title: existing.title })}
          </Link>
        </p>
      )}
      <Form method="post">
        <input type="hidden" name="intent" value="newsDraft" />
        <SubmitButton>{t('record.newsCreate')}</SubmitButton>
      </Form>
    </section>
  );
}
