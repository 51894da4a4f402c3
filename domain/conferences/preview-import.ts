import { eq, lt, sql } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';
import { conferenceSites, delegates, importPreviews } from '../../db/schema/conferences.ts';
import { units } from '../../db/schema/units.ts';
import type { Actor } from '../auth/policies.ts';
import { AppError } from '../errors.ts';
import { type UploadedFile } from '../files/stored-files.ts';
import { loadAccess, requireOrganiser } from './policies.ts';
import { IMPORT_MAX_BYTES, type ImportPlan, type ImportProblem } from './import-format.ts';
import { readTables } from './read-tables.ts';
import { planImport } from './plan-import.ts';

export interface ImportPreview {
  /** Present only when the whole file is valid. */
  previewId: string | null;
  plan: ImportPlan;
  problems: ImportProblem[];
}

/** Checks a CSV or XLSX file of sites and/or delegates and shows what importing it would do. */
export async function previewImport(opts: {
  db: Database;
  actor: Actor | null;
  conferenceId: string;
  file: UploadedFile | undefined;
}): Promise<ImportPreview> {
  const actor = requireOrganiser(await loadAccess(opts.db, opts.actor, opts.conferenceId));
  if (!opts.file || opts.file.data.length === 0) {
    throw new AppError('validation', { fields: { file: 'errors.file_required' } });
  }
  if (opts.file.data.length > IMPORT_MAX_BYTES) {
    throw new AppError('file_too_large', {
      params: { limit: '5 MB' },
      fields: { file: 'errors.file_too_large' },
    });
  }
  const tables = await readTables(opts.file);
  const [directory, existingSites, existingDelegates] = await Promise.all([
    opts.db.select().from(units),
    opts.db
      .select()
      .from(conferenceSites)
      .where(eq(conferenceSites.conferenceId, opts.conferenceId)),
    opts.db.select().from(delegates).where(eq(delegates.conferenceId, opts.conferenceId)),
  ]);
  const { plan, problems } = planImport({ tables, directory, existingSites, existingDelegates });
  if (problems.length) return { previewId: null, plan, problems };
  // Old previews are of no use; keep the table small.
  await opts.db
    .delete(importPreviews)
    .where(lt(importPreviews.createdAt, sql`now() - interval '1 day'`));
  const [row] = await opts.db
    .insert(importPreviews)
    .values({ conferenceId: opts.conferenceId, createdBy: actor.id, payload: plan })
    .returning({ id: importPreviews.id });
  return { previewId: row!.id, plan, problems };
}
