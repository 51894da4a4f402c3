import { and, desc, eq } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';
import { conferenceDocuments } from '../../db/schema/conferences.ts';
import { storedFiles } from '../../db/schema/files.ts';
import type { Actor } from '../auth/policies.ts';
import { AppError } from '../errors.ts';
import {
  checkFile,
  fileSummary,
  MB,
  readStoredFile,
  storeFile,
  type UploadedFile,
} from '../files/stored-files.ts';
import { canViewConference, isParticipant, loadAccess, requireOrganiser } from './policies.ts';
import type { Removal } from './removal.ts';

export const DOCUMENT_MAX_BYTES = 20 * MB;

/**
 * Documents follow the conference's visibility: anyone may read those of a public
 * conference once announced; only participants those of an internal one.
 */
async function requireDocumentAccess(db: Database, actor: Actor | null, conferenceId: string) {
  const access = await loadAccess(db, actor, conferenceId);
  const c = access.conference;
  const open = c.visibility === 'public' && canViewConference(access);
  if (!open && !isParticipant(access)) throw new AppError('not_found');
  return access;
}

export async function addDocument(opts: {
  db: Database;
  actor: Actor | null;
  conferenceId: string;
  title: string;
  file: UploadedFile | undefined;
}) {
  const actor = requireOrganiser(await loadAccess(opts.db, opts.actor, opts.conferenceId));
  const kind = await checkFile(opts.file, ['pdf', 'docx', 'xlsx'], DOCUMENT_MAX_BYTES);
  return opts.db.transaction(async (tx) => {
    const fileId = await storeFile(tx, opts.file!, kind, actor.id);
    const [row] = await tx
      .insert(conferenceDocuments)
      .values({ conferenceId: opts.conferenceId, title: opts.title, fileId, createdBy: actor.id })
      .returning();
    return row!;
  });
}

export async function listDocuments(opts: {
  db: Database;
  actor: Actor | null;
  conferenceId: string;
}) {
  await requireDocumentAccess(opts.db, opts.actor, opts.conferenceId);
  return opts.db
    .select({
      id: conferenceDocuments.id,
      title: conferenceDocuments.title,
      createdAt: conferenceDocuments.createdAt,
      file: fileSummary,
    })
    .from(conferenceDocuments)
    .innerJoin(storedFiles, eq(storedFiles.id, conferenceDocuments.fileId))
    .where(eq(conferenceDocuments.conferenceId, opts.conferenceId))
    .orderBy(desc(conferenceDocuments.createdAt));
}

export async function getDocumentFile(opts: {
  db: Database;
  actor: Actor | null;
  conferenceId: string;
  documentId: string;
}) {
  await requireDocumentAccess(opts.db, opts.actor, opts.conferenceId);
  const [doc] = await opts.db
    .select({ fileId: conferenceDocuments.fileId })
    .from(conferenceDocuments)
    .where(
      and(
        eq(conferenceDocuments.id, opts.documentId),
        eq(conferenceDocuments.conferenceId, opts.conferenceId),
      ),
    );
  if (!doc) throw new AppError('not_found');
  return readStoredFile(opts.db, doc.fileId);
}

/**
 * Removes a document; returns it whole for an undo. Its file is kept: the undo puts
 * the document back while the file is still there, and the sweep of unused files
 * (`domain/files/unused-files.ts`) deletes it once nothing has used it for a while.
 */
export async function removeDocument(opts: {
  db: Database;
  actor: Actor | null;
  conferenceId: string;
  documentId: string;
}): Promise<Removal> {
  return opts.db.transaction(async (tx) => {
    requireOrganiser(await loadAccess(tx, opts.actor, opts.conferenceId));
    const [doc] = await tx
      .delete(conferenceDocuments)
      .where(
        and(
          eq(conferenceDocuments.id, opts.documentId),
          eq(conferenceDocuments.conferenceId, opts.conferenceId),
        ),
      )
      .returning();
    if (!doc) throw new AppError('not_found');
    const [file] = await tx
      .select({ name: storedFiles.name })
      .from(storedFiles)
      .where(eq(storedFiles.id, doc.fileId));
    return {
      kind: 'document',
      label: { name: doc.title, file: file?.name ?? '' },
      rows: { documents: [doc] },
    };
  });
}
