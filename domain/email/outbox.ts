import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/database.ts';
import { emailOutbox, type EmailKind } from '../../db/schema/email.ts';
import type { Language } from '../../protocol/common.ts';
import type { EmailParams } from './templates.ts';

/** The channel a new message is announced on (after its transaction commits). */
export const OUTBOX_CHANNEL = 'email_outbox';

export interface NewEmail<K extends EmailKind> {
  to: string;
  name?: string;
  language: Language;
  kind: K;
  params: EmailParams[K];
  /** At most one message per key: a second enqueue with the same key is dropped. */
  dedupeKey?: string;
  batchId?: string;
}

/**
 * Queues one message, inside the caller's transaction: it exists exactly when the change
 * that causes it does, and the workers are woken by NOTIFY when that transaction commits.
 * Returns the row's id, or null when a message with the same `dedupeKey` exists.
 */
export async function enqueueEmail<K extends EmailKind>(
  tx: Executor,
  email: NewEmail<K>,
): Promise<number | null> {
  const [row] = await tx
    .insert(emailOutbox)
    .values({
      toAddress: email.to,
      toName: email.name ?? '',
      language: email.language,
      kind: email.kind,
      params: email.params,
      dedupeKey: email.dedupeKey ?? null,
      batchId: email.batchId ?? null,
      messageId: randomUUID(),
    })
    .onConflictDoNothing({ target: emailOutbox.dedupeKey })
    .returning({ id: emailOutbox.id });
  if (!row) return null;
  await tx.execute(sql`select pg_notify(${OUTBOX_CHANNEL}, '')`);
  return row.id;
}
