import { randomUUID } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { rowsOf, type Database } from '../../db/database.ts';
import { conferenceSites, delegates } from '../../db/schema/conferences.ts';
import { contributions } from '../../db/schema/contributions.ts';
import { emailOutbox } from '../../db/schema/email.ts';
import { storedFiles } from '../../db/schema/files.ts';
import { personalDataConsents } from '../../db/schema/privacy.ts';
import { users } from '../../db/schema/users.ts';
import type { PersonalDataKey } from '../../protocol/privacy.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { requireAdmin, type Actor } from '../auth/policies.ts';
import { revokeUserSessions } from '../auth/sessions.ts';
import { AppError } from '../errors.ts';
import {
  ANONYMOUS,
  erasurePlan,
  findPersonalData,
  keyHash,
  type ErasurePlan,
} from './find-personal-data.ts';

/**
 * Erases one person's data on their request (Nghị định 13/2023/NĐ-CP, Điều 16):
 * - contributions the public has read (published, under consideration, answered,
 *   adopted) keep their text, under the name "Ẩn danh", without contacts, unit,
 *   province or account;
 * - the others (submitted, rejected, merged) are deleted with their attachments and
 *   consents: never public, nothing obliges keeping them;
 * - delegates and site contacts lose the e-mail and phone (a site's technical contact
 *   its name too); a delegate's name and position stay, as the conference's record of
 *   who took part in an official capacity;
 * - the e-mails written to the person (the outbox's copies, and any still waiting) are
 *   deleted;
 * - accounts are disabled, signed out and their e-mail replaced; the name becomes
 *   "Ẩn danh" unless the account holds a history that needs it (a role, a conference
 *   role, articles written, contributions answered, entries in the audit trail).
 * One audit entry (`personal_data.erased`): the counts and the key's hash, no data.
 */
export async function erasePersonalData(opts: {
  db: Database;
  actor: Actor | null;
  key: PersonalDataKey;
  secret: string;
}): Promise<ErasurePlan & { namesKept: number }> {
  const actor = requireAdmin(opts.actor);
  return opts.db.transaction(async (tx) => {
    const data = await findPersonalData({ db: tx, actor, key: opts.key });
    if (data.accounts.some((a) => a.id === actor.id))
      throw new AppError('cannot_change_own_access');
    const plan = erasurePlan(data);

    const keep = data.contributions.filter((c) => c.keepsText).map((c) => c.id);
    const drop = data.contributions.filter((c) => !c.keepsText);
    if (keep.length) {
      await tx
        .update(contributions)
        .set({
          authorName: ANONYMOUS,
          authorUnit: '',
          province: '',
          email: null,
          phone: null,
          userId: null,
          updatedAt: sql`now()`,
        })
        .where(inArray(contributions.id, keep));
    }
    if (drop.length) {
      const dropIds = drop.map((c) => c.id);
      const files = drop.flatMap((c) => c.attachments.map((a) => a.fileId));
      // A contribution merged into one of these points nowhere afterwards.
      await tx
        .update(contributions)
        .set({ mergedIntoId: null })
        .where(inArray(contributions.mergedIntoId, dropIds));
      await tx.delete(contributions).where(inArray(contributions.id, dropIds));
      await tx
        .delete(personalDataConsents)
        .where(
          and(
            eq(personalDataConsents.subjectKind, 'contribution'),
            inArray(personalDataConsents.subjectId, dropIds),
          ),
        );
      if (files.length) await tx.delete(storedFiles).where(inArray(storedFiles.id, files));
    }
    for (const d of data.delegates) {
      await tx.update(delegates).set({ email: null, phone: null }).where(eq(delegates.id, d.id));
    }
    for (const s of data.sites) {
      await tx
        .update(conferenceSites)
        .set({ techName: null, techEmail: null, techPhone: null })
        .where(eq(conferenceSites.id, s.id));
    }
    // The outbox's copies (and any message still waiting): the person's name and address
    // are in them, and nothing more should reach someone who asked to be forgotten.
    if (data.messages.length) {
      await tx.delete(emailOutbox).where(
        inArray(
          emailOutbox.id,
          data.messages.map((m) => m.id),
        ),
      );
    }
    let namesKept = 0;
    for (const account of data.accounts) {
      const [history] = rowsOf<{ kept: boolean }>(
        await tx.execute(sql`select (
          exists (select 1 from conference_members where user_id = ${account.id})
          or exists (select 1 from articles where created_by = ${account.id})
          or exists (select 1 from contributions where answered_by = ${account.id})
          or exists (select 1 from audit_log where actor_id = ${account.id})
        ) as kept`),
      );
      const kept = account.roles.length > 0 || !!history?.kept;
      if (kept) namesKept++;
      await tx
        .update(users)
        .set({
          email: `an-danh-${randomUUID()}@an-danh.invalid`,
          ...(kept ? {} : { name: ANONYMOUS }),
          disabled: true,
          updatedAt: sql`now()`,
        })
        .where(eq(users.id, account.id));
      await revokeUserSessions({ db: tx, userId: account.id });
    }
    await recordAudit(tx, {
      actor,
      action: 'personal_data.erased',
      target: { type: 'person', id: keyHash(opts.key, opts.secret) },
      after: { keyKind: opts.key.kind, ...plan, namesKept },
    });
    return { ...plan, namesKept };
  });
}
