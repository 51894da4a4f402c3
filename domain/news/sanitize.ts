import sanitizeHtml from 'sanitize-html';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
/** A photo uploaded here (`/anh/<id>/<width>.<webp|jpg>`). */
export const OUR_PHOTO_SRC = /^\/anh\/[\w-]+\/\d+\.(?:webp|jpg)$/;
/** A video uploaded to the newsroom (`/media/videos/<id>.mp4`). */
export const OUR_VIDEO_SRC = new RegExp(`^/media/videos/(${UUID})\\.mp4$`);
/** An assembled recording of a conference (`/media/recordings/<conference>/<id>.mp4`). */
export const RECORDING_SRC = new RegExp(`^/media/recordings/(${UUID})/(${UUID})\\.mp4$`);

/**
 * What an article body may contain: structure, emphasis, links, quotes, photos with
 * captions, photo galleries, videos of ours and tables. No scripts, styles or handlers.
 */
const options = (
  dropped: string[],
  missing: ReadonlySet<string> = new Set(),
): sanitizeHtml.IOptions => ({
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
    'video',
    'br',
    'hr',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'target', 'rel'],
    img: ['src', 'alt', 'width', 'height', 'data-photo-id'],
    video: ['src', 'controls', 'preload'],
    figure: ['class'],
    th: ['colspan', 'rowspan'],
    td: ['colspan', 'rowspan'],
    ol: ['start'],
  },
  allowedClasses: { figure: ['gallery', 'video'] },
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
    // A video always has the player's controls and loads only its first frame.
    video: (tagName, attribs) => ({
      tagName,
      attribs: { src: attribs.src ?? '', controls: '', preload: 'metadata' },
    }),
  },
  // Photos and videos are ours (uploaded, served from /anh/… and /media/…): the page
  // allows no other media (CSP img-src/media-src 'self') and the server never fetches
  // an address a user gave.
  exclusiveFilter: (frame) => {
    const src = frame.attribs.src ?? '';
    if (frame.tag === 'img') {
      if (OUR_PHOTO_SRC.test(src)) return false;
    } else if (frame.tag === 'video') {
      if ((OUR_VIDEO_SRC.test(src) || RECORDING_SRC.test(src)) && !missing.has(src)) return false;
    } else if (frame.tag === 'p') {
      // An empty paragraph (an editor's spacer) shows nothing but a gap.
      return !frame.text.replace(/[\s\u00a0]|&nbsp;/g, '') && !frame.mediaChildren.length;
    } else if (frame.tag === 'table') {
      // A table without a row is nothing to show.
      return !/\S/.test(frame.text) && !frame.mediaChildren.length;
    } else return false;
    dropped.push(src);
    return true;
  },
});

/** A figure without what it shows (its photo or video was dropped): gone with its caption. */
const EMPTY_FIGURE = /<figure( class="video")?>((?:(?!<\/?figure).)*)<\/figure>/gs;
const EMPTY_GALLERY = /<figure class="gallery">\s*<\/figure>/g;

/**
 * The article body as it may be stored and shown (scripts, handlers and `javascript:`
 * never pass), in Unicode NFC, and the images and videos it had to drop because they
 * were not uploaded here (or, `missing`, do not exist).
 */
export function cleanBody(
  html: string,
  missing?: ReadonlySet<string>,
): { html: string; droppedImages: string[] } {
  const dropped: string[] = [];
  const clean = sanitizeHtml(html.normalize('NFC'), options(dropped, missing))
    .replace(EMPTY_FIGURE, (whole, video: string | undefined, inner: string) =>
      (video ? /<video /.test(inner) : /<img /.test(inner)) ? whole : '',
    )
    .replace(EMPTY_GALLERY, '')
    .trim()
    .normalize('NFC');
  return { html: clean, droppedImages: [...new Set(dropped.filter(Boolean))] };
}

export function sanitizeBody(html: string): string {
  return cleanBody(html).html;
}

/** The uploaded videos and recordings a (sanitised) body shows. */
export function bodyVideos(html: string): {
  videos: string[];
  recordings: { conferenceId: string; recordingId: string }[];
} {
  const videos: string[] = [];
  const recordings: { conferenceId: string; recordingId: string }[] = [];
  for (const m of html.matchAll(/<video [^>]*?src="([^"]*)"/g)) {
    const v = OUR_VIDEO_SRC.exec(m[1]!);
    if (v) videos.push(v[1]!);
    const r = RECORDING_SRC.exec(m[1]!);
    if (r) recordings.push({ conferenceId: r[1]!, recordingId: r[2]! });
  }
  return { videos, recordings };
}

/** The body as plain text (search, descriptions, feeds). */
export function bodyToText(html: string): string {
  // Block ends become spaces, so that paragraphs do not run together.
  const spaced = html.replace(
    /<\/(p|h[1-6]|li|blockquote|figcaption|figure|td|th|tr)>|<br\s*\/?>/gi,
    '$& ',
  );
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
