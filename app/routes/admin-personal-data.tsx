import { useTranslation } from '../i18n/use-translation.ts';
import { confirmFirst, runAction, type Acting } from '../actions.ts';
import { actionResult } from '../action-result.ts';
import { erasePersonalData } from '../../domain/privacy/erase-personal-data.ts';
import {
  erasurePlan,
  findPersonalData,
  personalDataKey,
} from '../../domain/privacy/find-personal-data.ts';
import {
  getPrivacyNotice,
  listPrivacyNoticeVersions,
  savePrivacyNotice,
} from '../../domain/privacy/privacy-notice.ts';
import { isAppError } from '../../domain/errors.ts';
import { PersonalDataQuery, PrivacyNoticeInput } from '../../protocol/privacy.ts';
import { FormAlert } from '../components/field.tsx';
import { FilterForm, SearchInput } from '../components/filters.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { NoticeForm } from '../components/privacy/notice-form.tsx';
import { PersonData } from '../components/privacy/person-data.tsx';
import { formText, parseForm, parseQuery, requireAdminPage } from '../forms.ts';
import { getT } from '../i18n/i18n.ts';
import type { Route } from './+types/admin-personal-data';

/**
 * "Dữ liệu cá nhân" (Nghị định 13/2023/NĐ-CP): the notice on the public forms, how long
 * contacts are kept, and one person's request — find, export, erase.
 */
export async function loader({ context, request }: Route.LoaderArgs) {
  const actor = requireAdminPage(context, request);
  const { db } = context;
  const { key: keyText = '' } = parseQuery(PersonalDataQuery, request);
  let person = null;
  let keyError: string | null = null;
  if (keyText) {
    try {
      const key = personalDataKey(keyText);
      const found = await findPersonalData({ db, actor, key });
      person = { found, plan: erasurePlan(found) };
    } catch (err) {
      if (!isAppError(err)) throw err;
      keyError = getT(context.lang)('errors.personal_data_key');
    }
  }
  return {
    notice: await getPrivacyNotice({ db }),
    versions: await listPrivacyNoticeVersions({ db, actor }),
    keyText,
    keyError,
    person,
  };
}

export async function action(args: Route.ActionArgs) {
  requireAdminPage(args.context, args.request);
  const { db, secret } = args.context;
  return runAction(args, {
    save: async ({ actor, form }) => {
      const saved = await savePrivacyNotice({
        db,
        actor,
        input: parseForm(PrivacyNoticeInput, form),
      });
      return { saved: saved.version };
    },
    erase: confirmFirst(async ({ actor, form }: Acting) => {
      const key = personalDataKey(formText(form, 'key'));
      return { erased: await erasePersonalData({ db, actor, key, secret }) };
    }),
  });
}

export default function AdminPersonalData({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const { notice, versions, keyText, keyError, person } = loaderData;
  const result = actionResult(actionData);
  const erased = result.ok && 'erased' in result.ok ? result.ok.erased : undefined;
  return (
    <section className="stack">
      <PageTitle>{t('privacy.admin.title')}</PageTitle>
      <h1>{t('privacy.admin.title')}</h1>
      <p className="muted">{t('privacy.admin.intro')}</p>
      <h2>{t('privacy.admin.requestHeading')}</h2>
      <p className="muted">{t('privacy.admin.requestHint')}</p>
      {erased && (
        <FormAlert kind="success">
          {t('privacy.admin.erased', {
            anonymised: erased.contributionsAnonymised,
            deleted: erased.contributionsDeleted,
            delegates: erased.delegates,
            sites: erased.sites,
            accounts: erased.accounts,
          })}
        </FormAlert>
      )}
      {result.errorOf('erase') && (
        <FormAlert kind="error">{result.errorOf('erase')!.message}</FormAlert>
      )}
      <FilterForm submit={t('privacy.admin.find')} values={{ key: keyText }}>
        <SearchInput name="key" label={t('privacy.admin.key')} />
      </FilterForm>
      {keyError && <FormAlert kind="error">{keyError}</FormAlert>}
      {person && <PersonData found={person.found} plan={person.plan} keyText={keyText} />}
      <NoticeForm
        notice={notice}
        versions={versions}
        error={result.errorOf('save')}
        saved={result.ok && 'saved' in result.ok ? result.ok.saved : undefined}
      />
    </section>
  );
}
