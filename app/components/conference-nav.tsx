import { useTranslation } from '../i18n/use-translation.ts';
import { NavLink } from 'react-router';

/** The tabs of one conference's management pages. */
export function ConferenceNav({
  id,
  organise,
  moderate,
  chair,
  secretary,
  record,
}: {
  id: string;
  organise: boolean;
  moderate: boolean;
  chair: boolean;
  secretary: boolean;
  record: boolean;
}) {
  const { t } = useTranslation();
  const base = `/quan-ly/hoi-nghi/${id}`;
  const tabs = [
    ['', t('conf.tabs.overview')],
    ...(chair ? [['/dieu-hanh', t('live.tab')]] : []),
    ...(secretary ? [['/thu-ky', t('live.secretaryTab')]] : []),
    ['/diem-cau', t('conf.tabs.sites')],
    ['/chuong-trinh', t('conf.tabs.agenda')],
    ['/tham-luan', t('conf.tabs.submissions')],
    ['/tai-lieu', t('conf.tabs.documents')],
    ...(moderate ? [['/y-kien', t('conf.tabs.contributions')]] : []),
    ...(organise ? [['/vai-tro', t('conf.tabs.members')]] : []),
    ...(record ? [['/ket-qua', t('record.tab')]] : []),
    ...(organise ? [['/nhat-ky', t('audit.tab')]] : []),
  ] as const;
  return (
    <nav className="tabs" aria-label={t('conf.manage')}>
      <ul>
        {tabs.map(([path, label]) => (
          <li key={path}>
            <NavLink to={`${base}${path}`} end={path === ''}>
              {label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
