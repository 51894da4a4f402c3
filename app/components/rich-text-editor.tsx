import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * The article body editor: headings, bold, italic, lists, links, quotes and photos
 * with captions. Its HTML goes into a hidden field; the server sanitises it.
 */
export function RichTextEditor({
  name,
  initial,
  onPhotos,
}: {
  name: string;
  initial: string;
  onPhotos?: (ids: string[]) => void;
}) {
  const { t } = useTranslation();
  const area = useRef<HTMLDivElement>(null);
  const field = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const sync = () => {
    if (!area.current || !field.current) return;
    field.current.value = area.current.innerHTML;
    onPhotos?.(
      [...area.current.querySelectorAll('img[data-photo-id]')].map((img) =>
        img.getAttribute('data-photo-id')!,
      ),
    );
  };
  useEffect(() => {
    if (area.current) area.current.innerHTML = initial;
    sync();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const run = (command: string, value?: string) => {
    area.current?.focus();
    document.execCommand(command, false, value);
    sync();
  };

  const insertPhoto = async (file: File) => {
    setBusy(true);
    setError(null);
    try {
      const form = new FormData();
      form.set('file', file);
      const res = await fetch('/api/v1/photos', { method: 'POST', body: form });
      const body = await res.json();
      if (!res.ok) throw new Error(body.error?.message ?? res.statusText);
      const figure = document.createElement('figure');
      const img = document.createElement('img');
      img.src = body.src;
      img.alt = '';
      img.setAttribute('data-photo-id', body.id);
      const caption = document.createElement('figcaption');
      caption.textContent = t('editor.toolbar.caption');
      figure.append(img, caption);
      area.current?.append(figure, document.createElement('p'));
      sync();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="rte">
      <div className="rte-toolbar" role="toolbar" aria-label={t('editor.body')}>
        <button type="button" onClick={() => run('formatBlock', 'h2')}>
          {t('editor.toolbar.h2')}
        </button>
        <button type="button" onClick={() => run('formatBlock', 'h3')}>
          {t('editor.toolbar.h3')}
        </button>
        <button type="button" onClick={() => run('bold')}>
          {t('editor.toolbar.bold')}
        </button>
        <button type="button" onClick={() => run('italic')}>
          {t('editor.toolbar.italic')}
        </button>
        <button type="button" onClick={() => run('insertUnorderedList')}>
          {t('editor.toolbar.ul')}
        </button>
        <button type="button" onClick={() => run('insertOrderedList')}>
          {t('editor.toolbar.ol')}
        </button>
        <button
          type="button"
          onClick={() => {
            const url = window.prompt(t('editor.toolbar.linkPrompt'));
            if (url && /^https?:\/\//.test(url)) run('createLink', url);
          }}
        >
          {t('editor.toolbar.link')}
        </button>
        <button type="button" onClick={() => run('formatBlock', 'blockquote')}>
          {t('editor.toolbar.quote')}
        </button>
        <label className="rte-photo">
          {t('editor.toolbar.photo')}
          <input
            type="file"
            accept="image/jpeg,image/png,image/webp"
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) void insertPhoto(file);
              e.target.value = '';
            }}
          />
        </label>
        {busy && <span className="muted">{t('editor.toolbar.uploading')}</span>}
      </div>
      {error && <p className="field-error">{error}</p>}
      <div
        ref={area}
        className="rte-area article-body"
        contentEditable
        suppressContentEditableWarning
        role="textbox"
        aria-multiline="true"
        aria-label={t('editor.body')}
        onInput={sync}
        onBlur={sync}
      />
      <input ref={field} type="hidden" name={name} />
    </div>
  );
}
