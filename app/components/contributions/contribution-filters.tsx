import { useTranslation } from '../../i18n/use-translation.ts';
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
  const themeOptions = themes.map((th) => ({ value: th.id, label: th.title }));
  const kinds = contributionKinds.map((k) => ({ value: k, label: t(`contrib.kinds.${k}`) }));
  const orders = (['newest', 'supported'] as const).map((s) => ({
    value: s,
    label: t(s === 'newest' ? 'contrib.sortNewest' : 'contrib.sortSupported'),
  }));
  return (
    <FilterForm submit={t('contrib.searchSubmit')} values={input}>
      <SearchInput label={t('contrib.search')} />
      <FilterSelect
        name="themeId"
        label={t('contrib.form.theme')}
        all={t('contrib.allThemes')}
        options={themeOptions}
      />
      <FilterSelect
        name="kind"
        label={t('contrib.form.kind')}
        all={t('contrib.allKinds')}
        options={kinds}
      />
      <FilterSelect name="sort" label={t('contrib.sortNewest')} options={orders} />
    </FilterForm>
  );
}
