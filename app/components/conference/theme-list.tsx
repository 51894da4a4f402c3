import { useTranslation } from '../../i18n/use-translation.ts';
import { Form } from 'react-router';
import { ConfirmAction, removalConfirmation } from '../confirm-dialog.tsx';

type Usage = Record<string, { agendaItems: number; submissions: number; contributions: number }>;

/**
 * The conference's discussion themes, in order: rename, move, add (one form, `themes`,
 * whose fields sit in the list through their `form` attribute), and remove each one
 * (organisers) through the confirmation dialog (`removeTheme`), which says what loses
 * the theme, or why it cannot go.
 */
export function ThemeList({
  themes,
  organise,
  usage,
}: {
  themes: readonly { id: string; title: string }[];
  organise: boolean;
  usage: Usage | null;
}) {
  const { t } = useTranslation();
  const form = 'themes-form';
  return (
    <>
      <h2>{t('conf.themes')}</h2>
      <Form method="post" id={form}>
        <input type="hidden" name="intent" value="themes" />
      </Form>
      <ol className="theme-list">
        {themes.map((theme, i) => {
          const used = usage?.[theme.id];
          return (
            <li key={theme.id}>
              <input type="hidden" name="themeId" value={theme.id} form={form} />
              <label className="visually-hidden" htmlFor={`theme-${i}`}>
                {t('conf.themes')} {i + 1}
              </label>
              <input
                id={`theme-${i}`}
                name="themeTitle"
                form={form}
                defaultValue={theme.title}
                readOnly={!organise}
              />
              {organise && (
                <span className="row-actions">
                  <button type="submit" form={form} name="move" value={`u${i}`} disabled={i === 0}>
                    {t('conf.moveUp')}
                  </button>
                  <button
                    type="submit"
                    form={form}
                    name="move"
                    value={`d${i}`}
                    disabled={i === themes.length - 1}
                  >
                    {t('conf.moveDown')}
                  </button>
                  <ConfirmAction
                    intent="removeTheme"
                    fields={{ themeId: theme.id }}
                    label={t('conf.remove')}
                    what={theme.title}
                    confirmation={removalConfirmation(
                      t,
                      'theme',
                      {
                        name: theme.title,
                        agendaItems: used?.agendaItems ?? 0,
                        submissions: used?.submissions ?? 0,
                      },
                      {
                        blocked: used?.contributions
                          ? t('safety.theme.blocked', {
                              name: theme.title,
                              count: used.contributions,
                            })
                          : undefined,
                      },
                    )}
                  />
                </span>
              )}
            </li>
          );
        })}
      </ol>
      {organise && (
        <div className="inline-actions">
          <label className="visually-hidden" htmlFor="new-theme">
            {t('conf.addTheme')}
          </label>
          <input id="new-theme" name="newTheme" form={form} placeholder={t('conf.addTheme')} />
          <button type="submit" form={form} className="button button-secondary">
            {t('conf.save')}
          </button>
        </div>
      )}
    </>
  );
}
