import { desc, eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';
import { emailOutbox, type EmailKind, type EmailStatus } from '../../db/schema/email.ts';
import { requireAdmin, type Actor } from '../auth/policies.ts';
import { AppError } from '../errors.ts';

export const OUTBOX_PAGE_SIZE = 50;

/** The outbox as administrators read it, newest first (without bodies). */
export async function listOutbox(opts: {
  db: Database;
  actor: Actor | null;
  status?: EmailStatus;
  page: number;
}): Promise<{
  rows: {
    id: number;
    createdAt: Date;
    toAddress: string;
    toName: string;
    kind: EmailKind;
    subject: string | null;
    status: EmailStatus;
    attempts: number;
    lastError: string | null;
    sentAt: Date | null;
  }[];
  total: number;
}> {
  requireAdmin(opts.actor);
  const db = opts.db;
  const where = opts.status ? eq(emailOutbox.status, opts.status) : undefined;
  const rows = await db
    .select({
      id: emailOutbox.id,
      createdAt: emailOutbox.createdAt,
      toAddress: emailOutbox.toAddress,
      toName: emailOutbox.toName,
      kind: emailOutbox.kind,
      subject: emailOutbox.subject,
      status: emailOutbox.status,
      attempts: emailOutbox.attempts,
      lastError: emailOutbox.lastError,
      sentAt: emailOutbox.sentAt,
    })
    .from(emailOutbox)
    .where(where)
    .orderBy(desc(emailOutbox.id))
    .limit(OUTBOX_PAGE_SIZE)
    .offset((opts.page - 1) * OUTBOX_PAGE_SIZE);
  const [{ total } = { total: 0 }] = await db
    .select({ total: sql<number>`count(*)::int` })
    .from(emailOutbox)
    .where(where);
  return { rows, total };
}

/** How many messages are in each state (the outbox page's summary). */
export async function outboxCounts(opts: {
  db: Database;
  actor: Actor | null;
}): Promise<Partial<Record<EmailStatus, number>>> {
  requireAdmin(opts.actor);
  const db = opts.db;
  const rows = await db
    .select({ status: emailOutbox.status, n: sql<number>`count(*)::int` })
    .from(emailOutbox)
    .groupBy(emailOutbox.status);
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

/** One message with its body; `not_found` for an unknown id. */
export async function getOutboxMessage(opts: { db: Database; actor: Actor | null; id: number }) {
  requireAdmin(opts.actor);
  const [row] = await opts.db
    .select()
    .from(emailOutbox)
    .where(eq(emailOutbox.id, opts.id))
    .limit(1);
  if (!row) throw new AppError('not_found');
  const { params: _params, leaseHolder: _holder, ...message } = row;
  return message;
}
