import { useTranslation } from 'react-i18next';

/** Sets the document title (React hoists <title> into the head). */
export function PageTitle({ children }: { children?: string }) {
  const { t } = useTranslation();
  const site = t('site.name');
  return <title>{children ? `${children} – ${site}` : `${site} – ${t('site.tagline')}`}</title>;
}
