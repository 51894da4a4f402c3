import { useState } from 'react';
import { useTranslation } from '../../i18n/use-translation.ts';

const TABLES = ['sites', 'turns', 'themes', 'contributions', 'submissions'] as const;

/** The file's name from `Content-Disposition` (RFC 6266 `filename*` first). */
function fileName(header: string | null, fallback: string): string {
  const star = header?.match(/filename\*=UTF-8''([^;]+)/i)?.[1];
  if (star) return decodeURIComponent(star);
  return header?.match(/filename="?([^";]+)"?/i)?.[1] ?? fallback;
}

/**
 * One download: a plain link (it works without JavaScript); with JavaScript, the file is
 * fetched here so the page can say it is being made, then how much has arrived.
 */
function DownloadLink({ href, label }: { href: string; label: string }) {
  const { t } = useTranslation();
  const [state, setState] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const download = async (e: React.MouseEvent) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setState(t('record.preparing'));
    try {
      const res = await fetch(href, { credentials: 'same-origin' });
      if (!res.ok || !res.body) {
        const body = (await res.json().catch(() => null)) as {
          error?: { message?: string };
        } | null;
        throw new Error(body?.error?.message ?? String(res.status));
      }
      const total = Number(res.headers.get('content-length')) || 0;
      const reader = res.body.getReader();
      const chunks: Uint8Array[] = [];
      let received = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        received += value.length;
        if (total)
          setState(t('record.receiving', { percent: Math.round((100 * received) / total) }));
      }
      const name = fileName(res.headers.get('content-disposition'), 'tep');
      const url = URL.createObjectURL(
        new Blob(chunks as BlobPart[], { type: res.headers.get('content-type') ?? '' }),
      );
      const a = document.createElement('a');
      a.href = url;
      a.download = name;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      setState(t('record.downloaded', { name }));
    } catch (err) {
      setState(t('record.downloadFailed', { message: (err as Error).message }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <li>
      <a href={href} download onClick={download} aria-busy={busy}>
        {label}
      </a>
      {state && (
        <span className="muted" role="status">
          {' '}
          {busy && <progress aria-label={label} />} {state}
        </span>
      )}
    </li>
  );
}

/** The record's files: PDF, the DOCX documents, the data as XLSX and each table as CSV. */
export function RecordDownloads({
  conferenceId,
  view,
  minutes,
}: {
  conferenceId: string;
  view: 'full' | 'public';
  /** Whether the minutes may be downloaded (the public: once locked). */
  minutes: boolean;
}) {
  const { t } = useTranslation();
  const base = `/api/v1/conferences/${conferenceId}/record/file?view=${view}&kind=`;
  return (
    <section aria-labelledby="record-downloads">
      <h2 id="record-downloads">{t('record.downloads')}</h2>
      <p className="muted">{t('record.downloadsNote')}</p>
      <ul className="link-list record-downloads">
        <DownloadLink href={`${base}pdf`} label={t('record.file.pdf')} />
        {minutes && <DownloadLink href={`${base}minutes`} label={t('record.file.minutes')} />}
        <DownloadLink href={`${base}report`} label={t('record.file.report')} />
        <DownloadLink href={`${base}xlsx`} label={t('record.file.xlsx')} />
        {TABLES.map((table) => (
          <DownloadLink
            key={table}
            href={`${base}csv&table=${table}`}
            label={t('record.file.csv', { table: t(`record.tables.${table}`) })}
          />
        ))}
      </ul>
    </section>
  );
}
