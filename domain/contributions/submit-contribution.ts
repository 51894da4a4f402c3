import { and, eq } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';
import { conferenceThemes } from '../../db/schema/conferences.ts';
import { contributionAttachments, contributions } from '../../db/schema/contributions.ts';
import type { SubmitContributionInput } from '../../protocol/contributions.ts';
import type { Actor } from '../auth/policies.ts';
import { AppError } from '../errors.ts';
import {
  checkFile,
  MB,
  storeFile,
  withoutMetadata,
  type FileKind,
  type UploadedFile,
} from '../files/stored-files.ts';
import { addressBucket } from '../client-address.ts';
import { hitRateLimit } from '../rate-limit.ts';
import { recordConsent } from '../privacy/record-consent.ts';
import { type ContributionRow, openAccess, record } from './contribution-records.ts';
import { trackingIdFor, trackingToken } from './tracking.ts';

export const ATTACHMENT_MAX_BYTES = 10 * MB;

export const MAX_ATTACHMENTS = 3;

export const SUBMIT_LIMIT = { perAddress: 5, windowMs: 10 * 60 * 1000 };

/**
 * Sends a contribution. The same idempotency key returns the first result (stored
 * once, even under concurrent retries); a new one counts against the sender's
 * address limit.
 */
export async function submitContribution(opts: {
  db: Database;
  actor: Actor | null;
  conferenceId: string;
  input: SubmitContributionInput;
  files?: UploadedFile[];
  ip: string;
  secret: string;
}): Promise<{ contribution: ContributionRow; trackingToken: string; duplicate: boolean }> {
  const { input } = opts;
  const access = await openAccess(opts.db, opts.actor, opts.conferenceId);
  const status = access.conference.status;
  if (status === 'archived' || status === 'draft') throw new AppError('forbidden');
  if (!opts.actor && !input.email && !input.phone) {
    throw new AppError('validation', { fields: { email: 'validation.custom.contact_required' } });
  }
  const files = opts.files ?? [];
  if (files.length > MAX_ATTACHMENTS) {
    throw new AppError('validation', {
      fields: { files: 'errors.too_many_files' },
      params: { max: MAX_ATTACHMENTS },
    });
  }
  const kinds: FileKind[] = [];
  const clean: UploadedFile[] = [];
  for (const file of files) {
    const kind = await checkFile(file, ['pdf', 'docx', 'jpg', 'png', 'webp'], ATTACHMENT_MAX_BYTES);
    kinds.push(kind);
    // Photos lose their EXIF (GPS position, camera) before they are stored, as news photos do.
    clean.push({ name: file.name, data: await withoutMetadata(file.data, kind) });
  }
  const token = trackingToken(opts.secret, opts.conferenceId, input.idempotencyKey);
  const trackingId = trackingIdFor(opts.secret, token);

  return opts.db.transaction(async (tx) => {
    const [theme] = await tx
      .select({ id: conferenceThemes.id })
      .from(conferenceThemes)
      .where(
        and(
          eq(conferenceThemes.id, input.themeId),
          eq(conferenceThemes.conferenceId, opts.conferenceId),
        ),
      );
    if (!theme) throw new AppError('validation', { fields: { themeId: 'errors.unknown_theme' } });
    const siteId = [...access.operatorSites, ...access.delegateSites][0] ?? null;
    const [row] = await tx
      .insert(contributions)
      .values({
        conferenceId: opts.conferenceId,
        themeId: input.themeId,
        kind: input.kind,
        title: input.title,
        body: input.body,
        userId: opts.actor?.id ?? null,
        siteId,
        authorName: input.authorName,
        authorKind: input.authorKind,
        authorUnit: input.authorUnit ?? '',
        province: input.province ?? '',
        email: input.email ?? null,
        phone: input.phone ?? null,
        notifyByEmail: !!input.email && input.notifyByEmail,
        idempotencyKey: input.idempotencyKey,
        trackingId,
      })
      .onConflictDoNothing({ target: [contributions.conferenceId, contributions.idempotencyKey] })
      .returning();
    if (!row) {
      const [existing] = await tx
        .select()
        .from(contributions)
        .where(
          and(
            eq(contributions.conferenceId, opts.conferenceId),
            eq(contributions.idempotencyKey, input.idempotencyKey),
          ),
        );
      if (!existing) throw new AppError('conflict');
      return { contribution: existing, trackingToken: token, duplicate: true };
    }
    // Only new submissions count; a retry of one already stored does not.
    if (!opts.actor)
      await hitRateLimit(
        tx,
        `contribution:${addressBucket(opts.ip)}`,
        SUBMIT_LIMIT.perAddress,
        SUBMIT_LIMIT.windowMs,
      );
    for (const [i, file] of clean.entries()) {
      const fileId = await storeFile(tx, file, kinds[i]!, opts.actor?.id ?? null);
      await tx.insert(contributionAttachments).values({ contributionId: row.id, fileId });
    }
    await record(tx, row.id, opts.actor?.id ?? null, 'submitted');
    // Nghị định 13/2023/NĐ-CP: the consent is kept with the notice's version and time.
    await recordConsent(tx, {
      subjectKind: 'contribution',
      subjectId: row.id,
      purpose: 'contribution',
      shownVersion: input.noticeVersion,
    });
    return { contribution: row, trackingToken: token, duplicate: false };
  });
}
