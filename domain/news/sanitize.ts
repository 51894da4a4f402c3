import sanitizeHtml from 'sanitize-html';

/** What an article body may contain: structure, emphasis, links, quotes, photos with captions. */
const OPTIONS: sanitizeHtml.IOptions = {
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
  allowedSchemesByTag: { img: ['https'] },
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
  // Photos are ours (uploaded: /anh/…) or from an https address; anything else goes.
  exclusiveFilter: (frame) =>
    frame.tag === 'img' && !/^(\/anh\/|https:\/\/)/.test(frame.attribs.src ?? ''),
};

/** The article body as it may be stored and shown: scripts, handlers and `javascript:` never pass. */
export function sanitizeBody(html: string): string {
  return sanitizeHtml(html, OPTIONS).trim();
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
