import { and, count, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';
import { conferenceThemes } from '../../db/schema/conferences.ts';
import { contributions } from '../../db/schema/contributions.ts';
import type { ListContributionsInput } from '../../protocol/contributions.ts';
import type { Actor } from '../auth/policies.ts';
import { AppError } from '../errors.ts';
import { canModerate, PUBLIC_STATUSES } from './policies.ts';
import { openAccess } from './contribution-records.ts';

export const PAGE_SIZE = 20;

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
