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
/**
 * A bullet Word typed as text before a list item's words and its spaces: ·, •, o, §, ▪, ◦,
 * -, – and the Symbol/Wingdings private-use characters Word sometimes copies instead.
 */
const TYPED_BULLET = /^[\s\u00a0]*[·•o§▪◦\-–\uf0b7\uf0a7\uf0d8\uf076\uf0fc][\s\u00a0]+/;
/** A number Word typed as text before an item of a numbered list ("1.", "a)", "iv."). */
const TYPED_NUMBER = /^[\s\u00a0]*(\d+|[a-zA-Z]|[ivxIVX]+)[.)][\s\u00a0]+/;
const BLOCKS = 'p,h1,h2,h3,h4,h5,h6,ul,ol,li,blockquote,table,figure,div,section,article,pre';

/**
 * Removes `marker` from the start of the element's text, even when the marker and its
 * spaces lie in several nodes (Word puts the bullet and its tab in spans of their own).
 * Returns whether it was there.
 */
function stripLeading(el: Element, marker: RegExp): boolean {
  const found = marker.exec(el.textContent ?? '');
  if (!found) return false;
  let left = found[0].length;
  const walker = el.ownerDocument.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node && left > 0; node = walker.nextNode()) {
    const text = node.nodeValue ?? '';
    node.nodeValue = text.slice(Math.min(left, text.length));
    left -= Math.min(left, text.length);
  }
  return true;
}

function rename(el: Element, tag: string) {
  const next = el.ownerDocument.createElement(tag);
  next.append(...el.childNodes);
  el.replaceWith(next);
  return next;
}

/** Splits a paragraph into several where two or more `<br>` follow one another. */
function splitAtDoubleBreaks(p: Element) {
  const isBreak = (n: ChildNode | null) => n?.nodeName === 'BR';
  const blank = (n: ChildNode | null) =>
    n?.nodeType === Node.TEXT_NODE && !(n.nodeValue ?? '').replace(/[\s\u00a0]/g, '');
  const nextBreak = (n: ChildNode) => {
    let next = n.nextSibling;
    while (next && blank(next)) next = next.nextSibling;
    return isBreak(next);
  };
  const run = [...p.childNodes].find((n) => isBreak(n) && nextBreak(n));
  if (!run) return;
  // The run of breaks (and the blanks between them) ends this paragraph; what follows
  // it starts the next one.
  let end: ChildNode | null = run;
  while (end && (isBreak(end) || blank(end))) {
    const following: ChildNode | null = end.nextSibling;
    end.remove();
    end = following;
  }
  const rest: ChildNode[] = [];
  for (let n = end; n; n = n.nextSibling) rest.push(n);
  if (!rest.length) return;
  const next = p.ownerDocument.createElement('p');
  next.append(...rest);
  p.after(next);
  splitAtDoubleBreaks(next);
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
    let ordered = ORDERED_MARKER.test(marker?.textContent ?? '');
    marker?.remove();
    const li = doc.createElement('li');
    li.append(...p.childNodes);
    // A bullet or a number typed as text (when the marker had no mso-list:Ignore span).
    if (!marker && !stripLeading(li, TYPED_BULLET)) ordered = stripLeading(li, TYPED_NUMBER);
    const previous = p.previousElementSibling;
    if (!list || previous !== list) {
      list = doc.createElement(ordered ? 'ol' : 'ul');
      p.before(list);
    }
    list.append(li);
    p.remove();
  }

  // Google Docs wraps the whole copy in <b style="font-weight:normal">: not emphasis.
  body.querySelectorAll('b,strong').forEach((e) => {
    if (/(^|[;\s])font-weight\s*:\s*(normal|[1-5]00)\b/i.test(style(e)))
      e.replaceWith(...e.childNodes);
  });

  // Headings the article's outline can hold (h2–h4); Word's title style too.
  body.querySelectorAll('h1').forEach((h) => rename(h, 'h2'));
  body.querySelectorAll('h5,h6').forEach((h) => rename(h, 'h4'));
  body.querySelectorAll('p.MsoTitle').forEach((h) => rename(h, 'h2'));
  // Layout boxes holding only text become paragraphs; the others just go.
  for (const box of [...body.querySelectorAll('div,section,article,main,header')].reverse()) {
    if (box.querySelector(BLOCKS)) box.replaceWith(...box.childNodes);
    else rename(box, 'p');
  }
  // Line breaks: between blocks (Google Docs' spacing) they mean nothing; two or more in
  // a row inside a paragraph (a news site's way of spacing paragraphs) end it.
  body.querySelectorAll('br').forEach((br) => {
    if (br.parentElement === body) br.remove();
  });
  body.querySelectorAll('p').forEach((p) => splitAtDoubleBreaks(p));
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
  body.querySelectorAll('li').forEach((li) => stripLeading(li, TYPED_BULLET));
  // Paragraphs left empty (Word's <o:p>&nbsp;</o:p> spacers, emptied boxes).
  body.querySelectorAll('p,li,h2,h3,h4,blockquote').forEach((e) => {
    if (!(e.textContent ?? '').replace(/[\s\u00a0]/g, '') && !e.querySelector('img')) e.remove();
  });
  report?.({ droppedImages });
  return body.innerHTML;
}
