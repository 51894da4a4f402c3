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
  route('*', 'routes/not-found.tsx'),
] satisfies RouteConfig;
