import type { ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import { useTranslation } from './i18n/use-translation.ts';
import {
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useMatches,
  useRouteError,
  useRouteLoaderData,
} from 'react-router';
import type { Route } from './+types/root';
import { localSettings, SiteSettings } from '../protocol/site-settings.ts';
import { PageTitle } from './components/page-title.tsx';
import { SiteFooter } from './components/site-footer.tsx';
import { SiteHeader, type PortalFrame } from './components/site-header.tsx';
import { formatDate, weekdayOf } from './i18n/format.ts';
import { DEFAULT_LANGUAGE, getI18n } from './i18n/i18n.ts';
import portalStylesheet from './portal.css?url';
import { canonicalUrl, describe, ogLocale } from './seo.ts';
import stylesheet from './styles.css?url';

export const links: Route.LinksFunction = () => [
  { rel: 'stylesheet', href: stylesheet },
  { rel: 'stylesheet', href: portalStylesheet },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
];

export async function loader({ context }: Route.LoaderArgs) {
  const { actor, lang } = context;
  const { settings, menu } = await context.portalFrame();
  const now = new Date();
  const frame: PortalFrame = {
    settings: localSettings(settings, lang),
    menu,
    today: `${getI18n(lang).t(`portal.weekdays.d${weekdayOf(now) as 0 | 1 | 2 | 3 | 4 | 5 | 6}`)}, ${formatDate(now)}`,
  };
  return {
    lang,
    nonce: context.nonce,
    user: actor ? { name: actor.name, roles: actor.roles } : null,
    publicUrl: context.publicUrl,
    frame,
  };
}

/** A page whose route says `handle = { description: 'own' }` writes its own description. */
interface SeoHandle {
  bare?: boolean;
  description?: 'own';
}

const EMPTY_FRAME: PortalFrame = {
  settings: localSettings(SiteSettings.parse({}), DEFAULT_LANGUAGE),
  menu: [],
  today: '',
};

/**
 * What every page's head carries: its canonical address (from PUBLIC_URL), the site's
 * name and language for link previews, and the portal's description where the page
 * has none of its own.
 */
function SiteHead({
  frame,
  publicUrl,
  lang,
}: {
  frame: PortalFrame;
  publicUrl: string;
  lang: string;
}) {
  const location = useLocation();
  const matches = useMatches();
  const own = matches.some((m) => (m.handle as SeoHandle | undefined)?.description === 'own');
  const siteName = frame.settings.siteName || getI18n(lang === 'en' ? 'en' : 'vi').t('site.name');
  const description = frame.settings.description;
  // An error page (not found, refused, failed) is no page of the site: not indexed, no address.
  const failed = useRouteError() != null;
  const url = canonicalUrl(publicUrl, location.pathname, location.search);
  return (
    <>
      {failed && <meta name="robots" content="noindex" />}
      {publicUrl && !failed && <link rel="canonical" href={url} />}
      <meta property="og:site_name" content={siteName} />
      <meta property="og:locale" content={ogLocale(lang)} />
      {!own && description && <meta name="description" content={describe(description)} />}
      {/* Pages that describe themselves say all this in their own meta (shareMeta). */}
      {!own && !failed && (
        <>
          <meta property="og:type" content="website" />
          <meta property="og:title" content={siteName} />
          {description && <meta property="og:description" content={describe(description)} />}
          {publicUrl && <meta property="og:url" content={url} />}
        </>
      )}
    </>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>('root');
  const lang = data?.lang ?? DEFAULT_LANGUAGE;
  // A hall display fills the screen without the site's header and footer.
  const bare = useMatches().some((m) => (m.handle as SeoHandle | undefined)?.bare);
  const frame = data?.frame ?? EMPTY_FRAME;
  return (
    <html lang={lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light" />
        <Meta />
        <SiteHead frame={frame} publicUrl={data?.publicUrl ?? ''} lang={lang} />
        {/* Without the root's data (its loader failed) the server would fall back to the
            request's nonce and the browser to none: the same empty one on both sides
            (stylesheets need no nonce: style-src is 'self'). */}
        <Links nonce={data ? data.nonce : ''} />
      </head>
      <body>
        <I18nextProvider i18n={getI18n(lang)}>
          {bare ? (
            children
          ) : (
            <>
              <a className="skip-link" href="#main">
                {getI18n(lang).t('site.skipToContent')}
              </a>
              <SiteHeader user={data?.user ?? null} lang={lang} frame={frame} />
              <main id="main" className="container" tabIndex={-1}>
                {children}
              </main>
              <SiteFooter settings={frame.settings} />
            </>
          )}
        </I18nextProvider>
        <ScrollRestoration nonce={data?.nonce} />
        <Scripts nonce={data?.nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary({ error }: Route.ErrorBoundaryProps) {
  const { t } = useTranslation();
  let title = t('errorPage.errorTitle');
  let message = t('errorPage.error');
  if (isRouteErrorResponse(error) && error.status === 404) {
    title = t('errorPage.notFoundTitle');
    message = t('errorPage.notFound');
  } else if (isRouteErrorResponse(error) && error.status === 403) {
    title = t('errorPage.forbiddenTitle');
    message = t('errorPage.forbidden');
  }
  return (
    <section className="error-page">
      <PageTitle>{title}</PageTitle>
      <h1>{title}</h1>
      <p>{message}</p>
      <p>
        <Link to="/">{t('errorPage.backHome')}</Link>
      </p>
    </section>
  );
}
