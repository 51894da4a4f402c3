/**
 * Pasted HTML made plain before the editor's schema reads it: what Word adds (mso-
 * styles, `<o:p>`, conditional comments, list bullets typed as text) and what a news
 * site wraps its story in (scripts, advertisements, share buttons, related links,
 * layout divs) goes; Word's list paragraphs become real lists; headings fit h2–h4.
 * The schema then keeps only paragraphs, headings, lists, quotes, links, emphasis and
 * tables (ProseMirror drops the rest), and the server sanitises again when saving.
 */
const DROP =
  'script,style,link,meta,title,noscript,template,iframe,object,embed,form,button,input,select,textarea,nav,aside,footer,svg,canvas,video,audio,picture source';
/** Class or id words of page furniture around a story. */
const FURNITURE =
  /(^|[\s_-])(ads?|adv|advert\w*|banner|quang-?cao|qc|sponsor\w*|social|share|sharing|related|lien-?quan|tin-?khac|comments?|binh-?luan|breadcrumbs?|menu|sidebar|popup|newsletter|subscribe|print|toolbar)($|[\s_-])/i;
const ORDERED_MARKER = /^\s*(\d+|[a-zA-Z]|[ivxIVX]+)[.)]/;
/** Attributes the editor's schema reads from pasted HTML (tag.attribute). */
const KEEP_ATTRIBUTES = [
  'a.href',
  'img.src',
  'img.alt',
  'img.data-photo-id',
  'td.colspan',
  'td.rowspan',
  'th.colspan',
  'th.rowspan',
];
/** A bullet Word typed as text before a list item's words (·, •, o, §, -, –) and its spaces. */
const TYPED_BULLET = /^[\s\u00a0]*[·•o§▪◦\-–][\s\u00a0]+/;
const BLOCKS = 'p,h1,h2,h3,h4,h5,h6,ul,ol,li,blockquote,table,figure,div,section,article,pre';

function rename(el: Element, tag: string) {
  const next = el.ownerDocument.createElement(tag);
  next.append(...el.childNodes);
  el.replaceWith(next);
  return next;
}

export interface PasteReport {
  /** Images from elsewhere that were left out (only photos uploaded here are shown). */
  droppedImages: number;
}

export function cleanPastedHtml(html: string, report?: (r: PasteReport) => void): string {
  // Inline styles are read as data, never applied: the page's CSP refuses them even in
  // a parsed copy (and reports each one).
  // Event handlers are renamed before parsing too: Chromium checks an inline handler
  // against the CSP (and reports it) even in a document that never runs it.
  let source = html
    .replace(/<style[\s>][\s\S]*?<\/style>/gi, '')
    .replace(/(<[a-zA-Z][^>]*?\s)style(\s*=)/g, '$1data-style$2');
  for (let before = ''; before !== source;) {
    before = source;
    source = source.replace(/(<[a-zA-Z][^>]*?[\s/"'])on([a-zA-Z]+\s*=)/g, '$1data-x-on$2');
  }
  const doc = new DOMParser().parseFromString(source, 'text/html');
  const style = (e: Element) => e.getAttribute('data-style') ?? '';
  const body = doc.body;
  // Comments, including Word's <!--[if …]> and <![if !supportLists]> blocks.
  const walker = doc.createTreeWalker(body, NodeFilter.SHOW_COMMENT);
  const comments: ChildNode[] = [];
  while (walker.nextNode()) comments.push(walker.currentNode as ChildNode);
  comments.forEach((c) => c.remove());
  body.querySelectorAll(DROP).forEach((e) => e.remove());
  // Word's own tags (<o:p>, <v:shape>, <w:…>) have a namespace prefix.
  [...body.querySelectorAll('*')].filter((e) => e.tagName.includes(':')).forEach((e) => e.remove());
  [...body.querySelectorAll('[class],[id]')]
    .filter((e) => FURNITURE.test(`${e.getAttribute('class') ?? ''} ${e.id}`))
    .forEach((e) => e.remove());
  body.querySelectorAll('[hidden],[aria-hidden="true"]').forEach((e) => e.remove());
  // Photos from another site cannot be shown here (with their captions).
  let droppedImages = 0;
  body.querySelectorAll('figure').forEach((f) => {
    const img = f.querySelector('img');
    if (img && !/^\/anh\//.test(img.getAttribute('src') ?? '')) {
      droppedImages++;
      f.remove();
    }
  });
  body.querySelectorAll('img').forEach((img) => {
    if (/^\/anh\//.test(img.getAttribute('src') ?? '')) return;
    droppedImages++;
    img.remove();
  });

  // Word lists: paragraphs styled mso-list, their bullet or number typed as text.
  let list: HTMLElement | null = null;
  for (const p of [...body.querySelectorAll('p')]) {
    if (!/mso-list\s*:\s*l\d/i.test(style(p)) && !/MsoListParagraph/.test(p.className)) {
      list = null;
      continue;
    }
    const marker = [...p.querySelectorAll('span')].find((s) =>
      /mso-list\s*:\s*ignore/i.test(style(s)),
    );
    const ordered = ORDERED_MARKER.test(marker?.textContent ?? '');
    marker?.remove();
    const previous = p.previousElementSibling;
    if (!list || previous !== list) {
      list = doc.createElement(ordered ? 'ol' : 'ul');
      p.before(list);
    }
    const li = doc.createElement('li');
    li.append(...p.childNodes);
    // A bullet typed as text (when the marker had no mso-list:Ignore span).
    const first = li.firstChild;
    if (first?.nodeType === Node.TEXT_NODE) {
      first.textContent = (first.textContent ?? '').replace(/^[\s\u00a0]*[·•▪o§-][\s\u00a0]+/, '');
    }
    list.append(li);
    p.remove();
  }

  // Headings the article's outline can hold (h2–h4); Word's title style too.
  body.querySelectorAll('h1').forEach((h) => rename(h, 'h2'));
  body.querySelectorAll('h5,h6').forEach((h) => rename(h, 'h4'));
  body.querySelectorAll('p.MsoTitle').forEach((h) => rename(h, 'h2'));
  // Layout boxes holding only text become paragraphs; the others just go.
  for (const box of [...body.querySelectorAll('div,section,article,main,header')].reverse()) {
    if (box.querySelector(BLOCKS)) box.replaceWith(...box.childNodes);
    else rename(box, 'p');
  }
  // Formatting of the source (fonts, colours, classes) is not the portal's; emphasis
  // given by a style alone is kept as emphasis.
  body.querySelectorAll('[data-style],[class],[id],[lang],[align]').forEach((e) => {
    const css = style(e);
    ['data-style', 'class', 'id', 'lang', 'align'].forEach((a) => e.removeAttribute(a));
    const mark = /font-weight\s*:\s*(bold|[6-9]00)/i.test(css)
      ? 'strong'
      : /font-style\s*:\s*italic/i.test(css)
        ? 'em'
        : null;
    if (mark && !/^(B|STRONG|EM|I)$/.test(e.tagName)) {
      const wrap = doc.createElement(mark);
      wrap.append(...e.childNodes);
      e.append(wrap);
    }
  });
  // Pictures not uploaded here (outside a figure too) and every attribute the schema
  // does not read: nothing pasted may carry a handler or a remote address further.
  body.querySelectorAll('img').forEach((img) => {
    if (!/^\/anh\//.test(img.getAttribute('src') ?? '')) {
      droppedImages++;
      img.remove();
    }
  });
  body.querySelectorAll('*').forEach((e) => {
    for (const { name } of [...e.attributes]) {
      if (!KEEP_ATTRIBUTES.includes(`${e.tagName.toLowerCase()}.${name}`)) e.removeAttribute(name);
    }
    if (e.tagName === 'A' && !/^(https?:|mailto:|\/)/i.test(e.getAttribute('href') ?? '')) {
      e.removeAttribute('href');
    }
  });
  // Word's bullets typed as text at the start of a list item.
  body.querySelectorAll('li').forEach((li) => {
    const walker = doc.createTreeWalker(li, NodeFilter.SHOW_TEXT);
    const first = walker.nextNode();
    if (first?.nodeValue) first.nodeValue = first.nodeValue.replace(TYPED_BULLET, '');
  });
  // Paragraphs left empty (Word's <o:p>&nbsp;</o:p> spacers, emptied boxes).
  body.querySelectorAll('p,li,h2,h3,h4,blockquote').forEach((e) => {
    if (!(e.textContent ?? '').replace(/[\s\u00a0]/g, '') && !e.querySelector('img')) e.remove();
  });
  report?.({ droppedImages });
  return body.innerHTML;
}
