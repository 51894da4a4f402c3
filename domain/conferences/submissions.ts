import { and, desc, eq, inArray, or, sql } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';
import { conferenceSites, conferenceThemes, submissions } from '../../db/schema/conferences.ts';
import { storedFiles } from '../../db/schema/files.ts';
import type { ReviewSubmissionInput, SubmissionInput } from '../../protocol/conferences.ts';
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
import { appendAgendaItem } from './agenda.ts';
import {
  canOrganise,
  loadAccess,
  requireOrganiser,
  requireParticipant,
  type ConferenceAccess,
} from './policies.ts';

export const SUBMISSION_MAX_BYTES = 20 * MB;

/** The site a participant submits for: organisers choose any, others their own. */
function submittingSite(
  access: ConferenceAccess,
  requested: string | null | undefined,
): string | null {
  if (canOrganise(access)) return requested ?? null;
  const own = [...access.operatorSites, ...access.delegateSites];
  if (requested) {
    if (!own.includes(requested)) throw new AppError('forbidden');
    return requested;
  }
  return own[0] ?? null;
}

/** A written submission (tham luận), PDF or DOCX up to 20 MB, checked by content. */
export async function createSubmission(opts: {
  db: Database;
  actor: Actor | null;
  conferenceId: string;
  input: SubmissionInput;
  file: UploadedFile | undefined;
}) {
  const access = await loadAccess(opts.db, opts.actor, opts.conferenceId);
  const actor = requireParticipant(access);
  const siteId = submittingSite(access, opts.input.siteId);
  const kind = await checkFile(opts.file, ['pdf', 'docx'], SUBMISSION_MAX_BYTES);
  return opts.db.transaction(async (tx) => {
    if (opts.input.themeId) {
      const [theme] = await tx
        .select({ id: conferenceThemes.id })
        .from(conferenceThemes)
        .where(
          and(
            eq(conferenceThemes.id, opts.input.themeId),
            eq(conferenceThemes.conferenceId, opts.conferenceId),
          ),
        );
      if (!theme) throw new AppError('validation', { fields: { themeId: 'errors.unknown_theme' } });
    }
    if (siteId) {
      const [site] = await tx
        .select({ id: conferenceSites.id })
        .from(conferenceSites)
        .where(
          and(eq(conferenceSites.id, siteId), eq(conferenceSites.conferenceId, opts.conferenceId)),
        );
      if (!site) throw new AppError('validation', { fields: { siteId: 'errors.unknown_site' } });
    }
    const fileId = await storeFile(tx, opts.file!, kind, actor.id);
    const [row] = await tx
      .insert(submissions)
      .values({
        conferenceId: opts.conferenceId,
        siteId,
        authorName: opts.input.authorName,
        submittedBy: actor.id,
        title: opts.input.title,
        themeId: opts.input.themeId ?? null,
        summary: opts.input.summary,
        fileId,
      })
      .returning();
    return row!;
  });
}

/** Organisers see every submission; others those of their sites and their own. */
export async function listSubmissions(opts: {
  db: Database;
  actor: Actor | null;
  conferenceId: string;
}) {
  const access = await loadAccess(opts.db, opts.actor, opts.conferenceId);
  const actor = requireParticipant(access);
  const sites = [...access.operatorSites, ...access.delegateSites];
  return opts.db
    .select({
      id: submissions.id,
      title: submissions.title,
      summary: submissions.summary,
      authorName: submissions.authorName,
      status: submissions.status,
      reviewReason: submissions.reviewReason,
      reviewedAt: submissions.reviewedAt,
      createdAt: submissions.createdAt,
      siteId: submissions.siteId,
      siteName: conferenceSites.name,
      themeId: submissions.themeId,
      themeTitle: conferenceThemes.title,
      scheduled: sql<boolean>`exists (select 1 from agenda_items a where a.submission_id = ${submissions.id})`,
      file: fileSummary,
    })
    .from(submissions)
    .innerJoin(storedFiles, eq(storedFiles.id, submissions.fileId))
    .leftJoin(conferenceSites, eq(conferenceSites.id, submissions.siteId))
    .leftJoin(conferenceThemes, eq(conferenceThemes.id, submissions.themeId))
    .where(
      and(
        eq(submissions.conferenceId, opts.conferenceId),
        canOrganise(access)
          ? undefined
          : or(
              eq(submissions.submittedBy, actor.id),
              sites.length ? inArray(submissions.siteId, sites) : undefined,
            ),
      ),
    )
    .orderBy(desc(submissions.createdAt));
}

async function getSubmission(db: Database, conferenceId: string, submissionId: string) {
  const [row] = await db
    .select()
    .from(submissions)
    .where(and(eq(submissions.id, submissionId), eq(submissions.conferenceId, conferenceId)))
    .limit(1);
  if (!row) throw new AppError('not_found');
  return row;
}

/** Accept, or return with a reason shown to the submitter (organisers). */
export async function reviewSubmission(opts: {
  db: Database;
  actor: Actor | null;
  conferenceId: string;
  submissionId: string;
  input: ReviewSubmissionInput;
}) {
  return opts.db.transaction(async (tx) => {
    const actor = requireOrganiser(await loadAccess(tx, opts.actor, opts.conferenceId));
    const [row] = await tx
      .update(submissions)
      .set({
        status: opts.input.decision === 'accept' ? 'accepted' : 'returned',
        reviewReason: opts.input.reason ?? null,
        reviewedBy: actor.id,
        reviewedAt: sql`now()`,
      })
      .where(
        and(eq(submissions.id, opts.submissionId), eq(submissions.conferenceId, opts.conferenceId)),
      )
      .returning();
    if (!row) throw new AppError('not_found');
    return row;
  });
}

/** Turns an accepted submission into a speaking slot at the end of the agenda. */
export async function scheduleSubmission(opts: {
  db: Database;
  actor: Actor | null;
  conferenceId: string;
  submissionId: string;
  durationMinutes: number;
}) {
  return opts.db.transaction(async (tx) => {
    requireOrganiser(await loadAccess(tx, opts.actor, opts.conferenceId));
    const sub = await getSubmission(tx as Database, opts.conferenceId, opts.submissionId);
    if (sub.status !== 'accepted') {
      throw new AppError('invalid_transition', { params: { from: sub.status, to: 'agenda' } });
    }
    const [site] = sub.siteId
      ? await tx
          .select({ name: conferenceSites.name })
          .from(conferenceSites)
          .where(eq(conferenceSites.id, sub.siteId))
      : [];
    return appendAgendaItem(tx, opts.conferenceId, {
      kind: 'discussion',
      title: sub.title,
      presenter: site ? `${sub.authorName} (${site.name})` : sub.authorName,
      themeId: sub.themeId,
      durationMinutes: opts.durationMinutes,
      submissionId: sub.id,
    });
  });
}

/** The paper itself, for those who may see the submission. */
export async function getSubmissionFile(opts: {
  db: Database;
  actor: Actor | null;
  conferenceId: string;
  submissionId: string;
}) {
  const visible = await listSubmissions(opts);
  const sub = visible.find((s) => s.id === opts.submissionId);
  if (!sub) throw new AppError('not_found');
  return readStoredFile(opts.db, sub.file.id);
}
