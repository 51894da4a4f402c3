import { randomBytes } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import type { Database } from '../../db/database.ts';
import { passwordResets } from '../../db/schema/email.ts';
import { users } from '../../db/schema/users.ts';
import type { PasswordResetRequestInput } from '../../protocol/auth.ts';
import { addressBucket } from '../client-address.ts';
import { enqueueEmail } from '../email/outbox.ts';
import { AppError } from '../errors.ts';
import { sessionIdFor } from './sessions.ts';
import { currentFailures, recordFailure, THROTTLE } from './sign-in.ts';

export const PASSWORD_RESET = {
  /** How long a link works. */
  validMinutes: 60,
  /** Requests for one e-mail address in the sign-in throttle's window (whether an account has it or not). */
  emailLimit: 3,
  /** Requests from one client address in that window (an office behind one NAT address). */
  addressLimit: 30,
} as const;

/**
 * "Quên mật khẩu": when an enabled account has this address, queues a single-use link
 * (only its HMAC is stored) to it. The answer is the same whether or not the account
 * exists or is disabled; requests are counted per address asked for and per client
 * address, across instances, and refused with `rate_limited` over the limits.
 */
export async function requestPasswordReset(opts: {
  db: Database;
  input: PasswordResetRequestInput;
  ip: string;
  secret: string;
}): Promise<void> {
  const { email } = opts.input;
  const forEmail = `reset:${email}`;
  const fromHere = `reset-ip:${addressBucket(opts.ip)}`;
  const counts = await currentFailures(opts.db, [forEmail, fromHere]);
  if (
    (counts.get(forEmail) ?? 0) >= PASSWORD_RESET.emailLimit ||
    (counts.get(fromHere) ?? 0) >= PASSWORD_RESET.addressLimit
  ) {
    throw new AppError('rate_limited', {
      params: { minutes: Math.ceil(THROTTLE.windowMs / 60_000) },
    });
  }
  await recordFailure(opts.db, forEmail);
  await recordFailure(opts.db, fromHere);

  await opts.db.transaction(async (tx) => {
    const [user] = await tx
      .select({ id: users.id, name: users.name, language: users.language })
      .from(users)
      .where(and(eq(users.email, email), eq(users.disabled, false)))
      .limit(1);
    // Operators' non-deliverable addresses (`….invalid`) cannot receive anything.
    if (!user || email.endsWith('.invalid')) return;
    // Only the newest link works.
    await tx
      .delete(passwordResets)
      .where(and(eq(passwordResets.userId, user.id), isNull(passwordResets.usedAt)));
    const token = randomBytes(32).toString('base64url');
    await tx.insert(passwordResets).values({
      id: sessionIdFor(token, opts.secret),
      userId: user.id,
      expiresAt: new Date(Date.now() + PASSWORD_RESET.validMinutes * 60_000),
    });
    await enqueueEmail(tx, {
      to: email,
      name: user.name,
      language: user.language,
      kind: 'password_reset',
      params: { token, name: user.name, validMinutes: PASSWORD_RESET.validMinutes },
    });
  });
}
