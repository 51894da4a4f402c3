import { z } from 'zod';
import { PageNumber, Timestamp, wholeNumber } from './common.ts';

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

/** A sending of sign-in links by e-mail, once queued. */
export const EmailLinksResponse = z
  .object({ batchId: z.uuid(), queued: z.number().int(), unsent: z.number().int() })
  .meta({ id: 'EmailLinksResponse' });

export const EmailBatchParams = z.strictObject({ conferenceId: z.uuid(), batchId: z.uuid() });

/** Where each operator's message of a sending is now. */
export const EmailBatchProgress = z
  .object({
    createdAt: Timestamp,
    done: z.boolean(),
    results: z.array(
      z.object({
        siteName: z.string(),
        operatorName: z.string(),
        address: z.string().nullable(),
        result: z.enum([...emailStatuses, 'no_address', 'not_owned']),
        error: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'EmailBatchProgress' });
