import { and, count, eq } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';
import { conferenceThemes } from '../../db/schema/conferences.ts';
import {
  contributionAttachments,
  contributionSupports,
  contributions,
} from '../../db/schema/contributions.ts';
import { storedFiles } from '../../db/schema/files.ts';
import type { Actor } from '../auth/policies.ts';
import { AppError } from '../errors.ts';
import { fileSummary, readStoredFile } from '../files/stored-files.ts';
import { canModerate } from './policies.ts';
import { getRow, isPublic, openAccess, publicView } from './contribution-records.ts';

export async function getContribution(opts: {
  db: Database;
  actor: Actor | null;
  conferenceId: string;
  contributionId: string;
}) {
  const access = await openAccess(opts.db, opts.actor, opts.conferenceId);
  const moderator = canModerate(access);
  const row = await getRow(opts.db, opts.conferenceId, opts.contributionId);
  if (!isPublic(row) && !moderator && row.userId !== opts.actor?.id)
    throw new AppError('not_found');
  const [theme, attachments, supported, mergedInto] = await Promise.all([
    opts.db.select().from(conferenceThemes).where(eq(conferenceThemes.id, row.themeId)),
    opts.db
      .select({ attachmentId: contributionAttachments.id, ...fileSummary })
      .from(contributionAttachments)
      .innerJoin(storedFiles, eq(storedFiles.id, contributionAttachments.fileId))
      .where(eq(contributionAttachments.contributionId, row.id)),
    opts.actor
      ? opts.db
          .select({ n: count() })
          .from(contributionSupports)
          .where(
            and(
              eq(contributionSupports.contributionId, row.id),
              eq(contributionSupports.userId, opts.actor.id),
            ),
          )
      : Promise.resolve([{ n: 0 }]),
    row.mergedIntoId
      ? opts.db
          .select({ id: contributions.id, title: contributions.title })
          .from(contributions)
          .where(eq(contributions.id, row.mergedIntoId))
      : Promise.resolve([]),
  ]);
  return {
    contribution: publicView(row, moderator),
    theme: theme[0]?.title ?? '',
    attachments,
    supportedByMe: (supported[0]?.n ?? 0) > 0,
    mergedInto: mergedInto[0] ?? null,
    moderator,
  };
}

export async function getAttachment(opts: {
  db: Database;
  actor: Actor | null;
  conferenceId: string;
  contributionId: string;
  attachmentId: string;
}) {
  const { attachments } = await getContribution(opts);
  const found = attachments.find((a) => a.attachmentId === opts.attachmentId);
  if (!found) throw new AppError('not_found');
  return readStoredFile(opts.db, found.id);
}
