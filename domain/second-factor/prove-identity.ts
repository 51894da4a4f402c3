import { and, eq, isNull, lt, or } from 'drizzle-orm';
import type { Executor } from '../../db/database.ts';
import { secondFactors } from '../../db/schema/second-factor.ts';
import { users } from '../../db/schema/users.ts';
import type { ProveIdentityInput } from '../../protocol/second-factor.ts';
import { verifyPassword } from '../auth/passwords.ts';
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

/** Turning the factor off or renewing codes: the current code, or the password. */
export async function proveIdentity(opts: {
  db: Executor;
  userId: string;
  input: ProveIdentityInput;
  sessionSecret: string;
}): Promise<void> {
  if ('code' in opts.input) {
    const ok = await acceptTotpCode({
      db: opts.db,
      userId: opts.userId,
      code: opts.input.code,
      sessionSecret: opts.sessionSecret,
    });
    if (!ok)
      throw new AppError('invalid_second_factor', {
        fields: { code: 'errors.invalid_second_factor' },
      });
    return;
  }
  const [user] = await opts.db
    .select({ passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.id, opts.userId))
    .limit(1);
  if (!user || !(await verifyPassword(user.passwordHash, opts.input.password))) {
    throw new AppError('invalid_credentials', {
      fields: { password: 'errors.invalid_credentials' },
    });
  }
}
