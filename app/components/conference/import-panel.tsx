import { useTranslation } from '../../i18n/use-translation.ts';
import { Form, useNavigation } from 'react-router';
import type { ImportPreview } from '../../../domain/conferences/preview-import.ts';
import type { FormError } from '../../forms.ts';
import { problemMessage } from '../../i18n/error-body.ts';
import { DataTable } from '../data-table.tsx';
import { FormAlert } from '../field.tsx';

/**
 * Importing bridge points and delegates: a file is checked first (every problem with
 * its sheet, line and column), and only a clean one can be confirmed.
 */
export function ImportPanel({
  preview,
  imported,
  error,
}: {
  preview: ImportPreview | undefined;
  imported: Record<string, number> | undefined;
  error: FormError | undefined;
}) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  return (
    <>
      <h2 id="import">{t('conf.import.title')}</h2>
      <p className="muted">{t('conf.import.help')}</p>
      {error && <FormAlert kind="error">{error.fields?.file ?? error.message}</FormAlert>}
      <Form
        method="post"
        encType="multipart/form-data"
        className="inline-actions"
        aria-labelledby="import"
      >
        <input type="hidden" name="intent" value="preview" />
        <label htmlFor="import-file">{t('conf.import.file')}</label>
        <input id="import-file" type="file" name="file" accept=".csv,.xlsx" required />
        <button
          type="submit"
          className="button button-secondary"
          disabled={navigation.state === 'submitting'}
        >
          {t('conf.import.check')}
        </button>
      </Form>
      {preview && preview.problems.length > 0 && (
        <div role="alert" className="stack">
          <FormAlert kind="error">
            {t('conf.import.problems', { count: preview.problems.length })}
          </FormAlert>
          <DataTable
            rows={preview.problems.map((problem, i) => ({ problem, id: String(i) }))}
            rowKey={(r) => r.id}
            className="problems"
            columns={[
              {
                header: t('conf.import.sheet'),
                cell: ({ problem: p }) =>
                  p.sheet === 'sites'
                    ? t('conf.import.sheetSites')
                    : t('conf.import.sheetDelegates'),
              },
              { header: t('conf.import.line'), cell: ({ problem: p }) => p.line },
              { header: t('conf.import.column'), cell: ({ problem: p }) => p.column },
              { header: t('conf.import.problem'), cell: ({ problem: p }) => problemMessage(p, t) },
            ]}
          />
        </div>
      )}
      {preview?.previewId && (
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value="confirm" />
          <input type="hidden" name="previewId" value={preview.previewId} />
          <FormAlert kind="success">
            {t('conf.import.ready', {
              sites: preview.plan.sites.length,
              newSites: preview.plan.sites.filter((s) => s.action === 'create').length,
              delegates: preview.plan.delegates.length,
              newDelegates: preview.plan.delegates.filter((d) => d.action === 'create').length,
            })}
          </FormAlert>
          <details>
            <summary>{t('conf.sites.title')}</summary>
            <ul>
              {preview.plan.sites.map((s) => (
                <li key={s.line}>
                  {s.name} —{' '}
                  {s.action === 'create' ? t('conf.import.new') : t('conf.import.update')}
                </li>
              ))}
            </ul>
          </details>
          <button type="submit" className="button">
            {t('conf.import.confirm')}
          </button>
        </Form>
      )}
      {imported && <FormAlert kind="success">{t('conf.import.done', imported)}</FormAlert>}
    </>
  );
}
