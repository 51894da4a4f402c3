import { useTranslation } from 'react-i18next';
import { Form } from 'react-router';

/** The conference's discussion themes, in order: rename, move, remove, add (organisers). */
export function ThemeList({
  themes,
  organise,
}: {
  themes: readonly { id: string; title: string }[];
  organise: boolean;
}) {
  const { t } = useTranslation();
  return (
    <>
      <h2>{t('conf.themes')}</h2>
      <Form method="post" className="stack">
        <input type="hidden" name="intent" value="themes" />
        <ol className="theme-list">
          {themes.map((theme, i) => (
            <li key={theme.id}>
              <input type="hidden" name="themeId" value={theme.id} />
              <label className="visually-hidden" htmlFor={`theme-${i}`}>
                {t('conf.themes')} {i + 1}
              </label>
              <input
                id={`theme-${i}`}
                name="themeTitle"
                defaultValue={theme.title}
                readOnly={!organise}
              />
              {organise && (
                <span className="row-actions">
                  <button type="submit" name="move" value={`u${i}`} disabled={i === 0}>
                    {t('conf.moveUp')}
                  </button>
                  <button
                    type="submit"
                    name="move"
                    value={`d${i}`}
                    disabled={i === themes.length - 1}
                  >
                    {t('conf.moveDown')}
                  </button>
                  <button type="submit" name="move" value={`x${i}`}>
                    {t('conf.remove')}
                  </button>
                </span>
              )}
            </li>
          ))}
        </ol>
        {organise && (
          <div className="inline-actions">
            <label className="visually-hidden" htmlFor="new-theme">
              {t('conf.addTheme')}
            </label>
            <input id="new-theme" name="newTheme" placeholder={t('conf.addTheme')} />
            <button type="submit" className="button button-secondary">
              {t('conf.save')}
            </button>
          </div>
        )}
      </Form>
    </>
  );
}
