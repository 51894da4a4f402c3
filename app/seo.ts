/**
 * What search engines and link previews read of a public page: a description cut at a
 * word, a title that fits, Open Graph and JSON-LD. Every absolute address comes from
 * the site's own address (`PUBLIC_URL`, the root loader's `publicUrl`), never the request.
 */

export const DESCRIPTION_MAX = 160;
export const TITLE_MAX = 70;

/** Whitespace collapsed, cut at a word boundary within `max` characters, with an ellipsis. */
export function cutAtWord(text: string, max: number): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return clean;
  const room = clean.slice(0, max - 1);
  const space = room.lastIndexOf(' ');
  const cut = space > max / 2 ? room.slice(0, space) : room;
  return `${cut.replace(/[\s,.;:–—-]+$/u, '')}…`;
}

export const describe = (text: string) => cutAtWord(text, DESCRIPTION_MAX);

/** The first paragraph of a plain-text body (paragraphs are separated by blank lines). */
export function firstParagraph(text: string): string {
  return (
    text
      .split(/\n\s*\n|\n/)
      .map((p) => p.trim())
      .find(Boolean) ?? ''
  );
}

/** `page – site` within 70 characters: the site's name goes first when it does not fit. */
export function fitTitle(page: string | undefined, site: string): string {
  if (!page) return cutAtWord(site, TITLE_MAX);
  const full = `${page} – ${site}`;
  return full.length <= TITLE_MAX ? full : cutAtWord(page, TITLE_MAX);
}

export const ogLocale = (lang: string) => (lang === 'en' ? 'en_US' : 'vi_VN');

/** The tags of a page that is shared as a link: Open Graph and the Twitter card. */
export function shareMeta(opts: {
  title: string;
  description: string;
  url: string;
  type: 'website' | 'article';
  image?: string | null;
}) {
  const { title, description, url, type, image } = opts;
  return [
    { name: 'description', content: description },
    { property: 'og:type', content: type },
    { property: 'og:title', content: title },
    { property: 'og:description', content: description },
    { property: 'og:url', content: url },
    ...(image ? [{ property: 'og:image', content: image }] : []),
    { name: 'twitter:card', content: image ? 'summary_large_image' : 'summary' },
    { name: 'twitter:title', content: title },
    { name: 'twitter:description', content: description },
    ...(image ? [{ name: 'twitter:image', content: image }] : []),
  ];
}

/** The feed link a page offers (home: the whole portal's; a category: its own). */
export const feedLink = (href: string, title: string) => ({
  tagName: 'link',
  rel: 'alternate',
  type: 'application/rss+xml',
  href,
  title,
});

/** Sharing to Facebook and Zalo by plain links (no third-party script on the page). */
export function shareLinks(url: string) {
  return {
    facebook: `https://www.facebook.com/sharer/sharer.php?u=${encodeURIComponent(url)}`,
    // Zalo's web share page takes the address as base64 of {"url": …}.
    zalo: `https://button-share.zalo.me/share_external?d=${encodeURIComponent(
      btoa(JSON.stringify({ url })),
    )}`,
  };
}

/**
 * The address a page is known by: the site's address, the path, and only the query
 * that selects different content (a list's page after the first). A search's results
 * are not pages of their own: they are all known as the search page.
 */
export function canonicalUrl(publicUrl: string, pathname: string, search: string): string {
  const page = Number(new URLSearchParams(search).get('page'));
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  const paged = path !== '/tim-kiem' && Number.isInteger(page) && page > 1;
  return `${publicUrl}${path}${paged ? `?page=${page}` : ''}`;
}

/** What the root loader gives every page's meta: the language, the site's address, the frame. */
export interface RootData {
  lang: 'vi' | 'en';
  publicUrl: string;
  frame: { settings: { siteName: string; description: string; emblemPhotoId: string | null } };
}

/** The root loader's data among a meta function's matches (the portal's name, address…). */
export function rootData(matches: readonly unknown[]): RootData | undefined {
  const root = matches.find((m) => (m as { id?: string } | undefined)?.id === 'root') as
    { data?: RootData } | undefined;
  return root?.data;
}
