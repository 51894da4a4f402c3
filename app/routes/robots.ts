import type { Route } from './+types/robots';

export function loader({ context }: Route.LoaderArgs) {
  const body = [
    'User-agent: *',
    'Disallow: /quan-tri/',
    'Disallow: /quan-ly/',
    'Disallow: /api/',
    'Disallow: /y-kien/theo-doi/',
    'Disallow: /dang-nhap',
    'Disallow: /dang-xuat',
    'Disallow: /tai-khoan',
    'Disallow: /ngon-ngu',
    `Sitemap: ${context.publicUrl}/sitemap.xml`,
    '',
  ].join('\n');
  return new Response(body, { headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
}
