import { eq } from 'drizzle-orm';
import type { Executor } from '../../db/database.ts';
import { personalDataConsents, privacyNotices } from '../../db/schema/privacy.ts';
import { ensurePrivacyNotice, getPrivacyNotice } from './privacy-notice.ts';

/**
 * Keeps the proof of a consent: for what, under which version of the notice, when.
 * `shownVersion` is the version the form showed (a hidden field); one that is not
 * stored (forged, or the form predates every stored version) counts as the one in force.
 * Call it in the transaction that stores the subject.
 */
export async function recordConsent(
  tx: Executor,
  opts: {
    subjectKind: 'contribution';
    subjectId: string;
    purpose: 'contribution';
    shownVersion?: number;
  },
): Promise<number> {
  await ensurePrivacyNotice(tx);
  let version: number | undefined;
  if (opts.shownVersion) {
    const [shown] = await tx
      .select({ version: privacyNotices.version })
      .from(privacyNotices)
      .where(eq(privacyNotices.version, opts.shownVersion));
    version = shown?.version;
  }
  version ??= (await getPrivacyNotice({ db: tx })).version;
  await tx.insert(personalDataConsents).values({
    subjectKind: opts.subjectKind,
    subjectId: opts.subjectId,
    purpose: opts.purpose,
    noticeVersion: version,
  });
  return version;
}
