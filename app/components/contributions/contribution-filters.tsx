import { useTranslation } from 'react-i18next';
import { contributionKinds } from '../../../protocol/contributions.ts';
import { FilterForm, FilterSelect, SearchInput } from '../filters.tsx';

/** Search (diacritics ignored), theme, kind and order of the published contributions. */
export function ContributionFilters({
  input,
  themes,
}: {
  input: { q?: string; themeId?: string; kind?: string; sort: string };
  themes: readonly { id: string; title: string }[];
}) {
  const { t } = useTranslation();
  return (
    <FilterForm submit={t('contrib.searchSubmit')}>
      <SearchInput id="q" label={t('contrib.search')} defaultValue={input.q} />
      <FilterSelect
        id="f-theme"
        name="themeId"
        label={t('contrib.form.theme')}
        all={t('contrib.allThemes')}
        defaultValue={input.themeId}
        options={themes.map((th) => ({ value: th.id, label: th.title }))}
      />
      <FilterSelect
        id="f-kind"
        name="kind"
        label={t('contrib.form.kind')}
        all={t('contrib.allKinds')}
        defaultValue={input.kind}
        options={contributionKinds.map((k) => ({ value: k, label: t(`contrib.kinds.${k}`) }))}
      />
      <label className="visually-hidden" htmlFor="f-sort">
        {t('contrib.sortNewest')}
      </label>
      <select id="f-sort" name="sort" defaultValue={input.sort}>
        <option value="newest">{t('contrib.sortNewest')}</option>
        <option value="supported">{t('contrib.sortSupported')}</option>
      </select>
    </FilterForm>
  );
}
