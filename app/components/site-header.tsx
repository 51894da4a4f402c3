import { useTranslation } from '../i18n/use-translation.ts';
import { Form, Link, NavLink, useLocation } from 'react-router';
import { isNewsroomMember } from '../../domain/news/workflow.ts';
import type { GlobalRole, Language } from '../../protocol/common.ts';
import { photoPath } from '../../protocol/news.ts';
import type { LocalSettings } from '../../protocol/site-settings.ts';

export interface HeaderUser {
  name: string;
  roles: GlobalRole[];
}

export interface PortalFrame {
  settings: LocalSettings;
  menu: { slug: string; name: string }[];
  /** "Thứ Hai, 30/11/2026" in Vietnam time. */
  today: string;
}

/** The emblem an administrator uploaded, or a neutral mark (never a drawn national emblem). */
function Emblem({ photoId }: { photoId: string | null }) {
  const { t } = useTranslation();
  return photoId ? (
    <img className="portal-emblem" src={photoPath(photoId, 320, 'webp')} alt="" />
  ) : (
    <span
      className="portal-emblem portal-emblem-empty"
      role="img"
      aria-label={t('portal.emblemPlaceholder')}
    />
  );
}

/** A state e-portal's header: date line, emblem and names, the category menu. */
export function SiteHeader({
  user,
  lang,
  frame,
}: {
  user: HeaderUser | null;
  lang: Language;
  frame: PortalFrame;
}) {
  const { t } = useTranslation();
  const location = useLocation();
  const here = location.pathname + location.search;
  // On the sign-in page, "sign in" keeps where the visitor was going (never nests it).
  const next =
    location.pathname === '/dang-nhap'
      ? (new URLSearchParams(location.search).get('redirectTo') ?? '/')
      : here;
  const other: Language = lang === 'vi' ? 'en' : 'vi';
  const { settings } = frame;
  const siteName = settings.siteName || t('site.name');
  const isAdmin = !!user?.roles.includes('admin');
  const isEditor = !!user && isNewsroomMember(user.roles);
  return (
    <header className="site-header portal-header">
      <div className="portal-topbar">
        <div className="container portal-topbar-inner">
          <p className="portal-date">{frame.today}</p>
          <nav aria-label={t('site.mainNav')}>
            <ul className="portal-tools">
              {user && (
                <li>
                  <NavLink to="/quan-ly/hoi-nghi">{t('site.conferences')}</NavLink>
                </li>
              )}
              {isEditor && (
                <li>
                  <NavLink to="/quan-tri/tin-tuc">{t('site.articles')}</NavLink>
                </li>
              )}
              {isAdmin && (
                <>
                  <li>
                    <NavLink to="/quan-tri/nguoi-dung">{t('site.users')}</NavLink>
                  </li>
                  <li>
                    <NavLink to="/quan-tri/thong-tin-cong">{t('portal.siteSettingsNav')}</NavLink>
                  </li>
                  <li>
                    <NavLink to="/quan-tri/du-lieu-ca-nhan">{t('privacy.admin.nav')}</NavLink>
                  </li>
                  <li>
                    <NavLink to="/quan-tri/thu-di">{t('email.outbox.title')}</NavLink>
                  </li>
                  <li>
                    <NavLink to="/quan-tri/nhat-ky">{t('audit.nav')}</NavLink>
                  </li>
                </>
              )}
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
              <li>
                <Form
                  method="post"
                  action="/ngon-ngu"
                  className="lang-switch"
                  reloadDocument={false}
                >
                  <input type="hidden" name="lang" value={other} />
                  <input type="hidden" name="redirectTo" value={here} />
                  <button type="submit" lang={other} aria-label={t('site.switchToLabel')}>
                    {t('site.switchTo')}
                  </button>
                </Form>
              </li>
            </ul>
          </nav>
        </div>
      </div>
      <div className="portal-banner">
        <div className="container">
          <Link to="/" className="portal-brand">
            <Emblem photoId={settings.emblemPhotoId} />
            <span className="portal-names">
              {settings.agencyName && <span className="portal-agency">{settings.agencyName}</span>}
              <span className="portal-site-name">{siteName}</span>
            </span>
          </Link>
        </div>
      </div>
      <nav className="main-nav portal-menu" aria-label={t('portal.categoryMenu')}>
        <ul className="container">
          <li>
            <NavLink to="/" end>
              {t('site.home')}
            </NavLink>
          </li>
          {frame.menu.map((c) => (
            <li key={c.slug}>
              <NavLink to={`/chuyen-muc/${c.slug}`}>{c.name}</NavLink>
            </li>
          ))}
          <li>
            <NavLink to="/tim-kiem">{t('news.search')}</NavLink>
          </li>
        </ul>
      </nav>
    </header>
  );
}
