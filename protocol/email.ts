import { z } from 'zod';
import { PageNumber, wholeNumber } from './common.ts';

/**
 * `queued` → `sending` → `sent`, or `failed` after the last attempt; `held`: e-mail is
 * off (no SMTP_URL), kept for administrators to read, never sent.
 */
export const emailStatuses = ['queued', 'sending', 'sent', 'failed', 'held'] as const;
export type EmailStatus = (typeof emailStatuses)[number];

export const emailKinds = ['password_reset', 'sign_in_link', 'contribution_notice'] as const;
export type EmailKind = (typeof emailKinds)[number];

/** The outbox page: `?status=…&page=…`, and `?id=…` for one message's body. */
export const OutboxQuery = z.strictObject({
  status: z.enum(emailStatuses).optional().catch(undefined),
  page: PageNumber,
  id: wholeNumber(1, Number.MAX_SAFE_INTEGER).optional(),
});
export type OutboxQueryInput = z.output<typeof OutboxQuery>;
