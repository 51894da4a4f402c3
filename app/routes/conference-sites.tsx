import { safeCell } from '../../protocol/csv.ts';
import { useTranslation } from 'react-i18next';
import { Form, Link, useNavigation, useRouteLoaderData } from 'react-router';
import { listUnits } from '../../domain/conferences/conferences.ts';
import { confirmImport } from '../../domain/conferences/confirm-import.ts';
import { previewImport, type ImportPreview } from '../../domain/conferences/preview-import.ts';
import { createMissingOperators, issueSignInLinks } from '../../domain/conferences/members.ts';
import { addSite, listSites } from '../../domain/conferences/sites.ts';
import { CreateSiteRequest, IssueLinksRequest } from '../../protocol/conferences.ts';
import { Field, FormAlert } from '../components/field.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { SelectField } from '../components/select-field.tsx';
import {
  actionError,
  formFiles,
  intentOf,
  pageData,
  requireSignedIn,
  parseForm,
  formId,
} from '../forms.ts';
import { problemMessage } from '../i18n/error-body.ts';
import { formatDateTime } from '../i18n/format.ts';
import type { loader as layoutLoader } from './conference-layout.tsx';
import type { Route } from './+types/conference-sites';

export async function loader({ context, request, params }: Route.LoaderArgs) {
  return pageData(request, async () => {
    const [sites, units] = await Promise.all([
      listSites({ db: context.db, actor: context.actor, conferenceId: params.conferenceId }),
      listUnits({ db: context.db }),
    ]);
    return { sites, units: units.map((u) => ({ id: u.id, name: u.name })) };
  });
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const actor = requireSignedIn(context, request);
  const form = await request.formData();
  const intent = intentOf(form);
  const { db } = context;
  const conferenceId = params.conferenceId;
  try {
    switch (intent) {
      case 'preview': {
        const preview: ImportPreview = await previewImport({
          db,
          actor,
          conferenceId,
          file: (await formFiles(form, 'file'))[0],
        });
        return { ok: true as const, intent, preview };
      }
      case 'confirm': {
        const result = await confirmImport({
          db,
          actor,
          conferenceId,
          previewId: formId(form, 'previewId'),
        });
        return { ok: true as const, intent, imported: result };
      }
      case 'operators': {
        const { created } = await createMissingOperators({ db, actor, conferenceId });
        return { ok: true as const, intent, created };
      }
      case 'links': {
        const input = parseForm(IssueLinksRequest, form);
        const { links, skipped } = await issueSignInLinks({
          db,
          actor,
          conferenceId,
          input,
          secret: context.secret,
        });
        return {
          ok: true as const,
          intent,
          links: links.map((l) => ({
            ...l,
            url: `${context.publicUrl}/dang-nhap/lien-ket/${l.token}`,
          })),
          skipped,
        };
      }
      default: {
        const input = parseForm(CreateSiteRequest, form);
        await addSite({ db, actor, conferenceId, input });
        return { ok: true as const, intent: 'site' };
      }
    }
  } catch (err) {
    return actionError(err, context.lang, { intent });
  }
}

function linksCsv(
  links: { siteName: string; operatorName: string; url: string; expiresAt: string | Date }[],
) {
  const cell = (v: string) => `"${String(safeCell(v)).replace(/"/g, '""')}"`;
  const rows = [['Điểm cầu', 'Cán bộ kỹ thuật', 'Liên kết đăng nhập', 'Hết hạn']].concat(
    links.map((l) => [l.siteName, l.operatorName, l.url, formatDateTime(l.expiresAt)]),
  );
  return `data:text/csv;charset=utf-8,${encodeURIComponent('\uFEFF' + rows.map((r) => r.map(cell).join(',')).join('\r\n'))}`;
}

export default function ConferenceSites({ loaderData, actionData, params }: Route.ComponentProps) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const layout = useRouteLoaderData<typeof layoutLoader>('routes/conference-layout')!;
  const organise = layout.can.organise;
  const { sites } = loaderData;
  const failed = actionData && !actionData.ok ? actionData : undefined;
  const ok = actionData?.ok ? actionData : undefined;
  const siteError = failed?.intent === 'site' || failed?.intent === '' ? failed.error : undefined;
  const preview = ok && 'preview' in ok ? ok.preview : undefined;
  const links = ok && 'links' in ok ? ok.links : undefined;
  const skipped = (ok && 'skipped' in ok ? ok.skipped : undefined) ?? [];
  const exportBase = `/api/v1/conferences/${params.conferenceId}/export`;
  return (
    <div className="stack">
      <PageTitle>{`${t('conf.sites.title')} – ${layout.conference.title}`}</PageTitle>
      <h2>{t('conf.sites.title')}</h2>
      {!organise && <p className="muted">{t('conf.sites.onlyOwn')}</p>}
      <p className="muted">{t('conf.sites.count', { count: sites.length })}</p>
      {sites.length === 0 ? (
        <p>{t('conf.sites.none')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('conf.sites.name')}</th>
                <th scope="col">{t('conf.sites.unit')}</th>
                <th scope="col">{t('conf.sites.chair')}</th>
                <th scope="col">{t('conf.sites.tech')}</th>
                <th scope="col">{t('conf.sites.expected')}</th>
                <th scope="col">{t('conf.sites.delegates')}</th>
              </tr>
            </thead>
            <tbody>
              {sites.map((s) => (
                <tr key={s.id}>
                  <td>
                    <Link to={s.id}>{s.name}</Link>
                    {s.isHost && <span className="badge">{t('conf.sites.host')}</span>}
                  </td>
                  <td>{s.unitName}</td>
                  <td>{[s.chairName, s.chairTitle].filter(Boolean).join(', ')}</td>
                  <td>{[s.techName, s.techPhone].filter(Boolean).join(' · ')}</td>
                  <td>{s.expectedAttendance ?? ''}</td>
                  <td>{s.delegates.length}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {organise && (
        <>
          <h2 id="import">{t('conf.import.title')}</h2>
          <p className="muted">{t('conf.import.help')}</p>
          {failed?.intent === 'preview' && (
            <FormAlert kind="error">{failed.error.fields?.file ?? failed.error.message}</FormAlert>
          )}
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
              <div className="table-wrap">
                <table className="problems">
                  <thead>
                    <tr>
                      <th scope="col">{t('conf.import.sheet')}</th>
                      <th scope="col">{t('conf.import.line')}</th>
                      <th scope="col">{t('conf.import.column')}</th>
                      <th scope="col">{t('conf.import.problem')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {preview.problems.map((p, i) => (
                      <tr key={i}>
                        <td>
                          {p.sheet === 'sites'
                            ? t('conf.import.sheetSites')
                            : t('conf.import.sheetDelegates')}
                        </td>
                        <td>{p.line}</td>
                        <td>{p.column}</td>
                        <td>{problemMessage(p, t)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </div>
          )}
          {preview && preview.previewId && (
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
          {ok && 'imported' in ok && (
            <FormAlert kind="success">{t('conf.import.done', ok.imported)}</FormAlert>
          )}

          <h2>{t('conf.export.title')}</h2>
          <ul className="link-list">
            <li>
              <a href={`${exportBase}?format=xlsx`} download>
                {t('conf.export.xlsx')}
              </a>
            </li>
            <li>
              <a href={`${exportBase}?format=csv&kind=sites`} download>
                {t('conf.export.sitesCsv')}
              </a>
            </li>
            <li>
              <a href={`${exportBase}?format=csv&kind=delegates`} download>
                {t('conf.export.delegatesCsv')}
              </a>
            </li>
          </ul>

          <h2 id="operators">{t('conf.operators.title')}</h2>
          <p className="muted">{t('conf.operators.help')}</p>
          {ok && 'created' in ok && (
            <FormAlert kind="success">
              {t('conf.operators.createdMany', { count: ok.created })}
            </FormAlert>
          )}
          <Form method="post" className="inline-actions">
            <input type="hidden" name="intent" value="operators" />
            <button type="submit" className="button button-secondary">
              {t('conf.operators.forAll')}
            </button>
          </Form>
          <Form method="post" className="inline-actions">
            <input type="hidden" name="intent" value="links" />
            <label htmlFor="valid-hours">{t('conf.operators.validHours')}</label>
            <input
              id="valid-hours"
              name="validHours"
              type="number"
              min={1}
              max={720}
              defaultValue={72}
              className="short"
            />
            <button type="submit" className="button">
              {t('conf.operators.issue')}
            </button>
          </Form>
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
                  <div className="table-wrap">
                    <table>
                      <thead>
                        <tr>
                          <th scope="col">{t('conf.sites.name')}</th>
                          <th scope="col">{t('conf.operators.operator')}</th>
                          <th scope="col">{t('conf.operators.link')}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {links.map((l) => (
                          <tr key={l.token}>
                            <td>{l.siteName}</td>
                            <td>{l.operatorName}</td>
                            <td>
                              <code className="link-code">{l.url}</code>
                            </td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                  <p>
                    <a href={linksCsv(links)} download="lien-ket-dang-nhap.csv">
                      {t('conf.operators.downloadCsv')}
                    </a>
                  </p>
                </>
              )}
            </div>
          )}

          <h2 id="add-site">{t('conf.sites.add')}</h2>
          {siteError && <FormAlert kind="error">{siteError.message}</FormAlert>}
          <Form method="post" className="stack narrow" aria-labelledby="add-site" noValidate>
            <input type="hidden" name="intent" value="site" />
            <Field
              name="name"
              label={t('conf.sites.name')}
              required
              error={siteError?.fields?.name}
            />
            <SelectField
              name="unitId"
              label={t('conf.sites.unitFromDirectory')}
              none={t('conf.noUnit')}
              defaultValue={''}
              options={loaderData.units.map((u) => ({ value: u.id, label: u.name }))}
            />
            <Field
              name="unitName"
              label={t('conf.sites.unitName')}
              required
              error={siteError?.fields?.unitName}
            />
            <label className="check">
              <input type="checkbox" name="isHost" /> {t('conf.sites.host')}
            </label>
            {siteError?.fields?.isHost && <p className="field-error">{siteError.fields.isHost}</p>}
            <Field name="address" label={t('conf.sites.address')} />
            <Field name="chairName" label={t('conf.sites.chairName')} />
            <Field name="chairTitle" label={t('conf.sites.chairTitle')} />
            <Field name="techName" label={t('conf.sites.techName')} />
            <Field
              name="techPhone"
              type="tel"
              label={t('conf.sites.techPhone')}
              error={siteError?.fields?.techPhone}
            />
            <Field
              name="techEmail"
              type="email"
              label={t('conf.sites.techEmail')}
              error={siteError?.fields?.techEmail}
            />
            <Field
              name="expectedAttendance"
              type="number"
              min={0}
              label={t('conf.sites.expected')}
              error={siteError?.fields?.expectedAttendance}
            />
            <button type="submit" className="button">
              {t('conf.sites.add')}
            </button>
          </Form>
        </>
      )}
    </div>
  );
}
