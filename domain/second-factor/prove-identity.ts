import { and, eq, isNull, lt, or } from 'drizzle-orm';
import type { Database, Executor } from '../../db/database.ts';
import { secondFactors } from '../../db/schema/second-factor.ts';
import { users } from '../../db/schema/users.ts';
import type { ProveIdentityInput } from '../../protocol/second-factor.ts';
import { verifyPassword } from '../auth/passwords.ts';
import { countSignInFailure, refuseIfThrottled } from '../auth/sign-in.ts';
import { AppError } from '../errors.ts';
import { checkTotp, decryptSecret } from './totp.ts';

/**
 * Accepts a TOTP code for the user's confirmed factor, once: the step it belongs to is
 * stored, conditionally, so the same code (or an older one) never passes twice.
 */
export async function acceptTotpCode(opts: {
  db: Executor;
  userId: string;
  code: string;
  sessionSecret: string;
}): Promise<boolean> {
  const [row] = await opts.db
    .select({ secret: secondFactors.secret, lastUsedStep: secondFactors.lastUsedStep })
    .from(secondFactors)
    .where(eq(secondFactors.userId, opts.userId))
    .limit(1);
  if (!row?.secret) return false;
  const secret = decryptSecret({
    stored: row.secret,
    userId: opts.userId,
    sessionSecret: opts.sessionSecret,
  });
  const step = await checkTotp({ secret, code: opts.code, afterStep: row.lastUsedStep });
  if (step === null) return false;
  const updated = await opts.db
    .update(secondFactors)
    .set({ lastUsedStep: step })
    .where(
      and(
        eq(secondFactors.userId, opts.userId),
        or(isNull(secondFactors.lastUsedStep), lt(secondFactors.lastUsedStep, step)),
      ),
    )
    .returning({ userId: secondFactors.userId });
  return updated.length === 1;
}

/**
 * Turning the factor off or renewing codes: the current code, or the password. Wrong
 * answers count in the sign-in throttle (per account from this address, and per
 * address), so a borrowed session cannot guess the password here either. Runs outside
 * the change's transaction, so that a failure stays counted.
 */
export async function proveIdentity(opts: {
  db: Database;
  user: { id: string; email: string };
  input: ProveIdentityInput;
  sessionSecret: string;
  ip: string;
}): Promise<void> {
  await refuseIfThrottled(opts.db, opts.user.email, opts.ip);
  let ok: boolean;
  if ('code' in opts.input) {
    ok = await acceptTotpCode({
      db: opts.db,
      userId: opts.user.id,
      code: opts.input.code,
      sessionSecret: opts.sessionSecret,
    });
  } else {
    const [row] = await opts.db
      .select({ passwordHash: users.passwordHash })
      .from(users)
      .where(eq(users.id, opts.user.id))
      .limit(1);
    ok = !!row && (await verifyPassword(row.passwordHash, opts.input.password));
  }
  if (ok) return;
  await countSignInFailure(opts.db, opts.user.email, opts.ip, { everywhere: false });
  throw 'code' in opts.input
    ? new AppError('invalid_second_factor', { fields: { code: 'errors.invalid_second_factor' } })
    : new AppError('invalid_credentials', { fields: { password: 'errors.invalid_credentials' } });
}
