import { Node, type Editor } from '@tiptap/core';
import type { Node as PmNode } from '@tiptap/pm/model';

/** A photo of ours as the body carries it. */
export interface PhotoAttrs {
  src: string;
  alt: string;
  caption: string;
  photoId: string;
}

/** Texts the node views show (from i18n, set by the editor). */
export interface MediaLabels {
  caption: string;
  alt: string;
  altMissing: string;
  remove: string;
  video: string;
}

const OUR_PHOTO = /^\/anh\/[\w-]+\/\d+\.(?:webp|jpg)$/;
const OUR_VIDEO =
  /^\/media\/(?:videos\/[0-9a-f-]{36}|recordings\/[0-9a-f-]{36}\/[0-9a-f-]{36})\.mp4$/;

function photoFrom(el: Element): PhotoAttrs | null {
  const img = el.tagName === 'IMG' ? el : el.querySelector('img');
  const src = img?.getAttribute('src') ?? '';
  if (!img || !OUR_PHOTO.test(src)) return null;
  return {
    src,
    alt: img.getAttribute('alt') ?? '',
    caption: el.querySelector('figcaption')?.textContent?.trim() ?? '',
    photoId: img.getAttribute('data-photo-id') ?? src.split('/')[2] ?? '',
  };
}

const photoSpec = (p: PhotoAttrs) => [
  'figure',
  {},
  ['img', { src: p.src, alt: p.alt, 'data-photo-id': p.photoId }],
  ...(p.caption ? [['figcaption', {}, p.caption]] : []),
];

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Record<string, unknown> = {},
  ...children: (HTMLElement | string)[]
): HTMLElementTagNameMap[K] {
  const e: HTMLElement = document.createElement(tag);
  Object.assign(e, props);
  e.append(...children);
  return e as HTMLElementTagNameMap[K];
}

/** A labelled text input inside a node view; typing changes the node's attribute. */
function textInput(label: string, value: string, onInput: (v: string) => void, warn?: string) {
  const input = el('input', { type: 'text', value });
  const hint = warn ? el('span', { className: 'field-error' }, warn) : null;
  const sync = () => {
    if (!hint) return;
    hint.hidden = input.value.trim() !== '';
    input.setAttribute('aria-invalid', String(!hint.hidden));
  };
  input.addEventListener('input', () => {
    sync();
    onInput(input.value);
  });
  sync();
  const wrap = el('label', { className: 'rte-media-field' }, el('span', {}, label), input);
  if (hint) wrap.append(hint);
  return { wrap, input };
}

/** Sets attributes of the node a view shows, without touching the selection. */
function setAttrs(
  editor: Editor,
  getPos: () => number | undefined,
  attrs: Record<string, unknown>,
) {
  const pos = getPos();
  if (typeof pos !== 'number') return;
  const node = editor.state.doc.nodeAt(pos);
  if (!node) return;
  editor.view.dispatch(editor.state.tr.setNodeMarkup(pos, undefined, { ...node.attrs, ...attrs }));
}

function removeButton(label: string, editor: Editor, getPos: () => number | undefined) {
  const b = el('button', { type: 'button', className: 'link-button' }, label);
  b.addEventListener('click', () => {
    const pos = getPos();
    const node = typeof pos === 'number' ? editor.state.doc.nodeAt(pos) : null;
    if (node) editor.view.dispatch(editor.state.tr.delete(pos!, pos! + node.nodeSize));
  });
  return b;
}

/** Inputs and buttons of a node view handle their own events (ProseMirror leaves them be). */
const viewBehaviour = (dom: HTMLElement) => ({
  stopEvent: (event: Event) => {
    const t = event.target as HTMLElement | null;
    return !!t && t !== dom && /^(INPUT|BUTTON|TEXTAREA|SELECT|LABEL|VIDEO)$/.test(t.tagName);
  },
  ignoreMutation: () => true,
});

/**
 * A photo with its caption and alt text, one block of the body: the cursor never goes
 * inside it, so text typed after a photo goes into the paragraph after it, never into
 * its caption; the caption and alt text are edited in the fields under the photo.
 */
export const Figure = Node.create<{ labels: MediaLabels }>({
  name: 'figure',
  group: 'block',
  atom: true,
  draggable: true,
  selectable: true,
  addOptions: () => ({
    labels: { caption: '', alt: '', altMissing: '', remove: '', video: '' },
  }),
  addAttributes: () => ({
    src: { default: '' },
    alt: { default: '' },
    caption: { default: '' },
    photoId: { default: '' },
  }),
  parseHTML: () => [
    {
      tag: 'figure',
      getAttrs: (node) =>
        node.classList.contains('gallery') || node.classList.contains('video')
          ? false
          : (photoFrom(node) ?? false),
    },
    { tag: 'img[src]', getAttrs: (node) => photoFrom(node) ?? false },
  ],
  renderHTML: ({ node }) => photoSpec(node.attrs as PhotoAttrs) as never,
  addNodeView() {
    const labels = this.options.labels;
    return ({ node, getPos, editor }) => {
      let current = node;
      const img = el('img', { src: node.attrs.src, alt: node.attrs.alt });
      const caption = textInput(labels.caption, node.attrs.caption, (v) =>
        setAttrs(editor, getPos, { caption: v }),
      );
      const alt = textInput(
        labels.alt,
        node.attrs.alt,
        (v) => setAttrs(editor, getPos, { alt: v }),
        labels.altMissing,
      );
      const dom = el(
        'figure',
        { className: 'rte-figure', contentEditable: 'false' },
        img,
        caption.wrap,
        alt.wrap,
        removeButton(labels.remove, editor, getPos),
      );
      return {
        dom,
        ...viewBehaviour(dom),
        update: (next: PmNode) => {
          if (next.type !== current.type) return false;
          current = next;
          img.src = next.attrs.src;
          img.alt = next.attrs.alt;
          if (caption.input.value !== next.attrs.caption) caption.input.value = next.attrs.caption;
          if (alt.input.value !== next.attrs.alt) alt.input.value = next.attrs.alt;
          return true;
        },
      };
    };
  },
});

/** Several photos with their captions, shown together (`<figure class="gallery">`). */
export const Gallery = Node.create<{ labels: MediaLabels }>({
  name: 'gallery',
  group: 'block',
  atom: true,
  draggable: true,
  selectable: true,
  priority: 60,
  addOptions: () => ({
    labels: { caption: '', alt: '', altMissing: '', remove: '', video: '' },
  }),
  addAttributes: () => ({
    photos: {
      default: [],
      parseHTML: (node) =>
        [...node.querySelectorAll(':scope > figure')]
          .map(photoFrom)
          .filter((p): p is PhotoAttrs => !!p),
      renderHTML: () => ({}),
    },
  }),
  parseHTML: () => [{ tag: 'figure.gallery' }],
  renderHTML: ({ node }) =>
    [
      'figure',
      { class: 'gallery' },
      ...(node.attrs.photos as PhotoAttrs[]).map(photoSpec),
    ] as never,
  addNodeView() {
    const labels = this.options.labels;
    return ({ node, getPos, editor }) => {
      const dom = el('figure', { className: 'rte-gallery', contentEditable: 'false' });
      const list = el('div', { className: 'rte-gallery-photos' });
      dom.append(list, removeButton(labels.remove, editor, getPos));
      let current = node;
      const photos = () => editor.state.doc.nodeAt(getPos() ?? -1)?.attrs.photos as PhotoAttrs[];
      const change = (i: number, patch: Partial<PhotoAttrs>) =>
        setAttrs(editor, getPos, {
          photos: photos().map((p, j) => (j === i ? { ...p, ...patch } : p)),
        });
      const draw = (items: PhotoAttrs[]) => {
        list.replaceChildren(
          ...items.map((p, i) => {
            const caption = textInput(labels.caption, p.caption, (v) => change(i, { caption: v }));
            const alt = textInput(
              labels.alt,
              p.alt,
              (v) => change(i, { alt: v }),
              labels.altMissing,
            );
            const drop = el('button', { type: 'button', className: 'link-button' }, labels.remove);
            drop.addEventListener('click', () =>
              setAttrs(editor, getPos, { photos: photos().filter((_, j) => j !== i) }),
            );
            return el(
              'figure',
              {},
              el('img', { src: p.src.replace(/\/\d+\.webp$/, '/320.webp'), alt: p.alt }),
              caption.wrap,
              alt.wrap,
              drop,
            );
          }),
        );
      };
      draw(node.attrs.photos);
      return {
        dom,
        ...viewBehaviour(dom),
        update: (next: PmNode) => {
          if (next.type !== current.type) return false;
          const before = current.attrs.photos as PhotoAttrs[];
          current = next;
          // Only a photo added or removed redraws (typing keeps its field and caret).
          if (before.length !== (next.attrs.photos as PhotoAttrs[]).length) draw(next.attrs.photos);
          return true;
        },
      };
    };
  },
});

/** A video of ours (an uploaded MP4 or a conference recording), with its caption. */
export const Video = Node.create<{ labels: MediaLabels }>({
  name: 'video',
  group: 'block',
  atom: true,
  draggable: true,
  selectable: true,
  priority: 60,
  addOptions: () => ({
    labels: { caption: '', alt: '', altMissing: '', remove: '', video: '' },
  }),
  addAttributes: () => ({
    src: {
      default: '',
      parseHTML: (node) => node.querySelector('video')?.getAttribute('src') ?? '',
      renderHTML: () => ({}),
    },
    caption: {
      default: '',
      parseHTML: (node) => node.querySelector('figcaption')?.textContent?.trim() ?? '',
      renderHTML: () => ({}),
    },
  }),
  parseHTML: () => [
    {
      tag: 'figure.video',
      getAttrs: (node) =>
        OUR_VIDEO.test(node.querySelector('video')?.getAttribute('src') ?? '') ? null : false,
    },
  ],
  renderHTML: ({ node }) =>
    [
      'figure',
      { class: 'video' },
      ['video', { src: node.attrs.src, controls: '', preload: 'metadata' }],
      ...(node.attrs.caption ? [['figcaption', {}, node.attrs.caption]] : []),
    ] as never,
  addNodeView() {
    const labels = this.options.labels;
    return ({ node, getPos, editor }) => {
      let current = node;
      const video = el('video', { src: node.attrs.src, controls: true, preload: 'metadata' });
      const caption = textInput(labels.caption, node.attrs.caption, (v) =>
        setAttrs(editor, getPos, { caption: v }),
      );
      const dom = el(
        'figure',
        { className: 'rte-video', contentEditable: 'false' },
        video,
        caption.wrap,
        removeButton(labels.remove, editor, getPos),
      );
      return {
        dom,
        ...viewBehaviour(dom),
        update: (next: PmNode) => {
          if (next.type !== current.type) return false;
          current = next;
          if (video.getAttribute('src') !== next.attrs.src) video.src = next.attrs.src;
          if (caption.input.value !== next.attrs.caption) caption.input.value = next.attrs.caption;
          return true;
        },
      };
    };
  },
});
