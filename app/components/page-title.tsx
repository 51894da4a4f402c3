import { useTranslation } from '../i18n/use-translation.ts';
import { useRouteLoaderData } from 'react-router';
import { fitTitle } from '../seo.ts';
import type { PortalFrame } from './site-header.tsx';

/**
 * Sets the document title (React hoists <title> into the head): `page – portal name`,
 * at most 70 characters (the portal's name is dropped first, then the page's is cut
 * at a word). The portal's name is the one administrators set, else the product's.
 */
export function PageTitle({ children }: { children?: string }) {
  const { t } = useTranslation();
  const root = useRouteLoaderData('root') as { frame?: PortalFrame } | undefined;
  const site = root?.frame?.settings.siteName || t('site.name');
  return <title>{fitTitle(children, site)}</title>;
}
