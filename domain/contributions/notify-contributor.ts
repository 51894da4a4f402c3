import { eq } from 'drizzle-orm';
import type { Executor } from '../../db/database.ts';
import type { contributions } from '../../db/schema/contributions.ts';
import { users } from '../../db/schema/users.ts';
import { PUBLIC_STATUSES } from '../../protocol/contributions.ts';
import { enqueueEmail } from '../email/outbox.ts';

type Row = typeof contributions.$inferSelect;
export type NoticeEvent = 'published' | 'answered' | 'adopted';

/**
 * Tells the author of a contribution by e-mail that it was published, answered or adopted,
 * when they gave an address and asked for it; at most once per event (the outbox's key).
 * Inside the transaction of the change. The tracking token is not kept in clear, so the
 * message links to the public page when the contribution is public, and otherwise reminds
 * the author of the tracking link they got on sending it.
 */
export async function notifyContributor(
  tx: Executor,
  opts: { row: Row; event: NoticeEvent; conference: { slug: string; title: string } },
): Promise<void> {
  const { row, event } = opts;
  if (!row.email || !row.notifyByEmail) return;
  const isPublic = (PUBLIC_STATUSES as readonly string[]).includes(row.status);
  // In English for an English-speaking account; anonymous contributors read Vietnamese.
  const [account] = row.userId
    ? await tx.select({ language: users.language }).from(users).where(eq(users.id, row.userId))
    : [];
  await enqueueEmail(tx, {
    to: row.email,
    name: row.authorName,
    language: account?.language ?? 'vi',
    kind: 'contribution_notice',
    dedupeKey: `contribution:${row.id}:${event}`,
    params: {
      event,
      authorName: row.authorName,
      title: row.title,
      conferenceTitle: opts.conference.title,
      path: isPublic ? `/hoi-nghi/${opts.conference.slug}/y-kien/${row.id}` : null,
      answer: row.answer,
    },
  });
}

/** The notice a status change calls for, if any. */
export function noticeFor(to: string): NoticeEvent | null {
  return to === 'published' || to === 'answered' || to === 'adopted' ? to : null;
}
