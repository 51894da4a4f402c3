import type { Editor } from '@tiptap/react';
import { useState } from 'react';
import { useTranslation } from '../../i18n/use-translation.ts';
import type { PhotoAttrs } from './media-nodes.ts';

/** What was uploaded or chosen and waits for its texts before going into the body. */
export type PendingMedia =
  | { kind: 'photo'; photos: PhotoAttrs[] }
  | { kind: 'gallery'; photos: PhotoAttrs[] }
  | { kind: 'video'; src: string; caption: string; name: string };

async function uploadPhoto(file: File): Promise<PhotoAttrs> {
  const form = new FormData();
  form.set('file', file);
  const res = await fetch('/api/v1/photos', { method: 'POST', body: form });
  const body = await res.json();
  if (!res.ok) throw new Error(body.error?.message ?? res.statusText);
  return { src: body.src, alt: '', caption: '', photoId: body.id };
}

/** An MP4 sent as it is (streamed to disk by the server), with its progress. */
function uploadVideo(file: File, progress: (share: number) => void) {
  return new Promise<{ src: string }>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/media/videos?name=${encodeURIComponent(file.name)}`);
    xhr.setRequestHeader('Content-Type', 'video/mp4');
    xhr.upload.onprogress = (e) => e.lengthComputable && progress(e.loaded / e.total);
    xhr.onload = () => {
      let body: { src?: string; error?: { message?: string } } = {};
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // not JSON: the status says it
      }
      if (xhr.status === 201 && body.src) resolve({ src: body.src });
      else reject(new Error(body.error?.message ?? `${xhr.status} ${xhr.statusText}`));
    };
    xhr.onerror = () => reject(new Error(xhr.statusText || 'network'));
    xhr.send(file);
  });
}

/**
 * Photos, galleries and videos: uploaded (or a conference recording chosen), then their
 * caption and alt text asked for, then put into the body where the cursor was.
 */
export function MediaButtons({
  conferences,
  setPending,
  onUploaded,
}: {
  conferences: readonly { id: string; title: string }[];
  setPending(p: PendingMedia | null): void;
  onUploaded(ids: string[]): void;
}) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [recordings, setRecordings] = useState<{ url: string; label: string }[] | null | 'loading'>(
    null,
  );

  const run = async (label: string, work: () => Promise<void>) => {
    setBusy(label);
    setError(null);
    try {
      await work();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(null);
    }
  };

  const photos = (files: File[], kind: 'photo' | 'gallery') =>
    run(t('editor.toolbar.uploading'), async () => {
      const uploaded: PhotoAttrs[] = [];
      for (const f of files) uploaded.push(await uploadPhoto(f));
      onUploaded(uploaded.map((p) => p.photoId));
      setPending(kind === 'photo' ? { kind, photos: uploaded } : { kind, photos: uploaded });
    });

  const loadRecordings = async (conferenceId: string) => {
    if (!conferenceId) return setRecordings(null);
    setRecordings('loading');
    const res = await fetch(`/api/v1/conferences/${conferenceId}/recordings`);
    const list = res.ok
      ? ((await res.json()) as {
          url: string | null;
          createdAt: string;
          durationSeconds: number | null;
        }[])
      : [];
    setRecordings(
      list
        .filter((r) => r.url)
        .map((r) => ({
          url: r.url!,
          label: `${new Date(r.createdAt).toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' })}${
            r.durationSeconds
              ? ` · ${Math.round(r.durationSeconds / 60)} ${t('editor.media.minutes')}`
              : ''
          }`,
        })),
    );
  };

  return (
    <>
      <label className="rte-photo">
        {t('editor.toolbar.photo')}
        <input
          type="file"
          accept="image/jpeg,image/png,image/webp"
          disabled={!!busy}
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void photos([file], 'photo');
            e.target.value = '';
          }}
        />
      </label>
      <label className="rte-photo">
        {t('editor.toolbar.gallery')}
        <input
          type="file"
          multiple
          accept="image/jpeg,image/png,image/webp"
          disabled={!!busy}
          onChange={(e) => {
            const files = [...(e.target.files ?? [])];
            if (files.length) void photos(files, 'gallery');
            e.target.value = '';
          }}
        />
      </label>
      <label className="rte-photo">
        {t('editor.toolbar.video')}
        <input
          type="file"
          accept="video/mp4"
          disabled={!!busy}
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (!file) return;
            void run(t('editor.media.uploadingVideo', { percent: 0 }), async () => {
              const { src } = await uploadVideo(file, (share) =>
                setBusy(t('editor.media.uploadingVideo', { percent: Math.round(share * 100) })),
              );
              setPending({ kind: 'video', src, caption: '', name: file.name });
            });
          }}
        />
      </label>
      <label className="rte-recording">
        <span>{t('editor.toolbar.recording')}</span>
        <select defaultValue="" onChange={(e) => void loadRecordings(e.target.value)}>
          <option value="">{t('editor.media.pickConference')}</option>
          {conferences.map((c) => (
            <option key={c.id} value={c.id}>
              {c.title}
            </option>
          ))}
        </select>
      </label>
      {recordings === 'loading' && <span className="muted">…</span>}
      {Array.isArray(recordings) &&
        (recordings.length === 0 ? (
          <span className="muted">{t('editor.media.noRecordings')}</span>
        ) : (
          recordings.map((r) => (
            <button
              key={r.url}
              type="button"
              onClick={() => setPending({ kind: 'video', src: r.url, caption: '', name: r.label })}
            >
              {t('editor.media.useRecording', { label: r.label })}
            </button>
          ))
        ))}
      {busy && (
        <span className="muted" role="status">
          {busy}
        </span>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}

/** The uploaded media waiting for its alt text and caption, and the button that inserts it. */
export function PendingPanel({
  editor,
  pending,
  setPending,
}: {
  editor: Editor | null;
  pending: PendingMedia;
  setPending(p: PendingMedia | null): void;
}) {
  const { t } = useTranslation();
  const insert = () => {
    if (!editor || !pending) return;
    const node =
      pending.kind === 'photo'
        ? { type: 'figure', attrs: pending.photos[0] }
        : pending.kind === 'gallery'
          ? { type: 'gallery', attrs: { photos: pending.photos } }
          : { type: 'video', attrs: { src: pending.src, caption: pending.caption } };
    // Where the cursor was (a photo in the middle splits its paragraph, the rest going on
    // below it, where the cursor waits); at the end of a paragraph the cursor waits in a
    // new one after the photo, so typing goes on below it, not into its caption.
    const { $from } = editor.state.selection;
    const restBelow = $from.parent.isTextblock && $from.parentOffset < $from.parent.content.size;
    editor
      .chain()
      .focus()
      .insertContentAt(editor.state.selection, restBelow ? [node] : [node, { type: 'paragraph' }])
      .run();
    setPending(null);
  };

  const missingAlt =
    pending && pending.kind !== 'video' && pending.photos.some((p) => !p.alt.trim());
  const setPhoto = (i: number, patch: Partial<PhotoAttrs>) =>
    pending &&
    pending.kind !== 'video' &&
    setPending({
      ...pending,
      photos: pending.photos.map((p, j) => (j === i ? { ...p, ...patch } : p)),
    });

  return (
    <div className="rte-pending" role="group" aria-label={t('editor.media.pending')}>
      {pending.kind === 'video' ? (
        <>
          <video src={pending.src} controls preload="metadata" />
          <label className="rte-media-field">
            <span>{t('editor.media.caption')}</span>
            <input
              type="text"
              value={pending.caption}
              onChange={(e) => setPending({ ...pending, caption: e.target.value })}
            />
          </label>
        </>
      ) : (
        pending.photos.map((p, i) => (
          <div key={p.photoId} className="rte-pending-photo">
            <img src={p.src.replace(/\/\d+\.webp$/, '/320.webp')} alt="" />
            <label className="rte-media-field">
              <span>{t('editor.media.altRequired')}</span>
              <input
                type="text"
                value={p.alt}
                aria-invalid={!p.alt.trim()}
                onChange={(e) => setPhoto(i, { alt: e.target.value })}
              />
            </label>
            <label className="rte-media-field">
              <span>{t('editor.media.caption')}</span>
              <input
                type="text"
                value={p.caption}
                onChange={(e) => setPhoto(i, { caption: e.target.value })}
              />
            </label>
          </div>
        ))
      )}
      {missingAlt && <p className="field-error">{t('editor.media.altMissing')}</p>}
      <div className="inline-actions">
        <button type="button" className="button" disabled={!!missingAlt} onClick={insert}>
          {t('editor.media.insert')}
        </button>
        <button type="button" className="button button-secondary" onClick={() => setPending(null)}>
          {t('editor.media.cancel')}
        </button>
      </div>
    </div>
  );
}
