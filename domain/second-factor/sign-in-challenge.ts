import { randomBytes } from 'node:crypto';
import { and, count, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import type { Database, Executor } from '../../db/database.ts';
import {
  recoveryCodes,
  secondFactorChallenges,
  secondFactors,
} from '../../db/schema/second-factor.ts';
import { users } from '../../db/schema/users.ts';
import type { SecondFactorLoginInput } from '../../protocol/second-factor.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { sessionIdFor } from '../auth/sessions.ts';
import {
  countSignInFailure,
  openSignedInSession,
  refuseIfThrottled,
  type SignInResult,
} from '../auth/sign-in.ts';
import { AppError } from '../errors.ts';
import { acceptTotpCode } from './prove-identity.ts';
import { hashRecoveryCode } from './totp.ts';

/** How long the "Mã xác thực" step waits after the password. */
export const CHALLENGE_TTL_MS = 10 * 60 * 1000;
/** Wrong codes on one challenge before the password must be given again. */
export const CHALLENGE_ATTEMPTS = 5;

/** Whether the account has a confirmed second factor. */
export async function hasSecondFactor(db: Executor, userId: string): Promise<boolean> {
  const [row] = await db
    .select({ userId: secondFactors.userId })
    .from(secondFactors)
    .where(and(eq(secondFactors.userId, userId), sql`${secondFactors.secret} is not null`))
    .limit(1);
  return !!row;
}

/** Opens the second step of a sign-in: a token for the challenge cookie, stored as an HMAC. */
export async function createChallenge(opts: { db: Executor; userId: string; secret: string }) {
  const challengeToken = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + CHALLENGE_TTL_MS);
  await opts.db
    .delete(secondFactorChallenges)
    .where(
      and(
        eq(secondFactorChallenges.userId, opts.userId),
        lt(secondFactorChallenges.expiresAt, sql`now()`),
      ),
    );
  await opts.db.insert(secondFactorChallenges).values({
    id: sessionIdFor(challengeToken, opts.secret),
    userId: opts.userId,
    expiresAt,
  });
  return { challengeToken, expiresAt };
}

/** Whether a challenge token still stands (the code page shows itself only then). */
export async function challengeStands(opts: {
  db: Database;
  challengeToken: string | undefined;
  secret: string;
}): Promise<boolean> {
  if (!opts.challengeToken || opts.challengeToken.length > 100) return false;
  const [row] = await opts.db
    .select({ id: secondFactorChallenges.id })
    .from(secondFactorChallenges)
    .where(
      and(
        eq(secondFactorChallenges.id, sessionIdFor(opts.challengeToken, opts.secret)),
        gt(secondFactorChallenges.expiresAt, sql`now()`),
      ),
    )
    .limit(1);
  return !!row;
}

export interface SecondFactorSignIn extends SignInResult {
  /** Signed in with a recovery code: the page then offers to enrol again or renew the codes. */
  usedRecoveryCode: boolean;
  recoveryCodesLeft: number;
}

/**
 * The second step of a sign-in: a TOTP code (not one already used: the last accepted
 * time step is kept) or an unused recovery code, for the challenge of the cookie. Wrong
 * codes count as failed sign-ins (same throttle as passwords); after a few on one
 * challenge the password must be given again.
 */
export async function completeSecondFactorSignIn(opts: {
  db: Database;
  challengeToken: string | undefined;
  secret: string;
  input: SecondFactorLoginInput;
  ip: string;
  userAgent?: string;
}): Promise<SecondFactorSignIn> {
  if (!opts.challengeToken || opts.challengeToken.length > 100) {
    throw new AppError('second_factor_expired');
  }
  const challengeId = sessionIdFor(opts.challengeToken, opts.secret);
  const [found] = await opts.db
    .select({
      attempts: secondFactorChallenges.attempts,
      user: users,
      secret: secondFactors.secret,
    })
    .from(secondFactorChallenges)
    .innerJoin(users, eq(users.id, secondFactorChallenges.userId))
    .innerJoin(secondFactors, eq(secondFactors.userId, secondFactorChallenges.userId))
    .where(
      and(
        eq(secondFactorChallenges.id, challengeId),
        gt(secondFactorChallenges.expiresAt, sql`now()`),
      ),
    )
    .limit(1);
  if (!found || found.user.disabled || !found.secret) {
    throw new AppError('second_factor_expired');
  }
  const { user } = found;
  await refuseIfThrottled(opts.db, user.email, opts.ip);

  const actor = {
    id: user.id,
    name: user.name,
    email: user.email,
    language: user.language,
    roles: user.roles,
  };
  let usedRecoveryCode = false;
  let accepted = false;
  if ('code' in opts.input) {
    accepted = await acceptTotpCode({
      db: opts.db,
      userId: user.id,
      code: opts.input.code,
      sessionSecret: opts.secret,
    });
  } else {
    const codeHash = hashRecoveryCode(opts.input.recoveryCode, opts.secret);
    accepted = await opts.db.transaction(async (tx) => {
      const used = await tx
        .update(recoveryCodes)
        .set({ usedAt: sql`now()` })
        .where(
          and(
            eq(recoveryCodes.userId, user.id),
            eq(recoveryCodes.codeHash, codeHash),
            isNull(recoveryCodes.usedAt),
          ),
        )
        .returning({ id: recoveryCodes.id });
      if (used.length !== 1) return false;
      await recordAudit(tx, {
        actor,
        action: 'second_factor.recovery_code_used',
        target: { type: 'user', id: user.id, label: user.email },
        ip: opts.ip,
      });
      return true;
    });
    usedRecoveryCode = accepted;
  }

  if (!accepted) {
    const [attempt] = await opts.db
      .update(secondFactorChallenges)
      .set({ attempts: sql`${secondFactorChallenges.attempts} + 1` })
      .where(eq(secondFactorChallenges.id, challengeId))
      .returning({ attempts: secondFactorChallenges.attempts });
    if (!attempt || attempt.attempts >= CHALLENGE_ATTEMPTS) {
      await opts.db
        .delete(secondFactorChallenges)
        .where(eq(secondFactorChallenges.id, challengeId));
    }
    await countSignInFailure(opts.db, user.email, opts.ip);
    if (!attempt || attempt.attempts >= CHALLENGE_ATTEMPTS) {
      throw new AppError('second_factor_expired');
    }
    throw new AppError('invalid_second_factor');
  }

  await opts.db.delete(secondFactorChallenges).where(eq(secondFactorChallenges.id, challengeId));
  const session = await openSignedInSession({
    db: opts.db,
    userId: user.id,
    email: user.email,
    secret: opts.secret,
    ip: opts.ip,
    userAgent: opts.userAgent,
  });
  const [left] = await opts.db
    .select({ n: count() })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, user.id), isNull(recoveryCodes.usedAt)));
  return {
    ...session,
    secondFactorRequired: false,
    actor,
    usedRecoveryCode,
    recoveryCodesLeft: left?.n ?? 0,
  };
}
