import { and, count, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';
import { conferenceThemes } from '../../db/schema/conferences.ts';
import { contributions } from '../../db/schema/contributions.ts';
import type { ContributionStatus } from '../../protocol/contributions.ts';
import type { Actor } from '../auth/policies.ts';
import { loadAccess } from '../conferences/policies.ts';
import { requireModerator } from './policies.ts';

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
