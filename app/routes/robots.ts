import type { Route } from './+types/robots';

export function loader({ request }: Route.LoaderArgs) {
  const origin = new URL(request.url).origin;
  const body = `User-agent: *\nDisallow: /quan-tri/\nDisallow: /quan-ly/\nDisallow: /api/\nDisallow: /y-kien/theo-doi/\nSitemap: ${origin}/sitemap.xml\n`;
  return new Response(body, { headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
}
