import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../i18n/format.ts';

/** Every save of an article: when, what, who. */
export function ArticleHistory({
  revisions,
}: {
  revisions: readonly {
    id: string;
    at: Date | string;
    action: string;
    editorName: string | null;
  }[];
}) {
  const { t } = useTranslation();
  if (revisions.length === 0) return null;
  return (
    <section>
      <h2>{t('editor.revisions')}</h2>
      <ul>
        {revisions.map((r) => (
          <li key={r.id}>
            {formatDateTime(r.at)} ·{' '}
            {t(`editor.actions.${r.action as 'created'}`, { defaultValue: r.action })}
            {r.editorName ? ` · ${r.editorName}` : ''}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The article as readers will see it, from what is in the form now. */
export function ArticlePreview() {
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
