import { createHash } from 'node:crypto';
import { createInflateRaw } from 'node:zlib';
import { eq } from 'drizzle-orm';
import { fileTypeFromBuffer } from 'file-type';
import sharp from 'sharp';
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
  // A zip (DOCX, XLSX) is bounded before anything unpacks it, even to sniff its kind.
  const zipped = file.data.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
  if (zipped && allowed.some((k) => k === 'docx' || k === 'xlsx')) {
    await checkZipBounds(file.data, DOCUMENT_ZIP_LIMITS);
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
  const base = (name.normalize('NFC').split(/[\\/]/).pop() ?? '')
    // Controls, bidirectional overrides (a name that reads backwards) and reserved marks.
    .replace(/[\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069"<>|:*?]/gu, '')
    .trim()
    .slice(0, 150);
  const stem = base.replace(/\.[^.]*$/, '') || 'tep';
  return `${stem}.${kind}`;
}

/**
 * An image without its metadata (EXIF with GPS position, camera, author), turned
 * upright first. Other kinds are kept as they are.
 */
export async function withoutMetadata(data: Buffer, kind: FileKind): Promise<Buffer> {
  if (kind !== 'jpg' && kind !== 'png' && kind !== 'webp') return data;
  try {
    const image = sharp(data, { failOn: 'error' }).rotate();
    if (kind === 'jpg') return await image.jpeg({ quality: 90, mozjpeg: true }).toBuffer();
    if (kind === 'png') return await image.png().toBuffer();
    return await image.webp({ quality: 90 }).toBuffer();
  } catch (err) {
    throw new AppError('unsupported_file', {
      params: { allowed: kind.toUpperCase() },
      fields: { file: 'errors.unsupported_file' },
      cause: err,
    });
  }
}

/** Stores a checked file (images: after `withoutMetadata`); returns its id. */
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

/** What an uploaded workbook may hold once unzipped; checked before it is parsed. */
export const ZIP_LIMITS = { entries: 200, totalBytes: 25 * MB, entryBytes: 20 * MB } as const;
/** The same for documents (DOCX, XLSX) that are stored and downloaded, not parsed. */
export const DOCUMENT_ZIP_LIMITS = {
  entries: 2000,
  totalBytes: 100 * MB,
  entryBytes: 60 * MB,
} as const;

/** How many bytes a raw deflate stream inflates to, stopping (with `limit + 1`) past `limit`. */
function inflatedSize(body: Buffer, limit: number): Promise<number> {
  return new Promise((resolve) => {
    const inflate = createInflateRaw();
    let size = 0;
    let done = false;
    const finish = (n: number) => {
      if (done) return;
      done = true;
      inflate.destroy();
      resolve(n);
    };
    inflate.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) finish(limit + 1);
    });
    inflate.on('end', () => finish(size));
    // A broken stream: treated as too big, which refuses the file.
    inflate.on('error', () => finish(limit + 1));
    inflate.end(body);
  });
}

/**
 * Walks a zip's entries, inflating each without keeping the output, and refuses an
 * archive that would unpack to more than `limits` (a few megabytes of DOCX or XLSX can
 * hold gigabytes of XML, even one that lies about its sizes) before any parser or
 * content sniffer sees it.
 */
export async function checkZipBounds(
  data: Buffer,
  limits: typeof ZIP_LIMITS | typeof DOCUMENT_ZIP_LIMITS = ZIP_LIMITS,
): Promise<void> {
  const tooBig = () =>
    new AppError('validation', {
      fields: { file: 'errors.archive_too_large' },
      params: { limit: `${Math.round(limits.totalBytes / MB)} MB` },
    });
  const notZip = () => new AppError('unsupported_file', { params: { allowed: 'DOCX, XLSX' } });
  // End of central directory: 22 bytes plus a comment of up to 65535.
  let end = -1;
  for (let i = data.length - 22; i >= Math.max(0, data.length - 22 - 65535); i--) {
    if (data.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) throw notZip();
  const count = data.readUInt16LE(end + 10);
  const size = data.readUInt32LE(end + 12);
  const offset = data.readUInt32LE(end + 16);
  // ZIP64 markers: far beyond anything this product takes.
  if (count === 0xffff || offset === 0xffffffff || offset + size > end) throw tooBig();
  if (count > limits.entries) throw tooBig();
  let total = 0;
  let at = offset;
  for (let n = 0; n < count; n++) {
    if (at + 46 > end || data.readUInt32LE(at) !== 0x02014b50) throw notZip();
    const method = data.readUInt16LE(at + 10);
    const compressed = data.readUInt32LE(at + 20);
    const declared = data.readUInt32LE(at + 24);
    const local = data.readUInt32LE(at + 42);
    if (declared === 0xffffffff || declared > limits.entryBytes) throw tooBig();
    if (local + 30 > data.length || data.readUInt32LE(local) !== 0x04034b50) throw notZip();
    const start = local + 30 + data.readUInt16LE(local + 26) + data.readUInt16LE(local + 28);
    const body = data.subarray(start, start + compressed);
    const room = Math.min(limits.entryBytes, limits.totalBytes - total);
    let actual = body.length;
    if (method === 8) actual = await inflatedSize(body, room);
    else if (method !== 0) throw notZip();
    total += Math.max(actual, declared);
    if (actual > room || total > limits.totalBytes) throw tooBig();
    at += 46 + data.readUInt16LE(at + 28) + data.readUInt16LE(at + 30) + data.readUInt16LE(at + 32);
  }
}
