import { useTranslation } from 'react-i18next';
import { Form, NavLink, useLocation } from 'react-router';
import { isNewsroomMember } from '../../domain/news/workflow.ts';
import type { GlobalRole, Language } from '../../protocol/common.ts';

export interface HeaderUser {
  name: string;
  roles: GlobalRole[];
}

export function SiteHeader({ user, lang }: { user: HeaderUser | null; lang: Language }) {
  const { t } = useTranslation();
  const location = useLocation();
  const here = location.pathname + location.search;
  // On the sign-in page, "sign in" keeps where the visitor was going (never nests it).
  const next =
    location.pathname === '/dang-nhap'
      ? (new URLSearchParams(location.search).get('redirectTo') ?? '/')
      : here;
  const other: Language = lang === 'vi' ? 'en' : 'vi';
  return (
    <header className="site-header">
      <div className="container header-bar">
        <NavLink to="/" className="brand">
          <span className="brand-mark" aria-hidden="true">
            ĐT
          </span>
          <span>
            <span className="brand-name">{t('site.name')}</span>
            <span className="brand-tagline">{t('site.tagline')}</span>
          </span>
        </NavLink>
        <Form method="post" action="/ngon-ngu" className="lang-switch" reloadDocument={false}>
          <input type="hidden" name="lang" value={other} />
          <input type="hidden" name="redirectTo" value={here} />
          <button type="submit" lang={other} aria-label={t('site.switchToLabel')}>
            {t('site.switchTo')}
          </button>
        </Form>
      </div>
      <nav className="main-nav" aria-label={t('site.mainNav')}>
        <ul className="container">
          <li>
            <NavLink to="/" end>
              {t('site.home')}
            </NavLink>
          </li>
          <li>
            <NavLink to="/tim-kiem">{t('news.search')}</NavLink>
          </li>
          {user && (
            <li>
              <NavLink to="/quan-ly/hoi-nghi">{t('site.conferences')}</NavLink>
            </li>
          )}
          {user && isNewsroomMember(user.roles) && (
            <li>
              <NavLink to="/quan-tri/tin-tuc">{t('site.articles')}</NavLink>
            </li>
          )}
          {user?.roles.includes('admin') && (
            <li>
              <NavLink to="/quan-tri/nguoi-dung">{t('site.users')}</NavLink>
            </li>
          )}
          <li className="nav-spacer" aria-hidden="true" />
          {user ? (
            <>
              <li>
                <NavLink to="/tai-khoan" title={t('site.signedInAs', { name: user.name })}>
                  {user.name}
                </NavLink>
              </li>
              <li>
                <Form method="post" action="/dang-xuat">
                  <button type="submit" className="link-button">
                    {t('site.signOut')}
                  </button>
                </Form>
              </li>
            </>
          ) : (
            <li>
              <NavLink to={`/dang-nhap?redirectTo=${encodeURIComponent(next)}`}>
                {t('site.signIn')}
              </NavLink>
            </li>
          )}
        </ul>
      </nav>
    </header>
  );
}
