import { index, route, type RouteConfig } from '@react-router/dev/routes';

// Public paths are Vietnamese without diacritics, like the rest of the portal.
export default [
  index('routes/home.tsx'),
  route('dang-nhap', 'routes/sign-in.tsx'),
  route('dang-xuat', 'routes/sign-out.tsx'),
  route('ngon-ngu', 'routes/language.tsx'),
  route('tai-khoan', 'routes/account.tsx'),
  route('quan-tri/nguoi-dung', 'routes/admin-users.tsx'),
  route('quan-tri/nguoi-dung/:id', 'routes/admin-user-edit.tsx'),
  route('quan-ly/hoi-nghi', 'routes/conferences.tsx'),
  route('quan-ly/hoi-nghi/:conferenceId', 'routes/conference-layout.tsx', [
    index('routes/conference-overview.tsx'),
    route('diem-cau', 'routes/conference-sites.tsx'),
    route('diem-cau/:siteId', 'routes/conference-site.tsx'),
    route('chuong-trinh', 'routes/conference-agenda.tsx'),
    route('tham-luan', 'routes/conference-submissions.tsx'),
    route('tai-lieu', 'routes/conference-documents.tsx'),
    route('vai-tro', 'routes/conference-members.tsx'),
    route('y-kien', 'routes/conference-moderation.tsx'),
  ]),
  route('dang-nhap/lien-ket/:token', 'routes/sign-in-link.tsx'),
  route('hoi-nghi/:slug', 'routes/conference-public.tsx'),
  route('hoi-nghi/:slug/lich.ics', 'routes/conference-ics.ts'),
  route('hoi-nghi/:slug/y-kien', 'routes/contributions.tsx'),
  route('hoi-nghi/:slug/y-kien/:contributionId', 'routes/contribution.tsx'),
  route('y-kien/theo-doi/:token', 'routes/contribution-track.tsx'),
  route('*', 'routes/not-found.tsx'),
] satisfies RouteConfig;
