import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { fileTypeFromBuffer } from 'file-type';
import type { Executor } from '../../db/database.ts';
import { storedFiles } from '../../db/schema/files.ts';
import { AppError } from '../errors.ts';

export const MB = 1024 * 1024;

/** File kinds the product accepts, recognised by content (magic bytes), never by name. */
export const FILE_KINDS = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  jpg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
} as const;
export type FileKind = keyof typeof FILE_KINDS;

export interface UploadedFile {
  name: string;
  data: Buffer;
}

/** The kind of `data` among `allowed`, or an `unsupported_file` / `file_too_large` error. */
export async function checkFile(
  file: UploadedFile | undefined,
  allowed: readonly FileKind[],
  maxBytes: number,
): Promise<FileKind> {
  if (!file || file.data.length === 0) {
    throw new AppError('validation', { fields: { file: 'errors.file_required' } });
  }
  if (file.data.length > maxBytes) {
    throw new AppError('file_too_large', {
      params: { limit: `${Math.round(maxBytes / MB)} MB` },
      fields: { file: 'errors.file_too_large' },
    });
  }
  const detected = await fileTypeFromBuffer(file.data);
  const kind = allowed.find((k) => detected?.ext === k);
  if (!kind) {
    throw new AppError('unsupported_file', {
      params: { allowed: allowed.map((k) => k.toUpperCase()).join(', ') },
      fields: { file: 'errors.unsupported_file' },
    });
  }
  return kind;
}

/** A file name safe to store and to send back: no path, no control characters. */
export function cleanFileName(name: string, kind: FileKind): string {
  const base = (name.split(/[\\/]/).pop() ?? '')
    .replace(/[\p{Cc}"<>|:*?]/gu, '')
    .trim()
    .slice(0, 150);
  const stem = base.replace(/\.[^.]*$/, '') || 'tep';
  return `${stem}.${kind}`;
}

export async function storeFile(
  db: Executor,
  file: UploadedFile,
  kind: FileKind,
  createdBy: string | null,
): Promise<string> {
  const [row] = await db
    .insert(storedFiles)
    .values({
      name: cleanFileName(file.name, kind),
      mime: FILE_KINDS[kind],
      size: file.data.length,
      sha256: createHash('sha256').update(file.data).digest('hex'),
      data: file.data,
      createdBy,
    })
    .returning({ id: storedFiles.id });
  return row!.id;
}

export async function readStoredFile(db: Executor, id: string) {
  const [row] = await db.select().from(storedFiles).where(eq(storedFiles.id, id)).limit(1);
  if (!row) throw new AppError('not_found');
  return { name: row.name, mime: row.mime, data: row.data, size: row.size };
}

/** Metadata only (no bytes), for lists. */
export const fileSummary = {
  id: storedFiles.id,
  name: storedFiles.name,
  size: storedFiles.size,
  mime: storedFiles.mime,
};
