import sanitizeHtml from 'sanitize-html';

/** What an article body may contain: structure, emphasis, links, quotes, photos with captions. */
const options = (dropped: string[]): sanitizeHtml.IOptions => ({
  allowedTags: [
    'p',
    'h2',
    'h3',
    'h4',
    'strong',
    'b',
    'em',
    'i',
    'u',
    's',
    'ul',
    'ol',
    'li',
    'a',
    'blockquote',
    'figure',
    'figcaption',
    'img',
    'br',
    'hr',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'target', 'rel'],
    img: ['src', 'alt', 'width', 'height', 'data-photo-id'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: {},
  allowProtocolRelative: false,
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  transformTags: {
    a: (tagName, attribs) => ({
      tagName,
      attribs: {
        ...attribs,
        ...(attribs.target ? { target: '_blank', rel: 'noopener noreferrer' } : {}),
      },
    }),
    b: 'strong',
    i: 'em',
  },
  // Photos are ours (uploaded, served from /anh/…): the page allows no other images
  // (CSP img-src 'self') and the server never fetches an address a user gave.
  exclusiveFilter: (frame) => {
    if (frame.tag !== 'img') return false;
    const src = frame.attribs.src ?? '';
    if (/^\/anh\/[\w-]+\/\d+\.(?:webp|jpg)$/.test(src)) return false;
    dropped.push(src);
    return true;
  },
});

/**
 * The article body as it may be stored and shown (scripts, handlers and `javascript:`
 * never pass), and the images it had to drop because they were not uploaded here.
 */
export function cleanBody(html: string): { html: string; droppedImages: string[] } {
  const dropped: string[] = [];
  const clean = sanitizeHtml(html, options(dropped)).trim();
  return { html: clean, droppedImages: [...new Set(dropped.filter(Boolean))] };
}

export function sanitizeBody(html: string): string {
  return cleanBody(html).html;
}

/** The body as plain text (search, descriptions, feeds). */
export function bodyToText(html: string): string {
  // Block ends become spaces, so that paragraphs do not run together.
  const spaced = html.replace(/<\/(p|h[1-6]|li|blockquote|figcaption|figure)>|<br\s*\/?>/gi, '$& ');
  return sanitizeHtml(spaced, { allowedTags: [], allowedAttributes: {} })
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}
