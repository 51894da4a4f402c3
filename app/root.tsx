import type { ReactNode } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import {
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useMatches,
  useRouteLoaderData,
} from 'react-router';
import type { Route } from './+types/root';
import { PageTitle } from './components/page-title.tsx';
import { SiteFooter } from './components/site-footer.tsx';
import { SiteHeader } from './components/site-header.tsx';
import { DEFAULT_LANGUAGE, getI18n } from './i18n/i18n.ts';
import stylesheet from './styles.css?url';

export const links: Route.LinksFunction = () => [
  { rel: 'stylesheet', href: stylesheet },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
];

export function loader({ context }: Route.LoaderArgs) {
  const { actor } = context;
  return {
    lang: context.lang,
    nonce: context.nonce,
    user: actor ? { name: actor.name, roles: actor.roles } : null,
  };
}

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>('root');
  const lang = data?.lang ?? DEFAULT_LANGUAGE;
  // A hall display fills the screen without the site's header and footer.
  const bare = useMatches().some((m) => (m.handle as { bare?: boolean } | undefined)?.bare);
  return (
    <html lang={lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light" />
        <Meta />
        <Links />
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
              <SiteHeader user={data?.user ?? null} lang={lang} />
              <main id="main" className="container" tabIndex={-1}>
                {children}
              </main>
              <SiteFooter />
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
