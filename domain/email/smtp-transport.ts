import nodemailer from 'nodemailer';
import type { OutgoingEmail } from './email-worker.ts';

/**
 * A sender over SMTP (`SMTP_URL`, e.g. smtp://user:pass@mail.example.gov.vn:587 or
 * smtps://…:465). A refusal (4xx/5xx, a dropped connection) throws; the worker retries.
 */
export function createSmtpSender(opts: { url: string; from: string }) {
  // Timeouts well inside the worker's lease: a hung server cannot hold a message for long.
  const transport = nodemailer.createTransport(
    { url: opts.url, connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 },
    { from: opts.from },
  );
  return {
    async send(email: OutgoingEmail): Promise<void> {
      await transport.sendMail({
        to: { name: email.toName, address: email.to },
        subject: email.subject,
        text: email.text,
        html: email.html,
        messageId: email.messageId,
      });
    },
    close(): void {
      transport.close();
    },
  };
}

/** The domain part of a sender address (`"Cổng" <no-reply@x.gov.vn>` → `x.gov.vn`). */
export function senderDomain(from: string): string {
  return /@([^>\s]+)>?\s*$/.exec(from)?.[1]?.toLowerCase() ?? 'localhost';
}
