import { Table, TableCell, TableHeader, TableRow } from '@tiptap/extension-table';
import { EditorContent, useEditor, useEditorState, type Editor } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from '../i18n/use-translation.ts';
import { MediaButtons, PendingPanel, type PendingMedia } from './editor/media-panel.tsx';
import { Figure, Gallery, Video, type MediaLabels, type PhotoAttrs } from './editor/media-nodes.ts';
import { cleanPastedHtml } from './editor/paste.ts';

/** The photos a body shows (single photos and those of galleries), in order. */
function photoIds(editor: Editor): string[] {
  const ids: string[] = [];
  editor.state.doc.descendants((node) => {
    if (node.type.name === 'figure') ids.push(node.attrs.photoId);
    if (node.type.name === 'gallery')
      ids.push(...(node.attrs.photos as PhotoAttrs[]).map((p) => p.photoId));
  });
  return ids.filter(Boolean);
}

/**
 * The article body editor (TipTap on ProseMirror): its document schema holds only
 * paragraphs, headings h2–h4, emphasis, lists, quotes, links, tables, photos (figure
 * with caption and alt text), photo galleries and videos of ours, so pasted or typed
 * content cannot become anything else. The HTML it produces goes into a hidden field;
 * the server sanitises it again.
 */
export function RichTextEditor({
  name,
  initial,
  onPhotos,
  onChange,
  conferences = [],
  media = true,
  label,
}: {
  name: string;
  initial: string;
  onPhotos?: (ids: string[]) => void;
  /** The person changed the document (typing, pasting, a photo's fields). */
  onChange?: () => void;
  conferences?: readonly { id: string; title: string }[];
  /** Photos, galleries and videos (an article); off for text-only documents (minutes). */
  media?: boolean;
  /** The editing area's accessible name (the article body's by default). */
  label?: string;
}) {
  const { t } = useTranslation();
  /** The document as HTML, sent with the form (a controlled field: re-renders keep it). */
  const [html, setHtml] = useState(initial);
  const [pasteNote, setPasteNote] = useState<string | null>(null);
  const [pending, setPending] = useState<PendingMedia | null>(null);
  /** Photos uploaded while writing, offered as the cover even if not in the body. */
  const uploaded = useRef<string[]>([]);
  const labels: MediaLabels = {
    caption: t('editor.media.caption'),
    alt: t('editor.media.alt'),
    altMissing: t('editor.media.altMissing'),
    remove: t('editor.media.remove'),
    video: t('editor.media.video'),
  };
  const extensions = useMemo(
    () => [
      StarterKit.configure({
        heading: { levels: [2, 3, 4] },
        code: false,
        codeBlock: false,
        link: {
          openOnClick: false,
          autolink: true,
          protocols: ['http', 'https', 'mailto'],
          defaultProtocol: 'https',
          HTMLAttributes: { target: null, rel: null, class: null },
        },
      }),
      Table.configure({ resizable: false }),
      TableRow,
      TableHeader,
      TableCell,
      ...(media
        ? [Figure.configure({ labels }), Gallery.configure({ labels }), Video.configure({ labels })]
        : []),
    ],
    // The labels are the page's language, which does not change while it is open.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [],
  );
  const sync = (editor: Editor) => {
    setHtml(editor.isEmpty ? '' : editor.getHTML());
    onPhotos?.([...new Set([...photoIds(editor), ...uploaded.current])]);
  };
  const editor = useEditor({
    extensions,
    content: initial,
    immediatelyRender: false,
    // Its base styles are in styles.css: the CSP allows no injected <style>.
    injectCSS: false,
    editorProps: {
      attributes: {
        class: 'rte-area article-body',
        role: 'textbox',
        'aria-multiline': 'true',
        'aria-label': label ?? t('editor.body'),
      },
      transformPastedHTML: (html) =>
        cleanPastedHtml(html, ({ droppedImages }) =>
          setPasteNote(droppedImages ? t('editor.pastedImages', { count: droppedImages }) : null),
        ),
    },
    onCreate: ({ editor }) => sync(editor),
    onUpdate: ({ editor }) => {
      sync(editor);
      onChange?.();
    },
  });
  const state = useEditorState({
    editor,
    selector: ({ editor: e }) =>
      e
        ? {
            h2: e.isActive('heading', { level: 2 }),
            h3: e.isActive('heading', { level: 3 }),
            h4: e.isActive('heading', { level: 4 }),
            bold: e.isActive('bold'),
            italic: e.isActive('italic'),
            underline: e.isActive('underline'),
            strike: e.isActive('strike'),
            ul: e.isActive('bulletList'),
            ol: e.isActive('orderedList'),
            quote: e.isActive('blockquote'),
            link: e.isActive('link'),
            table: e.isActive('table'),
          }
        : null,
  });

  const button = (key: string, label: string, active: boolean | undefined, run: () => void) => (
    <button
      key={key}
      type="button"
      aria-pressed={active ?? false}
      disabled={!editor}
      onMouseDown={(e) => e.preventDefault()}
      onClick={run}
    >
      {label}
    </button>
  );
  const chain = () => editor!.chain().focus();

  return (
    <div className="rte">
      <div className="rte-toolbar" role="toolbar" aria-label={label ?? t('editor.body')}>
        {button('h2', t('editor.toolbar.h2'), state?.h2, () =>
          chain().toggleHeading({ level: 2 }).run(),
        )}
        {button('h3', t('editor.toolbar.h3'), state?.h3, () =>
          chain().toggleHeading({ level: 3 }).run(),
        )}
        {button('h4', t('editor.toolbar.h4'), state?.h4, () =>
          chain().toggleHeading({ level: 4 }).run(),
        )}
        {button('b', t('editor.toolbar.bold'), state?.bold, () => chain().toggleBold().run())}
        {button('i', t('editor.toolbar.italic'), state?.italic, () => chain().toggleItalic().run())}
        {button('u', t('editor.toolbar.underline'), state?.underline, () =>
          chain().toggleUnderline().run(),
        )}
        {button('s', t('editor.toolbar.strike'), state?.strike, () => chain().toggleStrike().run())}
        {button('ul', t('editor.toolbar.ul'), state?.ul, () => chain().toggleBulletList().run())}
        {button('ol', t('editor.toolbar.ol'), state?.ol, () => chain().toggleOrderedList().run())}
        {button('q', t('editor.toolbar.quote'), state?.quote, () =>
          chain().toggleBlockquote().run(),
        )}
        {button('a', t('editor.toolbar.link'), state?.link, () => {
          if (state?.link) return void chain().unsetLink().run();
          const url = window.prompt(t('editor.toolbar.linkPrompt'))?.trim();
          if (url && /^(https?:\/\/|mailto:)/i.test(url)) chain().setLink({ href: url }).run();
        })}
        {button('t', t('editor.toolbar.table'), false, () =>
          chain().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run(),
        )}
        {state?.table && (
          <>
            {button('tr', t('editor.toolbar.addRow'), false, () => chain().addRowAfter().run())}
            {button('tc', t('editor.toolbar.addColumn'), false, () =>
              chain().addColumnAfter().run(),
            )}
            {button('dr', t('editor.toolbar.deleteRow'), false, () => chain().deleteRow().run())}
            {button('dc', t('editor.toolbar.deleteColumn'), false, () =>
              chain().deleteColumn().run(),
            )}
            {button('dt', t('editor.toolbar.deleteTable'), false, () =>
              chain().deleteTable().run(),
            )}
          </>
        )}
        {media && (
          <MediaButtons
            conferences={conferences}
            setPending={setPending}
            onUploaded={(ids) => {
              uploaded.current.push(...ids);
              if (editor) sync(editor);
            }}
          />
        )}
      </div>
      {pending && <PendingPanel editor={editor} pending={pending} setPending={setPending} />}
      {pasteNote && (
        <p className="field-error" role="status">
          {pasteNote}
        </p>
      )}
      <EditorContent editor={editor} />
      {!editor && (
        // Before the editor starts (server render), the stored body shows as it is.
        <div className="rte-area article-body" dangerouslySetInnerHTML={{ __html: initial }} />
      )}
      <input type="hidden" name={name} value={html} />
    </div>
  );
}
