import { useTranslation } from '../i18n/use-translation.ts';
import { runAction } from '../actions.ts';
import { uploadPhoto } from '../../domain/news/photos.ts';
import { getSiteSettings, updateSiteSettings } from '../../domain/news/site-settings.ts';
import { SiteSettings } from '../../protocol/site-settings.ts';
import { ActionForm } from '../components/action-form.tsx';
import { CheckboxField, Field, FileField, TextAreaField } from '../components/field.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { formFiles, parseForm, requireAdminPage } from '../forms.ts';
import { formatDateTime } from '../i18n/format.ts';
import { photoPath } from '../../protocol/news.ts';
import type { Route } from './+types/admin-site-settings';

/**
 * "Thông tin cổng": the portal's names, emblem and the particulars a state e-portal
 * must show (Nghị định 42/2022/NĐ-CP), as administrators set them.
 */
export async function loader({ context, request }: Route.LoaderArgs) {
  requireAdminPage(context, request);
  return { settings: await getSiteSettings({ db: context.db }) };
}

export async function action(args: Route.ActionArgs) {
  requireAdminPage(args.context, args.request);
  const { db } = args.context;
  return runAction(
    args,
    {
      save: async ({ actor, form }) => {
        const current = await getSiteSettings({ db });
        const [file] = await formFiles(form, 'emblem');
        const emblemPhotoId = file
          ? (await uploadPhoto({ db, actor, file })).id
          : form.get('removeEmblem') === 'on'
            ? null
            : current.emblemPhotoId;
        const input = parseForm(SiteSettings, form, { emblemPhotoId });
        await updateSiteSettings({ db, actor, input });
      },
    },
    'save',
  );
}

const TEXT_FIELDS = [
  ['identity', ['siteName', 'siteNameEn', 'agencyName', 'agencyNameEn']],
  [
    'duties',
    [
      'managingAgency',
      'managingAgencyEn',
      'responsiblePerson',
      'address',
      'phone',
      'email',
      'licence',
    ],
  ],
] as const;

export default function AdminSiteSettings({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const { settings } = loaderData;
  const failed = actionData && 'error' in actionData ? actionData.error : undefined;
  return (
    <section className="stack">
      <PageTitle>{t('siteSettings.title')}</PageTitle>
      <h1>{t('siteSettings.title')}</h1>
      <p className="muted">{t('siteSettings.intro')}</p>
      {settings.updatedAt && (
        <p className="muted">
          {t('siteSettings.updatedAt', { at: formatDateTime(settings.updatedAt) })}
        </p>
      )}
      <ActionForm
        intent="save"
        values={settings}
        error={failed}
        success={actionData && 'ok' in actionData ? t('siteSettings.saved') : false}
        submit={t('siteSettings.save')}
        encType="multipart/form-data"
      >
        {TEXT_FIELDS.map(([group, fields]) => (
          <fieldset key={group} className="stack">
            <legend>{t(`siteSettings.${group}`)}</legend>
            {fields.map((name) => (
              <Field
                key={name}
                name={name}
                label={t(`siteSettings.${name}`)}
                type={name === 'email' ? 'email' : name === 'phone' ? 'tel' : 'text'}
              />
            ))}
            {group === 'identity' && (
              <>
                {settings.emblemPhotoId && (
                  <img
                    className="portal-emblem"
                    src={photoPath(settings.emblemPhotoId, 320, 'webp')}
                    alt={t('siteSettings.emblem')}
                  />
                )}
                <FileField
                  name="emblem"
                  label={t('siteSettings.emblem')}
                  hint={t('siteSettings.emblemHint')}
                  accept="image/jpeg, image/png, image/webp"
                />
                {settings.emblemPhotoId && (
                  <CheckboxField name="removeEmblem" label={t('siteSettings.emblemRemove')} />
                )}
              </>
            )}
          </fieldset>
        ))}
        <fieldset className="stack">
          <legend>{t('siteSettings.seo')}</legend>
          <TextAreaField name="description" label={t('siteSettings.description')} rows={3} />
          <TextAreaField name="descriptionEn" label={t('siteSettings.descriptionEn')} rows={3} />
        </fieldset>
      </ActionForm>
    </section>
  );
}
