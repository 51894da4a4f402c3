import { useTranslation } from '../../i18n/use-translation.ts';
import { formatDateTime } from '../../i18n/format.ts';
import { ArticleBody } from './article-body.tsx';

interface Revision {
  id: string;
  at: Date | string;
  action: string;
  editorName: string | null;
  publishedAt: string | null;
  changes: {
    field: 'title' | 'summary' | 'body';
    parts: { kind: 'same' | 'added' | 'removed'; text: string }[];
  }[];
}

/** Every version of an article: when, what was done, who, and what changed in its text. */
export function ArticleHistory({ revisions }: { revisions: readonly Revision[] }) {
  const { t } = useTranslation();
  if (revisions.length === 0) return null;
  return (
    <section className="article-history">
      <h2>{t('editor.revisions')}</h2>
      <ol>
        {revisions.map((r) => (
          <li key={r.id}>
            <p>
              <strong>
                {t(`editor.actions.${r.action as 'created'}`, { defaultValue: r.action })}
              </strong>{' '}
              · {formatDateTime(r.at)}
              {r.editorName ? ` · ${r.editorName}` : ''}
              {r.publishedAt && r.action !== 'updated' && r.action !== 'created'
                ? ` · ${t('editor.diff.date', { at: formatDateTime(r.publishedAt) })}`
                : ''}
            </p>
            {r.changes.length > 0 && (
              <dl className="diff">
                {r.changes.map((c) => (
                  <div key={c.field}>
                    <dt>{t(`editor.diff.${c.field}`)}</dt>
                    <dd>
                      {c.parts.map((p, i) =>
                        p.kind === 'added' ? (
                          <ins key={i} title={t('editor.diff.added')}>
                            {p.text}
                          </ins>
                        ) : p.kind === 'removed' ? (
                          <del key={i} title={t('editor.diff.removed')}>
                            {p.text}
                          </del>
                        ) : (
                          <span key={i}>{p.text}</span>
                        ),
                      )}
                    </dd>
                  </div>
                ))}
              </dl>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

/**
 * The article as readers will see it: the title, sapo and the body as the server
 * sanitised and rendered it (the same `ArticleBody` as the public page).
 */
export function ArticlePreview({
  preview,
}: {
  preview: { title: string; summary: string; body: string } | null;
}) {
  const { t } = useTranslation();
  return (
    <section className="article-preview" aria-label={t('editor.preview')}>
      <p className="muted">{preview ? t('editor.previewTitle') : t('editor.previewLoading')}</p>
      {preview && (
        <article className="news-article">
          <h1>{preview.title}</h1>
          {preview.summary && <p className="sapo">{preview.summary}</p>}
          <ArticleBody html={preview.body} />
        </article>
      )}
    </section>
  );
}
