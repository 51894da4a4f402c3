import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from '../../i18n/use-translation.ts';
import { Form, useActionData } from 'react-router';
import { RowAction } from '../row-action.tsx';

export interface AdminCategory {
  id: string;
  slug: string;
  name: string;
  description: string;
  hidden: boolean;
  articleCount: number;
}

/**
 * Removing a category: the dialog says first what happens to its articles ("N bài viết
 * sẽ chuyển sang 'Không chuyên mục'", or to the category chosen in it), and only its
 * confirm button posts. Without JavaScript the row's button posts without `confirmed`,
 * the server does nothing and the page comes back with this dialog open.
 */
export function RemoveCategory({
  category,
  others,
}: {
  category: AdminCategory;
  others: { id: string; name: string }[];
}) {
  const { t } = useTranslation();
  const id = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const [target, setTarget] = useState('');
  const answer = useActionData() as
    { intent?: string; confirm?: Record<string, string> } | undefined;
  const asked = answer?.intent === 'remove' && answer.confirm?.id === category.id;
  useEffect(() => {
    if (!asked || !dialog.current) return;
    if (dialog.current.open) dialog.current.close();
    dialog.current.showModal();
  }, [asked, answer]);
  const targetName = others.find((o) => o.id === target)?.name ?? t('categoriesAdmin.noCategory');
  const count = category.articleCount;
  return (
    <>
      <Form
        method="post"
        className="row-action"
        onSubmit={(event) => {
          event.preventDefault();
          dialog.current?.showModal();
        }}
      >
        <input type="hidden" name="intent" value="remove" />
        <input type="hidden" name="id" value={category.id} />
        <button
          type="submit"
          className="link-button"
          aria-haspopup="dialog"
          aria-label={`${t('categoriesAdmin.remove')}: ${category.name}`}
        >
          {t('categoriesAdmin.remove')}
        </button>
      </Form>
      <dialog
        ref={dialog}
        className="confirm-dialog"
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-body`}
        open={asked || undefined}
      >
        <h2 id={`${id}-title`}>{t('categoriesAdmin.removeTitle', { name: category.name })}</h2>
        <Form method="post" id={`${id}-form`} onSubmit={() => dialog.current?.close()}>
          <input type="hidden" name="intent" value="remove" />
          <input type="hidden" name="id" value={category.id} />
          <input type="hidden" name="confirmed" value="yes" />
          <div id={`${id}-body`}>
            {count > 0 && others.length > 0 && (
              <p className="field">
                <label htmlFor={`${id}-move`}>{t('categoriesAdmin.moveTo')}</label>
                <select
                  id={`${id}-move`}
                  name="moveTo"
                  value={target}
                  onChange={(e) => setTarget(e.target.value)}
                >
                  <option value="">{t('categoriesAdmin.noCategory')}</option>
                  {others.map((o) => (
                    <option key={o.id} value={o.id}>
                      {o.name}
                    </option>
                  ))}
                </select>
              </p>
            )}
            <p className="removal-consequence">
              {count === 0
                ? t('categoriesAdmin.removeNone')
                : target
                  ? t('categoriesAdmin.removeMovesTo', { count, target: targetName })
                  : t('categoriesAdmin.removeMoves', { count })}
            </p>
            <p className="muted">{t('categoriesAdmin.removeKept')}</p>
          </div>
        </Form>
        <div className="dialog-actions">
          <form method="dialog">
            <button type="submit" className="button button-secondary" autoFocus>
              {t('safety.dialog.cancel')}
            </button>
          </form>
          <button type="submit" form={`${id}-form`} className="button button-danger">
            {t('categoriesAdmin.removeConfirm')}
          </button>
        </div>
      </dialog>
    </>
  );
}

/** One category's row: order buttons, visibility, an edit form, removal. */
export function CategoryRow({
  category,
  index,
  total,
  others,
}: {
  category: AdminCategory;
  index: number;
  total: number;
  others: { id: string; name: string }[];
}) {
  const { t } = useTranslation();
  const name = category.name;
  return (
    <tr>
      <td>{index + 1}</td>
      <th scope="row">
        <a href={`/chuyen-muc/${category.slug}`}>{name}</a>
        {category.description && <div className="muted">{category.description}</div>}
      </th>
      <td>{category.articleCount}</td>
      <td>{category.hidden ? t('categoriesAdmin.hiddenState') : t('categoriesAdmin.shown')}</td>
      <td className="category-actions">
        <RowAction
          intent="move"
          fields={{ id: category.id, direction: 'up' }}
          label={t('categoriesAdmin.up')}
          what={t('categoriesAdmin.upLabel', { name })}
          disabled={index === 0}
        />
        <RowAction
          intent="move"
          fields={{ id: category.id, direction: 'down' }}
          label={t('categoriesAdmin.down')}
          what={t('categoriesAdmin.downLabel', { name })}
          disabled={index === total - 1}
        />
        <RowAction
          intent="visibility"
          fields={{ id: category.id, hidden: category.hidden ? 'false' : 'true' }}
          label={category.hidden ? t('categoriesAdmin.show') : t('categoriesAdmin.hide')}
          what={name}
        />
        <details className="category-edit">
          <summary aria-label={t('categoriesAdmin.editTitle', { name })}>
            {t('categoriesAdmin.edit')}
          </summary>
          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="edit" />
            <input type="hidden" name="id" value={category.id} />
            <label>
              {t('categoriesAdmin.name')}
              <input name="name" defaultValue={category.name} required />
            </label>
            <label>
              {t('categoriesAdmin.description')}
              <input name="description" defaultValue={category.description} />
            </label>
            <button type="submit" className="button">
              {t('categoriesAdmin.save')}
            </button>
          </Form>
        </details>
        <RemoveCategory category={category} others={others} />
      </td>
    </tr>
  );
}
