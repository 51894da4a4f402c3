import { createHmac } from 'node:crypto';
import { and, asc, count, desc, eq, inArray, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Database, Executor } from '../../db/database.ts';
import { conferenceThemes, conferences } from '../../db/schema/conferences.ts';
import {
  contributionAttachments,
  contributionHistory,
  contributionSupports,
  contributions,
} from '../../db/schema/contributions.ts';
import { storedFiles } from '../../db/schema/files.ts';
import type {
  ContributionStatus,
  EditContributionInput,
  ListContributionsInput,
  ModerateContributionInput,
  SubmitContributionInput,
} from '../../protocol/contributions.ts';
import { requireUser, type Actor } from '../auth/policies.ts';
import { canViewConference, loadAccess } from '../conferences/policies.ts';
import { AppError } from '../errors.ts';
import {
  checkFile,
  fileSummary,
  MB,
  readStoredFile,
  storeFile,
  withoutMetadata,
  type FileKind,
  type UploadedFile,
} from '../files/stored-files.ts';
import { addressBucket } from '../client-address.ts';
import { hitRateLimit } from '../rate-limit.ts';
import { canModerate, PUBLIC_STATUSES, requireModerator } from './policies.ts';

export type ContributionRow = typeof contributions.$inferSelect;

export const ATTACHMENT_MAX_BYTES = 10 * MB;
export const MAX_ATTACHMENTS = 3;
export const SUBMIT_LIMIT = { perAddress: 5, windowMs: 10 * 60 * 1000 };
export const PAGE_SIZE = 20;

/** Moves a moderator may make; `merged` happens through `mergeContribution` only. */
const TRANSITIONS: Record<ContributionStatus, ContributionStatus[]> = {
  submitted: ['published', 'rejected'],
  published: ['under_consideration', 'answered', 'adopted', 'rejected'],
  under_consideration: ['answered', 'adopted', 'published'],
  answered: ['adopted', 'under_consideration'],
  adopted: ['under_consideration'],
  rejected: ['published'],
  merged: [],
};

function trackingToken(secret: string, conferenceId: string, key: string): string {
  return createHmac('sha256', secret).update(`track:${conferenceId}:${key}`).digest('base64url');
}
export function trackingIdFor(secret: string, token: string): string {
  return createHmac('sha256', secret).update(`tracking-id:${token}`).digest('base64url');
}

async function record(
  db: Executor,
  contributionId: string,
  actorId: string | null,
  action: string,
  details: Record<string, unknown> = {},
) {
  await db.insert(contributionHistory).values({ contributionId, actorId, action, details });
}

/** The conference a contribution may be sent to, and who is sending. */
async function openAccess(db: Executor, actor: Actor | null, conferenceId: string) {
  const access = await loadAccess(db, actor, conferenceId);
  if (!canViewConference(access)) throw new AppError('not_found');
  return access;
}

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
    return { contribution: row, trackingToken: token, duplicate: false };
  });
}

function searchCondition(q: string | undefined): SQL | undefined {
  const words = (q ?? '')
    .split(/\s+/)
    .filter((w) => w.length >= 1)
    .slice(0, 8);
  if (!words.length) return undefined;
  return and(
    ...words.map(
      (w) =>
        sql`search_normalize(${contributions.title} || ' ' || ${contributions.body}) like '%' || search_normalize(${w.replace(/[\\%_]/g, (c) => `\\${c}`)}) || '%'`,
    ),
  );
}

/** The public list (moderators may also see other statuses), filtered, searched and paged. */
export async function listContributions(opts: {
  db: Database;
  actor: Actor | null;
  conferenceId: string;
  input: ListContributionsInput;
}) {
  const access = await openAccess(opts.db, opts.actor, opts.conferenceId);
  const moderator = canModerate(access);
  const { q, themeId, kind, status, sort, page } = opts.input;
  if (status && !moderator && !(PUBLIC_STATUSES as readonly string[]).includes(status)) {
    throw new AppError('forbidden');
  }
  const where = and(
    eq(contributions.conferenceId, opts.conferenceId),
    status ? eq(contributions.status, status) : inArray(contributions.status, [...PUBLIC_STATUSES]),
    themeId ? eq(contributions.themeId, themeId) : undefined,
    kind ? eq(contributions.kind, kind) : undefined,
    searchCondition(q),
  );
  const rank = q
    ? sql`word_similarity(search_normalize(${q}), search_normalize(${contributions.title})) desc`
    : undefined;
  const order = [
    desc(contributions.pinned),
    ...(sort === 'supported' ? [desc(contributions.supportCount)] : []),
    ...(rank ? [rank] : []),
    desc(contributions.createdAt),
  ];
  const [rows, [total]] = await Promise.all([
    opts.db
      .select({
        id: contributions.id,
        kind: contributions.kind,
        title: contributions.title,
        body: contributions.body,
        status: contributions.status,
        pinned: contributions.pinned,
        supportCount: contributions.supportCount,
        authorName: contributions.authorName,
        authorKind: contributions.authorKind,
        province: contributions.province,
        themeId: contributions.themeId,
        themeTitle: conferenceThemes.title,
        createdAt: contributions.createdAt,
        answer: contributions.answer,
      })
      .from(contributions)
      .innerJoin(conferenceThemes, eq(conferenceThemes.id, contributions.themeId))
      .where(where)
      .orderBy(...order)
      .limit(PAGE_SIZE)
      .offset((page - 1) * PAGE_SIZE),
    opts.db.select({ n: count() }).from(contributions).where(where),
  ]);
  return { items: rows, total: total?.n ?? 0, page, pageSize: PAGE_SIZE, moderator };
}

async function getRow(db: Executor, conferenceId: string, id: string): Promise<ContributionRow> {
  const [row] = await db
    .select()
    .from(contributions)
    .where(and(eq(contributions.id, id), eq(contributions.conferenceId, conferenceId)))
    .limit(1);
  if (!row) throw new AppError('not_found');
  return row;
}

function isPublic(row: ContributionRow) {
  return (PUBLIC_STATUSES as readonly string[]).includes(row.status) || row.status === 'merged';
}

/** Public data only: contact details are for moderators. */
function publicView(row: ContributionRow, moderator: boolean) {
  const { email, phone, idempotencyKey: _k, trackingId: _t, ...rest } = row;
  return moderator ? { ...rest, email, phone } : rest;
}

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

/** A signed-in user supports a published contribution, once. */
export async function supportContribution(opts: {
  db: Database;
  actor: Actor | null;
  conferenceId: string;
  contributionId: string;
}) {
  const actor = requireUser(opts.actor);
  return opts.db.transaction(async (tx) => {
    await openAccess(tx, actor, opts.conferenceId);
    const row = await getRow(tx, opts.conferenceId, opts.contributionId);
    if (!(PUBLIC_STATUSES as readonly string[]).includes(row.status))
      throw new AppError('not_found');
    const inserted = await tx
      .insert(contributionSupports)
      .values({ contributionId: row.id, userId: actor.id })
      .onConflictDoNothing()
      .returning();
    if (!inserted.length) return { supportCount: row.supportCount, added: false };
    const [updated] = await tx
      .update(contributions)
      .set({ supportCount: sql`${contributions.supportCount} + 1` })
      .where(eq(contributions.id, row.id))
      .returning({ supportCount: contributions.supportCount });
    return { supportCount: updated!.supportCount, added: true };
  });
}

/** Publish, reject with a reason, move along the statuses, or pin (moderators). */
export async function moderateContribution(opts: {
  db: Database;
  actor: Actor | null;
  conferenceId: string;
  contributionId: string;
  input: ModerateContributionInput;
}) {
  return opts.db.transaction(async (tx) => {
    const actor = requireModerator(await loadAccess(tx, opts.actor, opts.conferenceId));
    const row = await getRow(tx, opts.conferenceId, opts.contributionId);
    const { input } = opts;
    if (input.action === 'pin') {
      const [updated] = await tx
        .update(contributions)
        .set({ pinned: input.pinned, updatedAt: sql`now()` })
        .where(eq(contributions.id, row.id))
        .returning();
      await record(tx, row.id, actor.id, input.pinned ? 'pinned' : 'unpinned');
      return updated!;
    }
    const to: ContributionStatus =
      input.action === 'publish'
        ? 'published'
        : input.action === 'reject'
          ? 'rejected'
          : input.status;
    if (!TRANSITIONS[row.status].includes(to)) {
      throw new AppError('invalid_transition', { params: { from: row.status, to } });
    }
    const [updated] = await tx
      .update(contributions)
      .set({
        status: to,
        rejectReason: input.action === 'reject' ? input.reason : row.rejectReason,
        publishedAt: to === 'published' && !row.publishedAt ? sql`now()` : row.publishedAt,
        updatedAt: sql`now()`,
      })
      .where(eq(contributions.id, row.id))
      .returning();
    await record(tx, row.id, actor.id, 'status', {
      from: row.status,
      to,
      ...(input.action === 'reject' ? { reason: input.reason } : {}),
    });
    return updated!;
  });
}

/** Fixes typos; the text before and after is kept in the history. */
export async function editContribution(opts: {
  db: Database;
  actor: Actor | null;
  conferenceId: string;
  contributionId: string;
  input: EditContributionInput;
}) {
  return opts.db.transaction(async (tx) => {
    const actor = requireModerator(await loadAccess(tx, opts.actor, opts.conferenceId));
    const row = await getRow(tx, opts.conferenceId, opts.contributionId);
    const { title, body, note } = opts.input;
    const [updated] = await tx
      .update(contributions)
      .set({ ...(title && { title }), ...(body && { body }), updatedAt: sql`now()` })
      .where(eq(contributions.id, row.id))
      .returning();
    await record(tx, row.id, actor.id, 'edited', {
      before: { title: row.title, body: row.body },
      after: { title: updated!.title, body: updated!.body },
      ...(note ? { note } : {}),
    });
    return updated!;
  });
}

/** Merges a duplicate into another contribution; its supports move over, once per person. */
export async function mergeContribution(opts: {
  db: Database;
  actor: Actor | null;
  conferenceId: string;
  contributionId: string;
  intoId: string;
}) {
  return opts.db.transaction(async (tx) => {
    const actor = requireModerator(await loadAccess(tx, opts.actor, opts.conferenceId));
    if (opts.intoId === opts.contributionId)
      throw new AppError('validation', { fields: { intoId: 'validation.invalid' } });
    const row = await getRow(tx, opts.conferenceId, opts.contributionId);
    const target = await getRow(tx, opts.conferenceId, opts.intoId);
    if (row.status === 'merged' || target.status === 'merged' || target.status === 'rejected') {
      throw new AppError('invalid_transition', { params: { from: row.status, to: 'merged' } });
    }
    await tx.execute(sql`
      insert into contribution_supports (contribution_id, user_id, created_at)
      select ${target.id}, user_id, created_at from contribution_supports where contribution_id = ${row.id}
      on conflict do nothing`);
    const [{ n } = { n: 0 }] = await tx
      .select({ n: count() })
      .from(contributionSupports)
      .where(eq(contributionSupports.contributionId, target.id));
    await tx
      .update(contributions)
      .set({ supportCount: n, updatedAt: sql`now()` })
      .where(eq(contributions.id, target.id));
    const [updated] = await tx
      .update(contributions)
      .set({ status: 'merged', mergedIntoId: target.id, updatedAt: sql`now()` })
      .where(eq(contributions.id, row.id))
      .returning();
    await record(tx, row.id, actor.id, 'merged', { into: target.id, from: row.status });
    await record(tx, target.id, actor.id, 'received_merge', { from: row.id });
    return updated!;
  });
}

/** The organisers' official answer; the contribution becomes `answered` unless adopted. */
export async function answerContribution(opts: {
  db: Database;
  actor: Actor | null;
  conferenceId: string;
  contributionId: string;
  answer: string;
}) {
  return opts.db.transaction(async (tx) => {
    const access = await loadAccess(tx, opts.actor, opts.conferenceId);
    const actor = requireUser(access.actor);
    if (!access.isAdmin && !access.roles.has('organiser')) throw new AppError('forbidden');
    const row = await getRow(tx, opts.conferenceId, opts.contributionId);
    if (!(PUBLIC_STATUSES as readonly string[]).includes(row.status)) {
      throw new AppError('invalid_transition', { params: { from: row.status, to: 'answered' } });
    }
    const [updated] = await tx
      .update(contributions)
      .set({
        answer: opts.answer,
        answeredBy: actor.id,
        answeredAt: sql`now()`,
        status: row.status === 'adopted' ? 'adopted' : 'answered',
        updatedAt: sql`now()`,
      })
      .where(eq(contributions.id, row.id))
      .returning();
    await record(tx, row.id, actor.id, 'answered', { from: row.status, to: updated!.status });
    return updated!;
  });
}

/** Likely duplicates by trigram similarity of the titles (moderators). */
export async function similarContributions(opts: {
  db: Database;
  actor: Actor | null;
  conferenceId: string;
  contributionId: string;
}) {
  requireModerator(await loadAccess(opts.db, opts.actor, opts.conferenceId));
  const row = await getRow(opts.db, opts.conferenceId, opts.contributionId);
  const score = sql<number>`similarity(search_normalize(${contributions.title}), search_normalize(${row.title}))`;
  return opts.db
    .select({
      id: contributions.id,
      title: contributions.title,
      status: contributions.status,
      score,
    })
    .from(contributions)
    .where(
      and(
        eq(contributions.conferenceId, opts.conferenceId),
        ne(contributions.id, row.id),
        ne(contributions.status, 'merged'),
        sql`${score} > 0.25`,
      ),
    )
    .orderBy(desc(score))
    .limit(5);
}

/** The moderation queue: every status, newest submissions first. */
export const QUEUE_PAGE_SIZE = 50;

/** Every contribution, waiting ones first, a page at a time, with the total. */
export async function moderationQueue(opts: {
  db: Database;
  actor: Actor | null;
  conferenceId: string;
  status?: ContributionStatus;
  page?: number;
}) {
  requireModerator(await loadAccess(opts.db, opts.actor, opts.conferenceId));
  const page = opts.page ?? 1;
  const where = and(
    eq(contributions.conferenceId, opts.conferenceId),
    opts.status ? eq(contributions.status, opts.status) : undefined,
  );
  const [items, [total]] = await Promise.all([
    queueRows(opts.db, where, page),
    opts.db.select({ n: count() }).from(contributions).where(where),
  ]);
  return { items, total: total?.n ?? 0, page, pageSize: QUEUE_PAGE_SIZE };
}

function queueRows(db: Database, where: SQL | undefined, page: number) {
  return db
    .select({
      id: contributions.id,
      kind: contributions.kind,
      title: contributions.title,
      body: contributions.body,
      status: contributions.status,
      pinned: contributions.pinned,
      supportCount: contributions.supportCount,
      authorName: contributions.authorName,
      authorKind: contributions.authorKind,
      province: contributions.province,
      email: contributions.email,
      phone: contributions.phone,
      themeTitle: conferenceThemes.title,
      rejectReason: contributions.rejectReason,
      answer: contributions.answer,
      createdAt: contributions.createdAt,
    })
    .from(contributions)
    .innerJoin(conferenceThemes, eq(conferenceThemes.id, contributions.themeId))
    .where(where)
    .orderBy(
      sql`${contributions.status} = 'submitted' desc`,
      desc(contributions.createdAt),
      desc(contributions.id),
    )
    .limit(QUEUE_PAGE_SIZE)
    .offset((page - 1) * QUEUE_PAGE_SIZE);
}

export async function contributionHistoryOf(opts: {
  db: Database;
  actor: Actor | null;
  conferenceId: string;
  contributionId: string;
}) {
  requireModerator(await loadAccess(opts.db, opts.actor, opts.conferenceId));
  await getRow(opts.db, opts.conferenceId, opts.contributionId);
  return opts.db
    .select()
    .from(contributionHistory)
    .where(eq(contributionHistory.contributionId, opts.contributionId))
    .orderBy(asc(contributionHistory.at));
}

/** What the author sees with their private tracking link: status and any reason or answer. */
export async function trackContribution(opts: { db: Database; token: string; secret: string }) {
  if (!opts.token || opts.token.length > 100) throw new AppError('not_found');
  const [row] = await opts.db
    .select({
      id: contributions.id,
      conferenceId: contributions.conferenceId,
      title: contributions.title,
      status: contributions.status,
      rejectReason: contributions.rejectReason,
      answer: contributions.answer,
      mergedIntoId: contributions.mergedIntoId,
      createdAt: contributions.createdAt,
      conferenceSlug: conferences.slug,
      conferenceTitle: conferences.title,
    })
    .from(contributions)
    .innerJoin(conferences, eq(conferences.id, contributions.conferenceId))
    .where(eq(contributions.trackingId, trackingIdFor(opts.secret, opts.token)))
    .limit(1);
  if (!row) throw new AppError('not_found');
  return row;
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

/** The most supported published questions and proposals: the live console's hook. */
export async function topContributions(opts: {
  db: Executor;
  conferenceId: string;
  limit?: number;
}) {
  return opts.db
    .select({
      id: contributions.id,
      kind: contributions.kind,
      title: contributions.title,
      supportCount: contributions.supportCount,
      authorName: contributions.authorName,
    })
    .from(contributions)
    .where(
      and(
        eq(contributions.conferenceId, opts.conferenceId),
        inArray(contributions.status, [...PUBLIC_STATUSES]),
        or(eq(contributions.kind, 'question'), eq(contributions.kind, 'proposal')),
      ),
    )
    .orderBy(desc(contributions.supportCount), desc(contributions.createdAt))
    .limit(opts.limit ?? 10);
}
