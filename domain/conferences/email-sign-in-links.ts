import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';
import { emailBatches, emailOutbox } from '../../db/schema/email.ts';
import type { IssueLinksInput } from '../../protocol/conferences.ts';
import type { EmailStatus } from '../../protocol/email.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Actor } from '../auth/policies.ts';
import { enqueueEmail } from '../email/outbox.ts';
import { AppError } from '../errors.ts';
import { issueLink, operatorsForLinks } from './members.ts';
import { loadAccess, requireOrganiser } from './policies.ts';

/** One operator of a bulk sending, as its page lists them. */
interface BatchItem {
  outboxId: number | null;
  siteName: string;
  operatorName: string;
  address: string | null;
  /** Why no message went: no deliverable address, or an account of their own (password). */
  reason?: 'no_address' | 'not_owned';
}

/**
 * Where an operator's link goes: the operator account's own address when it is a real one
 * (given when the account was made, usually the site's technical contact), otherwise the
 * site's technical contact (`techEmail`): operator accounts made for sites whose contact
 * address already belonged to another account (one technician for several sites) carry a
 * non-deliverable `….invalid` address, and that technician is who runs the site's screen.
 */
export function linkAddress(op: { email: string; techEmail: string | null }): string | null {
  if (!op.email.endsWith('.invalid')) return op.email;
  const tech = op.techEmail?.trim().toLowerCase();
  return tech && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(tech) && !tech.endsWith('.invalid')
    ? tech
    : null;
}

/**
 * "Gửi qua e-mail": issues sign-in links for the chosen sites' operators and queues one
 * message per operator with an address, in one transaction (with its audit entry). An
 * operator without an address gets no new link (an earlier one copied by hand stays
 * valid). Returns the sending's id, whose progress `emailBatchProgress` reads.
 */
export async function emailSignInLinks(opts: {
  db: Database;
  actor: Actor | null;
  conferenceId: string;
  input: IssueLinksInput;
  secret: string;
}): Promise<{ batchId: string; queued: number; unsent: number }> {
  if (opts.input.siteIds?.length === 0) {
    throw new AppError('validation', { fields: { siteIds: 'errors.no_site_chosen' } });
  }
  return opts.db.transaction(async (tx) => {
    const access = await loadAccess(tx, opts.actor, opts.conferenceId);
    const actor = requireOrganiser(access);
    const operators = await operatorsForLinks(tx, opts.conferenceId, opts.input.siteIds);
    const expiresAt = new Date(Date.now() + opts.input.validHours * 3600_000);
    const [batch] = await tx
      .insert(emailBatches)
      .values({ conferenceId: opts.conferenceId, createdBy: actor.id })
      .returning({ id: emailBatches.id });
    const items: BatchItem[] = [];
    for (const op of operators) {
      const who = { siteName: op.siteName, operatorName: op.name };
      const address = op.owned ? linkAddress(op) : null;
      if (!op.owned || !address) {
        items.push({
          ...who,
          outboxId: null,
          address,
          reason: op.owned ? 'no_address' : 'not_owned',
        });
        continue;
      }
      const token = await issueLink(tx, {
        userId: op.userId,
        conferenceId: opts.conferenceId,
        createdBy: actor.id,
        expiresAt,
        secret: opts.secret,
      });
      const outboxId = await enqueueEmail(tx, {
        to: address,
        name: op.name,
        language: op.language,
        kind: 'sign_in_link',
        batchId: batch!.id,
        params: {
          token,
          operatorName: op.name,
          siteName: op.siteName,
          conferenceTitle: access.conference.title,
          expiresAt: expiresAt.toISOString(),
        },
      });
      items.push({ ...who, outboxId, address });
    }
    await tx.update(emailBatches).set({ items }).where(eq(emailBatches.id, batch!.id));
    const sent = items.filter((i) => i.outboxId !== null);
    if (sent.length) {
      await recordAudit(tx, {
        actor,
        action: 'sign_in_link.issued',
        target: { type: 'conference', id: opts.conferenceId, label: access.conference.title },
        conferenceId: opts.conferenceId,
        after: {
          count: sent.length,
          sites: [...new Set(sent.map((i) => i.siteName))],
          delivery: 'email',
          validHours: opts.input.validHours,
        },
      });
    }
    return { batchId: batch!.id, queued: sent.length, unsent: items.length - sent.length };
  });
}

export type BatchResult = EmailStatus | 'no_address' | 'not_owned';

/** Each operator of a sending with where their message is now; `done` once none is pending. */
export async function emailBatchProgress(opts: {
  db: Database;
  actor: Actor | null;
  conferenceId: string;
  batchId: string;
}) {
  requireOrganiser(await loadAccess(opts.db, opts.actor, opts.conferenceId));
  const [batch] = await opts.db
    .select()
    .from(emailBatches)
    .where(
      and(eq(emailBatches.id, opts.batchId), eq(emailBatches.conferenceId, opts.conferenceId)),
    );
  if (!batch) throw new AppError('not_found');
  const items = batch.items as BatchItem[];
  const ids = items.map((i) => i.outboxId).filter((id): id is number => id !== null);
  const rows = ids.length
    ? await opts.db
        .select({
          id: emailOutbox.id,
          status: emailOutbox.status,
          lastError: emailOutbox.lastError,
        })
        .from(emailOutbox)
        .where(inArray(emailOutbox.id, ids))
    : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const results = items.map((i) => {
    const row = i.outboxId !== null ? byId.get(i.outboxId) : undefined;
    const result: BatchResult = i.reason ?? row?.status ?? 'failed';
    return {
      siteName: i.siteName,
      operatorName: i.operatorName,
      address: i.address,
      result,
      error: result === 'sent' ? null : (row?.lastError ?? null),
    };
  });
  return {
    createdAt: batch.createdAt,
    results,
    done: results.every((r) => r.result !== 'queued' && r.result !== 'sending'),
  };
}
