import { useTranslation } from '../../i18n/use-translation.ts';
import { safeCell } from '../../../protocol/csv.ts';
import { formatDateTime } from '../../i18n/format.ts';
import { DataTable } from '../data-table.tsx';
import { FormAlert } from '../field.tsx';
import { ActionForm } from '../action-form.tsx';
import { RowAction } from '../row-action.tsx';

interface Link {
  token: string;
  siteName: string;
  operatorName: string;
  url: string;
  expiresAt: string | Date;
}

/** The links as a CSV file made in the browser (never stored on the server). */
function linksCsv(links: readonly Link[]) {
  const cell = (v: string) => `"${String(safeCell(v)).replace(/"/g, '""')}"`;
  const rows = [['Điểm cầu', 'Cán bộ kỹ thuật', 'Liên kết đăng nhập', 'Hết hạn']].concat(
    links.map((l) => [l.siteName, l.operatorName, l.url, formatDateTime(l.expiresAt)]),
  );
  const text = '\uFEFF' + rows.map((r) => r.map(cell).join(',')).join('\r\n');
  return `data:text/csv;charset=utf-8,${encodeURIComponent(text)}`;
}

/**
 * Operator accounts for the bridge points, and their single-use sign-in links (shown
 * once, with who got none because they sign in with an account of their own).
 */
export function OperatorLinks({
  created,
  links,
  skipped,
}: {
  created: number | undefined;
  links: readonly Link[] | undefined;
  skipped: readonly { operatorName: string; siteName: string }[];
}) {
  const { t } = useTranslation();
  return (
    <>
      <h2 id="operators">{t('conf.operators.title')}</h2>
      <p className="muted">{t('conf.operators.help')}</p>
      {created !== undefined && (
        <FormAlert kind="success">{t('conf.operators.createdMany', { count: created })}</FormAlert>
      )}
      <RowAction intent="operators" label={t('conf.operators.forAll')} variant="secondary" />
      <ActionForm intent="links" className="inline-actions" submit={t('conf.operators.issue')}>
        <ValidHoursField id="valid-hours" />
      </ActionForm>
      {links && (
        <div className="stack">
          <h3>{t('conf.operators.links')}</h3>
          {skipped.length > 0 && (
            <FormAlert kind="error">
              {t('conf.operators.skipped', {
                count: skipped.length,
                names: skipped.map((s) => `${s.operatorName} (${s.siteName})`).join(', '),
              })}
            </FormAlert>
          )}
          {links.length === 0 ? (
            <p>{t('conf.operators.none')}</p>
          ) : (
            <>
              <p className="muted">
                {t('conf.operators.linksHelp', { time: formatDateTime(links[0]!.expiresAt) })}
              </p>
              <DataTable
                rows={links}
                rowKey={(l) => l.token}
                columns={[
                  { header: t('conf.sites.name'), cell: (l) => l.siteName },
                  { header: t('conf.operators.operator'), cell: (l) => l.operatorName },
                  {
                    header: t('conf.operators.link'),
                    cell: (l) => <code className="link-code">{l.url}</code>,
                  },
                ]}
              />
              <p>
                <a href={linksCsv(links)} download="lien-ket-dang-nhap.csv">
                  {t('conf.operators.downloadCsv')}
                </a>
              </p>
            </>
          )}
        </div>
      )}
    </>
  );
}

/** How many hours sign-in links stay valid (1–720, 72 by default): shared by both ways of issuing them. */
export function ValidHoursField({ id }: { id: string }) {
  const { t } = useTranslation();
  return (
    <>
      <label htmlFor={id}>{t('conf.operators.validHours')}</label>
      <input
        id={id}
        name="validHours"
        type="number"
        min={1}
        max={720}
        defaultValue={72}
        className="short"
      />
    </>
  );
}
