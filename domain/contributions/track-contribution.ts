import { eq } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';
import { conferences } from '../../db/schema/conferences.ts';
import { contributions } from '../../db/schema/contributions.ts';
import { AppError } from '../errors.ts';
import { trackingIdFor } from './tracking.ts';

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
